/* test_schools.c — the school table: header aliases (English, EMIS, Thai),
 * encodings, roles and colours, and every error with its status and line. */
#include "support.h"

#include "qsmap/qsmap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define S(lit) lit, sizeof(lit) - 1

static qsmap_status parse_len(const char *csv, size_t len, qsmap_encoding enc,
                              qsmap_schools **out, qsmap_error *err)
{
    qsmap_schools_options opt = {.encoding = enc};
    memset(err, 0, sizeof *err);
    /* an exact-size heap copy, so the sanitizer catches reads past the end */
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, csv, len);
    qsmap_status st = qsmap_schools_parse(copy, len, "mem.csv", &opt, out, err);
    free(copy);
    if (st == QSMAP_OK)
        assert_non_null(*out);
    else
        assert_null(*out);
    return st;
}

static qsmap_status parse(const char *csv, qsmap_schools **out, qsmap_error *err)
{
    return parse_len(csv, strlen(csv), QSMAP_ENC_AUTO, out, err);
}

static qsmap_schools *parse_ok(const char *csv)
{
    qsmap_schools *s = NULL;
    qsmap_error err;
    if (parse(csv, &s, &err) != QSMAP_OK)
        fail_msg("parse failed: line %ld: %s", err.line, err.msg);
    return s;
}

/* Record-by-record equality, NaN area included. */
static void assert_same_schools(const qsmap_schools *a, const qsmap_schools *b)
{
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->has_area, b->has_area);
    assert_int_equal(a->has_students, b->has_students);
    assert_int_equal(a->has_teachers, b->has_teachers);
    assert_int_equal(a->has_role, b->has_role);
    for (size_t i = 0; i < a->n; i++) {
        const qsmap_school *x = &a->v[i], *y = &b->v[i];
        assert_string_equal(x->id, y->id);
        assert_string_equal(x->name, y->name);
        assert_true(x->lat == y->lat);
        assert_true(x->lon == y->lon);
        assert_int_equal(x->students, y->students);
        assert_int_equal(x->teachers, y->teachers);
        assert_true((isnan(x->area_rai) && isnan(y->area_rai)) || x->area_rai == y->area_rai);
        assert_int_equal(x->role, y->role);
        assert_int_equal(x->color, y->color);
        assert_string_equal(x->district, y->district);
        assert_string_equal(x->province, y->province);
        assert_string_equal(x->affiliation, y->affiliation);
        assert_int_equal(x->line, y->line);
    }
}

/* ---- One small table, written with several header vocabularies -------- */

enum { NCOL = 12, NROW = 6 };

static const struct {
    const char *en, *th, *emis;
} COLS[NCOL] = {
    {"school_id", "รหัสโรงเรียน", "school_id_10"},
    {"name_th", "ชื่อโรงเรียน", "name_th"},
    {"latitude", "ละติจูด", "latitude"},
    {"longitude", "ลองจิจูด", "longitude"},
    {"students", "จำนวนนักเรียน", "students_total"},
    {"teachers", "จำนวนครู", "teachers_total"},
    {"area_rai", "พื้นที่ (ไร่)", NULL},
    {"role", "บทบาท", NULL},
    {"quality_color", "สี", NULL},
    {"district", "อำเภอ", "district"},
    {"province", "จังหวัด", "province"},
    {"affiliation", "สังกัด", "affiliation"},
};

static const char *const ROWS[NROW][NCOL] = {
    {"1010720019", "โรงเรียนวัดชนะสงคราม", "13.762918", "100.495748", "182", "9", "11.7",
     "network", "", "พระนคร", "กรุงเทพมหานคร", "สพป.กรุงเทพมหานคร"},
    {"1010720007", "โรงเรียนอนุบาลวัดปรินายก", "13.761860", "100.501311", "142", "7", "22.3",
     "quality", "เขียว", "พระนคร", "กรุงเทพมหานคร", "สพป.กรุงเทพมหานคร"},
    {"1010720020", "โรงเรียนวัดชัยชนะสงคราม(วัดตึก)", "13.742352", "100.550260", "569", "23",
     "10.5", "quality", "ม่วง", "ปทุมวัน", "กรุงเทพมหานคร", "สพป.กรุงเทพมหานคร"},
    {"1057000001", "โรงเรียนบ้านนา, สาขาดอย", "19.9", "99.8", "0", "1", "0", "network", "",
     "เมืองเชียงราย", "เชียงราย", ""},
    {"1034000002", "โรงเรียน \"ทดสอบ\"", "15.2", "104.85", "1806", "62", "100", "quality",
     "แดง", "เมืองอุบลราชธานี", "อุบลราชธานี", "สพม.อุบลราชธานี"},
    {"1096000003", "โรงเรียนบ้านใต้", "6.2", "101.9", "45", "3", "3.25", "quality", "ฟ้า",
     "สุไหงโก-ลก", "นราธิวาส", "สพป.นราธิวาส เขต 2"},
};

enum { NAMES_EN, NAMES_TH, NAMES_EMIS };

static void put_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Columns in `order` (-1: an extra column qsmap must ignore), header names
 * from `names`; Thai tables also write roles in Thai. */
static char *build_table(int names, const int *order, size_t ncols, const char *eol)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    for (size_t k = 0; k < ncols; k++) {
        if (k)
            fputc(',', f);
        int c = order[k];
        put_field(f, c < 0 ? (names == NAMES_TH ? "หมายเหตุ" : "smis_code")
                           : names == NAMES_EN ? COLS[c].en
                           : names == NAMES_TH ? COLS[c].th
                                               : COLS[c].emis);
    }
    fputs(eol, f);
    for (size_t r = 0; r < NROW; r++) {
        for (size_t k = 0; k < ncols; k++) {
            if (k)
                fputc(',', f);
            int c = order[k];
            const char *v = c < 0 ? "x, y" : ROWS[r][c];
            if (names == NAMES_TH && c == 7)
                v = strcmp(v, "quality") == 0 ? "โรงเรียนคุณภาพ" : "เครือข่าย";
            put_field(f, v);
        }
        fputs(eol, f);
    }
    fclose(f);
    return buf;
}

static const int ALL[NCOL] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};

static qsmap_schools *parse_built(int names, const int *order, size_t ncols, const char *eol)
{
    char *t = build_table(names, order, ncols, eol);
    qsmap_schools *s = parse_ok(t);
    free(t);
    return s;
}

/* The English layout of the shipped table (extra columns ignored,
 * "subdistrict" not taken for "district"). */
