/* test_names.c — file names made from data stay where they belong (issue
 * 13): district names, pcodes, province and office names become file names
 * (the default <label>-5km.pdf/.png/.csv, and DIR/<pcode>-<name>-5km.png).
 * A boundaries file with hostile names — "../../etc/x", "a/b", ".hidden",
 * Windows' reserved ": * ?", a leading '-', a 250-byte Thai name, a pcode
 * with '/' (a control byte is refused when the .dbf is read) — must
 * give files inside the folder asked for, with sane names; a normal Thai
 * name keeps its exact name. The runs are the built binary in a child, in
 * a directory two levels below the case's, beside an empty etc/ that a
 * "../../etc/x" escape would reach. */
#include "child.h"
#include "support.h"

#include <dirent.h>
#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NDIST 7

static char long_name[300];

typedef struct {
    const char *th, *pcode;
} hostile;

static hostile DISTRICTS[NDIST] = {
    {"../../etc/x", "TH9901"}, {"a/b", "TH9902"},     {".hidden", "TH9903"},
    {"c:t*l?", "TH9904"},      {NULL, "TH9905"},      {"-dash", "TH99/06"},
    {"เมืองทดสอบ", "TH9907"},
};
#define PROVINCE "../ทดสอบ"
#define OFFICE "สพป./ทดสอบ"

/* 7 squares of 0.1° in a row near Ang Thong, one district each. */
static const char *write_boundaries(const char *dir)
{
    static char base[1200], shp[1300];
    snprintf(base, sizeof base, "%s/hostile", dir);
    SHPHandle h = SHPCreate(base, SHPT_POLYGON);
    DBFHandle d = DBFCreate(base);
    assert_non_null(h);
    assert_non_null(d);
    int fth = DBFAddField(d, "ADM2_TH", FTString, 254, 0);
    int fpc = DBFAddField(d, "ADM2_PCODE", FTString, 20, 0);
    int fp = DBFAddField(d, "ADM1_TH", FTString, 100, 0);
    int fpp = DBFAddField(d, "ADM1_PCODE", FTString, 20, 0);
    for (int i = 0; i < NDIST; i++) {
        double x0 = 100.0 + 0.1 * i, y0 = 14.5;
        double x[5] = {x0, x0, x0 + 0.1, x0 + 0.1, x0}, y[5] = {y0, y0 + 0.1, y0 + 0.1, y0, y0};
        SHPObject *o = SHPCreateSimpleObject(SHPT_POLYGON, 5, x, y, NULL);
        SHPWriteObject(h, -1, o);
        SHPDestroyObject(o);
        DBFWriteStringAttribute(d, i, fth, DISTRICTS[i].th);
        DBFWriteStringAttribute(d, i, fpc, DISTRICTS[i].pcode);
        DBFWriteStringAttribute(d, i, fp, PROVINCE);
        DBFWriteStringAttribute(d, i, fpp, "TH99");
    }
    SHPClose(h);
    DBFClose(d);
    snprintf(shp, sizeof shp, "%s.shp", base);
    return shp;
}

/* A quality school in the middle of each square, a network school beside it. */
static const char *write_schools(const char *dir)
{
    static char path[1200];
    snprintf(path, sizeof path, "%s/schools.csv", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("school_id,name_th,affiliation,province,district,latitude,longitude,students,"
          "teachers,area_rai,role,quality_color\n", f);
    for (int i = 0; i < NDIST; i++) {
        double lon = 100.05 + 0.1 * i;
        fprintf(f, "99000000%02d,โรงเรียนคุณภาพ%d,%s,ทดสอบ,ทดสอบ,14.55,%.3f,500,20,10,quality,"
                   "เขียว\n", 2 * i, i, OFFICE, lon);
        fprintf(f, "99000000%02d,โรงเรียนเครือข่าย%d,%s,ทดสอบ,ทดสอบ,14.56,%.3f,80,5,3,network,\n",
                2 * i + 1, i, OFFICE, lon + 0.01);
    }
    fclose(f);
    return path;
}

/* A sane file name: no '/', no leading '.' or '-', no control byte, valid
 * UTF-8, at most 200 bytes (well below NAME_MAX with qsmap's temporaries). */
static const char *insane(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > 200)
        return "empty or longer than 200 bytes";
    if (name[0] == '.' || name[0] == '-')
        return "starts with '.' or '-'";
    for (const unsigned char *p = (const unsigned char *)name; *p;) {
        if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
            return "has '/', '\\' or a control byte";
        size_t len = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3
                                   : (*p & 0xF8) == 0xF0 ? 4 : 0;
        for (size_t k = 1; k < len; k++)
            if ((p[k] & 0xC0) != 0x80)
                len = 0;
        if (!len)
            return "is not UTF-8 (a character cut?)";
        p += len;
    }
    return NULL;
}

/* Every entry of dir is a regular file with a sane name ending in `suffix`;
 * returns how many. */
