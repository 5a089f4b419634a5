/* cli.c — the qsmap command: options, the run from files to outputs, the
 * Thai summary, and the one place where errors are printed and turned into
 * exit codes. */
#define _GNU_SOURCE /* qsort_r */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
    EXIT_INTERNAL = 1, /* out of memory, GEOS/PROJ/cairo failure */
    EXIT_USAGE = 2,    /* bad option or argument */
    EXIT_INPUT = 3,    /* a school table or shapefile qsmap cannot use */
    EXIT_PLACE = 4,    /* unknown or ambiguous district or province */
    EXIT_OUTPUT = 5,   /* an output file cannot be written */
};

#define MAX_OUTPUTS 16

typedef struct {
    const char *schools, *boundaries;
    const char *district, *province;
    const char *quality_ids;
    const char *outputs[MAX_OUTPUTS];
    size_t noutputs;
    double radius_m;
    qsmap_encoding encoding;
    bool quiet;
} options;

static const char HELP[] =
    "qsmap — network schools within reach of each quality school (โรงเรียนคุณภาพ)\n"
    "\n"
    "usage: qsmap [--schools FILE.csv] [--boundaries FILE.shp] --district NAME|PCODE\n"
    "             [--province NAME] [--radius 5km] [-o FILE]...\n"
    "\n"
    "  --district NAME   district by Thai name (อำเภอ/เขต prefix optional), English\n"
    "                    name or pcode:  --district เมืองอ่างทอง | \"Mueang Ang Thong\" | TH1501\n"
    "  --province NAME   narrow a district name found in several provinces, or alone:\n"
    "                    every district of the province   --province อ่างทอง\n"
    "  --radius R        catchment radius with unit, default 5km   --radius 2.5km | 5000m\n"
    "  --schools FILE    school table, CSV (UTF-8, UTF-8 with BOM or CP874; .gz too)\n"
    "                    --schools schools.csv\n"
    "  --boundaries FILE district polygons, shapefile in WGS84 with ADM2_TH, ADM2_PCODE\n"
    "                    --boundaries tha_adm2.shp\n"
    "  -o, --output FILE write FILE; the extension picks the format (.csv); '-' is\n"
    "                    stdout as CSV; may repeat   -o table.csv -o -\n"
    "                    without -o: <district>-<radius>.csv and a summary on stdout\n"
    "  --quality IDS     mark these school ids as quality schools (comma-separated), for\n"
    "                    tables without a role column   --quality 1015720001,1015720002\n"
    "  --encoding ENC    school table encoding: auto (default), utf-8, cp874 (TIS-620)\n"
    "  -q, --quiet       no summary on stdout\n"
    "  -h, --help        this help\n"
    "  --version         qsmap's version\n"
    "\n"
    "Without --schools and --boundaries qsmap uses its shipped default dataset: real\n"
    "district boundaries and a national school table whose positions are SYNTHETIC.\n"
    "\n"
    "exit status: 0 done, 1 internal error, 2 bad option, 3 unusable input file,\n"
    "             4 unknown or ambiguous district/province, 5 output cannot be written\n"
    "\n"
    "example: qsmap --district เมืองอ่างทอง --radius 5km\n";

static int exit_code_for(qsmap_status s)
{
    switch (s) {
    case QSMAP_OK:
        return 0;
    case QSMAP_E_USAGE:
        return EXIT_USAGE;
    case QSMAP_E_NOT_FOUND:
    case QSMAP_E_AMBIGUOUS:
        return EXIT_PLACE;
    case QSMAP_E_NOMEM:
    case QSMAP_E_GEOS:
    case QSMAP_E_PROJ:
    case QSMAP_E_RENDER:
        return EXIT_INTERNAL;
    default:
        return EXIT_INPUT;
    }
}

static const char *extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    return dot && (!slash || dot > slash) ? dot + 1 : "";
}

