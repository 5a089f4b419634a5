/* cli.c — the qsmap command: options, the run from files to outputs, the
 * Thai summary, and the one place where errors are printed and turned into
 * exit codes. */
#include "internal.h"
#include "module.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
    const char *district, *province, *office;
    bool all, timings;
    const char *quality_ids;
    const char *summary; /* --summary FILE.csv */
    int small_max;
    const char *outputs[MAX_OUTPUTS];
    size_t noutputs;
    double radius_m;
    qsmap_encoding encoding;
    bool quiet;
    qsmap_render_opts render;
    FILE *errout; /* progress and atlas summary */
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
    "  --office NAME     every quality school of an education-area office (spaces and\n"
    "                    dots ignored)   --office สพป.อ่างทอง\n"
    "  --all             every district of the boundaries file\n"
    "  --timings         print where the time went (stderr)\n"
    "  --radius R        catchment radius with unit, default 5km   --radius 2.5km | 5000m\n"
    "  --schools FILE    school table, CSV (UTF-8, UTF-8 with BOM or CP874; .gz too)\n"
    "                    --schools schools.csv\n"
    "  --boundaries FILE district polygons, shapefile in WGS84 with ADM2_TH, ADM2_PCODE\n"
    "                    --boundaries tha_adm2.shp\n"
    "  -o, --output FILE write FILE; the extension picks the format: .csv (table),\n"
    "                    .pdf (map page + table pages), .png (map), .xlsx (pairs and\n"
    "                    summary sheets), .geojson (layers for QGIS); '-' is stdout as\n"
    "                    CSV; may repeat   -o map.pdf -o map.png -o table.csv\n"
    "                    without -o: <district>-<radius>.pdf, .png and .csv\n"
    "  --dpi N           PNG resolution, default 300 (A4: 3508x2480)   --dpi 150\n"
    "  --thai-digits     print numbers on maps and tables as ๐-๙\n"
    "  --date TEXT       print this date on the map (none unless asked)  --date 2026-11-24\n"
    "  --summary FILE    merge-feasibility summary, one row per quality school (CSV)\n"
    "                    --summary summary.csv\n"
    "  --small-max N     a small school has at most N students (OBEC: 120)  --small-max 120\n"
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

typedef enum {
    FORMAT_NONE,
    FORMAT_CSV,
    FORMAT_PDF,
    FORMAT_PNG,
    FORMAT_XLSX,
    FORMAT_GEOJSON,
    FORMAT_SUMMARY
} output_fmt;

static output_fmt output_format(const char *ext)
{
    if (!strcmp(ext, "csv"))
        return FORMAT_CSV;
    if (!strcmp(ext, "pdf"))
        return FORMAT_PDF;
    if (!strcmp(ext, "png"))
        return FORMAT_PNG;
    if (!strcmp(ext, "xlsx"))
        return FORMAT_XLSX;
    if (!strcmp(ext, "geojson"))
        return FORMAT_GEOJSON;
    return FORMAT_NONE;
}

/* "-o maps/": one PNG per district into that directory. */
static bool is_dir_output(const char *p)
{
    size_t n = strlen(p);
    return n > 0 && p[n - 1] == '/';
}

static qsmap_status check_dir_output(const char *p, qsmap_error *err)
{
    struct stat st;
    if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode))
        return qsmap_error_set(err, QSMAP_E_IO, p, 0,
                               "directory does not exist (create it first)");
    if (access(p, W_OK | X_OK) != 0)
        return qsmap_error_set(err, QSMAP_E_IO, p, 0, "directory is not writable");
    return QSMAP_OK;
}