static void test_schools_english_layout(void **state)
{
    (void)state;
    qsmap_schools *s = parse_ok(
        "school_id,smis_code,name_th,affiliation,level,province,district,subdistrict,"
        "adm2_pcode,latitude,longitude,students,teachers,area_rai,role,quality_color,"
        "position_source\n"
        "1010720019,10010001,โรงเรียนวัดชนะสงคราม,สพป.กรุงเทพมหานคร,อนุบาล-ประถมศึกษา,"
        "กรุงเทพมหานคร,พระนคร,ชนะสงคราม,TH1001,13.762918,100.495748,182,9,11.7,network,,"
        "synthetic-in-subdistrict\n"
        "1010720007,10010002,โรงเรียนอนุบาลวัดปรินายก,สพป.กรุงเทพมหานคร,อนุบาล-ประถมศึกษา,"
        "กรุงเทพมหานคร,พระนคร,บ้านพานถม,TH1001,13.761860,100.501311,142,7,22.3,quality,เขียว,"
        "synthetic-in-subdistrict\n"
        "1010720020,10010011,โรงเรียนวัดชัยชนะสงคราม(วัดตึก),สพป.กรุงเทพมหานคร,"
        "อนุบาล-ประถมศึกษา,กรุงเทพมหานคร,ปทุมวัน,,TH1007,13.742352,100.550260,569,23,10.5,"
        "quality,ม่วง,synthetic-in-province\n");
    assert_int_equal(s->n, 3);
    assert_true(s->has_area && s->has_students && s->has_teachers && s->has_role);
    const qsmap_school *a = &s->v[0], *b = &s->v[1], *c = &s->v[2];
    assert_string_equal(a->id, "1010720019");
    assert_string_equal(a->name, "โรงเรียนวัดชนะสงคราม");
    assert_true(a->lat == 13.762918 && a->lon == 100.495748);
    assert_int_equal(a->students, 182);
    assert_int_equal(a->teachers, 9);
    assert_true(a->area_rai == 11.7);
    assert_int_equal(a->role, QSMAP_ROLE_NETWORK);
    assert_int_equal(a->color, QSMAP_COLOR_NONE);
    assert_string_equal(a->district, "พระนคร");
    assert_string_equal(a->province, "กรุงเทพมหานคร");
    assert_string_equal(a->affiliation, "สพป.กรุงเทพมหานคร");
    assert_string_equal(a->adm2_pcode, "TH1001");
    assert_int_equal(a->line, 2);
    assert_int_equal(b->role, QSMAP_ROLE_QUALITY);
    assert_int_equal(b->color, QSMAP_COLOR_GREEN);
    assert_int_equal(b->line, 3);
    assert_string_equal(c->district, "ปทุมวัน");
    assert_int_equal(c->color, QSMAP_COLOR_PURPLE);
    assert_int_equal(c->students, 569);
    assert_int_equal(c->line, 4);
    qsmap_schools_free(s);
}

/* The generated English table: quoted names with commas and quotes survive. */
static void test_schools_generated_english(void **state)
{
    (void)state;
    qsmap_schools *s = parse_built(NAMES_EN, ALL, NCOL, "\n");
    assert_int_equal(s->n, NROW);
    assert_string_equal(s->v[3].name, "โรงเรียนบ้านนา, สาขาดอย");
    assert_string_equal(s->v[4].name, "โรงเรียน \"ทดสอบ\"");
    assert_string_equal(s->v[3].affiliation, "");
    assert_int_equal(s->v[3].students, 0);
    assert_true(s->v[3].area_rai == 0);
    assert_int_equal(s->v[4].color, QSMAP_COLOR_RED);
    assert_int_equal(s->v[5].color, QSMAP_COLOR_BLUE);
    assert_true(s->v[5].area_rai == 3.25);
    for (size_t i = 0; i < NROW; i++)
        assert_int_equal(s->v[i].line, i + 2);
    qsmap_schools_free(s);
}

/* Thai headers in any column order give the same records as English ones. */
static void test_schools_thai_headers_shuffled(void **state)
{
    (void)state;
    qsmap_schools *ref = parse_built(NAMES_EN, ALL, NCOL, "\n");
    static const int FIXED[][NCOL + 1] = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, -1},
        {-1, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0},
        {8, 3, -1, 0, 11, 6, 1, 9, 2, 7, 10, 4, 5},
        {3, 2, 1, 0, 7, 8, 6, 5, 4, -1, 11, 10, 9},
    };
    for (size_t p = 0; p < sizeof FIXED / sizeof FIXED[0]; p++) {
        qsmap_schools *th = parse_built(NAMES_TH, FIXED[p], NCOL + 1, "\n");
        assert_same_schools(ref, th);
        qsmap_schools_free(th);
        /* the English names in the same shuffled order agree too */
        qsmap_schools *en = parse_built(NAMES_EN, FIXED[p], NCOL + 1, "\n");
        assert_same_schools(ref, en);
        qsmap_schools_free(en);
    }
    /* and a few pseudo-random orders */
    uint64_t seed = 874;
    for (int k = 0; k < 20; k++) {
        int order[NCOL + 1];
        for (int i = 0; i <= NCOL; i++)
            order[i] = i == NCOL ? -1 : i;
        for (int i = NCOL; i > 0; i--) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            int j = (int)((seed >> 33) % (uint64_t)(i + 1));
            int t = order[i];
            order[i] = order[j], order[j] = t;
        }
        qsmap_schools *th = parse_built(NAMES_TH, order, NCOL + 1, "\n");
        assert_same_schools(ref, th);
        qsmap_schools_free(th);
    }
    qsmap_schools_free(ref);
}

/* OBEC EMIS names: school_id_10, students_total, teachers_total; no role,
 * area or colour, so every school is a network school. */
static void test_schools_emis_names(void **state)
{
    (void)state;
    static const int EMIS[] = {0, -1, 1, 9, 10, 11, 2, 3, 4, 5};
    size_t n = sizeof EMIS / sizeof EMIS[0];
    qsmap_schools *en = parse_built(NAMES_EN, EMIS, n, "\n");
    qsmap_schools *em = parse_built(NAMES_EMIS, EMIS, n, "\n");
    assert_same_schools(en, em);
    assert_false(em->has_role);
    assert_false(em->has_area);
    assert_true(em->has_students && em->has_teachers);
    for (size_t i = 0; i < em->n; i++) {
        assert_int_equal(em->v[i].role, QSMAP_ROLE_NETWORK);
        assert_int_equal(em->v[i].color, QSMAP_COLOR_NONE);
        assert_true(isnan(em->v[i].area_rai));
    }
    assert_int_equal(em->v[4].students, 1806);
    qsmap_schools_free(en);
    qsmap_schools_free(em);

    /* the sample's own header and rows, extra columns and all */
    qsmap_schools *s = parse_ok(
        "school_id_10,smis_id,obec_id,name_th,name_en,subdistrict,district,province,grades,"
        "affiliation,school_size,latitude,longitude,students_total,teachers_total,src_commit\n"
        "1010470302,47030208,540584,ทุ่งเจริญพัฒนา,thungcharoenpattana,หนองแปน,เจริญศิลป์,"
        "สกลนคร,อนุบาล-ประถมศึกษา,สพป. สกลนคร เขต 2,เล็ก,17.65835,103.455213,73,5,"
        "25528686113fb5f88c1092cd69b7128600639827\n"
        "1010720001,10010017,720001,พญาไท,PHYATHAI SCHOOL,ทุ่งพญาไท,เขตราชเทวี,กรุงเทพมหานคร,"
        "อนุบาล-ประถมศึกษา,สพป. กรุงเทพมหานคร,ใหญ่พิเศษ,13.759963632142204,100.52937724490948,"
        "1806,62,25528686113fb5f88c1092cd69b7128600639827\n");
    assert_int_equal(s->n, 2);
    assert_string_equal(s->v[1].id, "1010720001");
    assert_string_equal(s->v[1].name, "พญาไท");
    assert_string_equal(s->v[1].district, "เขตราชเทวี");
    assert_string_equal(s->v[1].province, "กรุงเทพมหานคร");
    assert_string_equal(s->v[1].affiliation, "สพป. กรุงเทพมหานคร");
    assert_true(s->v[1].lat == 13.759963632142204 && s->v[1].lon == 100.52937724490948);
    assert_int_equal(s->v[1].students, 1806);
    assert_int_equal(s->v[1].teachers, 62);
    assert_int_equal(s->v[0].students, 73);
    qsmap_schools_free(s);
}

