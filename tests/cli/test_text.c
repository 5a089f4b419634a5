/* test_text.c — text from data, paths and options reaches every output as
 * it is. The built binary runs (Pango writes its warnings to the process's
 * stderr, which run_cli does not see):
 *   - a school table "R&D <2567>/R&D <2567>.csv", a school "A & B <x>" and a
 *     --date holding Pango markup and '&': the map's fine print (the boundary
 *     licence with it) shows all of it literally (of the table its file name,
 *     not its folder), and Pango warns of nothing;
 *   - the sample with --thai-digits: the fine print is there, in Thai digits;
 *   - a 300-character Thai school name and 80-character district and
 *     province names, in a shapefile made here: the PDF, PNG, CSV, XLSX,
 *     GeoJSON and an atlas are written whole, as valid UTF-8 (XML for the
 *     workbook), with the names in full. */
#define _GNU_SOURCE /* memmem */
#include "support.h"

#include <shapefil.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cairo.h>


/* tmp/<name>, read whole. */
static char *slurp(const char *name, size_t *len)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/%s", temp_dir(), name);
    char *s = read_all(p, len);
    if (!s)
        fail_msg("cannot read %s", p);
    return s;
}

static void assert_utf8(const char *name)
{
    size_t len;
    char *s = slurp(name, &len);
    size_t bad = qsmap_utf8_invalid_at(s, len);
    if (bad != len)
        fail_msg("%s is not UTF-8 at byte %zu: ...%.40s", name, bad, s + (bad > 20 ? bad - 20 : 0));
    free(s);
}

/* No warning on stderr (Pango's for markup that did not parse or UTF-8 cut
 * in half, cairo's for a tag it could not read), and what is there UTF-8:
 * an atlas reports itself even with -q. */
static void assert_quiet(const char *name)
{
    char *err = slurp(name, NULL);
    static const char *const BAD[] = {"WARNING", "CRITICAL", "Pango", "cairo", "error"};
    for (size_t k = 0; k < sizeof BAD / sizeof BAD[0]; k++)
        if (strstr(err, BAD[k]))
            fail_msg("%s: %s on stderr: %s", name, BAD[k], err);
    free(err);
    assert_utf8(name);
}

/* Remove blanks and line breaks: a wrapped name is still the name. */
static void squeeze(char *s)
{
    char *o = s;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n')
            *o++ = *s;
    *o = '\0';
}

static char *pdf_text(const char *pdf, bool squeezed)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s/%s' -", temp_dir(), pdf);
    char *text = command_output(cmd);
    if (squeezed)
        squeeze(text);
    return text;
}

static void assert_has(const char *what, const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("%s lacks \"%s\"", what, needle);
}

static const char ATTRIBUTION[] = "ขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA HDX (CC BY-IGO)";

/* ---- 1. markup characters in a path, a --date and a name ---------------- */

static void test_markup_characters_shown_as_they_are(void **state)
{
    (void)state;
    run_sh("mkdir -p 'R&D <2567>' && cp '%s' 'R&D <2567>/R&D <2567>.csv' && printf '%%s\\n' "
       "'9999999001,\"A & B <x>\",สพป.อ่างทอง,อ่างทอง,เมืองอ่างทอง,14.59,100.44,50,3,5.0,"
       "network,' >> 'R&D <2567>/R&D <2567>.csv'",
       test_data("variants/clean.csv"));
    run_sh("%s --schools 'R&D <2567>/R&D <2567>.csv' --boundaries '%s/tha_adm2.shp' --district "
       "TH1501 --date '<span foreground=\"red\">24 & 25</span> &amp; <b>' -q -o markup.pdf "
       "2> markup.err",
       QSMAP_BINARY, QSMAP_GEODATA);
    assert_quiet("markup.err");
    char *text = pdf_text("markup.pdf", false);
    assert_has("the fine print", text, ATTRIBUTION);
    /* the file name only: its folder is the maker's machine, not the reader's */
    assert_has("the fine print", text, "ข้อมูลโรงเรียน: R&D <2567>.csv");
    if (strstr(text, "<2567>/"))
        fail_msg("the fine print shows the school table's folder");
    assert_has("the fine print", text, "วันที่ <span foreground=\"red\">24 & 25</span> &amp; <b>");
    squeeze(text);
    assert_has("the map and table", text, "A&B<x>·");   /* the label, with its distance */
    /* the table row: the name, the quality school it is shared with, the distance */
    assert_has("the map and table", text, "A&B<x>ร่วมกับวัดโคศุภราช0.55");
    free(text);
}

