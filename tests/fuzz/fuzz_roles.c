/* fuzz_roles.c — libFuzzer target for --roles: the roles list reader
 * (src/select/roles.c) over a small school table.
 *
 * Input: the roles file, written to one mkdtemp file per process. Besides
 * the sanitizers, the target checks what the API promises: on failure a
 * status and a message (and each missing id with a line); on success the
 * counted quality schools are the table's, a colour only on a quality
 * school, and every value in its range; and the same bytes read from memory
 * (an upload of qsmap serve) give the same outcome. */
#include "qsmap/qsmap.h"
#include "select/select.h"

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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0]) {
        char dir[] = "/tmp/fuzz-roles-XXXXXX";
        CHECK(mkdtemp(dir) != NULL);
        snprintf(path, sizeof path, "%s/roles.csv", dir);
        atexit(cleanup);
    }
    qsmap_schools *s;
    qsmap_error err = {0};
    CHECK(qsmap_schools_parse(TABLE, sizeof TABLE - 1, "t.csv", NULL, &s, &err) == QSMAP_OK);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data, 1, size, f) == size);
    CHECK(fclose(f) == 0);
    qsmap_roles_result res;
    qsmap_status st = qsmap_roles_apply(s, path, NULL, &res, &err);
    if (st) {
        CHECK(err.status == st && err.msg[0]);
        for (size_t k = 0; k < res.nmissing; k++)
            CHECK(res.missing[k].line > 1 && res.missing[k].id[0]);
    } else {
        size_t q = 0;
        for (size_t i = 0; i < s->n; i++) {
            const qsmap_school *v = &s->v[i];
            CHECK(v->role <= QSMAP_ROLE_QUALITY && v->color < QSMAP_COLOR_COUNT &&
                  v->participation < QSMAP_PART_COUNT);
            CHECK(v->role == QSMAP_ROLE_QUALITY || v->color == QSMAP_COLOR_NONE);
            q += v->role == QSMAP_ROLE_QUALITY;
        }
        CHECK(q == res.quality && res.nmissing == 0);
    }
    /* An upload of qsmap serve: the same bytes from memory give the same
     * outcome, school for school. */
    qsmap_schools *m;
    qsmap_error merr = {0};
    CHECK(qsmap_schools_parse(TABLE, sizeof TABLE - 1, "t.csv", NULL, &m, &merr) == QSMAP_OK);
    qsmap_roles_result mres;
    qsmap_status mst = qsmap_roles_apply_memory(m, (const char *)data, size, path, &mres, &merr);
    CHECK(mst == st && mres.quality == res.quality && mres.nmissing == res.nmissing);
    CHECK(!st || (merr.line == err.line && strcmp(merr.msg, err.msg) == 0));
    for (size_t i = 0; !st && i < s->n; i++)
        CHECK(m->v[i].role == s->v[i].role && m->v[i].color == s->v[i].color &&
              m->v[i].participation == s->v[i].participation);
    qsmap_roles_result_free(&mres);
    qsmap_schools_free(m);
    qsmap_roles_result_free(&res);
    qsmap_schools_free(s);
    return 0;
}
