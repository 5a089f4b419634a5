/* support.c — see support.h. */
#include "support.h"

#include "load/csv.h"

#include "cli/cli.h"
#include "render/module.h"

#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef QSMAP_SHARED_GEODATA
#define QSMAP_SHARED_GEODATA "../shared/geodata"
#endif

const char *test_data(const char *name)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", QSMAP_TEST_DATA, name);
    return buf[k];
}

const char *shared_data(const char *name)
{
    static char buf[4][1024];
    static int k;
    struct stat st;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", QSMAP_SHARED_GEODATA, name);
    if (stat(buf[k], &st) != 0) {
        printf("SKIP: %s is absent (integration data lives in ../shared/geodata beside "
               "the project)\n",
               buf[k]);
        return NULL;
    }
    return buf[k];
}

char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb, cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

const char *temp_dir(void)
{
    static char dir[256];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/qsmap-test-XXXXXX");
        if (!mkdtemp(dir))
            abort();
    }
    return dir;
}

const char *write_temp(const char *name, const void *data, size_t len)
{
    static char buf[4][1024];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", temp_dir(), name);
    FILE *f = fopen(buf[k], "wb");
    if (!f)
        abort();
    fwrite(data, 1, len, f);
    fclose(f);
    return buf[k];
}

cli_result run_cli(const char *first, ...)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = (char *)"qsmap";
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a && argc < 63; a = va_arg(ap, const char *))
        argv[argc++] = (char *)a;
    va_end(ap);
    argv[argc] = NULL;
    cli_result r = {0};
    FILE *out = open_memstream(&r.out, &r.out_len);
    FILE *err = open_memstream(&r.err, &r.err_len);
    r.code = qsmap_cli_run_with(argc, argv, out, err, qsmap_render_module());
    fclose(out);
    fclose(err);
    return r;
}

void cli_result_free(cli_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

void run_sh(const char *fmt, ...)
{
    char cmd[8192];
    int n = snprintf(cmd, sizeof cmd, "cd '%s' && ", temp_dir());
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd + n, sizeof cmd - (size_t)n, fmt, ap);
    va_end(ap);
    int rc = system(cmd);
    if (rc != 0)
        fail_msg("'%s' exited %d", cmd, rc);
}

char *command_output(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    if (!p)
        fail_msg("cannot run: %s", cmd);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2) {
            char *nb = realloc(buf, cap *= 2);
            if (!nb)
                break;
            buf = nb;
        }
    }
    if (buf)
        buf[n] = '\0';
    if (pclose(p) != 0)
        fail_msg("'%s' failed (poppler-utils installed?)", cmd);
    return buf;
}

int shipped_setup(void **state)
{
    shipped_fixture *f = calloc(1, sizeof *f);
    qsmap_error err = {0};
    *state = f;
    if (!f || qsmap_schools_load(QSMAP_GEODATA "/schools_th.csv.gz", NULL, &f->s, &err) ||
        qsmap_districts_load(QSMAP_GEODATA "/tha_adm2.shp", QSMAP_ENC_AUTO, &f->d, &err))
        return -1;
    return shipped_build(f, "TH1501", NULL);
}

int shipped_build(shipped_fixture *f, const char *district, const char *province)
{
    qsmap_error err = {0};
    size_t *sel, n;
    if (qsmap_districts_select(f->d, district, province, &sel, &n, &err))
        return -1;
    qsmap_status st = qsmap_report_build(f->s, f->d, sel, n, 5000, &f->r, &err);
    free(sel);
    if (!st)
        st = qsmap_report_summarize(&f->r, 120, &err);
    f->r.sample_data = true;
    return st ? -1 : 0;
}

int shipped_teardown(void **state)
{
    shipped_fixture *f = *state;
    if (!f)
        return 0;
    qsmap_report_release(&f->r);
    qsmap_schools_free(f->s);
    qsmap_districts_free(f->d);
    free(f);
    return 0;
}

const char *write_shapefile(const char *name, const test_shape *defs, int n, const char *prj)
{
    static char base[1024];
    snprintf(base, sizeof base, "%s/%s", temp_dir(), name);
    SHPHandle shp = SHPCreate(base, SHPT_POLYGON);
    DBFHandle dbf = DBFCreate(base);
    assert_non_null(shp);
    assert_non_null(dbf);
    DBFAddField(dbf, "ADM2_TH", FTString, 50, 0);
    DBFAddField(dbf, "ADM2_EN", FTString, 50, 0);
    DBFAddField(dbf, "ADM2_PCODE", FTString, 10, 0);
    DBFAddField(dbf, "ADM1_TH", FTString, 50, 0);
    for (int i = 0; i < n; i++) {
        SHPObject *o = SHPCreateObject(SHPT_POLYGON, -1, defs[i].nparts, defs[i].part_start,
                                       NULL, defs[i].nv, defs[i].x, defs[i].y, NULL, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        DBFWriteStringAttribute(dbf, i, 0, defs[i].th);
        DBFWriteStringAttribute(dbf, i, 1, defs[i].en);
        DBFWriteStringAttribute(dbf, i, 2, defs[i].pcode);
        DBFWriteStringAttribute(dbf, i, 3, defs[i].prov);
    }
    SHPClose(shp);
    DBFClose(dbf);
    if (prj) {
        char p[1100];
        snprintf(p, sizeof p, "%s.prj", base);
        FILE *f = fopen(p, "w");
        fputs(prj, f);
        fclose(f);
    }
    static char shp_path[1100];
    snprintf(shp_path, sizeof shp_path, "%s.shp", base);
    return shp_path;
}



csv_table csv_table_read(const char *path)
{
    size_t len;
    char *buf = read_all(path, &len);
    assert_non_null(buf);
    qsmap_csv csv;
    qsmap_csv_init(&csv, buf, len);
    csv_table t = {0};
    size_t cap = 0;
    const qsmap_field *f;
    size_t nf;
    long line;
    qsmap_error err = {0};
    while (qsmap_csv_next(&csv, &f, &nf, &line, path, &err) > 0) {
        if (t.nrows == 0)
            t.ncols = nf;
        assert_int_equal(nf, t.ncols);
        if ((t.nrows + 1) * t.ncols > cap) {
            cap = (t.nrows + 1) * t.ncols * 2;
            t.cell = realloc(t.cell, cap * sizeof *t.cell);
        }
        for (size_t k = 0; k < nf; k++) {
            const char *s = f[k].s;
            size_t n = f[k].len;
            if (t.nrows == 0 && k == 0 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
                s += 3, n -= 3; /* the BOM */
            t.cell[t.nrows * t.ncols + k] = strndup(s, n);
        }
        t.nrows++;
    }
    qsmap_csv_free(&csv);
    free(buf);
    return t;
}

size_t csv_col(const csv_table *t, const char *name)
{
    for (size_t k = 0; k < t->ncols; k++)
        if (strcmp(t->cell[k], name) == 0)
            return k;
    fail_msg("no column %s", name);
    return 0;
}

const char *csv_at(const csv_table *t, size_t row, const char *name)
{
    return t->cell[row * t->ncols + csv_col(t, name)];
}

void csv_table_free(csv_table *t)
{
    for (size_t k = 0; k < t->nrows * t->ncols; k++)
        free(t->cell[k]);
    free(t->cell);
}