/* The sample's warning is bold red in the fine print; its colour must not
 * take Thai digits (issue 14), and the rest of the text does. */
static void test_sample_fine_print_with_thai_digits(void **state)
{
    (void)state;
    run_sh("%s --district TH1501 --thai-digits --date 2567-01-02 -q -o td.pdf 2> td.err",
       QSMAP_BINARY);
    assert_quiet("td.err");
    char *text = pdf_text("td.pdf", false);
    assert_has("the fine print", text, ATTRIBUTION);
    assert_has("the fine print", text, "วันที่ ๒๕๖๗-๐๑-๐๒");
    assert_has("the fine print", text, "UTM โซน ๔๗N");
    assert_has("the fine print", text, "ข้อมูลตัวอย่าง (ตำแหน่งสมมติ)\nเส้นโครงแผนที่");
    free(text);
}

/* ---- 2. long names ------------------------------------------------------ */

/* n code points of Thai words, repeated. */
static void thai_name(char *out, size_t size, const char *words, size_t n)
{
    size_t o = 0;
    const char *w = words;
    for (size_t cp = 0; cp < n;) {
        if (!*w)
            w = words;
        size_t len = 1;
        while (((unsigned char)w[len] & 0xC0) == 0x80)
            len++;
        assert_true(o + len < size);
        memcpy(out + o, w, len);
        o += len, w += len, cp++;
    }
    out[o] = '\0';
}

static char SCHOOL[1000], DISTRICT[300], PROVINCE[300];

/* Two squares of one province: the long-named district TH9001 and TH9'02,
 * whose pcode holds a quote (the atlas's links quote it). */
static const char *long_shapefile(void)
{
    static char base[1100], shp[1200];
    snprintf(base, sizeof base, "%s/long", temp_dir());
    SHPHandle h = SHPCreate(base, SHPT_POLYGON);
    DBFHandle dbf = DBFCreate(base);
    assert_non_null(h);
    assert_non_null(dbf);
    static const char *const FIELDS[] = {"ADM2_TH", "ADM2_EN", "ADM2_PCODE", "ADM1_TH"};
    for (int k = 0; k < 4; k++)
        assert_true(DBFAddField(dbf, FIELDS[k], FTString, 254, 0) == k);
    const char *names[2][4] = {{DISTRICT, "Long", "TH9001", PROVINCE},
                               {"สั้น", "Short", "TH9'02", PROVINCE}};
    for (int i = 0; i < 2; i++) {
        double x0 = 100.40 + 0.1 * i, x[5] = {x0, x0, x0 + 0.1, x0 + 0.1, x0},
               y[5] = {14.55, 14.65, 14.65, 14.55, 14.55};
        SHPObject *o = SHPCreateSimpleObject(SHPT_POLYGON, 5, x, y, NULL);
        SHPWriteObject(h, -1, o);
        SHPDestroyObject(o);
        for (int k = 0; k < 4; k++)
            DBFWriteStringAttribute(dbf, i, k, names[i][k]);
    }
    SHPClose(h);
    DBFClose(dbf);
    snprintf(shp, sizeof shp, "%s.shp", base);
    return shp;
}

static void long_table(void)
{
    char csv[8000];
    snprintf(csv, sizeof csv,
             "school_id,name_th,latitude,longitude,students,teachers,area_rai,role,"
             "quality_color\n"
             "9000000001,%s,14.60,100.45,400,20,30.5,quality,เขียว\n"
             "9000000002,%s,14.61,100.455,100,8,12.5,network,\n"
             "9000000003,โรงเรียนสั้น,14.59,100.445,90,7,10.0,network,\n"
             "9000000004,โรงเรียนคุณภาพสั้น,14.60,100.55,300,15,20.0,quality,แดง\n",
             SCHOOL, SCHOOL);
    write_temp("long-schools.csv", csv, strlen(csv));
}

