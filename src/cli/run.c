/* run.c — one run of the qsmap command, stage by stage: find the inputs,
 * check the outputs can be written, load the school table and the
 * boundaries side by side, select, build the report, write every output,
 * print the summary. Errors are printed here, once, as exit codes. */
#include "cli/run.h"

#include "base/clock.h"
#include "base/paths.h"
#include "base/utf8.h"
#include "catchment/radius.h"
#include "load/dataset.h"
#include "load/gdal.h"
#include "load/shapefile.h"
#include "select/select.h"
#include "write/filename.h"
#include "write/outputs.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum {
    EXIT_INTERNAL = 1, /* out of memory, GEOS/PROJ/cairo failure */
    EXIT_USAGE = 2,    /* bad option or argument */
    EXIT_INPUT = 3,    /* a school table or shapefile qsmap cannot use */
    EXIT_PLACE = 4,    /* unknown or ambiguous district or province */
    EXIT_OUTPUT = 5,   /* an output file cannot be written */
};

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

void cli_run_free(run_state *rs)
{
    qsmap_report_release(&rs->r);
    qsmap_office_free(rs->office);
    free(rs->sel);
    qsmap_schools_free(rs->s);
    qsmap_districts_free(rs->d);
    qsmap_gdal_free(rs->gdal);
    qsmap_networks_free(rs->nw);
}

qsmap_status cli_run_find_inputs(run_state *rs, qsmap_error *err)
{
    const cli_options *o = rs->o;
    rs->schools_path = o->schools;
    rs->bounds_path = o->boundaries;
    if (o->schools && o->boundaries)
        return QSMAP_OK;
    qsmap_status st = qsmap_dataset_find(rs->def_schools, sizeof rs->def_schools,
                                         rs->def_bounds, sizeof rs->def_bounds, err);
    if (st)
        return st;
    if (!o->schools)
        rs->schools_path = rs->def_schools, rs->sample = true;
    if (!o->boundaries)
        rs->bounds_path = rs->def_bounds;
    return QSMAP_OK;
}

/* The inputs: the school table, any file of the shapefile, a --quality
 * @FILE, --roles, and the caller's extra one. */
qsmap_status cli_run_check_distinct(const run_state *rs, const qsmap_output *outs, size_t n,
                                    const qsmap_input_file *extra, qsmap_error *err)
{
    qsmap_input_file ins[4 + QSMAP_SHAPEFILE_NPARTS];
    char parts[QSMAP_SHAPEFILE_NPARTS][QSMAP_SHAPEFILE_PATH];
    ins[0] = (qsmap_input_file){rs->schools_path,
                                rs->o->schools ? "--schools" : "the shipped school table"};
    const char *bounds_flag = rs->o->boundaries ? "--boundaries" : "the shipped boundaries";
    size_t np = 0;
    /* a GeoPackage or GeoJSON is one file; a shapefile is several */
    if (strcasecmp(qsmap_path_extension(rs->bounds_path), "shp") == 0)
        np = qsmap_shapefile_parts(rs->bounds_path, parts, QSMAP_SHAPEFILE_NPARTS);
    else
        qsmap_text_copy(parts[np++], sizeof parts[0], rs->bounds_path);
    for (size_t k = 0; k < np; k++)
        ins[1 + k] = (qsmap_input_file){parts[k], bounds_flag};
    const char *ids = rs->o->quality_ids;
    if (ids && ids[0] == '@' && strcmp(ids, "@-") != 0)
        ins[1 + np++] = (qsmap_input_file){ids + 1, "--quality"};
    if (rs->o->roles && strcmp(rs->o->roles, "-") != 0)
        ins[1 + np++] = (qsmap_input_file){rs->o->roles, "--roles"};
    if (extra)
        ins[1 + np++] = *extra;
    return qsmap_outputs_check_distinct(outs, n, ins, 1 + np, err);
}

/* Before any work: every output named on the command line can be written,
 * and none replaces an input or another output. */
