/* test_variants.c — odd but valid inputs give the same result as clean ones.
 *
 * tests/data/variants/clean.csv is a clean UTF-8 school table: 40 real rows
 * around Mueang Ang Thong from geodata/schools_th.csv.gz (latitude
 * 14.50..14.70, longitude 100.35..100.55; the TH1501 rows, every quality
 * school of the box, the nearest other rows), with one name given a comma
 * ("โรงเรียนวัดไผ่ล้อม, สาขาวัดใหม่") so that it must be quoted. Every other
 * table in that directory is made from it by make_variants.sh (iconv, sed,
 * awk, gzip -n); after editing clean.csv run
 *
 *     sh tests/data/variants/make_variants.sh
 *
 * and commit the regenerated files. Each variant (BOM, CP874, CRLF, every
 * field quoted, trailing blank and bare-comma rows, Thai headers in shuffled
 * order, English headers reversed, gzip) must give a CSV byte-identical to
 * clean.csv's with
 *
 *     qsmap --schools V --boundaries geodata/tha_adm2.shp --district TH1501 -q -o out.csv
 *
 * angthong_adm2_cp874.* is ../shared/geodata/boundaries/angthong_adm2_cp874.*
 * (DBF text in CP874, named by its .cpg), copied here. The DBF with no .cpg
 * but the language-driver byte set to LDID 80 (Thai, Windows-874) is written
 * by the test itself with shapelib. Both must read like the UTF-8 file. */
#include "support.h"

#include <shapefil.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BOUNDARIES QSMAP_GEODATA "/tha_adm2.shp"

/* tests/data/<name> */
static const char *variant(const char *name)
{
    return test_data(name);
}

/* Run qsmap on a school table (optionally with --encoding) and return the
 * CSV it writes; fails the test on a non-zero exit. */
static char *run_csv(const char *schools, const char *boundaries, const char *district,
                     const char *encoding, size_t *len)
{
    static int k;
    char out[1200];
    snprintf(out, sizeof out, "%s/variant-%d.csv", temp_dir(), k++);
    cli_result r = encoding ? run_cli("--schools", schools, "--boundaries", boundaries,
                                      "--district", district, "--encoding", encoding, "-q",
                                      "-o", out, NULL)
                            : run_cli("--schools", schools, "--boundaries", boundaries,
                                      "--district", district, "-q", "-o", out, NULL);
    if (r.code != 0)
        fail_msg("%s: exit %d, stderr: %s", schools, r.code, r.err);
    if (r.err_len != 0)
        fail_msg("%s: unexpected stderr: %s", schools, r.err);
    cli_result_free(&r);
    char *csv = read_all(out, len);
    if (!csv)
        fail_msg("%s: no output %s", schools, out);
    return csv;
}

static char *clean_csv(size_t *len)
{
    return run_csv(variant("variants/clean.csv"), BOUNDARIES, "TH1501", NULL, len);
}

static void assert_same_output(const char *name, const char *encoding)
{
    size_t ref_len, len;
    char *ref = clean_csv(&ref_len);
    char *got = run_csv(variant(name), BOUNDARIES, "TH1501", encoding, &len);
    if (len != ref_len || memcmp(ref, got, len) != 0) {
        size_t i = 0;
        while (i < len && i < ref_len && ref[i] == got[i])
            i++;
        fail_msg("%s%s%s: output differs from clean.csv's at byte %zu (%zu vs %zu bytes)",
                 name, encoding ? " --encoding " : "", encoding ? encoding : "", i, len,
                 ref_len);
    }
    free(ref);
    free(got);
}

/* The reference itself: the quoted name with its comma survives, both of
 * TH1501's quality schools are there, and the file is the documented CSV. */
static void test_clean_reference(void **state)
{
    (void)state;
    size_t len;
    char *csv = clean_csv(&len);
    assert_true(len > 3 && memcmp(csv, "\xEF\xBB\xBF" "district,", 12) == 0);
    assert_non_null(strstr(csv, "\"โรงเรียนวัดไผ่ล้อม, สาขาวัดใหม่\""));
    assert_non_null(strstr(csv, ",1015670023,โรงเรียนวัดโคศุภราช,ฟ้า,"));
    assert_non_null(strstr(csv, ",1015670161,โรงเรียนสตรีอ่างทอง,ม่วง,"));
    size_t rows = 0;
    for (const char *p = csv; (p = strstr(p, "\r\n")); p += 2)
        rows++;
    assert_true(rows > 10);
    free(csv);
}