static qsmap_status parse_args(int argc, char **argv, options *o, int *done,
                               FILE *out, qsmap_error *err)
{
    memset(o, 0, sizeof *o);
    o->radius_m = 5000;
    *done = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(HELP, out);
            *done = 1;
            return QSMAP_OK;
        }
        if (!strcmp(a, "--version")) {
            fprintf(out, "qsmap %s\n", QSMAP_VERSION);
            *done = 1;
            return QSMAP_OK;
        }
        if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            o->quiet = true;
            continue;
        }
        static const char *const WITH_VALUE[] = {
            "--schools", "--boundaries", "--district", "--province", "--radius",
            "-o",        "--output",     "--encoding", "--quality",  NULL};
        int known = 0;
        for (const char *const *w = WITH_VALUE; *w; w++)
            known |= !strcmp(a, *w);
        if (!known)
            return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                                   "unknown option '%s' (see qsmap --help)", a);
        if (i + 1 >= argc)
            return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0, "%s needs a value", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--schools"))
            o->schools = v;
        else if (!strcmp(a, "--boundaries"))
            o->boundaries = v;
        else if (!strcmp(a, "--district"))
            o->district = v;
        else if (!strcmp(a, "--province"))
            o->province = v;
        else if (!strcmp(a, "--quality"))
            o->quality_ids = v;
        else if (!strcmp(a, "--radius")) {
            qsmap_status s = qsmap_radius_parse(v, &o->radius_m, err);
            if (s)
                return s;
        } else if (!strcmp(a, "--encoding")) {
            if (qsmap_encoding_parse(v, &o->encoding) != QSMAP_OK)
                return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                                       "--encoding '%s': use auto, utf-8 or cp874", v);
        } else {
            if (o->noutputs == MAX_OUTPUTS)
                return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                                       "at most %d -o outputs", MAX_OUTPUTS);
            o->outputs[o->noutputs++] = v;
        }
    }
    if (!o->district && !o->province)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "name a district (--district เมืองอ่างทอง) or a province "
                               "(--province อ่างทอง); see qsmap --help");
    for (size_t k = 0; k < o->noutputs; k++) {
        const char *p = o->outputs[k], *ext = extension(p);
        if (strcmp(p, "-") != 0 && strcmp(ext, "csv") != 0)
            return qsmap_error_set(err, QSMAP_E_USAGE, p, 0,
                                   "unknown output extension '.%s' (qsmap writes .csv)", ext);
    }
    return QSMAP_OK;
}

/* --quality marks schools by id, for tables (EMIS exports) with no role. */
static qsmap_status mark_quality(qsmap_schools *s, const char *ids, qsmap_error *err)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", ids);
    for (char *save = NULL, *t = strtok_r(buf, ", ", &save); t;
         t = strtok_r(NULL, ", ", &save)) {
        size_t i = 0;
        while (i < s->n && strcmp(s->v[i].id, t) != 0)
            i++;
        if (i == s->n)
            return qsmap_error_set(err, QSMAP_E_NOT_FOUND, s->path, 0,
                                   "--quality: no school with id %s in the table", t);
        s->v[i].role = QSMAP_ROLE_QUALITY;
    }
    return QSMAP_OK;
}

typedef struct {
    uint32_t *quality; /* quality schools of the selected districts, in order */
    size_t nquality;
    long *district_of;
} assignment;

typedef struct {
    const qsmap_schools *s;
    const long *district_of;
    const size_t *rank; /* per district: its place in the selection */
} order_ctx;

/* District order as selected, then school id. */
static int by_district_then_id(const void *a, const void *b, void *arg)
{
    const order_ctx *c = arg;
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    size_t rx = c->rank[c->district_of[x]], ry = c->rank[c->district_of[y]];
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return strcmp(c->s->v[x].id, c->s->v[y].id);
}

/* Each quality school goes to the district that covers its point; the CSV's
 * own district column is not trusted for this. */