/* Without count, area or optional text columns: missing values, never NULL. */
static void test_schools_minimal_columns(void **state)
{
    (void)state;
    qsmap_schools *s = parse_ok("school_id,name_th,latitude,longitude\n1,ก,13.7,100.5\n");
    assert_int_equal(s->n, 1);
    assert_false(s->has_students || s->has_teachers || s->has_area || s->has_role);
    assert_int_equal(s->v[0].students, QSMAP_MISSING_INT);
    assert_int_equal(s->v[0].teachers, QSMAP_MISSING_INT);
    assert_true(isnan(s->v[0].area_rai));
    assert_non_null(s->v[0].district);
    assert_string_equal(s->v[0].district, "");
    assert_string_equal(s->v[0].province, "");
    assert_string_equal(s->v[0].affiliation, "");
    assert_string_equal(s->v[0].adm2_pcode, "");
    qsmap_schools_free(s);
}

/* Blanks around values are trimmed; Excel's thousands separators accepted. */
static void test_schools_trim_and_thousands(void **state)
{
    (void)state;
    qsmap_schools *s = parse_ok("school_id , Name_TH ,LATITUDE,Longitude,Students\n"
                                " 42 , โรงเรียนบ้านนา ,  13.7 ,100.5\t,\"1,806\"\n");
    assert_string_equal(s->v[0].id, "42");
    assert_string_equal(s->v[0].name, "โรงเรียนบ้านนา");
    assert_true(s->v[0].lat == 13.7 && s->v[0].lon == 100.5);
    assert_int_equal(s->v[0].students, 1806);
    qsmap_schools_free(s);
    /* groups of three after the first: Excel's "#,##0" */
    s = parse_ok("school_id,name_th,latitude,longitude,students,teachers\n"
                 "1,ก,13.7,100.5,\"12,345,678\",0\n2,ข,-13.5,+100.25,999,\"1,000\"\n");
    assert_int_equal(s->v[0].students, 12345678);
    assert_int_equal(s->v[0].teachers, 0);
    assert_int_equal(s->v[1].students, 999);
    assert_int_equal(s->v[1].teachers, 1000);
    assert_true(s->v[1].lat == -13.5 && s->v[1].lon == 100.25);
    qsmap_schools_free(s);
}

/* ---- Encodings and line ends ------------------------------------------ */

static void test_schools_utf8_bom(void **state)
{
    (void)state;
    qsmap_schools *ref = parse_built(NAMES_EN, ALL, NCOL, "\n");
    for (int names = NAMES_EN; names <= NAMES_TH; names++) {
        char *t = build_table(names, ALL, NCOL, "\n");
        size_t len = strlen(t);
        char *b = malloc(len + 4);
        memcpy(b, "\xEF\xBB\xBF", 3);
        memcpy(b + 3, t, len + 1);
        for (qsmap_encoding e = QSMAP_ENC_AUTO; e <= QSMAP_ENC_UTF8; e++) {
            qsmap_schools *s = NULL;
            qsmap_error err;
            if (parse_len(b, len + 3, e, &s, &err) != QSMAP_OK)
                fail_msg("BOM table (names %d, enc %d): %s", names, (int)e, err.msg);
            assert_same_schools(ref, s);
            qsmap_schools_free(s);
        }
        free(b);
        free(t);
    }
    qsmap_schools_free(ref);
}

static void test_schools_crlf(void **state)
{
    (void)state;
    qsmap_schools *lf = parse_built(NAMES_EN, ALL, NCOL, "\n");
    qsmap_schools *crlf = parse_built(NAMES_EN, ALL, NCOL, "\r\n");
    qsmap_schools *cr = parse_built(NAMES_TH, ALL, NCOL, "\r");
    assert_same_schools(lf, crlf);
    assert_same_schools(lf, cr);
    /* no CR left at the end of the last column */
    assert_string_equal(crlf->v[0].affiliation, "สพป.กรุงเทพมหานคร");
    qsmap_schools_free(lf);
    qsmap_schools_free(crlf);
    qsmap_schools_free(cr);
}

/* A TIS-620/CP874 export, written byte by byte. */
static const char CP874_EN[] =
    "school_id,name_th,latitude,longitude,students,teachers,role,quality_color\r\n"
    /* โรงเรียนวัดชนะสงคราม */
    "1010720019,\xE2\xC3\xA7\xE0\xC3\xD5\xC2\xB9\xC7\xD1\xB4\xAA\xB9\xD0\xCA\xA7\xA4\xC3\xD2\xC1"
    ",13.762918,100.495748,182,9,network,\r\n"
    /* โรงเรียนอนุบาลวัดปรินายก, คุณภาพ, เขียว */
    "1010720007,\xE2\xC3\xA7\xE0\xC3\xD5\xC2\xB9\xCD\xB9\xD8\xBA\xD2\xC5\xC7\xD1\xB4\xBB\xC3\xD4"
    "\xB9\xD2\xC2\xA1,13.761860,100.501311,142,7,\xA4\xD8\xB3\xC0\xD2\xBE,\xE0\xA2\xD5\xC2\xC7\r\n"
    /* โรงเรียน–ทดสอบ (0x96 en dash), เครือข่าย */
    "1010720099,\xE2\xC3\xA7\xE0\xC3\xD5\xC2\xB9\x96\xB7\xB4\xCA\xCD\xBA,14,100,1,1,"
    "\xE0\xA4\xC3\xD7\xCD\xA2\xE8\xD2\xC2,\r\n";

static const char UTF8_EN[] =
    "school_id,name_th,latitude,longitude,students,teachers,role,quality_color\r\n"
    "1010720019,โรงเรียนวัดชนะสงคราม,13.762918,100.495748,182,9,network,\r\n"
    "1010720007,โรงเรียนอนุบาลวัดปรินายก,13.761860,100.501311,142,7,คุณภาพ,เขียว\r\n"
    "1010720099,โรงเรียน–ทดสอบ,14,100,1,1,เครือข่าย,\r\n";

