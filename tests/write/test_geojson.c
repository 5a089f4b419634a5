/* test_geojson.c — the GeoJSON export: GDAL reads it with the expected
 * feature counts; the radius rings are true geodesic circles wound
 * counter-clockwise; district polygons come out with exteriors
 * counter-clockwise; names with quotes and backslashes survive; write
 * errors are reported. The JSON is read back with a small parser of our own
 * so that the whole document is checked to be well-formed. */
#include "support.h"

#include "base/vocab.h"
#include "catchment/geodesic.h"
#include "write/write.h"

#include <math.h>
#include <shapefil.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

/* ---- a minimal JSON reader ------------------------------------------- */

typedef enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jtype;

typedef struct jval {
    jtype t;
    double num;
    char *str;         /* J_STR: decoded UTF-8 */
    struct jval **kid; /* J_ARR, J_OBJ: elements / member values */
    char **key;        /* J_OBJ: member names */
    size_t n;
} jval;

typedef struct {
    const char *p;
    const char *err;
} jparser;

static void jfree(jval *v)
{
    if (!v)
        return;
    for (size_t i = 0; i < v->n; i++) {
        jfree(v->kid[i]);
        if (v->key)
            free(v->key[i]);
    }
    free(v->kid);
    free(v->key);
    free(v->str);
    free(v);
}

static void skip_ws(jparser *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
        j->p++;
}

static void put_utf8(char *out, size_t *n, unsigned cp)
{
    if (cp < 0x80) {
        out[(*n)++] = (char)cp;
    } else if (cp < 0x800) {
        out[(*n)++] = (char)(0xC0 | cp >> 6);
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    } else {
        out[(*n)++] = (char)(0xE0 | cp >> 12);
        out[(*n)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[(*n)++] = (char)(0x80 | (cp & 0x3F));
    }
}

static char *parse_string(jparser *j)
{
    if (*j->p != '"')
        return j->err = "string expected", NULL;
    j->p++;
    const char *end = j->p;
    while (*end && *end != '"')
        end += end[0] == '\\' && end[1] ? 2 : 1;
    char *out = malloc((size_t)(end - j->p) * 3 + 1);
    size_t n = 0;
    while (*j->p != '"') {
        unsigned char c = (unsigned char)*j->p;
        if (!c || c < 0x20) {
            free(out);
            return j->err = "unterminated string or raw control character", NULL;
        }
        if (c != '\\') {
            out[n++] = (char)c, j->p++;
            continue;
        }
        char e = j->p[1];
        j->p += 2;
        switch (e) {
        case '"': out[n++] = '"'; break;
        case '\\': out[n++] = '\\'; break;
        case '/': out[n++] = '/'; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            unsigned cp = 0;
            for (int k = 0; k < 4; k++, j->p++) {
                char h = *j->p;
                int d = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
                if (d < 0) {
                    free(out);
                    return j->err = "bad \\u escape", NULL;
                }
                cp = cp * 16 + (unsigned)d;
            }
            put_utf8(out, &n, cp);
            break;
        }
        default:
            free(out);
            return j->err = "bad escape", NULL;
        }
    }
    j->p++;
    out[n] = '\0';
    return out;
}

static jval *parse_value(jparser *j, int depth);

static jval *parse_container(jparser *j, jval *v, int depth)
{
    char close = v->t == J_OBJ ? '}' : ']';
    size_t cap = 0;
    j->p++;
    skip_ws(j);
    if (*j->p == close) {
        j->p++;
        return v;
    }
    for (;;) {
        if (v->n == cap) {
            cap = cap ? cap * 2 : 8;
            v->kid = realloc(v->kid, cap * sizeof *v->kid);
            if (v->t == J_OBJ)
                v->key = realloc(v->key, cap * sizeof *v->key);
        }
        skip_ws(j);
        if (v->t == J_OBJ) {
            char *k = parse_string(j);
            if (!k)
                return jfree(v), NULL;
            skip_ws(j);
            if (*j->p != ':') {
                free(k);
                j->err = "':' expected";
                return jfree(v), NULL;
            }
            j->p++;
            jval *x = parse_value(j, depth + 1);
            if (!x) {
                free(k);
                return jfree(v), NULL;
            }
            v->key[v->n] = k, v->kid[v->n++] = x;
        } else {
            jval *x = parse_value(j, depth + 1);
            if (!x)
                return jfree(v), NULL;
            v->kid[v->n++] = x;
        }
        skip_ws(j);
        if (*j->p == ',') {
            j->p++;
            continue;
        }
        if (*j->p == close) {
            j->p++;
            return v;
        }
        j->err = "',' or end of container expected";
        return jfree(v), NULL;
    }
}