static qsmap_status assign_quality(const qsmap_schools *s, const qsmap_districts *d,
                                   const size_t *sel, size_t nsel, assignment *a,
                                   qsmap_error *err)
{
    a->district_of = malloc(s->n * sizeof *a->district_of);
    a->quality = malloc(s->n * sizeof *a->quality);
    int8_t *selected = calloc(qsmap_districts_count(d), 1);
    if (!a->district_of || !a->quality || !selected) {
        free(selected);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    for (size_t k = 0; k < nsel; k++)
        selected[sel[k]] = 1;
    a->nquality = 0;
    for (size_t i = 0; i < s->n; i++) {
        a->district_of[i] = -1;
        if (s->v[i].role != QSMAP_ROLE_QUALITY)
            continue;
        a->district_of[i] = qsmap_districts_locate(d, s->v[i].lat, s->v[i].lon);
        if (a->district_of[i] >= 0 && selected[a->district_of[i]])
            a->quality[a->nquality++] = (uint32_t)i;
    }
    free(selected);
    size_t *rank = calloc(qsmap_districts_count(d), sizeof *rank);
    if (!rank)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < nsel; k++)
        rank[sel[k]] = k;
    order_ctx ctx = {s, a->district_of, rank};
    qsort_r(a->quality, a->nquality, sizeof *a->quality, by_district_then_id, &ctx);
    free(rank);
    return QSMAP_OK;
}

static void locate_networks(const qsmap_schools *s, const qsmap_districts *d,
                            const qsmap_catchment *c, long *district_of)
{
    for (size_t i = 0; i < c->n; i++) {
        uint32_t n = c->v[i].network;
        if (n != QSMAP_NO_SCHOOL && district_of[n] == -1)
            district_of[n] = qsmap_districts_locate(d, s->v[n].lat, s->v[n].lon);
    }
}

static void group_digits(long v, char *buf, size_t size)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%ld", v);
    size_t n = strlen(raw), o = 0;
    for (size_t i = 0; i < n && o + 2 < size; i++) {
        if (i && (n - i) % 3 == 0 && raw[i - 1] != '-')
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
}

static void print_summary(FILE *out, const qsmap_report *r, const char *const *written,
                          size_t nwritten)
{
    char rl[32];
    qsmap_radius_label(r->radius_m, rl, sizeof rl);
    for (size_t k = 0; k < r->nselected; k++) {
        const qsmap_district *d = qsmap_districts_get(r->districts, r->selected[k]);
        fprintf(out, "อำเภอ%s จังหวัด%s (%s) รัศมี %g กม.%s\n", d->name_th, d->province_th,
                d->pcode, r->radius_m / 1000, r->sample_data ? " — " QSMAP_SAMPLE_NOTE : "");
        size_t shown = 0;
        for (size_t i = 0; i < r->catchment->n;) {
            uint32_t q = r->catchment->v[i].quality;
            size_t j = i, count = 0;
            long students = 0;
            for (; j < r->catchment->n && r->catchment->v[j].quality == q; j++) {
                uint32_t n = r->catchment->v[j].network;
                if (n == QSMAP_NO_SCHOOL)
                    continue;
                count++;
                if (r->schools->v[n].students > 0)
                    students += r->schools->v[n].students;
            }
            if ((size_t)r->district_of[q] == r->selected[k]) {
                const qsmap_school *qs = &r->schools->v[q];
                const char *color = qsmap_color_name_th((qsmap_color)qs->color);
                char num[32];
                group_digits(students, num, sizeof num);
                fprintf(out, "  %s [%s] โรงเรียนเครือข่าย %zu แห่ง นักเรียน %s คน\n", qs->name,
                        color[0] ? color : "ไม่ระบุสี", count, num);
                shown++;
            }
            i = j;
        }
        if (!shown)
            fprintf(out, "  ไม่มีโรงเรียนคุณภาพในอำเภอนี้\n");
    }
    for (size_t k = 0; k < nwritten; k++)
        fprintf(out, "เขียนไฟล์ %s\n", written[k]);
}

static qsmap_status write_outputs(const options *o, const qsmap_report *r, FILE *out,
                                  const char *const *paths, size_t npaths,
                                  qsmap_error *err)
{
    qsmap_outfile files[MAX_OUTPUTS];
    size_t opened = 0;
    qsmap_status st = QSMAP_OK;
    (void)o;
    for (size_t k = 0; k < npaths && !st; k++) {
        st = qsmap_outfile_open(&files[k], paths[k], out, err);
        if (st)
            break;
        opened++;
        if (qsmap_write_pairs_csv(files[k].fp, r) != QSMAP_OK)
            st = qsmap_error_set(err, QSMAP_E_IO, paths[k], 0, "write failed");
    }
    /* Commit only when every output is complete: all or nothing. */
    for (size_t k = 0; k < opened; k++) {
        if (!st)
            st = qsmap_outfile_commit(&files[k], err);
        else
            qsmap_outfile_abort(&files[k]);
    }
    return st;
}