static qsmap_status check_outputs(run_state *rs, qsmap_error *err)
{
    const cli_options *o = rs->o;
    qsmap_output outs[QSMAP_MAX_OUTPUTS + 1];
    size_t n = 0;
    for (size_t k = 0; k <= o->noutputs; k++) {
        qsmap_output out = {k < o->noutputs ? o->outputs[k] : o->summary, NULL};
        if (!out.path)
            continue;
        out.format = k < o->noutputs ? qsmap_format_for_path(out.path)
                                     : qsmap_format_named("summary");
        qsmap_status st = qsmap_output_check(&out, err);
        if (st) {
            rs->output_failed = true;
            return st;
        }
        outs[n++] = out;
    }
    return cli_run_check_distinct(rs, outs, n, NULL, err);
}

typedef struct {
    const char *path, *layer;
    qsmap_gdal *gdal; /* set when the boundaries go through GDAL */
    qsmap_districts *d;
    qsmap_status st;
    qsmap_error err;
    double ms; /* how long it took, for --timings */
} district_load;

static void *load_districts(void *arg)
{
    district_load *l = arg;
    double t0 = qsmap_clock_ms();
    l->st = l->gdal ? qsmap_gdal_districts(l->gdal, l->path, l->layer, &l->d, &l->err)
                    : qsmap_districts_load(l->path, QSMAP_ENC_AUTO, &l->d, &l->err);
    l->ms = qsmap_clock_ms() - t0;
    return NULL;
}

/* The GDAL reader, loaded on this thread before the loaders start, when
 * an input is a spreadsheet, a GIS layer or a reprojected shapefile. */
static qsmap_status open_gdal(run_state *rs, bool *schools, bool *bounds, qsmap_error *err)
{
    const cli_options *o = rs->o;
    *schools = qsmap_gdal_wanted_table(rs->schools_path);
    *bounds = qsmap_gdal_wanted_boundaries(rs->bounds_path);
    bool roles = o->roles && qsmap_gdal_wanted_table(o->roles);
    if ((o->layer && !*schools) || (o->boundaries_layer && !*bounds))
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "%s names a layer, but %s has none (a CSV file or a WGS84 "
                               "shapefile is one table)",
                               o->layer && !*schools ? "--layer/--sheet" : "--boundaries-layer",
                               o->layer && !*schools ? rs->schools_path : rs->bounds_path);
    if (!*schools && !*bounds && !roles)
        return QSMAP_OK;
    return qsmap_gdal_new(&rs->gdal, err);
}

/* The shapefile and the school table load side by side; their errors are
 * then reported in a fixed order (boundaries, place, school table). */
qsmap_status cli_run_load_inputs(run_state *rs, qsmap_status *school_st,
                                 qsmap_error *school_err, qsmap_error *err)
{
    bool gdal_schools, gdal_bounds;
    qsmap_status st = open_gdal(rs, &gdal_schools, &gdal_bounds, err);
    if (st)
        return st;
    district_load dl = {.path = rs->bounds_path,
                        .layer = rs->o->boundaries_layer,
                        .gdal = gdal_bounds ? rs->gdal : NULL};
    pthread_t loader;
    bool threaded = pthread_create(&loader, NULL, load_districts, &dl) == 0;
    if (!threaded)
        load_districts(&dl);
    qsmap_schools_options so = {.encoding = rs->o->encoding};
    double ts = qsmap_clock_ms();
    *school_st = gdal_schools ? qsmap_gdal_schools(rs->gdal, rs->schools_path, rs->o->layer,
                                                   rs->o->encoding, &rs->s, school_err)
                              : qsmap_schools_load(rs->schools_path, &so, &rs->s, school_err);
    ts = qsmap_clock_ms() - ts;
    if (threaded)
        pthread_join(loader, NULL);
    rs->d = dl.d;
    if (dl.st)
        *err = dl.err;
    cli_stopwatch_part(&rs->sw, ts, "school table: read, UTF-8 check, parse");
    cli_stopwatch_part(&rs->sw, dl.ms, "shapefile: read, rings, district grid (alongside)");
    cli_stopwatch_lap(&rs->sw, "both loaded");
    return dl.st;
}

/* Districts by name or all of them, then the quality schools: the table's
 * role column or --quality. */
/* --roles: every id the table lacks on a line of its own (file:line), then
 * the one error; a list that overrides the table's columns says so once. */