static qsmap_status parse_args(int argc, char **argv, options *o, int *done,
                               FILE *out, qsmap_error *err)
{
    memset(o, 0, sizeof *o);
    o->radius_m = 5000;
    o->render.dpi = 300;
    o->small_max = 120;
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
        if (!strcmp(a, "--thai-digits")) {
            o->render.thai_digits = true;
            continue;
        }
        if (!strcmp(a, "--all")) {
            o->all = true;
            continue;
        }
        if (!strcmp(a, "--timings")) {
            o->timings = true;
            continue;
        }
        static const char *const WITH_VALUE[] = {
            "--schools", "--boundaries", "--district", "--province", "--radius",
            "-o",        "--output",     "--encoding", "--quality",  "--dpi",
            "--date",    "--summary",    "--small-max", "--office", NULL};
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
        else if (!strcmp(a, "--office"))
            o->office = v;
        else if (!strcmp(a, "--quality"))
            o->quality_ids = v;
        else if (!strcmp(a, "--date"))
            o->render.date = v;
        else if (!strcmp(a, "--summary")) {
            if (strcmp(extension(v), "csv") != 0)
                return qsmap_error_set(err, QSMAP_E_USAGE, v, 0,
                                       "--summary writes CSV: give a .csv name");
            o->summary = v;
        } else if (!strcmp(a, "--small-max")) {
            char *end;
            long n = strtol(v, &end, 10);
            if (*end || end == v || n < 0 || n > 100000)
                return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                                       "--small-max '%s': give a number of students, e.g. 120",
                                       v);
            o->small_max = (int)n;
        }
        else if (!strcmp(a, "--dpi")) {
            char *end;
            double dpi = strtod(v, &end);
            if (*end || !(dpi >= 36 && dpi <= 1200))
                return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                                       "--dpi '%s': give a number from 36 to 1200", v);
            o->render.dpi = dpi;
        }
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
    if (!o->district && !o->province && !o->office && !o->all)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "name a district (--district เมืองอ่างทอง), a province "
                               "(--province อ่างทอง), an office (--office สพป.อ่างทอง) or "
                               "--all; see qsmap --help");
    if (o->all && (o->district || o->province || o->office))
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--all takes every district: drop --district, --province and "
                               "--office");
    for (size_t k = 0; k < o->noutputs; k++) {
        const char *p = o->outputs[k], *ext = extension(p);
        if (is_dir_output(p))
            continue;
        if (strcmp(p, "-") != 0 && !output_format(ext))
            return qsmap_error_set(err, QSMAP_E_USAGE, p, 0,
                                   "unknown output extension '.%s' (qsmap writes .csv, .pdf, "
                                   ".png, .xlsx, .geojson)",
                                   ext);
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

static void print_summary(FILE *out, const qsmap_report *r, const char *const *written,
                          size_t nwritten)
{
    if (r->nselected > 20) { /* a batch: totals, not a page of lines */
        size_t pairs = 0, without = 0;
        for (size_t k = 0; k < r->nselected; k++) {
            size_t in_district;
            without += qsmap_summary_district(r, r->selected[k], &in_district) == 0;
            pairs += in_district;
        }
        fprintf(out,
                "%zu อำเภอ รัศมี %g กม.: โรงเรียนคุณภาพ %zu แห่ง, คู่เครือข่าย %zu คู่, "
                "อำเภอที่ไม่มีโรงเรียนคุณภาพ %zu อำเภอ%s\n",
                r->nselected, r->radius_m / 1000, r->nsummary, pairs, without,
                r->sample_data ? " — " QSMAP_SAMPLE_NOTE : "");
        for (size_t k = 0; k < nwritten; k++)
            fprintf(out, "เขียนไฟล์ %s\n", written[k]);
        return;
    }
    for (size_t k = 0; k < r->nselected; k++) {
        const qsmap_district *d = qsmap_districts_get(r->districts, r->selected[k]);
        char place[400];
        qsmap_district_title(d, place, sizeof place);
        fprintf(out, "%s (%s) รัศมี %g กม.%s\n", place, d->pcode, r->radius_m / 1000,
                r->sample_data ? " — " QSMAP_SAMPLE_NOTE : "");
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
                qsmap_style_int(students, false, num, sizeof num);
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

/* The progress of a long batch: a bar on a terminal, else nothing until the
 * one summary line at the end. */
typedef struct {
    FILE *fp;
    bool tty;
    double t0; /* qsmap_clock_ms() at the start */
} progress_bar;

static progress_bar progress_start(FILE *fp)
{
    return (progress_bar){.fp = fp, .tty = isatty(fileno(fp)) != 0, .t0 = qsmap_clock_ms()};
}

static double progress_seconds(const progress_bar *p) { return (qsmap_clock_ms() - p->t0) / 1e3; }

static void show_progress(void *ctx, size_t done, size_t total)
{
    progress_bar *p = ctx;
    if (!p->tty)
        return;
    double el = progress_seconds(p);
    double left = done ? el / (double)done * (double)(total - done) : 0;
    int width = 30, fill = (int)((double)width * (double)done / (double)(total ? total : 1));
    char bar[64];
    for (int k = 0; k < width; k++)
        bar[k] = k < fill ? '#' : '.';
    bar[width] = '\0';
    fprintf(p->fp, "\r[%s] %zu/%zu อำเภอ  %.0f วินาที  เหลือราว %.0f วินาที", bar, done, total,
            el, left);
    if (done == total)
        fputc('\n', p->fp);
    fflush(p->fp);
}

static qsmap_status write_atlas(const options *o, const qsmap_render_api *render, FILE *fp,
                                const qsmap_report *r, qsmap_label_stats *labels,
                                qsmap_error *err)
{
    char scope[400];
    const qsmap_district *first = qsmap_districts_get(r->districts, r->selected[0]);
    if (o->all)
        snprintf(scope, sizeof scope, "ทั้งประเทศ");
    else if (o->office)
        snprintf(scope, sizeof scope, "%s", o->office);
    else
        snprintf(scope, sizeof scope, "จังหวัด%s", first->province_th);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    progress_bar bar = progress_start(o->errout);
    qsmap_atlas_stats st;
    qsmap_status s = render->atlas(fp, r, scope, &o->render, ncpu > 0 ? (int)ncpu : 1,
                                   show_progress, &bar, &st, err);
    if (!s) {
        *labels = st.labels;
        if (!o->quiet || !bar.tty) {
            fprintf(o->errout,
                    "qsmap: atlas %zu อำเภอ (ไม่มีโรงเรียนคุณภาพ %zu), %zu หน้า, %.1f วินาที\n",
                    st.districts, st.without_quality, st.pages, progress_seconds(&bar));
        }
    }
    return s;
}

/* What an output path gets: standard output is the pair table as CSV, the
 * --summary file the summary, anything else what its extension names. */
static output_fmt path_format(const options *o, const char *path)
{
    return strcmp(path, "-") == 0                        ? FORMAT_CSV
           : o->summary && strcmp(path, o->summary) == 0 ? FORMAT_SUMMARY
                                                         : output_format(extension(path));
}

static qsmap_status write_one(const options *o, const qsmap_render_api *render,
                              const char *path, qsmap_outfile *of, const qsmap_report *r,
                              qsmap_label_stats *labels, qsmap_error *err)
{
    FILE *fp = of->fp;
    output_fmt f = path_format(o, path);
    qsmap_status st;
    switch (f) {
    case FORMAT_PDF:
        if (r->nselected > 1)
            st = write_atlas(o, render, fp, r, labels, err);
        else
            st = render->pdf(fp, r, &o->render, labels, err);
        break;
    case FORMAT_PNG:
        st = render->png(fp, r, &o->render, labels, err);
        break;
    case FORMAT_SUMMARY:
        st = qsmap_write_summary_csv(fp, r);
        if (st)
            qsmap_error_set(err, st, path, 0, "write failed");
        break;
    case FORMAT_XLSX:
        /* libxlsxwriter writes by name: into the temporary file, renamed on
         * commit like every other output. */
        st = render->xlsx(of->tmp, r, err);
        if (st)
            snprintf(err->file, sizeof err->file, "%s", path);
        break;
    case FORMAT_GEOJSON:
        st = qsmap_write_geojson(fp, r, err);
        break;
    default:
        st = qsmap_write_pairs_csv(fp, r);
        if (st)
            qsmap_error_set(err, st, path, 0, "write failed");
        break;
    }
    if (st && !err->file[0])
        snprintf(err->file, sizeof err->file, "%s", path);
    return st;
}

static qsmap_status write_outputs(const options *o, const qsmap_render_api *render,
                                  const qsmap_report *r, FILE *out, const char *const *paths,
                                  size_t npaths, qsmap_label_stats *labels, qsmap_error *err)
{
    qsmap_outfile files[MAX_OUTPUTS + 4];
    size_t opened = 0;
    qsmap_status st = QSMAP_OK;
    for (size_t k = 0; k < npaths && !st; k++) {
        st = qsmap_outfile_open(&files[k], paths[k], out, err);
        if (st)
            break;
        opened++;
        st = write_one(o, render, paths[k], &files[k], r, labels, err);
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

/* "did you mean": the three affiliations of quality schools closest to what
 * was typed, as the table spells them. */
static void closest_offices(const qsmap_schools *s, const char *office, char *out, size_t size)
{
    qsmap_closest c = {0};
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].role == QSMAP_ROLE_QUALITY)
            qsmap_closest_add(&c, office, s->v[i].affiliation);
    qsmap_closest_format(&c, "; ", out, size);
    if (!c.name[0])
        snprintf(out, size, "none: the table has no affiliation column");
}

typedef struct {
    const char *path;
    qsmap_districts *d;
    qsmap_status st;
    qsmap_error err;
    double ms; /* how long it took, for --timings */
} district_load;

static void *load_districts(void *arg)
{
    district_load *l = arg;
    double t0 = qsmap_clock_ms();
    l->st = qsmap_districts_load(l->path, QSMAP_ENC_AUTO, &l->d, &l->err);
    l->ms = qsmap_clock_ms() - t0;
    return NULL;
}

/* --timings: where the run's time went, on stderr, one line a stage. The
 * shapefile loads on its own thread while the school table loads: both are
 * shown, then the wall time of the two together. */
typedef struct {
    bool on;
    FILE *fp;
    double t0, last;
} stopwatch;

static void stopwatch_start(stopwatch *w) { w->t0 = w->last = qsmap_clock_ms(); }

/* A stage timed elsewhere (a thread, the report). */
static void stopwatch_part(const stopwatch *w, double ms, const char *what)
{
    if (w->on)
        fprintf(w->fp, "qsmap: time %8.1f ms    %s\n", ms, what);
}

static void stopwatch_lap(stopwatch *w, const char *what)
{
    double now = qsmap_clock_ms();
    if (w->on)
        fprintf(w->fp, "qsmap: time %8.1f ms  %s (total %.1f ms)\n", now - w->last, what,
                now - w->t0);
    w->last = now;
}

static qsmap_status run(const options *o, const qsmap_render_api *render, FILE *out,
                        FILE *errout, qsmap_error *err, int *phase_output)
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
    for (size_t k = 0; k <= o->noutputs; k++) {
        const char *p = k < o->noutputs ? o->outputs[k] : o->summary;
        if (p && (st = is_dir_output(p) ? check_dir_output(p, err)
                                        : qsmap_outfile_check(p, err))) {
            *phase_output = 1;
            return st;
        }
    }

    qsmap_districts *d = NULL;
    qsmap_schools *s = NULL;
    size_t *sel = NULL, nsel = 0;
    qsmap_report r = {0};
    stopwatch sw = {.on = o->timings, .fp = errout};
    stopwatch_start(&sw);
    /* The shapefile and the school table load side by side; their errors are
     * then reported in a fixed order (boundaries, place, school table). */
    district_load dl = {.path = bounds_path};
    pthread_t loader;
    bool threaded = pthread_create(&loader, NULL, load_districts, &dl) == 0;
    if (!threaded)
        load_districts(&dl);
    qsmap_schools_options so = {.encoding = o->encoding};
    qsmap_error school_err = {0};
    double ts = qsmap_clock_ms();
    qsmap_status school_st = qsmap_schools_load(schools_path, &so, &s, &school_err);
    ts = qsmap_clock_ms() - ts;
    if (threaded)
        pthread_join(loader, NULL);
    d = dl.d;
    st = dl.st;
    if (st)
        *err = dl.err;
    stopwatch_part(&sw, ts, "school table: read, UTF-8 check, parse");
    stopwatch_part(&sw, dl.ms, "shapefile: read, rings, district grid (alongside)");
    stopwatch_lap(&sw, "both loaded");
    if (!st && o->all) {
        nsel = qsmap_districts_count(d);
        sel = malloc((nsel ? nsel : 1) * sizeof *sel);
        if (!sel)
            st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        for (size_t k = 0; sel && k < nsel; k++)
            sel[k] = k;
    } else if (!st && (o->district || o->province)) {
        st = qsmap_districts_select(d, o->district, o->province, &sel, &nsel, err);
    }
    if (!st && school_st) {
        st = school_st;
        *err = school_err;
    }
    if (!st && o->quality_ids)
        st = mark_quality(s, o->quality_ids, err);
    if (!st && !s->has_role && !o->quality_ids)
        st = qsmap_error_set(err, QSMAP_E_COLUMN, schools_path, 1,
                             "no column 'role' and no --quality: qsmap cannot tell the "
                             "quality schools (add a role column: quality/network)");
    if (!st)
        st = qsmap_report_build_office(s, d, sel, nsel, o->office, o->radius_m, &r, err);
    if (!st && o->office && r.nselected == 0) {
        char near[600];
        closest_offices(s, o->office, near, sizeof near);
        st = qsmap_error_set(err, QSMAP_E_NOT_FOUND, schools_path, 0,
                             "no quality school has affiliation '%s' (closest in the table: %s)",
                             o->office, near);
    }
    if (!st) {
        stopwatch_part(&sw, r.times.pip_quality, "point in polygon: quality schools");
        stopwatch_part(&sw, r.times.join, "join: network schools within the radius");
        stopwatch_part(&sw, r.times.overlaps, "overlaps and nearest quality school");
        stopwatch_part(&sw, r.times.pip_network, "point in polygon: network schools in pairs");
        st = qsmap_report_summarize(&r, o->small_max, err);
    }
    stopwatch_lap(&sw, "report (the above and the summary)");
    if (!st) {
        r.sample_data = sample;
        const char *paths[MAX_OUTPUTS + 4];
        size_t npaths = o->noutputs;
        char def_out[3][600];
        bool to_stdout = false;
        const char *png_dir = NULL;
        npaths = 0;
        for (size_t k = 0; k < o->noutputs; k++) {
            if (is_dir_output(o->outputs[k])) {
                png_dir = o->outputs[k];
                continue;
            }
            paths[npaths++] = o->outputs[k];
            to_stdout |= !strcmp(o->outputs[k], "-");
        }
        if (npaths == 0 && !png_dir) {
            char rl[32];
            qsmap_radius_label(o->radius_m, rl, sizeof rl);
            const qsmap_district *first = qsmap_districts_get(d, r.selected[0]);
            const char *label = o->all              ? "ทั้งประเทศ"
                                : o->office         ? o->office
                                : r.nselected == 1 ? first->name_th
                                                    : first->province_th;
            static const char *const EXT[3] = {"pdf", "png", "csv"};
            for (int k = 0; k < 3; k++) {
                snprintf(def_out[k], sizeof def_out[k], "%s-%s.%s", label, rl, EXT[k]);
                paths[npaths++] = def_out[k];
            }
        }
        if (o->summary)
            paths[npaths++] = o->summary;
        qsmap_label_stats labels = {0};
        bool has_map = false, has_xlsx = false;
        for (size_t k = 0; k < npaths; k++) {
            output_fmt f = path_format(o, paths[k]);
            has_map |= f == FORMAT_PDF || f == FORMAT_PNG;
            has_xlsx |= f == FORMAT_XLSX;
        }
        void *module = NULL;
        if (!render && (has_map || has_xlsx || png_dir))
            st = qsmap_render_open(&module, &render, err);
        if (!st && png_dir) {
            char rl[32];
            qsmap_radius_label(o->radius_m, rl, sizeof rl);
            long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
            progress_bar bar = progress_start(errout);
            st = render->png_dir(png_dir, &r, rl, &o->render, ncpu > 0 ? (int)ncpu : 1,
                                 show_progress, &bar, &labels, err);
            has_map = true;
        }
        if (!st)
            st = write_outputs(o, render, &r, out, paths, npaths, &labels, err);
        qsmap_render_close(module);
        stopwatch_lap(&sw, "write outputs");
        if (st)
            *phase_output = 1;
        else if (!o->quiet) {
            FILE *sum = to_stdout ? errout : out;
            if (!to_stdout)
                print_summary(sum, &r, paths, npaths);
            if (has_map)
                fprintf(sum,
                        "ป้ายชื่อ %zu ป้าย: ที่จุด %zu, ใช้เส้นโยง %zu, ใช้หมายเลข %zu "
                        "(วางที่จุดไม่ได้ %zu)\n",
                        labels.at_marker + labels.leader + labels.numbered, labels.at_marker,
                        labels.leader, labels.numbered, labels.leader + labels.numbered);
        }
    }
    qsmap_report_release(&r);
    free(sel);
    qsmap_schools_free(s);
    qsmap_districts_free(d);
    return st;
}

int qsmap_cli_run(int argc, char **argv, FILE *out, FILE *errout)
{
    return qsmap_cli_run_with(argc, argv, out, errout, NULL);
}

int qsmap_cli_run_with(int argc, char **argv, FILE *out, FILE *errout,
                       const qsmap_render_api *render)
{
    options o;
    qsmap_error err = {0};
    int done, phase_output = 0;
    qsmap_status st = parse_args(argc, argv, &o, &done, out, &err);
    o.errout = errout;
    if (!st && !done)
        st = run(&o, render, out, errout, &err, &phase_output);
    if (!st)
        return 0;
    char line[1400];
    qsmap_error_format(&err, line, sizeof line);
    fprintf(errout, "qsmap: %s\n", line);
    if (phase_output && st == QSMAP_E_IO)
        return EXIT_OUTPUT;
    return exit_code_for(st);
}