static qsmap_status run(const options *o, FILE *out, qsmap_error *err, int *phase_output)
{
    char def_schools[1200], def_bounds[1200];
    const char *schools_path = o->schools, *bounds_path = o->boundaries;
    bool sample = false;
    qsmap_status st;
    if (!schools_path || !bounds_path) {
        st = qsmap_dataset_find(def_schools, sizeof def_schools, def_bounds,
                                sizeof def_bounds, err);
        if (st)
            return st;
        if (!schools_path)
            schools_path = def_schools, sample = true;
        if (!bounds_path)
            bounds_path = def_bounds;
    }
    for (size_t k = 0; k < o->noutputs; k++)
        if ((st = qsmap_outfile_check(o->outputs[k], err))) {
            *phase_output = 1;
            return st;
        }

    qsmap_districts *d = NULL;
    qsmap_schools *s = NULL;
    qsmap_catchment *c = NULL;
    size_t *sel = NULL, nsel = 0;
    assignment a = {0};
    st = qsmap_districts_load(bounds_path, QSMAP_ENC_AUTO, &d, err);
    if (!st)
        st = qsmap_districts_select(d, o->district, o->province, &sel, &nsel, err);
    qsmap_schools_options so = {.encoding = o->encoding};
    if (!st)
        st = qsmap_schools_load(schools_path, &so, &s, err);
    if (!st && o->quality_ids)
        st = mark_quality(s, o->quality_ids, err);
    if (!st)
        st = assign_quality(s, d, sel, nsel, &a, err);
    if (!st && a.nquality == 0 && !s->has_role && !o->quality_ids)
        st = qsmap_error_set(err, QSMAP_E_COLUMN, schools_path, 1,
                             "no column 'role' and no --quality: qsmap cannot tell the "
                             "quality schools (add a role column: quality/network)");
    if (!st)
        st = qsmap_catchment_new(s, a.quality, a.nquality, o->radius_m, &c, err);
    if (!st) {
        locate_networks(s, d, c, a.district_of);
        qsmap_report r = {.schools = s,
                          .districts = d,
                          .catchment = c,
                          .selected = sel,
                          .nselected = nsel,
                          .district_of = a.district_of,
                          .radius_m = o->radius_m,
                          .sample_data = sample};
        const char *paths[MAX_OUTPUTS];
        size_t npaths = o->noutputs;
        char def_out[600];
        bool to_stdout = false;
        for (size_t k = 0; k < npaths; k++)
            paths[k] = o->outputs[k], to_stdout |= !strcmp(paths[k], "-");
        if (npaths == 0) {
            char rl[32];
            qsmap_radius_label(o->radius_m, rl, sizeof rl);
            const qsmap_district *first = qsmap_districts_get(d, sel[0]);
            const char *label = nsel == 1 ? first->name_th : first->province_th;
            snprintf(def_out, sizeof def_out, "%s-%s.csv", label, rl);
            paths[npaths++] = def_out;
        }
        st = write_outputs(o, &r, out, paths, npaths, err);
        if (st)
            *phase_output = 1;
        else if (!o->quiet && !to_stdout)
            print_summary(out, &r, paths, npaths);
    }
    qsmap_catchment_free(c);
    free(a.quality);
    free(a.district_of);
    free(sel);
    qsmap_schools_free(s);
    qsmap_districts_free(d);
    return st;
}

int qsmap_cli_run(int argc, char **argv, FILE *out, FILE *errout)
{
    options o;
    qsmap_error err = {0};
    int done, phase_output = 0;
    qsmap_status st = parse_args(argc, argv, &o, &done, out, &err);
    if (!st && !done)
        st = run(&o, out, &err, &phase_output);
    if (!st)
        return 0;
    char line[1400];
    qsmap_error_format(&err, line, sizeof line);
    fprintf(errout, "qsmap: %s\n", line);
    if (phase_output && st == QSMAP_E_IO)
        return EXIT_OUTPUT;
    return exit_code_for(st);
}
