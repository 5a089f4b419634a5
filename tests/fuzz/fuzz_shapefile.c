/* fuzz_shapefile.c — libFuzzer target for the district reader:
 * qsmap_districts_load (shapelib's .shp/.shx/.dbf parsing, the .prj check,
 * DBF text decoding, ring sorting, GEOS geometry building), then
 * qsmap_districts_locate and qsmap_districts_select on what loaded.
 *
 * Input layout (all lengths little-endian uint32, each clamped to the bytes
 * that remain):
 *
 *   [0..3]   length of the .shp part
 *   [4..7]   length of the .shx part
 *   [8..11]  length of the .dbf part
 *   [12..15] length of the .prj part (0: no .prj file)
 *   then the .shp, .shx, .dbf and .prj bytes, and whatever is left is the
 *   .cpg (none when nothing is left).
 *
 * tests/fuzz/make_seeds.py packs real shapefiles this way. The parts are
 * written to the same file names in one temporary directory per process
 * (made once, removed at exit). */
#include "qsmap/qsmap.h"

#include <math.h>
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

static char g_dir[256];
static char g_path[5][300]; /* .shp .shx .dbf .prj .cpg */
static const char *const EXT[5] = {".shp", ".shx", ".dbf", ".prj", ".cpg"};

static void cleanup(void)
{
    for (int k = 0; k < 5; k++)
        unlink(g_path[k]);
    rmdir(g_dir);
}

static void setup(void)
{
    const char *tmp = getenv("TMPDIR");
    /* /dev/shm keeps the per-input writes off the disk where it exists */
    if (!tmp || !*tmp)
        tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(g_dir, sizeof g_dir, "%s/qsmap-fuzz-XXXXXX", tmp);
    if (!mkdtemp(g_dir)) {
        perror("fuzz_shapefile: mkdtemp");
        abort();
    }
    for (int k = 0; k < 5; k++)
        snprintf(g_path[k], sizeof g_path[k], "%s/d%s", g_dir, EXT[k]);
    atexit(cleanup);
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put_file(const char *path, const uint8_t *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f || (n && fwrite(p, 1, n, f) != n) || fclose(f) != 0) {
        perror("fuzz_shapefile: write");
        abort();
    }
}

static void check_text(const char *s)
{
    CHECK(s != NULL);
    size_t n = strlen(s);
    CHECK(qsmap_utf8_invalid_at(s, n) == n);
}

static void exercise(const qsmap_districts *d)
{
    size_t n = qsmap_districts_count(d);
    CHECK(n > 0);
    const double *xy;
    const uint32_t *off;
    size_t nr;
    qsmap_districts_rings(d, &xy, &off, &nr);
    for (size_t i = 0; i < n; i++) {
        const qsmap_district *t = qsmap_districts_get(d, i);
        CHECK(t != NULL);
        check_text(t->name_th);
        check_text(t->name_en);
        check_text(t->pcode);
        check_text(t->province_th);
        check_text(t->province_en);
        check_text(t->province_pcode);
        CHECK(t->name_th[0] && t->pcode[0]);
        CHECK((size_t)t->first_ring + t->ring_count <= nr);
        char title[512];
        qsmap_district_title(t, title, sizeof title);
    }
    for (size_t r = 0; r < nr; r++)
        CHECK(off[r + 1] - off[r] >= 4); /* closed rings of at least 3 points */

    /* points: each district's box centre and corner, a vertex, and fixed ones */
    const qsmap_district *t0 = qsmap_districts_get(d, 0);
    double pts[][2] = {
        {(t0->min_lat + t0->max_lat) / 2, (t0->min_lon + t0->max_lon) / 2},
        {t0->min_lat, t0->min_lon},
        {14.5896, 100.455},
        {0, 0},
        {90, 180},
        {nr ? xy[1] : 0, nr ? xy[0] : 0},
    };
    for (size_t k = 0; k < sizeof pts / sizeof pts[0]; k++) {
        long i = qsmap_districts_locate(d, pts[k][0], pts[k][1]);
        CHECK(i >= -1 && i < (long)n);
        if (i >= 0)
            CHECK(qsmap_districts_covers(d, (size_t)i, pts[k][0], pts[k][1]));
    }

    /* select: by the first district's Thai name, its pcode with its
     * province, an unknown name (suggestions), a whole province */
    const char *names[][2] = {
        {t0->name_th, NULL},
        {t0->pcode, t0->province_th[0] ? t0->province_th : NULL},
        {"ไม่มีอำเภอนี้", NULL},
        {"Nowhere", t0->province_pcode[0] ? t0->province_pcode : NULL},
        {NULL, t0->province_pcode[0] ? t0->province_pcode : "TH15"},
    };
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t *idx = NULL, m = 0;
        qsmap_error err;
        memset(&err, 0, sizeof err);
        qsmap_status st = qsmap_districts_select(d, names[k][0], names[k][1], &idx, &m, &err);
        if (st == QSMAP_OK) {
            CHECK(m > 0 && idx != NULL);
            for (size_t j = 0; j < m; j++)
                CHECK(idx[j] < n);
        } else {
            CHECK(idx == NULL && m == 0 && err.status == st);
            char msg[2048];
            qsmap_error_format(&err, msg, sizeof msg);
        }
        free(idx);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!g_dir[0])
        setup();
    if (size < 16)
        return 0;
    size_t len[4], pos = 16;
    for (int k = 0; k < 4; k++) {
        size_t want = le32(data + 4 * k), left = size - pos;
        len[k] = want < left ? want : left;
        put_file(g_path[k], data + pos, len[k]);
        pos += len[k];
    }
    if (len[3] == 0)
        unlink(g_path[3]);
    if (pos < size)
        put_file(g_path[4], data + pos, size - pos);
    else
        unlink(g_path[4]);

    qsmap_districts *d = NULL;
    qsmap_error err;
    memset(&err, 0, sizeof err);
    qsmap_status st = qsmap_districts_load(g_path[0], QSMAP_ENC_AUTO, &d, &err);
    if (st == QSMAP_OK) {
        CHECK(d != NULL);
        exercise(d);
        qsmap_districts_free(d);
    } else {
        CHECK(d == NULL && err.status == st);
        char msg[2048];
        qsmap_error_format(&err, msg, sizeof msg);
    }
    return 0;
}