static qsmap_status apply_roles(run_state *rs, qsmap_error *err)
{
    qsmap_roles_result res;
    const char *path = strcmp(rs->o->roles, "-") ? rs->o->roles : "(stdin)";
    qsmap_status st = qsmap_roles_apply(rs->s, rs->o->roles, rs->gdal, &res, err);
    for (size_t k = 0; k < res.nmissing; k++) {
        char where[800];
        qsmap_where_format(path, &res.origin, res.missing[k].line, where, sizeof where);
        fprintf(rs->errout, "qsmap: %s: school id %s is not in %s\n", where, res.missing[k].id,
                rs->s->path);
    }
    if (!st && res.overrode)
        fprintf(rs->errout,
                "qsmap: warning: %s overrides the role, quality_color and network_status "
                "columns of %s\n",
                path, rs->s->path);
    qsmap_roles_result_free(&res);
    return st;
}

qsmap_status cli_run_quality(run_state *rs, qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    if (rs->o->quality_ids)
        st = qsmap_select_quality_ids(rs->s, rs->o->quality_ids, err);
    if (!st && rs->o->roles)
        st = apply_roles(rs, err);
    return st;
}

static qsmap_status select_places(run_state *rs, qsmap_status school_st,
                                  const qsmap_error *school_err, qsmap_error *err)
{
    const cli_options *o = rs->o;
    qsmap_status st = QSMAP_OK;
    if (o->all)
        st = qsmap_select_all(rs->d, &rs->sel, &rs->nsel, err);
    else if (o->district || o->province)
        st = qsmap_districts_select(rs->d, o->district, o->province, &rs->sel, &rs->nsel, err);
    if (!st && school_st) {
        st = school_st;
        *err = *school_err;
    }
    if (!st)
        st = cli_run_quality(rs, err);
    if (!st && !rs->s->has_role && !o->quality_ids)
        st = qsmap_error_set(err, QSMAP_E_COLUMN, rs->s->path, 1,
                             "no column 'role' and no --quality: qsmap cannot tell the "
                             "quality schools (add a role column: quality/network)");
    return st;
}

/* --office as typed, through the table's affiliations and the shipped
 * alias table of today's office names. */
qsmap_status cli_run_resolve_office(run_state *rs, qsmap_error *err)
{
    char aliases[1200];
    bool have = qsmap_dataset_file("office_aliases.csv", aliases, sizeof aliases) == 0;
    return qsmap_office_resolve(rs->s, rs->o->office, have ? aliases : NULL, &rs->office, err);
}

static qsmap_status build_report(run_state *rs, qsmap_error *err)
{
    const cli_options *o = rs->o;
    qsmap_status st = o->office ? cli_run_resolve_office(rs, err) : QSMAP_OK;
    if (!st)
        st = qsmap_report_build_office(rs->s, rs->d, rs->sel, rs->nsel, rs->office,
                                       o->radius_m, &rs->r, err);
    if (!st)
        cli_print_outside(rs->errout, &rs->r, rs->bounds_path);
    if (!st && o->office)
        st = qsmap_office_require_quality(&rs->r, o->office, rs->nsel > 0, err);
    if (!st) {
        const qsmap_report_times *t = &rs->r.times;
        cli_stopwatch_part(&rs->sw, t->pip_quality, "point in polygon: quality schools");
        cli_stopwatch_part(&rs->sw, t->join, "join: network schools within the radius");
        cli_stopwatch_part(&rs->sw, t->overlaps, "overlaps and nearest quality school");
        cli_stopwatch_part(&rs->sw, t->pip_network, "point in polygon: network schools in pairs");
        st = qsmap_report_summarize(&rs->r, o->small_max, err);
    }
    cli_stopwatch_lap(&rs->sw, "report (the above and the summary)");
    rs->r.sample_data = rs->sample;
    return st;
}

/* The name of the run's outputs without -o: the country, the office, the
 * district or the province, as a safe file name (write/filename.h): a name
 * from the data must not take the files out of the current folder. */
