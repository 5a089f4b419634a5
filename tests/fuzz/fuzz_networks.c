/* fuzz_networks.c — libFuzzer target for qsmap networks' list reader
 * (src/networks/list.c) over a small school table.
 *
 * Input: the network list, written to one mkdtemp file per process. Besides
 * the sanitizers, the target checks what the API promises: on failure a
 * status and a message; on success every row in exactly one network, the
 * lead first and the only one, each row's school the table's with its id
 * or none, and every string NUL-terminated inside the list's text. */
#include "qsmap/qsmap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CHECK(cond)                                                                        \
    do {                                                                                   \
        if (!(cond))                                                                       \
            __builtin_trap();                                                              \
    } while (0)

static const char TABLE[] = "school_id,name_th,latitude,longitude\n"
                            "1,ก,14.59,100.45\n"
                            "2,ข,14.60,100.46\n"
                            "1010720019,ค,14.61,100.47\n";

static char path[64];

static void cleanup(void)
{
    unlink(path);
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        rmdir(path);
    }
}

static void check_networks(const qsmap_networks *nw, const qsmap_schools *s)
{
    size_t rows = 0;
    for (size_t k = 0; k < nw->n; k++) {
        const qsmap_network *net = &nw->v[k];
        CHECK(net->count >= 1 && net->first == rows && net->id && net->id[0]);
        CHECK(nw->rows[net->first].role == QSMAP_NET_LEAD);
        for (uint32_t j = net->first; j < net->first + net->count; j++) {
            const qsmap_net_row *r = &nw->rows[j];
            CHECK(r->network == k && r->line > 1);
            CHECK(j == net->first || r->role == QSMAP_NET_MEMBER);
            CHECK(r->school == QSMAP_NO_SCHOOL || r->school < s->n);
            CHECK(r->school == QSMAP_NO_SCHOOL || !strcmp(s->v[r->school].id, r->school_id));
            CHECK(!r->id_unknown || r->school == QSMAP_NO_SCHOOL);
            CHECK(strlen(r->name_doc) + strlen(r->note) + strlen(r->match) < (size_t)1 << 30);
        }
        rows += net->count;
    }
    CHECK(rows == nw->nrows);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        char dir[] = "/tmp/fuzz-networks-XXXXXX";
        CHECK(mkdtemp(dir) != NULL);
        snprintf(path, sizeof path, "%s/list.csv", dir);
        atexit(cleanup);
    }
    qsmap_schools *s;
    qsmap_error err = {0};
    CHECK(qsmap_schools_parse(TABLE, sizeof TABLE - 1, "t.csv", NULL, &s, &err) == QSMAP_OK);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, size, f) == size);
    CHECK(fclose(f) == 0);
    qsmap_networks *nw;
    qsmap_status st = qsmap_networks_load(path, s, &nw, &err);
    if (st)
        CHECK(err.status == st && err.msg[0] && nw == NULL);
    else
        check_networks(nw, s);
    qsmap_networks_free(nw);
    qsmap_schools_free(s);
    return 0;
}