/* Thai headers too: รหัสโรงเรียน, ชื่อโรงเรียน, ละติจูด, ลองจิจูด. */
static const char CP874_TH[] =
    "\xC3\xCB\xD1\xCA\xE2\xC3\xA7\xE0\xC3\xD5\xC2\xB9,\xAA\xD7\xE8\xCD\xE2\xC3\xA7\xE0\xC3\xD5"
    "\xC2\xB9,\xC5\xD0\xB5\xD4\xA8\xD9\xB4,\xC5\xCD\xA7\xA8\xD4\xA8\xD9\xB4\n"
    "1010720019,\xE2\xC3\xA7\xE0\xC3\xD5\xC2\xB9\xC7\xD1\xB4\xAA\xB9\xD0\xCA\xA7\xA4\xC3\xD2\xC1"
    ",13.762918,100.495748\n";

static const char UTF8_TH[] = "รหัสโรงเรียน,ชื่อโรงเรียน,ละติจูด,ลองจิจูด\n"
                              "1010720019,โรงเรียนวัดชนะสงคราม,13.762918,100.495748\n";

static void test_schools_cp874(void **state)
{
    (void)state;
    static const struct {
        const char *cp, *utf8;
        size_t cplen;
    } T[] = {{CP874_EN, UTF8_EN, sizeof CP874_EN - 1}, {CP874_TH, UTF8_TH, sizeof CP874_TH - 1}};
    for (size_t i = 0; i < 2; i++) {
        qsmap_schools *ref = parse_ok(T[i].utf8);
        const qsmap_encoding encs[] = {QSMAP_ENC_AUTO, QSMAP_ENC_CP874};
        for (size_t e = 0; e < 2; e++) {
            qsmap_schools *s = NULL;
            qsmap_error err;
            if (parse_len(T[i].cp, T[i].cplen, encs[e], &s, &err) != QSMAP_OK)
                fail_msg("table %zu enc %d: line %ld: %s", i, (int)encs[e], err.line, err.msg);
            assert_same_schools(ref, s);
            qsmap_schools_free(s);
        }
        qsmap_schools_free(ref);
    }
    qsmap_schools *s = NULL;
    qsmap_error err;
    assert_int_equal(parse_len(S(CP874_EN), QSMAP_ENC_CP874, &s, &err), QSMAP_OK);
    assert_string_equal(s->v[1].name, "โรงเรียนอนุบาลวัดปรินายก");
    assert_int_equal(s->v[1].role, QSMAP_ROLE_QUALITY);
    assert_int_equal(s->v[1].color, QSMAP_COLOR_GREEN);
    assert_string_equal(s->v[2].name, "โรงเรียน–ทดสอบ");
    qsmap_schools_free(s);
}

/* CP874 bytes read as UTF-8 on request: refused, on the line they are on. */
static void test_schools_cp874_read_as_utf8(void **state)
{
    (void)state;
    qsmap_schools *s = NULL;
    qsmap_error err;
    assert_int_equal(parse_len(S(CP874_EN), QSMAP_ENC_UTF8, &s, &err), QSMAP_E_ENCODING);
    assert_int_equal(err.line, 2);
    assert_string_equal(err.file, "mem.csv");
    assert_non_null(strstr(err.msg, "0xE2"));
    assert_non_null(strstr(err.msg, "cp874"));
}

/* A byte CP874 leaves undefined: not text, reported on its line. */
static void test_schools_cp874_undefined_byte(void **state)
{
    (void)state;
    qsmap_schools *s = NULL;
    qsmap_error err;
    static const char T[] = "school_id,name_th,latitude,longitude\n"
                            "1,\xC3\xD2,13,100\n"
                            "2,\xC3\xDB,13,100\n";
    assert_int_equal(parse_len(S(T), QSMAP_ENC_AUTO, &s, &err), QSMAP_E_ENCODING);
    assert_int_equal(err.line, 3);
    assert_non_null(strstr(err.msg, "0xDB"));
    assert_int_equal(parse_len(S(T), QSMAP_ENC_CP874, &s, &err), QSMAP_E_ENCODING);
    assert_int_equal(err.line, 3);
}

/* Regression: error lines counted only LF, so in a lone-CR file (old Mac
 * Excel) an encoding error or NUL byte was always reported on line 1. */
static void test_regression_error_line_in_lone_cr_file(void **state)
{
    (void)state;
    qsmap_schools *s = NULL;
    qsmap_error err;
    static const char BAD_BYTE[] = "school_id,name_th,latitude,longitude\r"
                                   "1,\xC3\xD2,13,100\r"
                                   "2,\xC3\xDB,13,100\r";
    assert_int_equal(parse_len(S(BAD_BYTE), QSMAP_ENC_AUTO, &s, &err), QSMAP_E_ENCODING);
    assert_int_equal(err.line, 3);
    static const char NUL[] = "school_id,name_th,latitude,longitude\r\n"
                              "1,a,13,100\r"
                              "2,a\0b,13,100\r\n";
    assert_int_equal(parse_len(S(NUL), QSMAP_ENC_AUTO, &s, &err), QSMAP_E_FORMAT);
    assert_int_equal(err.line, 3);
    /* and the tokenizer agrees with them on a good row of the same file */
    qsmap_schools *ok = parse_ok("school_id,name_th,latitude,longitude\r"
                                 "1,\"a\rb\",13,100\r\n"
                                 "2,c,13,100\r");
    assert_int_equal(ok->v[1].line, 4);
    qsmap_schools_free(ok);
}

/* ---- Roles and colours ------------------------------------------------- */

static void parse_role_color(const char *role, const char *color, qsmap_schools **s,
                             qsmap_status *st, qsmap_error *err)
{
    char buf[512];
    snprintf(buf, sizeof buf,
             "school_id,name_th,latitude,longitude,role,quality_color\n"
             "1,ก,13.7,100.5,\"%s\",\"%s\"\n",
             role, color);
    *st = parse(buf, s, err);
}

static void test_schools_roles(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        qsmap_role role;
    } R[] = {
        {"quality", QSMAP_ROLE_QUALITY},       {"Quality", QSMAP_ROLE_QUALITY},
        {"QUALITY", QSMAP_ROLE_QUALITY},       {" quality ", QSMAP_ROLE_QUALITY},
        {"network", QSMAP_ROLE_NETWORK},       {"Network", QSMAP_ROLE_NETWORK},
        {"คุณภาพ", QSMAP_ROLE_QUALITY},         {"โรงเรียนคุณภาพ", QSMAP_ROLE_QUALITY},
        {"โรงเรียน คุณภาพ", QSMAP_ROLE_QUALITY}, {"หลัก", QSMAP_ROLE_QUALITY},
        {"โรงเรียนหลัก", QSMAP_ROLE_QUALITY},     {"เครือข่าย", QSMAP_ROLE_NETWORK},
        {"โรงเรียนเครือข่าย", QSMAP_ROLE_NETWORK}, {"โรงเรียน เครือข่าย", QSMAP_ROLE_NETWORK},
    };
    for (size_t i = 0; i < sizeof R / sizeof R[0]; i++) {
        qsmap_schools *s;
        qsmap_status st;
        qsmap_error err;
        parse_role_color(R[i].s, "", &s, &st, &err);
        if (st != QSMAP_OK)
            fail_msg("role '%s' refused: %s", R[i].s, err.msg);
        assert_int_equal(s->v[0].role, R[i].role);
        assert_true(s->has_role);
        qsmap_schools_free(s);
    }
}

