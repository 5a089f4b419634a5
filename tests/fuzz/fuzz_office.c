/* fuzz_office.c — libFuzzer target for --office: the alias table reader
 * (geodata/office_aliases.csv's format) and the resolver over a small
 * school table (src/select/office.c).
 *
 * Input: byte 0 is the length (mod 64) of the typed office name that
 * follows it; the rest is the alias file, written to a file in one mkdtemp
 * directory per process. Besides the sanitizers, the target checks what
 * the API promises: a status and a message on failure, no office left
 * behind; on success the typed name kept and membership answerable for
 * every school. */
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

static const char TABLE[] =
    "school_id,name_th,affiliation,province,latitude,longitude,role\n"
    "1,ก,สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง),อ่างทอง,14.59,100.45,quality\n"
    "2,ข,สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง),ลพบุรี,14.80,100.61,quality\n"
    "3,ค,สพป.อ่างทอง,อ่างทอง,14.60,100.46,network\n"
    "4,ง,สพม.เขต 41(กําแพงเพชร-พิจิตร),กำแพงเพชร,16.48,99.52,quality\n";

static qsmap_schools *schools;
static char path[64];

static void cleanup(void)
{
    unlink(path);
    char *slash = strrchr(path, '/');
    if (slash) {
        *slash = '\0';
        rmdir(path);
    }
    qsmap_schools_free(schools);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!schools) {
        qsmap_error err = {0};
        CHECK(qsmap_schools_parse(TABLE, sizeof TABLE - 1, "office.csv", NULL, &schools, &err) ==
              QSMAP_OK);
        char dir[] = "/tmp/fuzz-office-XXXXXX";
        CHECK(mkdtemp(dir) != NULL);
        snprintf(path, sizeof path, "%s/aliases.csv", dir);
        atexit(cleanup);
    }
    if (size == 0)
        return 0;
    size_t tn = data[0] % 64;
    if (tn > size - 1)
        tn = size - 1;
    char typed[65];
    memcpy(typed, data + 1, tn);
    typed[tn] = '\0';
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    CHECK(fwrite(data + 1 + tn, 1, size - 1 - tn, f) == size - 1 - tn);
    CHECK(fclose(f) == 0);
    qsmap_office *o = (qsmap_office *)&o;
    qsmap_error err = {0};
    qsmap_status st = qsmap_office_resolve(schools, typed, path, &o, &err);
    if (st) {
        CHECK(o == NULL);
        CHECK(err.status == st && err.msg[0]);
        return 0;
    }
    CHECK(o != NULL && !strcmp(qsmap_office_name(o), typed));
    for (size_t i = 0; i < schools->n; i++)
        (void)qsmap_office_has(o, &schools->v[i]);
    qsmap_office_free(o);
    return 0;
}
