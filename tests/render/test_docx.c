/* test_docx.c — the Word documents (render/docx*.c), read back by other
 * programs: `unzip -t` and `xmllint` for the package and every XML part;
 * python3-docx for the tables (one per quality school with network schools,
 * a row per pair, the totals row; the Stand Alone table), the Heading 1s
 * and the pictures; LibreOffice, converting to PDF, for every network
 * school's name and distance as pdftotext reads them. The Indicator-10
 * form from figures made by hand (two academic years): the numbers, the
 * years, the changes and the footnote. Same input, same bytes; a file
 * that cannot be written. */
#include "support.h"

#include "base/number.h"
#include "base/vocab.h"
#include "render/render.h"
#include "render/table_text.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef shipped_fixture fixture;

#define PYTHON "/usr/bin/python3" /* Debian's, which has python3-docx */

/* Every table as python-docx reads it: "table N ROWS", then a line per row,
 * its cells (each merged cell once) by tabs, a cell's lines joined by " / ";
 * then "h1 N" and "h2 N". */
static const char DOCX_DUMP[] =
    "import docx, sys\n"
    "d = docx.Document(sys.argv[1])\n"
    "for k, t in enumerate(d.tables):\n"
    "    print('table', k, len(t.rows))\n"
    "    for r in t.rows:\n"
    "        seen, cells = set(), []\n"
    "        for c in r.cells:\n"
    "            if id(c._tc) in seen: continue\n"
    "            seen.add(id(c._tc))\n"
    "            cells.append(c.text.replace('\\n', ' / '))\n"
    "        print('\\t'.join(cells))\n"
    "for lvl in (1, 2):\n"
    "    print('h%d' % lvl, sum(p.style.name == 'Heading %d' % lvl for p in d.paragraphs))\n";

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* s without spaces and line ends: pdftotext splits Thai words and table
 * cells wrap names. */
static char *squeeze(const char *s)
{
    char *out = malloc(strlen(s) + 1), *o = out;
    for (; *s; s++)
        if (*s != ' ' && *s != '\n' && *s != '\r' && *s != '\t' && *s != '\f')
            *o++ = *s;
    *o = '\0';
    return out;
}

static const char *write_docx(const qsmap_report *r, const char *name,
                              const qsmap_indicator10 *i10, bool thai)
{
    static char path[4][1100];
    static int k;
    k = (k + 1) % 4;
    snprintf(path[k], sizeof path[k], "%s/%s", temp_dir(), name);
    FILE *fp = fopen(path[k], "wb");
    assert_non_null(fp);
    qsmap_render_opts opt = {.thai_digits = thai};
    qsmap_error err = {0};
    qsmap_status st = qsmap_render_docx(fp, r, &opt, i10, &err);
    assert_int_equal(fclose(fp), 0);
    if (st)
        fail_msg("qsmap_render_docx: %s", err.msg);
    return path[k];
}

/* unzip -t, then xmllint on every part; returns how many maps it has. */
static size_t check_package(const char *docx, const char *dir)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "unzip -tq '%s'", docx);
    free(command_output(cmd));
    run_sh("rm -rf '%s' && mkdir -p '%s' && unzip -q '%s' -d '%s'", dir, dir, docx, dir);
    static const char *const PARTS[] = {
        "[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
        "word/document.xml", "word/styles.xml", "word/settings.xml", "word/footnotes.xml",
        "word/footer1.xml", "word/_rels/document.xml.rels"};
    for (size_t k = 0; k < sizeof PARTS / sizeof *PARTS; k++)
        run_sh("test -s '%s/%s'", dir, PARTS[k]);
    /* every XML part of the zip, whatever its name */
    run_sh("cd '%s' && find . -name '*.xml' -o -name '*.rels' | while read -r f; do "
           "xmllint --noout \"$f\" || exit 1; done",
           dir);
    snprintf(cmd, sizeof cmd, "unzip -Z1 '%s' | grep -c '^word/media/map[0-9]*\\.png$' || true",
             docx);
    char *out = command_output(cmd);
    size_t n = strtoul(out, NULL, 10);
    free(out);
    return n;
}

static char *member(const char *docx, const char *name)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s'", docx, name);
    return command_output(cmd);
}

/* The python-docx dump, or NULL (after saying so) without python3-docx. */
static char *tables_of(const char *docx)
{
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "%s -c 'import docx' 2>/dev/null", PYTHON);
    if (system(cmd) != 0) {
        print_message("SKIP: python3-docx is not installed (apt-get install python3-docx)\n");
        return NULL;
    }
    const char *script = write_temp("dump_docx.py", DOCX_DUMP, strlen(DOCX_DUMP));
    snprintf(cmd, sizeof cmd, "%s '%s' '%s'", PYTHON, script, docx);
    return command_output(cmd);
}