static void long_names_setup(void)
{
    thai_name(SCHOOL, sizeof SCHOOL, "โรงเรียนบ้านหนองบัวแดงวิทยาคารประชาสามัคคี", 300);
    thai_name(DISTRICT, sizeof DISTRICT, "หนองบัวแดงเมืองใหม่", 80);
    thai_name(PROVINCE, sizeof PROVINCE, "นครศรีสุวรรณภูมิ", 80);
    long_table();
}

/* Every XML part of the workbook parses. */
static void assert_xlsx_well_formed(const char *name)
{
    run_sh("rm -rf xl-%1$s && unzip -tq %1$s > /dev/null && unzip -q %1$s -d xl-%1$s && "
       "find xl-%1$s -name '*.xml' -o -name '*.rels' | xargs xmllint --noout",
       name);
}

static void test_long_names_every_output(void **state)
{
    (void)state;
    long_names_setup();
    const char *shp = long_shapefile();
    run_sh("%s --schools long-schools.csv --boundaries '%s' --district TH9001 -o long.pdf "
       "-o long.png -o long.csv -o long.xlsx -o long.geojson --summary long-sum.csv > long.out "
       "2> long.err",
       QSMAP_BINARY, shp);
    assert_quiet("long.err");
    char title[700];
    snprintf(title, sizeof title, "อำเภอ%s จังหวัด%s", DISTRICT, PROVINCE);
    const char *text_files[] = {"long.out", "long.csv", "long-sum.csv", "long.geojson"};
    for (size_t k = 0; k < 4; k++) {
        assert_utf8(text_files[k]);
        char *s = slurp(text_files[k], NULL);
        assert_has(text_files[k], s, k == 0 ? title : DISTRICT);
        if (k > 0)
            assert_has(text_files[k], s, SCHOOL);
        free(s);
    }
    assert_xlsx_well_formed("long.xlsx");
    char *strings = slurp("xl-long.xlsx/xl/sharedStrings.xml", NULL);
    assert_has("the workbook", strings, SCHOOL);
    assert_has("the workbook", strings, DISTRICT);
    free(strings);

    char *text = pdf_text("long.pdf", true), name[1000], place[700];
    snprintf(name, sizeof name, "%s", SCHOOL);
    snprintf(place, sizeof place, "%s", title);
    squeeze(name);
    squeeze(place);
    assert_has("the PDF", text, name);
    assert_has("the PDF", text, place);
    free(text);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdfinfo '%s/long.pdf'", temp_dir());
    char *info = command_output(cmd);
    assert_has("the PDF's title", info, title);
    free(info);

    char png[1200];
    snprintf(png, sizeof png, "%s/long.png", temp_dir());
    cairo_surface_t *img = cairo_image_surface_create_from_png(png);
    assert_int_equal(cairo_surface_status(img), CAIRO_STATUS_SUCCESS);
    assert_int_equal(cairo_image_surface_get_width(img), 3508);
    cairo_surface_destroy(img);
}

/* The atlas: bookmarks, index links and destinations name the districts by
 * pcode, one of which holds a quote. */
static void test_long_names_atlas(void **state)
{
    (void)state;
    long_names_setup();
    const char *shp = long_shapefile();
    run_sh("%s --schools long-schools.csv --boundaries '%s' --province '%s' -q -o atlas.pdf 2> atlas.err",
       QSMAP_BINARY, shp, PROVINCE);
    assert_quiet("atlas.err");
    char *text = pdf_text("atlas.pdf", false);
    assert_has("the atlas", text, PROVINCE);
    assert_has("the atlas's index", text, "TH9'02 สั้น");
    free(text);
    /* the index's link to it, as cairo writes a link annotation */
    size_t len;
    char *pdf = slurp("atlas.pdf", &len);
    assert_non_null(memmem(pdf, len, "/Dest (TH9'02)", 14));
    free(pdf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_markup_characters_shown_as_they_are),
        cmocka_unit_test(test_sample_fine_print_with_thai_digits),
        cmocka_unit_test(test_long_names_every_output),
        cmocka_unit_test(test_long_names_atlas),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