static void test_schools_unknown_role(void **state)
{
    (void)state;
    static const char *const BAD[] = {"main", "qualityx", "คุณภาพดี", "school", "1"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        qsmap_schools *s;
        qsmap_status st;
        qsmap_error err;
        parse_role_color(BAD[i], "", &s, &st, &err);
        assert_int_equal(st, QSMAP_E_VALUE);
        assert_int_equal(err.line, 2);
        assert_non_null(strstr(err.msg, BAD[i]));
        assert_non_null(strstr(err.msg, "role"));
        assert_non_null(strstr(err.msg, "column 5"));
    }
}

static void test_schools_colors(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        qsmap_color c;
    } C[] = {
        {"แดง", QSMAP_COLOR_RED},     {"เหลือง", QSMAP_COLOR_YELLOW}, {"เขียว", QSMAP_COLOR_GREEN},
        {"ฟ้า", QSMAP_COLOR_BLUE},     {"ม่วง", QSMAP_COLOR_PURPLE},  {"สีแดง", QSMAP_COLOR_RED},
        {"สี ฟ้า", QSMAP_COLOR_BLUE},  {" เขียว ", QSMAP_COLOR_GREEN}, {"red", QSMAP_COLOR_RED},
        {"Red", QSMAP_COLOR_RED},     {"YELLOW", QSMAP_COLOR_YELLOW}, {"green", QSMAP_COLOR_GREEN},
        {"blue", QSMAP_COLOR_BLUE},   {"light blue", QSMAP_COLOR_BLUE},
        {"Light_Blue", QSMAP_COLOR_BLUE}, {"purple", QSMAP_COLOR_PURPLE},
        {"", QSMAP_COLOR_NONE},
    };
    for (size_t i = 0; i < sizeof C / sizeof C[0]; i++) {
        qsmap_schools *s;
        qsmap_status st;
        qsmap_error err;
        parse_role_color("quality", C[i].s, &s, &st, &err);
        if (st != QSMAP_OK)
            fail_msg("colour '%s' refused: %s", C[i].s, err.msg);
        if (s->v[0].color != C[i].c)
            fail_msg("colour '%s' gave %d, want %d", C[i].s, s->v[0].color, C[i].c);
        qsmap_schools_free(s);
        /* a network school carries no colour */
        parse_role_color("network", C[i].s, &s, &st, &err);
        assert_int_equal(st, QSMAP_OK);
        assert_int_equal(s->v[0].color, QSMAP_COLOR_NONE);
        qsmap_schools_free(s);
    }
    /* the Thai names round-trip */
    for (int c = QSMAP_COLOR_RED; c < QSMAP_COLOR_COUNT; c++) {
        qsmap_schools *s;
        qsmap_status st;
        qsmap_error err;
        parse_role_color("quality", qsmap_color_name_th((qsmap_color)c), &s, &st, &err);
        assert_int_equal(st, QSMAP_OK);
        assert_int_equal(s->v[0].color, c);
        qsmap_schools_free(s);
    }
    assert_string_equal(qsmap_color_name_th(QSMAP_COLOR_NONE), "");
    assert_string_equal(qsmap_color_name_th(QSMAP_COLOR_COUNT), "");
    assert_string_equal(qsmap_color_name_th((qsmap_color)-1), "");
}

static void test_schools_unknown_color(void **state)
{
    (void)state;
    static const char *const BAD[] = {"ส้ม", "orange", "pink", "แดงเข้ม", "สี"};
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        qsmap_schools *s;
        qsmap_status st;
        qsmap_error err;
        parse_role_color("quality", BAD[i], &s, &st, &err);
        if (st != QSMAP_E_VALUE)
            fail_msg("colour '%s': status %d", BAD[i], st);
        assert_int_equal(err.line, 2);
        assert_non_null(strstr(err.msg, BAD[i]));
        assert_non_null(strstr(err.msg, "เหลือง"));
    }
}

/* ---- Errors ------------------------------------------------------------ */

#define HDR "school_id,name_th,latitude,longitude,students,teachers,area_rai\n"
#define OK2 "1,ก,13.7,100.5,10,1,5\n"