static void test_utf8_bom(void **state)
{
    (void)state;
    assert_same_output("variants/bom.csv", NULL);
}

static void test_cp874_auto(void **state)
{
    (void)state;
    assert_same_output("variants/cp874.csv", NULL);
}

static void test_cp874_explicit(void **state)
{
    (void)state;
    assert_same_output("variants/cp874.csv", "cp874");
    assert_same_output("variants/cp874.csv", "tis-620");
}

static void test_crlf(void **state)
{
    (void)state;
    assert_same_output("variants/crlf.csv", NULL);
}

static void test_every_field_quoted(void **state)
{
    (void)state;
    assert_same_output("variants/quoted.csv", NULL);
}

static void test_trailing_blank_and_bare_comma_rows(void **state)
{
    (void)state;
    assert_same_output("variants/trailing_blank.csv", NULL);
}

static void test_thai_headers_shuffled(void **state)
{
    (void)state;
    assert_same_output("variants/thai_headers.csv", NULL);
}

static void test_english_headers_reversed(void **state)
{
    (void)state;
    assert_same_output("variants/reversed.csv", NULL);
}

static void test_gzip(void **state)
{
    (void)state;
    assert_same_output("variants/clean.csv.gz", NULL);
    assert_same_output("variants/reversed.csv.gz", NULL);
}

/* ---- DBF text in CP874 -------------------------------------------------- */

/* Thai UTF-8 (U+0E01..U+0E5B, three bytes each) to CP874 (0xA1..0xFB). */
static void utf8_to_cp874(const char *in, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t n = 0;
    while (*p && n + 1 < size) {
        if (p[0] == 0xE0 && (p[1] == 0xB8 || p[1] == 0xB9) && p[2]) {
            unsigned cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
            out[n++] = (char)(cp - 0x0E00 + 0xA0);
            p += 3;
        } else {
            assert_true(*p < 0x80); /* only Thai and ASCII in these names */
            out[n++] = (char)*p++;
        }
    }
    out[n] = '\0';
}

/* Every district of `d` has the Thai names of the same pcode in the UTF-8
 * national file. */
static void assert_names_match_utf8(const qsmap_districts *d, size_t expect_count)
{
    qsmap_districts *ref;
    qsmap_error err = {0};
    assert_int_equal(qsmap_districts_load(BOUNDARIES, QSMAP_ENC_AUTO, &ref, &err), QSMAP_OK);
    assert_int_equal(qsmap_districts_count(d), expect_count);
    for (size_t i = 0; i < qsmap_districts_count(d); i++) {
        const qsmap_district *t = qsmap_districts_get(d, i);
        size_t *idx, n;
        if (qsmap_districts_select(ref, t->pcode, NULL, &idx, &n, &err) != QSMAP_OK)
            fail_msg("district %zu: pcode '%s' not in tha_adm2 (%s)", i, t->pcode, err.msg);
        const qsmap_district *u = qsmap_districts_get(ref, idx[0]);
        free(idx);
        assert_string_equal(t->name_th, u->name_th);
        assert_string_equal(t->province_th, u->province_th);
    }
    qsmap_districts_free(ref);
}

static void test_cp874_dbf_with_cpg(void **state)
{
    (void)state;
    const char *shp = variant("variants/angthong_adm2_cp874.shp");
    qsmap_districts *d;
    qsmap_error err = {0};
    if (qsmap_districts_load(shp, QSMAP_ENC_AUTO, &d, &err) != QSMAP_OK)
        fail_msg("%s: %s", shp, err.msg);
    assert_names_match_utf8(d, 7);
    qsmap_districts_free(d);
    /* and end to end, selected by its Thai name, the same CSV as tha_adm2 */
    size_t ref_len, len;
    char *ref = clean_csv(&ref_len);
    char *got = run_csv(variant("variants/clean.csv"), shp, "เมืองอ่างทอง", NULL, &len);
    assert_int_equal(len, ref_len);
    assert_memory_equal(ref, got, len);
    free(ref);
    free(got);
}

