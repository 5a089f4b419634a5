/* test_indicator10.c — issue 17, the Indicator-10 figures:
 *   - participation by academic year: network_status_<year> columns (English
 *     or Thai, B.E. or C.E. years), the latest two kept, a year given twice
 *     or a bad status refused with its column and line;
 *   - the figures of สพป.อ่างทอง on the shipped table with two made-up year
 *     columns (examples/i10_table.sh) equal a count made here from the pair
 *     CSV and the table itself: every network school within 5 km of one of
 *     the office's quality schools, once, and its status in each year. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static qsmap_status parse(const char *csv, qsmap_schools **s, qsmap_error *err)
{
    return qsmap_schools_parse(csv, strlen(csv), "years.csv", NULL, s, err);
}

static void test_year_columns(void **state)
{
    (void)state;
    qsmap_error err = {0};
    qsmap_schools *s;
    /* 2022 C.E. is 2565 B.E.: the latest two are 2565 and 2566 */
    assert_int_equal(parse("school_id,name,latitude,longitude,network_status_2564,"
                           "สถานะเครือข่าย 2566,network_status_2022\n"
                           "1,ก,14.5,100.4,เรียนรวม,ใช้ทรัพยากรร่วมกัน,ยังไม่เข้าร่วม\n"
                           "2,ข,14.6,100.4,,เรียนรวม,\n",
                           &s, &err),
                     QSMAP_OK);
    assert_int_equal(s->nyears, 2);
    assert_int_equal(s->years[0], 2565);
    assert_int_equal(s->years[1], 2566);
    assert_int_equal(s->v[0].part_year[0], QSMAP_PART_NOT_JOINED);
    assert_int_equal(s->v[0].part_year[1], QSMAP_PART_SHARED);
    assert_int_equal(s->v[1].part_year[0], QSMAP_PART_NONE);
    assert_int_equal(s->v[1].part_year[1], QSMAP_PART_JOINT);
    assert_false(s->has_participation);
    qsmap_schools_free(s);

    assert_int_equal(parse("school_id,name,latitude,longitude,สถานะ2566\n1,ก,14.5,100.4,joint\n",
                           &s, &err),
                     QSMAP_OK);
    assert_int_equal(s->nyears, 1);
    assert_int_equal(s->years[1], 2566);
    assert_int_equal(s->v[0].part_year[1], QSMAP_PART_JOINT);
    qsmap_schools_free(s);

    assert_int_equal(parse("school_id,name,latitude,longitude,network_status_2566,สถานะ 2566\n"
                           "1,ก,14.5,100.4,,\n",
                           &s, &err),
                     QSMAP_E_COLUMN);
    assert_non_null(strstr(err.msg, "column 5 'network_status_2566' and column 6 'สถานะ 2566' "
                                    "both give participation in 2566"));
    assert_int_equal(parse("school_id,name,latitude,longitude,network_status_2566\n"
                           "1,ก,14.5,100.4,maybe\n",
                           &s, &err),
                     QSMAP_E_VALUE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "'maybe'"));
    assert_non_null(strstr(err.msg, "(column 5)"));
}

/* The status of every school of the table in both years, by id. */
typedef struct {
    char id[16];
    char y0[64], y1[64];
} status_row;

static int by_id(const void *a, const void *b)
{
    return strcmp(((const status_row *)a)->id, ((const status_row *)b)->id);
}

static const status_row *find(const status_row *v, size_t n, const char *id)
{
    status_row key;
    memset(&key, 0, sizeof key);
    snprintf(key.id, sizeof key.id, "%s", id);
    return bsearch(&key, v, n, sizeof *v, by_id);
}

typedef struct {
    long network, joint[2], shared[2];
} counts;

static void add(counts *c, const status_row *s)
{
    c->network++;
    const char *y[2] = {s->y0, s->y1};
    for (int p = 0; p < 2; p++) {
        c->joint[p] += strcmp(y[p], "เรียนรวม") == 0;
        c->shared[p] += strcmp(y[p], "ใช้ทรัพยากรร่วมกัน") == 0;
    }
}

static void check_row(const csv_table *t, size_t row, const counts *c)
{
    assert_int_equal(atol(csv_at(t, row, "network_schools")), c->network);
    assert_int_equal(atol(csv_at(t, row, "joint_2565")), c->joint[0]);
    assert_int_equal(atol(csv_at(t, row, "shared_2565")), c->shared[0]);
    assert_int_equal(atol(csv_at(t, row, "joint_2566")), c->joint[1]);
    assert_int_equal(atol(csv_at(t, row, "shared_2566")), c->shared[1]);
    assert_int_equal(atol(csv_at(t, row, "participating_change")),
                     (c->joint[1] + c->shared[1]) - (c->joint[0] + c->shared[0]));
}