static int check_files(const char *dir, const char *suffix)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0, bad = 0;
    for (struct dirent *e; (e = readdir(d));) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[1400];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        const char *why = insane(e->d_name);
        if (!why && (lstat(p, &st) != 0 || !S_ISREG(st.st_mode)))
            why = "is not a regular file";
        size_t ls = strlen(suffix), ln = strlen(e->d_name);
        if (!why && suffix[0] && (ln < ls || strcmp(e->d_name + ln - ls, suffix)))
            why = "has the wrong ending";
        printf("  %s/%s%s%s\n", strrchr(dir, '/') + 1, e->d_name, why ? "  <- " : "",
               why ? why : "");
        bad += why != NULL;
        n++;
    }
    closedir(d);
    if (bad)
        fail_msg("%d bad file name(s) in %s", bad, dir);
    return n;
}

typedef struct {
    char root[1100], etc[1200], work[1200];
    const char *shp, *csv;
} names_case;

static void case_open(names_case *c)
{
    fresh_dir("names", c->root, sizeof c->root);
    snprintf(c->etc, sizeof c->etc, "%s/etc", c->root);
    snprintf(c->work, sizeof c->work, "%s/w1", c->root);
    assert_int_equal(mkdir(c->etc, 0755), 0);
    assert_int_equal(mkdir(c->work, 0755), 0);
    snprintf(c->work, sizeof c->work, "%s/w1/w2", c->root);
    assert_int_equal(mkdir(c->work, 0755), 0);
    c->shp = write_boundaries(c->root);
    c->csv = write_schools(c->root);
}

static void run_ok(const names_case *c, const char *const *extra)
{
    const char *a[20] = {"--schools", c->csv, "--boundaries", c->shp, "--dpi", "36", "-q"};
    size_t n = 7;
    for (size_t k = 0; extra[k]; k++)
        a[n++] = extra[k];
    a[n] = NULL;
    child_proc p = child_start(c->work, 0, a);
    char *err;
    int code = child_wait(&p, &err);
    if (code != 0)
        fail_msg("%s %s: exit %d: %s", extra[0], extra[1], code, err);
    free(err);
}

static void test_png_directory_names(void **state)
{
    (void)state;
    names_case c;
    case_open(&c);
    char pngs[1300];
    snprintf(pngs, sizeof pngs, "%s/pngs", c.work);
    assert_int_equal(mkdir(pngs, 0755), 0);
    run_ok(&c, (const char *const[]){"--province", PROVINCE, "-o", "pngs/", NULL});
    assert_int_equal(check_files(pngs, "-5km.png"), NDIST);
    /* the pcode keeps the names apart; a normal Thai name stays as it is */
    char buf[300];
    for (int i = 0; i < NDIST; i++) {
        char pc[32];
        snprintf(pc, sizeof pc, "%s-", i == 5 ? "TH99_06" : DISTRICTS[i].pcode);
        if (!dir_find(pngs, pc, buf, sizeof buf))
            fail_msg("no PNG starts with %s", pc);
    }
    assert_non_null(dir_find(pngs, "TH9907-เมืองทดสอบ-5km.png", buf, sizeof buf));
    assert_int_equal(dir_count(c.work, false), 1); /* pngs/ */
    assert_int_equal(dir_count(c.etc, false), 0);
}

static void test_default_output_names(void **state)
{
    (void)state;
    names_case c;
    case_open(&c);
    for (int i = 0; i < NDIST; i++)
        run_ok(&c, (const char *const[]){"--district", DISTRICTS[i].pcode, NULL});
    run_ok(&c, (const char *const[]){"--province", PROVINCE, NULL});
    run_ok(&c, (const char *const[]){"--office", OFFICE, NULL});
    assert_int_equal(check_files(c.work, ""), 3 * (NDIST + 2));
    assert_int_equal(dir_count(c.etc, false), 0);
    assert_int_equal(dir_count(c.root, false), 6); /* etc, w1, .shp .shx .dbf, schools.csv */
    char buf[300];
    static const char *const WANT[] = {"a_b-5km.pdf", "_hidden-5km.png", "c_t_l_-5km.csv",
                                       "_dash-5km.pdf", "เมืองทดสอบ-5km.pdf",
                                       "เมืองทดสอบ-5km.png", "เมืองทดสอบ-5km.csv", NULL};
    for (size_t k = 0; WANT[k]; k++)
        if (!dir_find(c.work, WANT[k], buf, sizeof buf) || strcmp(buf, WANT[k]))
            fail_msg("no file %s", WANT[k]);
    /* the long name: cut at a character, its start kept */
    char start[40];
    snprintf(start, sizeof start, "%.30s", long_name);
    assert_non_null(dir_find(c.work, start, buf, sizeof buf));
    printf("  long name cut to %zu bytes\n", strlen(buf));
}

static int make_long_name(void **state)
{
    (void)state;
    const char *word = "ทดสอบชื่อยาว"; /* 36 bytes */
    long_name[0] = '\0';
    while (strlen(long_name) + strlen(word) < 250)
        strcat(long_name, word);
    strcat(long_name, "อำเภอ"); /* 252 + 15: over 250 bytes */
    DISTRICTS[4].th = long_name;
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_png_directory_names),
        cmocka_unit_test(test_default_output_names),
    };
    return cmocka_run_group_tests(tests, make_long_name, NULL);
}