/* Seven squares named after Ang Thong's districts, DBF text in CP874, no
 * .cpg, byte 29 of the DBF header (language driver) = 0x50: LDID 80. */
static void test_cp874_dbf_ldid_80_without_cpg(void **state)
{
    (void)state;
    static const char *const NAMES[7][2] = {
        {"TH1501", "เมืองอ่างทอง"}, {"TH1502", "ไชโย"},      {"TH1503", "ป่าโมก"},
        {"TH1504", "โพธิ์ทอง"},     {"TH1505", "แสวงหา"},   {"TH1506", "วิเศษชัยชาญ"},
        {"TH1507", "สามโก้"},
    };
    char base[1100];
    snprintf(base, sizeof base, "%s/ldid80", temp_dir());
    SHPHandle shp = SHPCreate(base, SHPT_POLYGON);
    DBFHandle dbf = DBFCreate(base);
    assert_non_null(shp);
    assert_non_null(dbf);
    DBFAddField(dbf, "ADM2_TH", FTString, 50, 0);
    DBFAddField(dbf, "ADM2_EN", FTString, 50, 0);
    DBFAddField(dbf, "ADM2_PCODE", FTString, 10, 0);
    DBFAddField(dbf, "ADM1_TH", FTString, 50, 0);
    DBFAddField(dbf, "ADM1_PCODE", FTString, 10, 0);
    for (int i = 0; i < 7; i++) {
        double x0 = 100.0 + 0.1 * i, y0 = 14.0;
        double x[5] = {x0, x0, x0 + 0.1, x0 + 0.1, x0}, y[5] = {y0, y0 + 0.1, y0 + 0.1, y0, y0};
        SHPObject *o = SHPCreateSimpleObject(SHPT_POLYGON, 5, x, y, NULL);
        SHPWriteObject(shp, -1, o);
        SHPDestroyObject(o);
        char th[200], prov[200];
        utf8_to_cp874(NAMES[i][1], th, sizeof th);
        utf8_to_cp874("อ่างทอง", prov, sizeof prov);
        assert_true((unsigned char)th[0] >= 0xA1); /* really CP874 bytes */
        DBFWriteStringAttribute(dbf, i, 0, th);
        DBFWriteStringAttribute(dbf, i, 1, "");
        DBFWriteStringAttribute(dbf, i, 2, NAMES[i][0]);
        DBFWriteStringAttribute(dbf, i, 3, prov);
        DBFWriteStringAttribute(dbf, i, 4, "TH15");
    }
    SHPClose(shp);
    DBFClose(dbf);
    char path[1200];
    snprintf(path, sizeof path, "%s.cpg", base);
    unlink(path);
    snprintf(path, sizeof path, "%s.dbf", base);
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    assert_int_equal(fseek(f, 29, SEEK_SET), 0);
    assert_int_equal(fputc(0x50, f), 0x50);
    fclose(f);

    snprintf(path, sizeof path, "%s.shp", base);
    qsmap_districts *d;
    qsmap_error err = {0};
    if (qsmap_districts_load(path, QSMAP_ENC_AUTO, &d, &err) != QSMAP_OK)
        fail_msg("%s: %s", path, err.msg);
    assert_names_match_utf8(d, 7);
    qsmap_districts_free(d);
    /* selected by Thai name through the CLI */
    char out[1200];
    snprintf(out, sizeof out, "%s/ldid80.csv", temp_dir());
    cli_result r = run_cli("--schools", variant("variants/clean.csv"), "--boundaries", path,
                           "--province", "อ่างทอง", "--district", "สามโก้", "-q", "-o", out,
                           NULL);
    if (r.code != 0)
        fail_msg("exit %d: %s", r.code, r.err);
    cli_result_free(&r);
    char *csv = read_all(out, NULL);
    assert_non_null(csv);
    free(csv);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean_reference),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_cp874_auto),
        cmocka_unit_test(test_cp874_explicit),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_every_field_quoted),
        cmocka_unit_test(test_trailing_blank_and_bare_comma_rows),
        cmocka_unit_test(test_thai_headers_shuffled),
        cmocka_unit_test(test_english_headers_reversed),
        cmocka_unit_test(test_gzip),
        cmocka_unit_test(test_cp874_dbf_with_cpg),
        cmocka_unit_test(test_cp874_dbf_ldid_80_without_cpg),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