/* The PDF text of docx as LibreOffice sets it, squeezed; NULL (after
 * saying so) without LibreOffice. */
static char *office_text(const char *docx, const char *pdf_name)
{
    if (system("command -v soffice >/dev/null 2>&1") != 0) {
        print_message("SKIP: LibreOffice is not installed (apt-get install "
                      "libreoffice-writer-nogui): the PDF check is left out\n");
        return NULL;
    }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    /* its profile in the test's own directory, not the user's */
    run_sh("mkdir -p lo-home lo-out && HOME=\"$PWD/lo-home\" soffice --headless --convert-to pdf "
           "--outdir lo-out '%s' >/dev/null 2>&1",
           docx);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    print_message("soffice --convert-to pdf: %.1f s\n",
                  (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    char cmd[1400];
    snprintf(cmd, sizeof cmd, "pdftotext -raw '%s/lo-out/%s' -", temp_dir(), pdf_name);
    char *raw = command_output(cmd), *text = squeeze(raw);
    free(raw);
    return text;
}

/* The line of the dump after "table k ": its row count and the rows. */
static const char *table_at(const char *dump, size_t k, size_t *rows)
{
    char head[64];
    snprintf(head, sizeof head, "table %zu ", k);
    const char *t = strstr(dump, head);
    if (!t)
        fail_msg("no table %zu in the document", k);
    *rows = strtoul(t + strlen(head), NULL, 10);
    return strchr(t, '\n') + 1;
}

/* Row j (from 0) of a table's rows in the dump, as a fresh string. */
static char *row_at(const char *rows, size_t j)
{
    const char *p = rows;
    for (size_t k = 0; k < j; k++)
        p = strchr(p, '\n') + 1;
    return strndup(p, strcspn(p, "\n"));
}

/* The tables of report r, as the document must have them: one per quality
 * school with network schools, in catchment order (rows: header, pairs,
 * totals), then the Stand Alone candidates when there are any. */
static void check_tables(const qsmap_report *r, const char *dump, bool thai)
{
    const qsmap_pair *v = r->catchment->v;
    size_t t = 0, alone = 0;
    for (size_t i = 0; i < r->catchment->n;) {
        size_t j = i;
        while (j < r->catchment->n && v[j].quality == v[i].quality)
            j++;
        if (v[i].network == QSMAP_NO_SCHOOL) {
            alone++;
            i = j;
            continue;
        }
        size_t rows;
        const char *body = table_at(dump, t++, &rows);
        assert_int_equal(rows, j - i + 2);
        char *head = row_at(body, 0);
        assert_string_equal(head, "ลำดับ\tชื่อโรงเรียน\tระยะทาง (กม.)\tพื้นที่ (ไร่)\tนักเรียน\tครู");
        free(head);
        long students = 0;
        for (size_t k = i; k < j; k++) {
            const qsmap_school *n = &r->schools->v[v[k].network];
            char *row = row_at(body, k - i + 1), km[48], want[600];
            qsmap_number_km(v[k].distance_m, thai, km, sizeof km);
            char *name = qsmap_table_digits_dup(n->name, thai);
            snprintf(want, sizeof want, "\t%s", name);
            if (!strstr(row, want) || !strstr(row, km))
                fail_msg("row %zu of table %zu is '%s', not %s at %s", k - i + 1, t - 1, row,
                         name, km);
            free(name);
            free(row);
            students += n->students > 0 ? n->students : 0;
        }
        char *total = row_at(body, j - i + 1), num[48], want[200];
        qsmap_table_count((long)(j - i), thai, num, sizeof num);
        snprintf(want, sizeof want, "รวม %s โรงเรียน\t", num);
        if (strncmp(total, want, strlen(want)))
            fail_msg("totals row '%s' does not start '%s'", total, want);
        qsmap_table_count(students, thai, num, sizeof num);
        snprintf(want, sizeof want, "\t%s\t", num);
        if (!strstr(total, want))
            fail_msg("totals row '%s' lacks the students %s", total, num);
        free(total);
        i = j;
    }
    if (alone) {
        size_t rows;
        const char *body = table_at(dump, t++, &rows);
        assert_int_equal(rows, alone + 1);
        char *head = row_at(body, 0);
        assert_string_equal(head, "ลำดับ\tอำเภอ\tชื่อโรงเรียน\tสี\tนักเรียน\tครู");
        free(head);
    }
    char none[64];
    snprintf(none, sizeof none, "table %zu ", t);
    assert_null(strstr(dump, none)); /* no table more */
}

static size_t dump_count(const char *dump, const char *key)
{
    const char *p = strstr(dump, key);
    if (!p)
        fail_msg("no '%s' in the dump", key);
    return strtoul(p + strlen(key), NULL, 10);
}

static void test_district_report(void **state)
{
    fixture *f = *state;
    const char *path = write_docx(&f->r, "TH1501.docx", NULL, false);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/TH1501", temp_dir());
    assert_int_equal(check_package(path, dir), 1);

    char *doc = member(path, "word/document.xml");
    assert_non_null(strstr(doc, "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert_non_null(strstr(doc, "w:top=\"1417\" w:right=\"1134\" w:bottom=\"1134\" "
                                "w:left=\"1701\""));
    assert_non_null(strstr(doc, "<w:tblHeader/>"));
    assert_non_null(strstr(doc, "<a:blip r:embed=\"rId5\"/>"));
    assert_non_null(strstr(doc, QSMAP_SAMPLE_NOTE));
    assert_non_null(strstr(doc, "ขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA HDX (CC BY-IGO)"));
    assert_non_null(strstr(doc, "รายงานโรงเรียนเครือข่ายในรัศมี 5 กม. ของโรงเรียนคุณภาพ "
                                "อำเภอเมืองอ่างทอง จังหวัดอ่างทอง"));
    free(doc);
    char *styles = member(path, "word/styles.xml");
    assert_non_null(strstr(styles, "w:cs=\"TH Sarabun New\""));
    assert_non_null(strstr(styles, "<w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>"));
    assert_non_null(strstr(styles, "w:bidi=\"th-TH\""));
    assert_non_null(strstr(styles, "w:styleId=\"TableGrid\""));
    free(styles);
    char *core = member(path, "docProps/core.xml");
    assert_non_null(strstr(core, ">2000-01-01T00:00:00Z</dcterms:created>"));
    free(core);

    char *dump = tables_of(path);
    if (dump) {
        check_tables(&f->r, dump, false);
        assert_int_equal(dump_count(dump, "h1 "), 2); /* the district, Stand Alone */
        assert_int_equal(dump_count(dump, "h2 "), f->r.nsummary);
        free(dump);
    }

    char *text = office_text(path, "TH1501.pdf");
    if (text) {
        for (size_t i = 0; i < f->r.catchment->n; i++) {
            const qsmap_pair *p = &f->r.catchment->v[i];
            if (p->network == QSMAP_NO_SCHOOL)
                continue;
            char *name = squeeze(f->s->v[p->network].name), km[48];
            qsmap_number_km(p->distance_m, false, km, sizeof km);
            if (!strstr(text, name))
                fail_msg("the PDF LibreOffice makes lacks %s", f->s->v[p->network].name);
            if (!strstr(text, km))
                fail_msg("the PDF LibreOffice makes lacks the distance %s", km);
            free(name);
        }
        char *title = squeeze("อำเภอเมืองอ่างทอง จังหวัดอ่างทอง");
        assert_non_null(strstr(text, title));
        free(title);
        free(text);
    }
}

/* Thai digits in the tables, names and totals alike. */
static void test_thai_digits(void **state)
{
    fixture *f = *state;
    const char *path = write_docx(&f->r, "TH1501-thai.docx", NULL, true);
    char *doc = member(path, "word/document.xml");
    assert_non_null(strstr(doc, "<w:pgNumType w:fmt=\"thaiNumbers\"/>"));
    assert_non_null(strstr(doc, "รัศมี ๕ กม."));
    free(doc);
    char *dump = tables_of(path);
    if (dump) {
        check_tables(&f->r, dump, true);
        free(dump);
    }
}

static void test_same_bytes(void **state)
{
    fixture *f = *state;
    const char *a = write_docx(&f->r, "a.docx", NULL, false);
    const char *b = write_docx(&f->r, "b.docx", NULL, false);
    run_sh("cmp '%s' '%s'", a, b);
    /* the zip's timestamps are fixed whatever the time zone */
    setenv("TZ", "Pacific/Kiritimati", 1);
    tzset();
    const char *c = write_docx(&f->r, "c.docx", NULL, false);
    unsetenv("TZ");
    tzset();
    run_sh("cmp '%s' '%s'", a, c);
}

static void test_province_report(void **state)
{
    fixture *g = *state;
    fixture f = {.s = g->s, .d = g->d};
    assert_int_equal(shipped_build(&f, NULL, "อ่างทอง"), 0);
    assert_true(f.r.nselected > 1);
    const char *path = write_docx(&f.r, "angthong.docx", NULL, false);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/angthong", temp_dir());
    assert_int_equal(check_package(path, dir), f.r.nselected); /* a map per district */
    char *doc = member(path, "word/document.xml");
    /* every district after the first starts a page */
    assert_int_equal(count(doc, "<w:pageBreakBefore/>"), f.r.nselected - 1);
    assert_non_null(strstr(doc, "ของโรงเรียนคุณภาพ จังหวัดอ่างทอง"));
    free(doc);
    char *dump = tables_of(path);
    if (dump) {
        check_tables(&f.r, dump, false);
        /* a Heading 1 per district, and the Stand Alone section's */
        assert_int_equal(dump_count(dump, "h1 "), f.r.nselected + 1);
        free(dump);
    }
    qsmap_report_release(&f.r);
}

/* A radius so small that some quality schools reach no network school:
 * they are the Stand Alone table's rows, and have no table of their own. */
static void test_stand_alone(void **state)
{
    fixture *g = *state;
    qsmap_report r;
    qsmap_error err = {0};
    size_t *sel, n;
    assert_int_equal(qsmap_districts_select(g->d, NULL, "อ่างทอง", &sel, &n, &err), QSMAP_OK);
    assert_int_equal(qsmap_report_build(g->s, g->d, sel, n, 800, &r, &err), QSMAP_OK);
    free(sel);
    assert_int_equal(qsmap_report_summarize(&r, 120, &err), QSMAP_OK);
    size_t alone = 0, with = 0;
    for (size_t i = 0; i < r.catchment->n; i++) {
        alone += r.catchment->v[i].network == QSMAP_NO_SCHOOL;
        with += i == 0 || r.catchment->v[i].quality != r.catchment->v[i - 1].quality;
    }
    assert_true(alone > 0 && with > alone);
    const char *path = write_docx(&r, "alone.docx", NULL, false);
    char *doc = member(path, "word/document.xml");
    assert_non_null(strstr(doc, "ผู้สมัคร Stand Alone"));
    char want[200];
    snprintf(want, sizeof want, "โรงเรียนคุณภาพ %zu แห่งไม่มีโรงเรียนเครือข่ายในรัศมี 0.8 กม.",
             alone);
    assert_non_null(strstr(doc, want));
    assert_int_equal(count(doc, ">ไม่มีโรงเรียนเครือข่ายในรัศมี 0.8 กม.</w:t>"), alone);
    free(doc);
    char *dump = tables_of(path);
    if (dump) {
        check_tables(&r, dump, false);
        free(dump);
    }
    qsmap_report_release(&r);
}

/* Indicator 10 from figures made by hand: two academic years. */
static void test_indicator10(void **state)
{
    fixture *f = *state;
    qsmap_i10_row rows[2] = {
        {.quality = f->r.catchment->v[0].quality,
         .c = {.network = 10, .joint = {2, 4}, .shared = {1, 1}, .reported = {8, 10}}},
        {.quality = f->r.catchment->v[f->r.catchment->n - 1].quality,
         .c = {.network = 9, .joint = {1, 1}, .shared = {2, 0}, .reported = {5, 9}}},
    };
    assert_int_not_equal(rows[0].quality, rows[1].quality);
    qsmap_indicator10 i10 = {.nyears = 2,
                             .years = {2565, 2566},
                             .nperiods = 2,
                             .total = {.network = 19, .joint = {3, 5}, .shared = {3, 1},
                                       .reported = {13, 19}},
                             .rows = rows,
                             .nrows = 2,
                             .has_status = true};
    const char *path = write_docx(&f->r, "i10.docx", &i10, false);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/i10", temp_dir());
    assert_int_equal(check_package(path, dir), 0);

    char *notes = member(path, "word/footnotes.xml");
    assert_non_null(strstr(notes, "<w:footnote w:type=\"separator\" w:id=\"-1\">"));
    assert_non_null(strstr(notes, "<w:footnote w:id=\"1\">"));
    assert_non_null(strstr(notes, "นับโรงเรียนเครือข่ายทุกแห่งที่อยู่ในรัศมี 5 กม. "
                                  "(ระยะทางจีโอเดสิก) ของโรงเรียนคุณภาพอย่างน้อยหนึ่งแห่ง"));
    free(notes);
    char *settings = member(path, "word/settings.xml");
    assert_non_null(strstr(settings, "<w:footnotePr><w:footnote w:id=\"-1\"/>"
                                     "<w:footnote w:id=\"0\"/></w:footnotePr>"));
    free(settings);
    char *doc = member(path, "word/document.xml");
    assert_non_null(strstr(doc, "<w:footnoteReference w:id=\"1\"/>"));
    assert_non_null(strstr(doc, "1) โรงเรียนเครือข่ายทั้งหมดจำนวน 19 โรงเรียน"));
    /* 5 + 1 of 19 in the later year */
    assert_non_null(strstr(doc, "จำนวน 6 โรงเรียน คิดเป็นร้อยละ 31.58"));
    assert_non_null(strstr(doc, "2.1) เรียนรวม จำนวน 5 โรงเรียน คิดเป็นร้อยละ 26.32"));
    assert_non_null(strstr(doc, "2.2) ใช้ทรัพยากรร่วมกัน จำนวน 1 โรงเรียน คิดเป็นร้อยละ 5.26"));
    assert_int_equal(count(doc, "เนื่องจาก"), 3);
    assert_int_equal(count(doc, "w:leader=\"dot\""), 6); /* two lines each */
    assert_null(strstr(doc, "ไม่ใช่เพราะไม่มีโรงเรียนเข้าร่วม"));
    free(doc);

    char *dump = tables_of(path);
    if (dump) {
        size_t n;
        /* 2), 2.1), 2.2): year against year */
        static const char *const CHANGE[3] = {"จำนวน (โรงเรียน)\t6\t6\t0",
                                              "จำนวน (โรงเรียน)\t3\t5\t+2",
                                              "จำนวน (โรงเรียน)\t3\t1\t−2"};
        for (size_t k = 0; k < 3; k++) {
            const char *t = table_at(dump, k, &n);
            assert_int_equal(n, 3);
            char *head = row_at(t, 0), *count_row = row_at(t, 1);
            assert_string_equal(head, "ปีการศึกษา\t2565\t2566\tเพิ่มขึ้น/ลดลง");
            assert_string_equal(count_row, CHANGE[k]);
            free(head);
            free(count_row);
        }
        const char *t = table_at(dump, 3, &n);
        assert_int_equal(n, 2 + 2 + 1); /* two header rows, the schools, the total */
        char *years = row_at(t, 1), *total = row_at(t, 4);
        assert_non_null(strstr(years, "2565\t2566\t2565\t2566"));
        assert_string_equal(total, "รวม (นับโรงเรียนละครั้ง)\t19\t3\t5\t3\t1");
        free(years);
        free(total);
        free(dump);
    }
    char *text = office_text(path, "i10.pdf");
    if (text) {
        assert_non_null(strstr(text, "31.58"));
        assert_non_null(strstr(text, "2566"));
        char *item = squeeze("1.3.2.1 เชิงปริมาณ");
        assert_non_null(strstr(text, item));
        free(item);
        free(text);
    }
}

/* The report's own figures from a table without a network_status column:
 * the document says that the zeros are by absence. */
static void test_indicator10_without_status(void **state)
{
    fixture *f = *state;
    qsmap_indicator10 *i10 = NULL;
    qsmap_error err = {0};
    assert_int_equal(qsmap_indicator10_new(&f->r, &i10, &err), QSMAP_OK);
    assert_false(i10->has_status);
    const char *path = write_docx(&f->r, "i10-none.docx", i10, false);
    char *doc = member(path, "word/document.xml");
    assert_non_null(strstr(doc, "ไม่ใช่เพราะไม่มีโรงเรียนเข้าร่วม"));
    assert_non_null(strstr(doc, QSMAP_SAMPLE_NOTE));
    char want[160];
    snprintf(want, sizeof want, "โรงเรียนเครือข่ายทั้งหมดจำนวน %u โรงเรียน", i10->total.network);
    assert_non_null(strstr(doc, want));
    free(doc);
    qsmap_indicator10_free(i10);
}

static void test_unwritable(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen("/dev/full", "wb");
    if (!fp) {
        print_message("SKIP: no /dev/full\n");
        return;
    }
    qsmap_render_opts opt = {0};
    qsmap_error err = {0};
    assert_int_equal(qsmap_render_docx(fp, &f->r, &opt, NULL, &err), QSMAP_E_IO);
    assert_non_null(strstr(err.msg, "cannot write the Word document"));
    fclose(fp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_district_report),
        cmocka_unit_test(test_thai_digits),
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_province_report),
        cmocka_unit_test(test_stand_alone),
        cmocka_unit_test(test_indicator10),
        cmocka_unit_test(test_indicator10_without_status),
        cmocka_unit_test(test_unwritable),
    };
    return cmocka_run_group_tests(tests, shipped_setup, shipped_teardown);
}