static void default_label(const run_state *rs, char *buf, size_t size)
{
    const qsmap_district *first = qsmap_districts_get(rs->d, rs->r.selected[0]);
    const char *label = rs->o->all           ? "ทั้งประเทศ"
                        : rs->o->office      ? rs->o->office
                        : rs->r.nselected == 1 ? first->name_th
                                              : first->province_th;
    qsmap_safe_name(label, QSMAP_SAFE_NAME_MAX, buf, size);
}

/* The run's outputs in the order written: -o's, or <label>-<radius>.pdf,
 * .png and .csv without any; then --summary. */
typedef struct {
    qsmap_output v[QSMAP_MAX_OUTPUTS + 4];
    size_t n;
    char def[3][600];
} output_plan;

static void plan_outputs(const run_state *rs, output_plan *p)
{
    const cli_options *o = rs->o;
    p->n = 0;
    for (size_t k = 0; k < o->noutputs; k++)
        p->v[p->n++] = (qsmap_output){o->outputs[k], qsmap_format_for_path(o->outputs[k])};
    if (p->n == 0) {
        char rl[32], label[QSMAP_SAFE_NAME_MAX + 1];
        qsmap_radius_label(o->radius_m, rl, sizeof rl);
        default_label(rs, label, sizeof label);
        static const char *const EXT[3] = {"pdf", "png", "csv"};
        static const char *const I10[3] = {"i10.docx", "i10.csv", NULL};
        for (int k = 0; k < 3 && (!o->indicator10 || I10[k]); k++) {
            snprintf(p->def[k], sizeof p->def[k], "%s-%s.%s", label, rl,
                     o->indicator10 ? I10[k] : EXT[k]);
            p->v[p->n++] = (qsmap_output){p->def[k], qsmap_format_for_path(p->def[k])};
        }
    }
    if (o->summary)
        p->v[p->n++] = (qsmap_output){o->summary, qsmap_format_named("summary")};
}

/* What the writers are told: render options, the atlas's scope, workers. */
void cli_run_write_context(run_state *rs, qsmap_write_ctx *ctx, cli_progress *bar)
{
    const cli_options *o = rs->o;
    if (o->networks) /* networks.c has set the scope */
        ;
    else if (o->all)
        snprintf(rs->scope, sizeof rs->scope, "ทั้งประเทศ");
    else if (o->office) /* the cover shows it: cut, if at all, between characters */
        qsmap_text_copy(rs->scope, sizeof rs->scope, o->office);
    else
        qsmap_text_printf(rs->scope, sizeof rs->scope, "จังหวัด%s",
                          qsmap_districts_get(rs->d, rs->r.selected[0])->province_th);
    qsmap_radius_label(o->radius_m, rs->radius_label, sizeof rs->radius_label);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    *ctx = (qsmap_write_ctx){.render_opts = o->render,
                             .scope = rs->scope,
                             .radius_label = rs->radius_label,
                             .threads = ncpu > 0 ? (int)ncpu : 1,
                             .commit = rs->commit,
                             .indicator10 = o->indicator10,
                             .progress = cli_progress_show,
                             .progress_ctx = bar};
}

qsmap_status cli_run_need_renderer(const qsmap_output *outs, size_t n,
                                   const qsmap_render_api **render, void **module,
                                   qsmap_error *err)
{
    *module = NULL;
    bool needed = false;
    for (size_t k = 0; k < n; k++)
        needed |= outs[k].format->needs_render;
    if (!needed || *render)
        return QSMAP_OK;
    return qsmap_render_open(module, render, err);
}

/* The summary on stdout (on stderr when the table goes to stdout), and the
 * label line when a map was drawn. */