static const struct {
    const char *csv;
    qsmap_status st;
    long line;
    const char *part1, *part2;
    const char *what;
} ERRORS[] = {
    {HDR OK2 "2,ข,13.7x,100.5,10,1,5\n", QSMAP_E_VALUE, 3, "latitude '13.7x'", "column 3",
     "non-numeric latitude"},
    {HDR "2,ข,,100.5,10,1,5\n", QSMAP_E_VALUE, 2, "latitude ''", "not a number",
     "empty latitude"},
    {HDR "2,ข,\"13,7\",100.5,10,1,5\n", QSMAP_E_VALUE, 2, "latitude '13,7'", "not a number",
     "decimal comma latitude"},
    {HDR "2,ข,13.7,east,10,1,5\n", QSMAP_E_VALUE, 2, "longitude 'east'", "column 4",
     "non-numeric longitude"},
    {HDR "2,ข,nan,100.5,10,1,5\n", QSMAP_E_VALUE, 2, "latitude 'nan'", "not a number",
     "NaN latitude"},
    {HDR OK2 "3,ค,13.7,100.5,,1,5\n", QSMAP_E_VALUE, 3, "students ''", "column 5",
     "empty students"},
    {HDR "2,ข,13.7,100.5,12.5,1,5\n", QSMAP_E_VALUE, 2, "students '12.5'", "whole number",
     "fractional students"},
    {HDR "2,ข,13.7,100.5,-3,1,5\n", QSMAP_E_VALUE, 2, "students '-3'", "whole number",
     "negative students"},
    {HDR "2,ข,13.7,100.5,3,many,5\n", QSMAP_E_VALUE, 2, "teachers 'many'", "column 6",
     "non-numeric teachers"},
    {HDR "2,ข,13.7,100.5,3,1,-1\n", QSMAP_E_VALUE, 2, "area_rai '-1'", "column 7",
     "negative area"},
    {HDR "2,ข,91,100.5,3,1,5\n", QSMAP_E_VALUE, 2, "out of range", "91",
     "latitude beyond 90"},
    {HDR "2,ข,13.7,180.5,3,1,5\n", QSMAP_E_VALUE, 2, "out of range", "180.5",
     "longitude beyond 180"},
    {HDR "2,ข,-95,200,3,1,5\n", QSMAP_E_VALUE, 2, "out of range", "-90..90",
     "both out of range"},
    {HDR ",ข,13.7,100.5,3,1,5\n", QSMAP_E_VALUE, 2, "empty school_id", "", "empty id"},
    {HDR "2, ,13.7,100.5,3,1,5\n", QSMAP_E_VALUE, 2, "empty name_th", "2", "empty name"},
    {HDR OK2 "2,โรงเรียนบ้านนา, สาขา,13.7,100.5,3,1,5\n", QSMAP_E_FORMAT, 3,
     "8 fields where the header has 7", "quote", "unquoted comma in a name"},
    {HDR "2,ข,13.7\n", QSMAP_E_FORMAT, 2, "3 fields where the header has 7", "",
     "too few fields"},
    {HDR "2,\"ชื่อ\nสองบรรทัด\",13.7,100.5,3,1,5\n3,ค,13.7,100.5,3,1\n", QSMAP_E_FORMAT, 4,
     "6 fields", "", "line after a multi-line name"},
    {HDR OK2 "2,\"open,13.7,100.5,3,1,5\n3,ค,13.7,100.5,3,1,5\n", QSMAP_E_FORMAT, 3,
     "never closes", "", "unclosed quote"},
    {HDR "2,\"ข\"x,13.7,100.5,3,1,5\n", QSMAP_E_FORMAT, 2, "closing quote", "field 2",
     "text after a closing quote"},
    /* numbers strtod takes that a school table should not hold */
    {HDR "2,ข,0xE.9,100.5,3,1,5\n", QSMAP_E_VALUE, 2, "latitude '0xE.9'", "not a number",
     "hexadecimal latitude"},
    {HDR "2,ข,13.7,1.005e2,3,1,5\n", QSMAP_E_VALUE, 2, "longitude '1.005e2'", "column 4",
     "longitude with an exponent"},
    {HDR "2,ข,13.7,100.5,3,1,1E1\n", QSMAP_E_VALUE, 2, "area_rai '1E1'", "column 7",
     "area with an exponent"},
    {HDR "2,ข,13.7,100.5,3,1,infinity\n", QSMAP_E_VALUE, 2, "area_rai 'infinity'", "column 7",
     "infinite area"},
    {HDR "2,ข,13.7,100.5,1e3,1,5\n", QSMAP_E_VALUE, 2, "students '1e3'", "whole number",
     "students with an exponent"},
    {HDR "2,ข,13.7,100.5,3,12.0,5\n", QSMAP_E_VALUE, 2, "teachers '12.0'", "column 6",
     "teachers with a decimal point"},
    {HDR "2,ข,13.7,100.5,0x10,1,5\n", QSMAP_E_VALUE, 2, "students '0x10'", "whole number",
     "hexadecimal students"},
    {HDR "2,ข,13.7,100.5,+3,1,5\n", QSMAP_E_VALUE, 2, "students '+3'", "whole number",
     "students with a sign"},
    {HDR "2,ข,13.7,100.5,\"18,06\",1,5\n", QSMAP_E_VALUE, 2, "students '18,06'",
     "whole number", "thousands separator in the wrong place"},
    {HDR "2,ข,13.7,100.5,\",806\",1,5\n", QSMAP_E_VALUE, 2, "students ',806'",
     "whole number", "leading thousands separator"},
    {HDR "2,ข,13.7,100.5,\"1,806,\",1,5\n", QSMAP_E_VALUE, 2, "students '1,806,'",
     "whole number", "trailing thousands separator"},
    {HDR "2,ข,13.7,100.5,2000000000,1,5\n", QSMAP_E_VALUE, 2, "students '2000000000'",
     "whole number", "students beyond a billion"},
};

static void test_schools_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ERRORS / sizeof ERRORS[0]; i++) {
        qsmap_schools *s = NULL;
        qsmap_error err;
        qsmap_status st = parse(ERRORS[i].csv, &s, &err);
        if (st != ERRORS[i].st || err.status != st || err.line != ERRORS[i].line ||
            strcmp(err.file, "mem.csv") != 0 || !strstr(err.msg, ERRORS[i].part1) ||
            !strstr(err.msg, ERRORS[i].part2))
            fail_msg("case %zu (%s): got status %d, %s:%ld: %s", i, ERRORS[i].what, st,
                     err.file, err.line, err.msg);
    }
}

/* The message names the missing column and lists the columns found. */
static void test_schools_missing_column(void **state)
{
    (void)state;
    static const struct {
        const char *csv, *col, *found;
    } M[] = {
        {"id_no,name_th,latitude,longitude\n1,ก,13,100\n", "'school_id'",
         "found: id_no, name_th, latitude, longitude"},
        {"school_id,ชื่อ,latitude,longitude\n1,ก,13,100\n", "'name_th'",
         "found: school_id, ชื่อ, latitude, longitude"},
        {"school_id,name_th,lat_deg,longitude\n1,ก,13,100\n", "'latitude'",
         "found: school_id, name_th, lat_deg, longitude"},
        {"school_id,name_th,latitude\n1,ก,13\n", "'longitude'",
         "found: school_id, name_th, latitude"},
        {"\n\nschool_id;name_th;y;x\n1;ก;13;100\n", "'latitude'",
         "found: school_id, name_th, y, x"},
    };
    for (size_t i = 0; i < sizeof M / sizeof M[0]; i++) {
        qsmap_schools *s = NULL;
        qsmap_error err;
        assert_int_equal(parse(M[i].csv, &s, &err), QSMAP_E_COLUMN);
        assert_int_equal(err.status, QSMAP_E_COLUMN);
        assert_int_equal(err.line, i == 4 ? 3 : 1);
        if (!strstr(err.msg, M[i].col) || !strstr(err.msg, M[i].found))
            fail_msg("case %zu: '%s' lacks %s / %s", i, err.msg, M[i].col, M[i].found);
    }
    /* a very wide header is listed without overflowing the message */
    char wide[4096];
    size_t n = 0;
    for (int i = 0; i < 200; i++)
        n += (size_t)snprintf(wide + n, sizeof wide - n, "%scolumn_%03d", i ? "," : "", i);
    snprintf(wide + n, sizeof wide - n, "\n");
    qsmap_schools *s = NULL;
    qsmap_error err;
    assert_int_equal(parse(wide, &s, &err), QSMAP_E_COLUMN);
    assert_non_null(strstr(err.msg, "found: column_000, column_001"));
    assert_true(strlen(err.msg) < sizeof err.msg);
}

/* Thai schools typed longitude first: refused, with the word "swapped". */
static void test_schools_swapped_coordinates(void **state)
{
    (void)state;
    qsmap_schools *s = NULL;
    qsmap_error err;
    assert_int_equal(parse("school_id,name_th,latitude,longitude\n"
                           "1010720019,โรงเรียนวัดชนะสงคราม,100.495748,13.762918\n"
                           "1010720007,โรงเรียนอนุบาลวัดปรินายก,100.501311,13.761860\n"
                           "1057000001,โรงเรียนบ้านนา,99.8,19.9\n",
                           &s, &err),
                     QSMAP_E_VALUE);
    assert_int_equal(err.line, 2);
    assert_non_null(strstr(err.msg, "swapped"));
    assert_non_null(strstr(err.msg, "100.495748"));
}