static jval *parse_value(jparser *j, int depth)
{
    if (depth > 64)
        return j->err = "too deep", NULL;
    skip_ws(j);
    jval *v = calloc(1, sizeof *v);
    char c = *j->p;
    if (c == '{' || c == '[') {
        v->t = c == '{' ? J_OBJ : J_ARR;
        return parse_container(j, v, depth);
    }
    if (c == '"') {
        v->t = J_STR;
        v->str = parse_string(j);
        if (!v->str)
            return jfree(v), NULL;
        return v;
    }
    static const struct {
        const char *word;
        jtype t;
    } LIT[] = {{"null", J_NULL}, {"true", J_BOOL}, {"false", J_BOOL}};
    for (size_t k = 0; k < 3; k++)
        if (strncmp(j->p, LIT[k].word, strlen(LIT[k].word)) == 0) {
            v->t = LIT[k].t;
            j->p += strlen(LIT[k].word);
            return v;
        }
    /* JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    const char *s = j->p;
    if (*s == '-')
        s++;
    if (*s == '0')
        s++;
    else if (*s >= '1' && *s <= '9')
        while (*s >= '0' && *s <= '9')
            s++;
    else
        return free(v), j->err = "value expected", NULL;
    if (*s == '.') {
        s++;
        if (!(*s >= '0' && *s <= '9'))
            return free(v), j->err = "digit expected after '.'", NULL;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    if (*s == 'e' || *s == 'E') {
        s++;
        if (*s == '+' || *s == '-')
            s++;
        if (!(*s >= '0' && *s <= '9'))
            return free(v), j->err = "digit expected in exponent", NULL;
        while (*s >= '0' && *s <= '9')
            s++;
    }
    v->t = J_NUM;
    v->num = strtod(j->p, NULL);
    j->p = s;
    return v;
}

static jval *json_parse(const char *text)
{
    jparser j = {text, NULL};
    jval *v = parse_value(&j, 0);
    if (v) {
        skip_ws(&j);
        if (*j.p) {
            j.err = "trailing text";
            jfree(v);
            v = NULL;
        }
    }
    if (!v)
        fail_msg("invalid JSON at byte %ld: %s", (long)(j.p - text), j.err);
    return v;
}

static const jval *jget(const jval *o, const char *key)
{
    if (!o || o->t != J_OBJ)
        return NULL;
    for (size_t i = 0; i < o->n; i++)
        if (strcmp(o->key[i], key) == 0)
            return o->kid[i];
    return NULL;
}

static const char *jstr(const jval *o, const char *key)
{
    const jval *v = jget(o, key);
    return v && v->t == J_STR ? v->str : NULL;
}

/* ---- fixtures -------------------------------------------------------- */

typedef shipped_fixture fixture;

static const char *write_geojson(const qsmap_report *r, const char *name)
{
    static char path[1100];
    snprintf(path, sizeof path, "%s/%s", temp_dir(), name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    qsmap_error err = {0};
    qsmap_status st = qsmap_write_geojson(&(qsmap_sink){.fp = fp, .path = "t.geojson"}, r, &(qsmap_write_ctx){0}, &err);
    assert_int_equal(fclose(fp), 0);
    if (st)
        fail_msg("qsmap_write_geojson: %s", err.msg);
    return path;
}

/* Run a command, capture its stdout (and stderr), return its exit code. */
static int run(const char *cmd, char **out)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (cap - n < 2)
            buf = realloc(buf, cap *= 2);
    }
    buf[n] = '\0';
    int status = pclose(p);
    *out = buf;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static bool have_ogrinfo(void)
{
    if (system("command -v ogrinfo >/dev/null 2>&1") == 0)
        return true;
    printf("SKIP: ogrinfo (gdal-bin) is not installed\n");
    return false;
}

/* The integer after `label` in ogrinfo's output, or -1. */
static long ogr_number(const char *out, const char *label)
{
    const char *p = strstr(out, label);
    return p ? strtol(p + strlen(label), NULL, 10) : -1;
}

typedef struct {
    size_t quality, network, pairs;
} counts;

static counts report_counts(const qsmap_report *r)
{
    counts c = {0};
    uint8_t *seen = calloc(r->schools->n, 1);
    for (size_t i = 0; i < r->catchment->n; i++) {
        const qsmap_pair *p = &r->catchment->v[i];
        if (!(seen[p->quality] & 1))
            seen[p->quality] |= 1, c.quality++;
        if (p->network == QSMAP_NO_SCHOOL)
            continue;
        c.pairs++;
        if (!(seen[p->network] & 2))
            seen[p->network] |= 2, c.network++;
    }
    free(seen);
    return c;
}

/* ---- tests ----------------------------------------------------------- */

static void test_ogrinfo_reads_every_feature(void **state)
{
    fixture *f = *state;
    const char *path = write_geojson(&f->r, "out.geojson");
    if (!have_ogrinfo())
        skip();
    counts c = report_counts(&f->r);
    assert_true(c.quality > 0 && c.pairs > 0);
    char cmd[1400], *out;
    snprintf(cmd, sizeof cmd, "ogrinfo -ro -al -so '%s' 2>&1", path);
    int code = run(cmd, &out);
    if (code != 0)
        fail_msg("ogrinfo exited %d:\n%s", code, out);
    long total = (long)(c.quality + c.network + c.pairs + c.quality + f->r.nselected);
    assert_int_equal(ogr_number(out, "Feature Count: "), total);
    assert_non_null(strstr(out, "kind: String"));
    free(out);

    snprintf(cmd, sizeof cmd,
             "ogrinfo -ro '%s' -sql \"SELECT COUNT(*) FROM out WHERE kind='pair'\" 2>&1", path);
    code = run(cmd, &out);
    if (code != 0)
        fail_msg("ogrinfo -sql exited %d:\n%s", code, out);
    assert_int_equal(ogr_number(out, "COUNT_* (Integer) = "), (long)c.pairs);
    free(out);

    snprintf(cmd, sizeof cmd, "ogrinfo -ro -al -so '%s' -where \"kind='district'\" 2>&1",
             path);
    code = run(cmd, &out);
    assert_int_equal(code, 0);
    assert_int_equal(ogr_number(out, "Feature Count: "), (long)f->r.nselected);
    free(out);
}

static double signed_area(const jval *ring)
{
    double a = 0;
    for (size_t i = 0, j = ring->n - 1; i < ring->n; j = i++) {
        const jval *p = ring->kid[i], *q = ring->kid[j];
        a += q->kid[0]->num * p->kid[1]->num - p->kid[0]->num * q->kid[1]->num;
    }
    return a / 2;
}

/* A linear ring: ≥ 4 [lon, lat] positions, closed; returns its signed area. */
static double check_ring(const jval *ring)
{
    assert_int_equal(ring->t, J_ARR);
    assert_true(ring->n >= 4);
    for (size_t i = 0; i < ring->n; i++) {
        const jval *p = ring->kid[i];
        assert_int_equal(p->t, J_ARR);
        assert_int_equal(p->n, 2);
        assert_int_equal(p->kid[0]->t, J_NUM);
        assert_int_equal(p->kid[1]->t, J_NUM);
    }
    const jval *a = ring->kid[0], *b = ring->kid[ring->n - 1];
    assert_true(a->kid[0]->num == b->kid[0]->num && a->kid[1]->num == b->kid[1]->num);
    return signed_area(ring);
}

/* A Polygon's rings: exterior counter-clockwise, holes clockwise. */
static void check_polygon(const jval *rings)
{
    assert_int_equal(rings->t, J_ARR);
    assert_true(rings->n >= 1);
    assert_true(check_ring(rings->kid[0]) > 0);
    for (size_t h = 1; h < rings->n; h++)
        assert_true(check_ring(rings->kid[h]) < 0);
}

static void test_features_circles_and_winding(void **state)
{
    fixture *f = *state;
    const qsmap_report *r = &f->r;
    const char *path = write_geojson(r, "out.geojson");
    char *text = read_all(path, NULL);
    assert_non_null(text);
    jval *doc = json_parse(text);
    assert_string_equal(jstr(doc, "type"), "FeatureCollection");
    assert_string_equal(jstr(doc, "qsmap_note"), QSMAP_SAMPLE_NOTE);
    assert_null(jget(doc, "crs")); /* RFC 7946 has none */
    const jval *feats = jget(doc, "features");
    assert_non_null(feats);
    assert_int_equal(feats->t, J_ARR);

    counts c = report_counts(r);
    size_t nq = 0, nn = 0, np = 0, nr = 0, nd = 0;
    size_t nv = qsmap_geod_circle_vertices(r->radius_m);
    double worst_vertex = 0, worst_mid = 0;
    for (size_t i = 0; i < feats->n; i++) {
        const jval *ft = feats->kid[i];
        assert_string_equal(jstr(ft, "type"), "Feature");
        const jval *g = jget(ft, "geometry"), *pr = jget(ft, "properties");
        assert_non_null(g);
        assert_non_null(pr);
        const char *kind = jstr(pr, "kind"), *gt = jstr(g, "type");
        assert_non_null(kind);
        assert_non_null(gt);
        const jval *coords = jget(g, "coordinates");
        assert_non_null(coords);
        if (strcmp(kind, "quality") == 0 || strcmp(kind, "network") == 0) {
            assert_string_equal(gt, "Point");
            assert_string_equal(jstr(pr, "data_note"), QSMAP_SAMPLE_NOTE);
            assert_non_null(jstr(pr, "school_id"));
            assert_non_null(jstr(pr, "name"));
            assert_non_null(jget(pr, "area_rai"));
            if (kind[0] == 'q') {
                nq++;
                assert_non_null(jstr(pr, "quality_color"));
                assert_string_equal(jstr(pr, "adm2_pcode"), "TH1501");
            } else {
                nn++;
                assert_int_equal(jget(pr, "distance_m")->t, J_NUM);
                assert_true(jget(pr, "distance_m")->num <= r->radius_m);
                assert_int_equal(jget(pr, "quality_count")->t, J_NUM);
                assert_true(jget(pr, "quality_count")->num >= 1);
                assert_non_null(jstr(pr, "nearest_quality_id"));
            }
        } else if (strcmp(kind, "pair") == 0) {
            np++;
            assert_string_equal(gt, "LineString");
            assert_int_equal(coords->n, 2);
            const jval *a = coords->kid[0], *b = coords->kid[1];
            double d = qsmap_geod_distance(a->kid[1]->num, a->kid[0]->num, b->kid[1]->num,
                                           b->kid[0]->num);
            assert_true(fabs(d - jget(pr, "distance_m")->num) < 0.05);
            assert_null(jget(pr, "data_note"));
        } else if (strcmp(kind, "radius") == 0) {
            nr++;
            assert_string_equal(gt, "Polygon");
            assert_true(jget(pr, "radius_m")->num == r->radius_m);
            check_polygon(coords);
            assert_int_equal(coords->n, 1);
            const jval *ring = coords->kid[0];
            assert_int_equal(ring->n, nv + 1);
            /* The centre: the quality school this ring belongs to. */
            const char *qid = jstr(pr, "quality_id");
            const qsmap_school *q = NULL;
            for (size_t k = 0; k < r->catchment->n && !q; k++)
                if (strcmp(f->s->v[r->catchment->v[k].quality].id, qid) == 0)
                    q = &f->s->v[r->catchment->v[k].quality];
            assert_non_null(q);
            for (size_t k = 0; k + 1 < ring->n; k++) {
                double lon0 = ring->kid[k]->kid[0]->num, lat0 = ring->kid[k]->kid[1]->num;
                double lon1 = ring->kid[k + 1]->kid[0]->num,
                       lat1 = ring->kid[k + 1]->kid[1]->num;
                double dv = fabs(qsmap_geod_distance(q->lat, q->lon, lat0, lon0) - r->radius_m);
                double dm = fabs(qsmap_geod_distance(q->lat, q->lon, (lat0 + lat1) / 2,
                                                     (lon0 + lon1) / 2) -
                                 r->radius_m);
                worst_vertex = fmax(worst_vertex, dv);
                worst_mid = fmax(worst_mid, dm);
            }
        } else if (strcmp(kind, "district") == 0) {
            nd++;
            assert_string_equal(jstr(pr, "adm2_pcode"), "TH1501");
            assert_non_null(jstr(pr, "name_th"));
            assert_non_null(jstr(pr, "name_en"));
            assert_non_null(jstr(pr, "province_th"));
            if (strcmp(gt, "Polygon") == 0) {
                check_polygon(coords);
            } else {
                assert_string_equal(gt, "MultiPolygon");
                assert_true(coords->n >= 2);
                for (size_t k = 0; k < coords->n; k++)
                    check_polygon(coords->kid[k]);
            }
        } else {
            fail_msg("unknown kind '%s'", kind);
        }
    }
    assert_int_equal(nq, c.quality);
    assert_int_equal(nn, c.network);
    assert_int_equal(np, c.pairs);
    assert_int_equal(nr, c.quality);
    assert_int_equal(nd, r->nselected);
    assert_true(worst_vertex < 1.0);
    assert_true(worst_mid < 1.0);
    jfree(doc);
    free(text);
}

/* Shapefile rings with holes and several shells come out grouped and wound
 * as RFC 7946 wants: a district of the whole country is checked ring by
 * ring, whichever of them has holes or islands. */
static void test_every_district_polygon_is_wound_ccw(void **state)
{
    fixture *f = *state;
    size_t nd = qsmap_districts_count(f->d);
    size_t *all = malloc(nd * sizeof *all);
    for (size_t i = 0; i < nd; i++)
        all[i] = i;
    qsmap_report r = f->r;
    r.selected = all; /* borrowed: writers only read the selection */
    r.nselected = nd;
    const char *path = write_geojson(&r, "all.geojson");
    char *text = read_all(path, NULL);
    jval *doc = json_parse(text);
    const jval *feats = jget(doc, "features");
    size_t districts = 0, multi = 0, holes = 0;
    for (size_t i = 0; i < feats->n; i++) {
        const jval *pr = jget(feats->kid[i], "properties"), *g = jget(feats->kid[i], "geometry");
        if (strcmp(jstr(pr, "kind"), "district") != 0)
            continue;
        districts++;
        if (g->t == J_NULL)
            continue;
        const jval *coords = jget(g, "coordinates");
        if (strcmp(jstr(g, "type"), "MultiPolygon") == 0) {
            multi++;
            for (size_t k = 0; k < coords->n; k++)
                check_polygon(coords->kid[k]), holes += coords->kid[k]->n - 1;
        } else {
            check_polygon(coords);
            holes += coords->n - 1;
        }
    }
    assert_int_equal(districts, nd);
    printf("# %zu districts, %zu multipolygons, %zu holes\n", districts, multi, holes);
    jfree(doc);
    free(text);
    free(all);

    if (!have_ogrinfo())
        skip();
    char cmd[1400], *out;
    snprintf(cmd, sizeof cmd, "ogrinfo -ro -al -so '%s' -where \"kind='district'\" 2>&1", path);
    assert_int_equal(run(cmd, &out), 0);
    assert_int_equal(ogr_number(out, "Feature Count: "), (long)nd);
    free(out);
}

/* One district as a shapefile may store it: a hole (counter-clockwise)
 * before its shell, then the shell (clockwise), then an island (clockwise). */
static void test_holes_and_islands_are_grouped_and_rewound(void **state)
{
    (void)state;
    static const test_shape HOLES = {
        "ทดสอบ\"รู\"", "Holes \\ islands", "TH9901", "ทดสอบ", 3, {0, 5, 10}, 15,
        {100.4, 100.6, 100.6, 100.4, 100.4, /* hole, CCW */
         100, 100, 101, 101, 100,           /* shell, CW */
         101.5, 101.5, 102, 102, 101.5},    /* island, CW */
        {14.4, 14.4, 14.6, 14.6, 14.4, 14, 15, 15, 14, 14, 14, 14.5, 14.5, 14, 14}};
    const char *shp_path = write_shapefile("holes", &HOLES, 1, NULL);
    qsmap_error err = {0};
    qsmap_districts *d = NULL;
    qsmap_schools *s = NULL;
    if (qsmap_districts_load(shp_path, QSMAP_ENC_AUTO, &d, &err))
        fail_msg("load: %s", err.msg);
    const char *csv = "school_id,name_th,latitude,longitude,role,quality_color\n"
                      "9000000001,Q,14.2,100.2,quality,แดง\n";
    if (qsmap_schools_parse(csv, strlen(csv), "holes.csv", NULL, &s, &err))
        fail_msg("parse: %s", err.msg);
    size_t sel = 0;
    qsmap_report r;
    if (qsmap_report_build(s, d, &sel, 1, 5000, &r, &err))
        fail_msg("report: %s", err.msg);
    const char *path = write_geojson(&r, "holes.geojson");
    char *text = read_all(path, NULL);
    jval *doc = json_parse(text);
    const jval *feats = jget(doc, "features");
    const jval *g = NULL;
    for (size_t i = 0; i < feats->n; i++)
        if (strcmp(jstr(jget(feats->kid[i], "properties"), "kind"), "district") == 0) {
            assert_null(g);
            g = jget(feats->kid[i], "geometry");
            const jval *pr = jget(feats->kid[i], "properties");
            assert_string_equal(jstr(pr, "name_th"), "ทดสอบ\"รู\"");
            assert_string_equal(jstr(pr, "name_en"), "Holes \\ islands");
        }
    assert_non_null(g);
    assert_string_equal(jstr(g, "type"), "MultiPolygon");
    const jval *mp = jget(g, "coordinates");
    assert_int_equal(mp->n, 2);
    check_polygon(mp->kid[0]);
    check_polygon(mp->kid[1]);
    assert_int_equal(mp->kid[0]->n, 2); /* the shell with its hole */
    assert_int_equal(mp->kid[1]->n, 1); /* the island */
    assert_true(fabs(signed_area(mp->kid[0]->kid[0]) - 1.0) < 1e-9);
    assert_true(fabs(signed_area(mp->kid[0]->kid[1]) + 0.04) < 1e-9);
    assert_true(fabs(signed_area(mp->kid[1]->kid[0]) - 0.25) < 1e-9);
    jfree(doc);
    free(text);

    if (have_ogrinfo()) {
        char cmd[1400], *out;
        snprintf(cmd, sizeof cmd,
                 "ogrinfo -ro -al '%s' -where \"kind='district'\" -geom=YES 2>&1", path);
        assert_int_equal(run(cmd, &out), 0);
        if (!strstr(out, "MULTIPOLYGON (((") || !strstr(out, "name_en (String) = Holes \\ islands"))
            fail_msg("ogrinfo did not read the district back:\n%s", out);
        free(out);
    }
    qsmap_report_release(&r);
    qsmap_schools_free(s);
    qsmap_districts_free(d);
}

static const char TINY_CSV[] =
    "school_id,name_th,latitude,longitude,students,role,quality_color\n"
    "9000000001,\"Q \"\"quoted\"\" \\ back\",14.5942,100.4372,300,quality,เขียว\n"
    "9000000002,\"N \"\"x\"\"\\y\tz\",14.6000,100.4400,40,network,\n";

static void test_names_are_escaped_and_round_trip(void **state)
{
    fixture *f = *state;
    qsmap_error err = {0};
    qsmap_schools *s = NULL;
    if (qsmap_schools_parse(TINY_CSV, strlen(TINY_CSV), "tiny.csv", NULL, &s, &err))
        fail_msg("parse: %s", err.msg);
    size_t *sel, n;
    assert_int_equal(qsmap_districts_select(f->d, "TH1501", NULL, &sel, &n, &err), QSMAP_OK);
    qsmap_report r;
    assert_int_equal(qsmap_report_build(s, f->d, sel, n, 5000, &r, &err), QSMAP_OK);
    free(sel);
    assert_int_equal(r.catchment->n, 1);
    assert_int_equal(r.catchment->v[0].network, 1);
    const char *path = write_geojson(&r, "tiny.geojson");
    char *text = read_all(path, NULL);
    assert_non_null(strstr(text, "\"Q \\\"quoted\\\" \\\\ back\""));
    assert_non_null(strstr(text, "\"N \\\"x\\\"\\\\y\\tz\""));
    assert_null(strstr(text, "qsmap_note")); /* not sample data */
    assert_null(strstr(text, "data_note"));
    jval *doc = json_parse(text);
    const jval *feats = jget(doc, "features");
    int saw_q = 0, saw_n = 0;
    for (size_t i = 0; i < feats->n; i++) {
        const jval *pr = jget(feats->kid[i], "properties");
        const char *kind = jstr(pr, "kind");
        if (strcmp(kind, "quality") == 0) {
            saw_q = 1;
            assert_string_equal(jstr(pr, "name"), "Q \"quoted\" \\ back");
            assert_int_equal(jget(pr, "area_rai")->t, J_NULL);
            assert_int_equal(jget(pr, "students")->num, 300);
        } else if (strcmp(kind, "network") == 0) {
            saw_n = 1;
            assert_string_equal(jstr(pr, "name"), "N \"x\"\\y\tz");
            assert_int_equal(jget(pr, "teachers")->t, J_NULL);
            assert_int_equal(jget(pr, "area_rai")->t, J_NULL);
            assert_string_equal(jstr(pr, "nearest_quality_id"), "9000000001");
            assert_string_equal(jstr(pr, "district"), "เมืองอ่างทอง");
        }
    }
    assert_true(saw_q && saw_n);
    jfree(doc);
    free(text);

    if (have_ogrinfo()) {
        char cmd[1400], *out;
        snprintf(cmd, sizeof cmd, "ogrinfo -ro -al '%s' -where \"kind='quality'\" 2>&1", path);
        assert_int_equal(run(cmd, &out), 0);
        if (!strstr(out, "name (String) = Q \"quoted\" \\ back\n"))
            fail_msg("name not read back by ogrinfo:\n%s", out);
        free(out);
        snprintf(cmd, sizeof cmd, "ogrinfo -ro -al '%s' -where \"kind='network'\" 2>&1", path);
        assert_int_equal(run(cmd, &out), 0);
        if (!strstr(out, "name (String) = N \"x\"\\y\tz\n"))
            fail_msg("name not read back by ogrinfo:\n%s", out);
        free(out);
    }
    qsmap_report_release(&r);
    qsmap_schools_free(s);
}

static void test_write_error_is_reported(void **state)
{
    fixture *f = *state;
    FILE *fp = fopen("/dev/null", "r"); /* every write fails */
    assert_non_null(fp);
    qsmap_error err = {0};
    assert_int_equal(qsmap_write_geojson(&(qsmap_sink){.fp = fp, .path = "t.geojson"}, &f->r, &(qsmap_write_ctx){0}, &err), QSMAP_E_IO);
    assert_int_equal(err.status, QSMAP_E_IO);
    fclose(fp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ogrinfo_reads_every_feature),
        cmocka_unit_test(test_features_circles_and_winding),
        cmocka_unit_test(test_every_district_polygon_is_wound_ccw),
        cmocka_unit_test(test_holes_and_islands_are_grouped_and_rewound),
        cmocka_unit_test(test_names_are_escaped_and_round_trip),
        cmocka_unit_test(test_write_error_is_reported),
    };
    return cmocka_run_group_tests(tests, shipped_setup, shipped_teardown);
}