static void report_done(const run_state *rs, const output_plan *p, const qsmap_write_ctx *ctx)
{
    const cli_options *o = rs->o;
    cli_warn_small_key(rs->errout, &ctx->labels);
    /* -q: errors and warnings only, the atlas line too, wherever stderr goes */
    if (ctx->atlas.pages && !o->quiet)
        fprintf(rs->errout, "qsmap: atlas %zu %s (ไม่มีโรงเรียนคุณภาพ %zu), %zu หน้า, %.1f วินาที\n",
                ctx->atlas.districts,
                qsmap_districts_kind(rs->r.districts, rs->r.selected, rs->r.nselected),
                ctx->atlas.without_quality, ctx->atlas.pages, ctx->atlas_seconds);
    if (o->quiet)
        return;
    bool to_stdout = false, has_map = false;
    const char *written[QSMAP_MAX_OUTPUTS + 4];
    size_t nwritten = 0;
    for (size_t k = 0; k < p->n; k++) {
        to_stdout |= qsmap_path_is_stdout(p->v[k].path);
        has_map |= p->v[k].format->draws_map;
        if (!p->v[k].format->directory)
            written[nwritten++] = p->v[k].path;
    }
    FILE *sum = to_stdout ? rs->errout : rs->out;
    if (!to_stdout)
        cli_print_summary(sum, &rs->r, written, nwritten);
    if (has_map)
        cli_print_labels(sum, &ctx->labels);
}

static qsmap_status write_all(run_state *rs, const qsmap_render_api *render, qsmap_error *err)
{
    output_plan plan;
    plan_outputs(rs, &plan);
    /* the default names (<district>-5km.csv) are known only now */
    qsmap_status st = cli_run_check_distinct(rs, plan.v, plan.n, NULL, err);
    if (st)
        return st;
    void *module;
    st = cli_run_need_renderer(plan.v, plan.n, &render, &module, err);
    cli_progress bar = cli_progress_start(rs->errout);
    qsmap_write_ctx ctx;
    cli_run_write_context(rs, &ctx, &bar);
    ctx.render = render;
    if (!st)
        st = qsmap_write_outputs(plan.v, plan.n, &rs->r, &ctx, rs->out, err);
    qsmap_render_close(module);
    cli_stopwatch_lap(&rs->sw, "write outputs");
    if (st)
        rs->output_failed = true;
    else
        report_done(rs, &plan, &ctx);
    return st;
}

static qsmap_status run(run_state *rs, const qsmap_render_api *render, qsmap_error *err)
{
    if (rs->o->networks)
        return cli_networks_run(rs, render, err);
    qsmap_status st = cli_run_find_inputs(rs, err);
    if (!st)
        st = check_outputs(rs, err);
    if (st)
        return st;
    cli_stopwatch_start(&rs->sw);
    qsmap_status school_st;
    qsmap_error school_err = {0};
    st = cli_run_load_inputs(rs, &school_st, &school_err, err);
    if (!st)
        st = select_places(rs, school_st, &school_err, err);
    if (!st)
        st = build_report(rs, err);
    else
        cli_stopwatch_lap(&rs->sw, "report (the above and the summary)");
    if (!st)
        st = write_all(rs, render, err);
    return st;
}

int qsmap_cli_run(int argc, char **argv, FILE *out, FILE *errout)
{
    return qsmap_cli_run_in(argc, argv, out, errout, NULL, NULL);
}

int qsmap_cli_run_with(int argc, char **argv, FILE *out, FILE *errout,
                       const qsmap_render_api *render)
{
    return qsmap_cli_run_in(argc, argv, out, errout, render, NULL);
}

int qsmap_cli_run_in(int argc, char **argv, FILE *out, FILE *errout,
                     const qsmap_render_api *render, cli_signals *signals)
{
    qsmap_commit *commit = signals ? signals->commit : NULL;
    cli_options o;
    qsmap_error err = {0};
    run_state rs = {.o = &o, .out = out, .errout = errout, .commit = commit};
    qsmap_status st = cli_parse(argc, argv, &o, &err);
    rs.sw = (cli_stopwatch){.on = o.timings, .fp = errout};
    if (!st && o.show == SHOW_HELP)
        cli_help(out, cli_command(&o));
    else if (!st && o.show == SHOW_VERSION)
        fprintf(out, "qsmap %s\n", QSMAP_VERSION);
    else if (!st && o.serve)
        st = cli_serve(&o, errout, signals, &err);
    else if (!st)
        st = run(&rs, render, &err);
    cli_run_free(&rs);
    if (!st)
        return 0;
    char line[1400];
    qsmap_error_format(&err, line, sizeof line);
    fprintf(errout, "qsmap: %s\n", line);
    if (rs.output_failed && st == QSMAP_E_IO)
        return EXIT_OUTPUT;
    return exit_code_for(st);
}