static void test_schools_duplicate_id(void **state)
{
    (void)state;
    qsmap_schools *s = NULL;
    qsmap_error err;
    assert_int_equal(parse("school_id,name_th,latitude,longitude\n"
                           "1010720019,ก,13.7,100.5\n"
                           "1010720007,\"ข\nค\",13.7,100.5\n"
                           "1010720020,ง,13.7,100.5\n"
                           "1010720007,จ,13.7,100.5\n",
                           &s, &err),
                     QSMAP_E_DUPLICATE);
    assert_int_equal(err.line, 6);
    assert_non_null(strstr(err.msg, "1010720007"));
    assert_non_null(strstr(err.msg, "lines 3 and 6"));

    /* over a few thousand rows, ids trimmed before comparing */
    enum { N = 3000 };
    char *buf = malloc(N * 40 + 64);
    size_t n = (size_t)sprintf(buf, "school_id,name_th,latitude,longitude\n");
    for (int i = 0; i < N; i++)
        n += (size_t)sprintf(buf + n, "%d,n%d,13.7,100.5\n", 100000 + i, i);
    assert_int_equal(parse(buf, &s, &err), QSMAP_OK);
    assert_int_equal(s->n, N);
    qsmap_schools_free(s);
    n += (size_t)sprintf(buf + n, " %d ,again,13.7,100.5\n", 100000 + 1234);
    assert_int_equal(parse(buf, &s, &err), QSMAP_E_DUPLICATE);
    assert_int_equal(err.line, N + 2);
    assert_non_null(strstr(err.msg, "lines 1236 and 3002"));
    free(buf);
}

static void test_schools_nul_byte(void **state)
{
    (void)state;
    static const char T[] = "school_id,name_th,latitude,longitude\n1,ก,13,100\n2,a\0b,13,100\n";
    qsmap_schools *s = NULL;
    qsmap_error err;
    for (qsmap_encoding e = QSMAP_ENC_AUTO; e <= QSMAP_ENC_CP874; e++) {
        assert_int_equal(parse_len(S(T), e, &s, &err), QSMAP_E_FORMAT);
        assert_int_equal(err.line, 3);
        assert_non_null(strstr(err.msg, "NUL"));
    }
    /* a UTF-16 file is the usual source of NULs */
    static const char U16[] = "\xFF\xFEs\0c\0h\0";
    assert_int_equal(parse_len(S(U16), QSMAP_ENC_AUTO, &s, &err), QSMAP_E_ENCODING);
    assert_non_null(strstr(err.msg, "UTF-16 text: save it as CSV UTF-8"));
}

static void test_schools_empty(void **state)
{
    (void)state;
    static const struct {
        const char *csv;
        size_t len;
    } E[] = {
        {S("school_id,name_th,latitude,longitude\n")},
        {S("school_id,name_th,latitude,longitude")},
        {S("school_id,name_th,latitude,longitude\r\n\r\n\r\n")},
        {S("\xEF\xBB\xBFschool_id,name_th,latitude,longitude\n \n")},
        {S("")},
        {S("\n\n\n")},
        {S("\xEF\xBB\xBF")},
    };
    for (size_t i = 0; i < sizeof E / sizeof E[0]; i++) {
        qsmap_schools *s = NULL;
        qsmap_error err;
        qsmap_status st = parse_len(E[i].csv, E[i].len, QSMAP_ENC_AUTO, &s, &err);
        if (st != QSMAP_E_EMPTY || err.status != QSMAP_E_EMPTY)
            fail_msg("case %zu: status %d: %s", i, st, err.msg);
    }
}

/* ---- Files ------------------------------------------------------------- */