static void test_office_figures_equal_an_independent_count(void **state)
{
    (void)state;
    char table_path[1100], pairs[1100], i10[1100];
    snprintf(table_path, sizeof table_path, "%s/schools_i10.csv", temp_dir());
    snprintf(pairs, sizeof pairs, "%s/pairs.csv", temp_dir());
    snprintf(i10, sizeof i10, "%s/i10.csv", temp_dir());
    run_sh("sh '%s/../examples/i10_table.sh' '%s' >/dev/null", QSMAP_GEODATA, table_path);
    cli_result r = run_cli("--schools", table_path, "--office", "สพป.อ่างทอง", "-q", "-o", pairs,
                           NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    r = run_cli("--schools", table_path, "--office", "สพป.อ่างทอง", "--indicator10", "-q", "-o",
                i10, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);

    csv_table st = csv_table_read(table_path), p = csv_table_read(pairs),
              f = csv_table_read(i10);
    status_row *v = calloc(st.nrows, sizeof *v);
    for (size_t i = 1; i < st.nrows; i++) {
        snprintf(v[i - 1].id, sizeof v[i - 1].id, "%s", csv_at(&st, i, "school_id"));
        snprintf(v[i - 1].y0, sizeof v[i - 1].y0, "%s", csv_at(&st, i, "network_status_2565"));
        snprintf(v[i - 1].y1, sizeof v[i - 1].y1, "%s", csv_at(&st, i, "network_status_2566"));
    }
    qsort(v, st.nrows - 1, sizeof *v, by_id);
    /* per quality school in the pair CSV's order, and the total once */
    counts total = {0}, per = {0};
    char **seen = calloc(p.nrows, sizeof *seen);
    size_t nseen = 0, row = 0;
    const char *q = NULL;
    for (size_t i = 1; i <= p.nrows; i++) {
        if (i == p.nrows || !q || strcmp(q, csv_at(&p, i, "quality_id"))) {
            if (q) {
                row++;
                assert_string_equal(csv_at(&f, row, "quality_id"), q);
                check_row(&f, row, &per);
            }
            if (i == p.nrows)
                break;
            q = csv_at(&p, i, "quality_id");
            per = (counts){0};
        }
        const char *n = csv_at(&p, i, "network_id");
        if (!n[0])
            continue;
        const status_row *s = find(v, st.nrows - 1, n);
        assert_non_null(s);
        add(&per, s);
        bool again = false;
        for (size_t k = 0; k < nseen && !again; k++)
            again = strcmp(seen[k], n) == 0;
        if (!again) {
            seen[nseen++] = (char *)n;
            add(&total, s);
        }
    }
    assert_int_equal(row + 2, f.nrows); /* header, quality rows, total */
    assert_string_equal(csv_at(&f, f.nrows - 1, "scope"), "total");
    check_row(&f, f.nrows - 1, &total);
    printf("สพป.อ่างทอง: %ld network schools; 2565 joint %ld shared %ld; 2566 joint %ld "
           "shared %ld\n",
           total.network, total.joint[0], total.shared[0], total.joint[1], total.shared[1]);
    assert_true(total.network > 0 && total.network < (long)(p.nrows - 1));
    free(seen);
    free(v);
    csv_table_free(&st);
    csv_table_free(&p);
    csv_table_free(&f);
}

/* --indicator10 writes the form and its figures, nothing else. */
static void test_indicator10_outputs(void **state)
{
    (void)state;
    cli_result r = run_cli("--office", "สพป.อ่างทอง", "--indicator10", "-o", "x.pdf", NULL);
    assert_int_equal(r.code, 2);
    assert_non_null(strstr(r.err, "x.pdf: --indicator10 writes the form as .docx"));
    cli_result_free(&r);
}


/* The form itself: python3-docx reads its paragraphs back and finds the
 * figures of the CSV (recounted above) in the form's words. */
static void test_indicator10_docx_holds_the_figures(void **state)
{
    (void)state;
    char table_path[1100], i10[1100], docx[1100];
    snprintf(table_path, sizeof table_path, "%s/schools_i10_docx.csv", temp_dir());
    snprintf(i10, sizeof i10, "%s/i10_docx.csv", temp_dir());
    snprintf(docx, sizeof docx, "%s/i10.docx", temp_dir());
    run_sh("sh '%s/../examples/i10_table.sh' '%s' >/dev/null", QSMAP_GEODATA, table_path);
    cli_result r = run_cli("--schools", table_path, "--office", "สพป.อ่างทอง", "--indicator10",
                           "-q", "-o", docx, "-o", i10, NULL);
    assert_int_equal(r.code, 0);
    cli_result_free(&r);
    csv_table f = csv_table_read(i10);
    size_t t = f.nrows - 1;
    char cmd[1400];
    snprintf(cmd, sizeof cmd,
             "/usr/bin/python3 -c 'import docx,sys; d=docx.Document(sys.argv[1]); "
             "print(\"\\n\".join(p.text for p in d.paragraphs))' '%s'",
             docx);
    char *text = command_output(cmd);
    char want[3][300];
    snprintf(want[0], sizeof want[0], "โรงเรียนเครือข่ายทั้งหมดจำนวน %s โรงเรียน",
             csv_at(&f, t, "network_schools"));
    snprintf(want[1], sizeof want[1], "จำนวน %s โรงเรียน คิดเป็นร้อยละ %s",
             csv_at(&f, t, "participating_2566"), csv_at(&f, t, "participating_pct_2566"));
    snprintf(want[2], sizeof want[2], "เรียนรวม จำนวน %s โรงเรียน", csv_at(&f, t, "joint_2566"));
    for (int k = 0; k < 3; k++)
        if (!strstr(text, want[k]))
            fail_msg("the form lacks '%s':\n%s", want[k], text);
    assert_non_null(strstr(text, "เนื่องจาก"));
    free(text);
    csv_table_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_year_columns),
        cmocka_unit_test(test_office_figures_equal_an_independent_count),
        cmocka_unit_test(test_indicator10_outputs),
        cmocka_unit_test(test_indicator10_docx_holds_the_figures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