static void test_schools_load_edge_file(void **state)
{
    (void)state;
    qsmap_schools *s = NULL;
    qsmap_error err = {0};
    if (qsmap_schools_load(test_data("edge_schools.csv"), NULL, &s, &err) != QSMAP_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    size_t quality = 0, network = 0;
    for (size_t i = 0; i < s->n; i++)
        *(s->v[i].role == QSMAP_ROLE_QUALITY ? &quality : &network) += 1;
    assert_int_equal(quality, 3);
    assert_int_equal(network, 63);
    assert_string_equal(s->v[0].id, "9000000001");
    assert_int_equal(s->v[0].color, QSMAP_COLOR_GREEN);
    assert_true(s->v[0].area_rai == 30.5);
    assert_non_null(strstr(s->path, "edge_schools.csv"));
    qsmap_schools_free(s);
}

static void test_schools_load_missing_file(void **state)
{
    (void)state;
    qsmap_schools *s = (qsmap_schools *)1;
    qsmap_error err = {0};
    assert_int_equal(qsmap_schools_load(test_data("no_such_file.csv"), NULL, &s, &err),
                     QSMAP_E_IO);
    assert_null(s);
}

/* A table loaded from a file equals the same bytes parsed in memory. */
static void test_schools_load_equals_parse(void **state)
{
    (void)state;
    char *t = build_table(NAMES_TH, ALL, NCOL, "\r\n");
    const char *path = write_temp("thai.csv", t, strlen(t));
    qsmap_schools *a = parse_ok(t), *b = NULL;
    qsmap_error err;
    assert_int_equal(qsmap_schools_load(path, NULL, &b, &err), QSMAP_OK);
    assert_same_schools(a, b);
    qsmap_schools_free(a);
    qsmap_schools_free(b);
    free(t);
}

static void test_schools_emis_sample_shared(void **state)
{
    (void)state;
    const char *path = shared_data("schools/emis_sample_2022.csv");
    if (!path) {
        skip();
        return;
    }
    qsmap_schools *s = NULL;
    qsmap_error err = {0};
    if (qsmap_schools_load(path, NULL, &s, &err) != QSMAP_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    assert_int_equal(s->n, 51);
    assert_false(s->has_role);
    assert_false(s->has_area);
    assert_true(s->has_students && s->has_teachers);
    int found = 0;
    for (size_t i = 0; i < s->n; i++) {
        assert_int_equal(s->v[i].role, QSMAP_ROLE_NETWORK);
        assert_true(s->v[i].students >= 0 && s->v[i].teachers >= 0);
        assert_true(s->v[i].lat > 5 && s->v[i].lat < 21);
        assert_true(s->v[i].lon > 97 && s->v[i].lon < 106);
        if (strcmp(s->v[i].id, "1010720001") == 0) {
            found = 1;
            assert_string_equal(s->v[i].name, "พญาไท");
            assert_int_equal(s->v[i].students, 1806);
            assert_int_equal(s->v[i].teachers, 62);
            assert_int_equal(s->v[i].line, 3);
        }
    }
    assert_true(found);
    qsmap_schools_free(s);
}

static void test_schools_th_shared(void **state)
{
    (void)state;
    const char *path = shared_data("schools/schools_th.csv");
    if (!path) {
        skip();
        return;
    }
    qsmap_schools *s = NULL;
    qsmap_error err = {0};
    if (qsmap_schools_load(path, NULL, &s, &err) != QSMAP_OK)
        fail_msg("%s:%ld: %s", err.file, err.line, err.msg);
    assert_int_equal(s->n, 29579);
    size_t quality = 0, colors[QSMAP_COLOR_COUNT] = {0};
    for (size_t i = 0; i < s->n; i++) {
        quality += s->v[i].role == QSMAP_ROLE_QUALITY;
        colors[s->v[i].color]++;
    }
    assert_int_equal(quality, 1223);
    assert_int_equal(colors[QSMAP_COLOR_RED], 79);
    assert_int_equal(colors[QSMAP_COLOR_YELLOW], 198);
    assert_int_equal(colors[QSMAP_COLOR_GREEN], 481);
    assert_int_equal(colors[QSMAP_COLOR_BLUE], 290);
    assert_int_equal(colors[QSMAP_COLOR_PURPLE], 175);
    qsmap_schools_free(s);
}

/* A table over 1 MB is parsed in two halves side by side (schools.c). The
 * halves must give what one pass gives: every row, file line numbers, and
 * the first error by its line in the file. `kind` varies the table: 0 plain,
 * 1 every name a quoted two-line cell (the split must skip the line breaks
 * inside quotes), 2 the same with a stray quote early, which would fool a
 * count of quotes (regression: the halves then disagreed on where records
 * start; now such a table is parsed in one pass), 3 a bad latitude three
 * quarters in. */
static char *big_table(int kind, size_t rows, size_t *len, size_t *bad_line)
{
    size_t cap = rows * 160 + 200, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    n += (size_t)sprintf(buf, "school_id,name_th,latitude,longitude,students,role,note\n");
    size_t line = 2;
    for (size_t k = 0; k < rows; k++) {
        const char *lat = kind == 3 && k == rows * 3 / 4 ? "abc" : "14.589612";
        if (kind == 3 && k == rows * 3 / 4)
            *bad_line = line;
        const char *note = kind == 2 && k == 10 ? "5\"" : "ปกติ";
        if (kind == 1 || kind == 2)
            n += (size_t)sprintf(buf + n, "%zu,\"โรงเรียนทดสอบ %zu\nหมู่ 2\",%s,100.45,%zu,%s,%s\n",
                                 1000000 + k, k, lat, k % 500, k % 40 ? "network" : "quality", note);
        else
            n += (size_t)sprintf(buf + n, "%zu,โรงเรียนทดสอบ %zu,%s,100.45,%zu,%s,%s\n", 1000000 + k,
                                 k, lat, k % 500, k % 40 ? "network" : "quality", note);
        line += kind == 1 || kind == 2 ? 2 : 1;
        assert_true(n + 200 < cap);
    }
    *len = n;
    return buf;
}

static void test_regression_big_table_in_two_halves(void **state)
{
    (void)state;
    const size_t rows = 16000; /* ~1.3 MB and more */
    for (int kind = 0; kind < 4; kind++) {
        size_t len, bad_line = 0;
        char *csv = big_table(kind, rows, &len, &bad_line);
        assert_true(len > (1u << 20));
        qsmap_schools *s = NULL;
        qsmap_error err;
        qsmap_status st = parse_len(csv, len, QSMAP_ENC_AUTO, &s, &err);
        if (st && kind != 3)
            fail_msg("kind %d: %s:%ld: %s", kind, err.file, err.line, err.msg);
        if (kind == 3) {
            assert_int_equal(st, QSMAP_E_VALUE);
            assert_int_equal(err.line, (long)bad_line);
            assert_non_null(strstr(err.msg, "'abc'"));
        } else {
            assert_int_equal(st, QSMAP_OK);
            assert_int_equal(s->n, rows);
            size_t step = kind == 0 ? 1 : 2;
            for (size_t k = 0; k < rows; k++) {
                char want[64];
                snprintf(want, sizeof want, "%zu", 1000000 + k);
                assert_string_equal(s->v[k].id, want);
                assert_int_equal(s->v[k].line, 2 + k * step);
                assert_int_equal(s->v[k].students, (int32_t)(k % 500));
            }
            assert_non_null(strstr(s->v[rows - 1].name, "15999"));
            qsmap_schools_free(s);
        }
        free(csv);
    }
}

/* The UTF-8 check also splits a large buffer in two: an invalid byte at,
 * just before or just after the split, or a sequence cut by it, is found
 * at its own offset. */
static void test_utf8_check_of_a_large_buffer(void **state)
{
    (void)state;
    const size_t n = 3 * (1u << 20);
    char *buf = malloc(n);
    assert_non_null(buf);
    for (size_t i = 0; i + 3 <= n; i += 3)
        memcpy(buf + i, "ก", 3); /* E0 B8 81 */
    assert_int_equal(qsmap_utf8_invalid_at(buf, n), n);
    const size_t mid = n / 2;
    const size_t spots[] = {0, 3, mid - 3, mid, mid + 3, n - 3, mid - 1, mid + 1};
    for (size_t k = 0; k < sizeof spots / sizeof spots[0]; k++) {
        size_t at = spots[k] / 3 * 3; /* the start of a character */
        char save = buf[at];
        buf[at] = (char)0xFF;
        assert_int_equal(qsmap_utf8_invalid_at(buf, n), at);
        buf[at] = save;
        save = buf[at + 1]; /* a cut sequence: its lead byte is reported */
        buf[at + 1] = 'x';
        assert_int_equal(qsmap_utf8_invalid_at(buf, n), at);
        buf[at + 1] = save;
    }
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_schools_english_layout),
        cmocka_unit_test(test_schools_generated_english),
        cmocka_unit_test(test_schools_thai_headers_shuffled),
        cmocka_unit_test(test_schools_emis_names),
        cmocka_unit_test(test_schools_minimal_columns),
        cmocka_unit_test(test_schools_trim_and_thousands),
        cmocka_unit_test(test_schools_utf8_bom),
        cmocka_unit_test(test_schools_crlf),
        cmocka_unit_test(test_schools_cp874),
        cmocka_unit_test(test_schools_cp874_read_as_utf8),
        cmocka_unit_test(test_schools_cp874_undefined_byte),
        cmocka_unit_test(test_regression_error_line_in_lone_cr_file),
        cmocka_unit_test(test_schools_roles),
        cmocka_unit_test(test_schools_unknown_role),
        cmocka_unit_test(test_schools_colors),
        cmocka_unit_test(test_schools_unknown_color),
        cmocka_unit_test(test_schools_errors),
        cmocka_unit_test(test_schools_missing_column),
        cmocka_unit_test(test_schools_swapped_coordinates),
        cmocka_unit_test(test_schools_duplicate_id),
        cmocka_unit_test(test_schools_nul_byte),
        cmocka_unit_test(test_schools_empty),
        cmocka_unit_test(test_schools_load_edge_file),
        cmocka_unit_test(test_schools_load_missing_file),
        cmocka_unit_test(test_schools_load_equals_parse),
        cmocka_unit_test(test_schools_emis_sample_shared),
        cmocka_unit_test(test_schools_th_shared),
        cmocka_unit_test(test_regression_big_table_in_two_halves),
        cmocka_unit_test(test_utf8_check_of_a_large_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
