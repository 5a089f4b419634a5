/* networks.c — qsmap networks: the named school networks of a list (the
 * 175 IQA networks of 2563 by default), measured against the school table
 * and the boundaries, and written as the catchment map's outputs are (all
 * or nothing, never over an input). The stages it shares with the
 * catchment map are run.c's (cli/run.h). */
#include "cli/run.h"

#include "base/number.h"
#include "base/utf8.h"
#include "base/vocab.h"
#include "load/dataset.h"
#include "networks/networks.h"
#include "write/filename.h"

#include <math.h>
#include <string.h>

/* The shipped list, the default of --list. */
#define DEFAULT_LIST "iqa_networks_2563.csv"
/* Unknown ids are listed one a line up to this many, then counted. */
#define MAX_ID_WARNINGS 10

typedef struct {
    qsmap_output v[QSMAP_MAX_OUTPUTS + 2];
    size_t n;
    char def[600];
    char list[1200]; /* the list's path */
} net_plan;

/* -o's, or networks-<selection>.csv; then --summary. */
static void plan_outputs(const run_state *rs, net_plan *p)
{
    const cli_options *o = rs->o;
    p->n = 0;
    for (size_t k = 0; k < o->noutputs; k++)
        p->v[p->n++] = (qsmap_output){o->outputs[k], qsmap_format_for_path(o->outputs[k])};
    if (p->n == 0) {
        char label[QSMAP_SAFE_NAME_MAX + 1];
        qsmap_safe_name(o->all ? "ทั้งหมด" : o->ids ? o->ids : o->office, QSMAP_SAFE_NAME_MAX,
                        label, sizeof label);
        snprintf(p->def, sizeof p->def, "networks-%s.csv", label);
        p->v[p->n++] = (qsmap_output){p->def, qsmap_format_named("csv")};
    }
    if (o->summary)
        p->v[p->n++] = (qsmap_output){o->summary, qsmap_format_named("summary")};
}

/* Every output can be written and none is an input (the list too). */
static qsmap_status check_outputs(run_state *rs, net_plan *p, qsmap_error *err)
{
    if (rs->o->list)
        qsmap_text_copy(p->list, sizeof p->list, rs->o->list);
    else if (qsmap_dataset_file(DEFAULT_LIST, p->list, sizeof p->list) != 0)
        return qsmap_error_set(err, QSMAP_E_IO, DEFAULT_LIST, 0,
                               "the shipped network list is missing (give --list FILE)");
    for (size_t k = 0; k < p->n; k++) {
        qsmap_status st = qsmap_output_check(&p->v[k], err);
        if (st) {
            rs->output_failed = true;
            return st;
        }
    }
    qsmap_input_file list = {p->list, rs->o->list ? "--list" : "the shipped network list"};
    return cli_run_check_distinct(rs, p->v, p->n, strcmp(p->list, "-") ? &list : NULL, err);
}

/* A row whose id the table lacks is kept as unmatched, with a word. */
static void warn_unknown_ids(const run_state *rs)
{
    size_t n = 0;
    for (size_t i = 0; i < rs->nw->nrows; i++) {
        const qsmap_net_row *r = &rs->nw->rows[i];
        if (r->id_unknown && n++ < MAX_ID_WARNINGS)
            fprintf(rs->errout,
                    "qsmap: %s:%u: school id %s is not in %s: kept as ไม่พบในทะเบียน\n",
                    rs->nw->path, r->line, r->school_id, rs->s->path);
    }
    if (n > MAX_ID_WARNINGS)
        fprintf(rs->errout, "qsmap: %s: %zu more school ids are not in %s\n", rs->nw->path,
                n - MAX_ID_WARNINGS, rs->s->path);
}

static qsmap_status select_networks(run_state *rs, qsmap_error *err)
{
    const cli_options *o = rs->o;
    if (o->ids)
        return qsmap_networks_select_ids(rs->nw, o->ids, err);
    if (!o->office)
        return QSMAP_OK;
    qsmap_status st = cli_run_resolve_office(rs, err);
    if (!st && qsmap_networks_select_office(rs->nw, rs->office) == 0)
        st = qsmap_error_set(err, QSMAP_E_NOT_FOUND, rs->nw->path, 0,
                             "no network of the list has a school of office '%s'", o->office);
    return st;
}

/* The list, read and measured; the selection. */
static qsmap_status build_networks(run_state *rs, const net_plan *p, qsmap_error *err)
{
    qsmap_status st = qsmap_networks_load(p->list, rs->s, &rs->nw, err);
    if (st)
        return st;
    warn_unknown_ids(rs);
    rs->nw->sample_data = rs->sample;
    st = qsmap_networks_measure(rs->nw, rs->d, rs->o->radius_m, rs->o->margin_m, err);
    if (!st)
        st = select_networks(rs, err);
    cli_stopwatch_lap(&rs->sw, "network list: read, measured");
    return st;
}

static void print_km(FILE *out, double m)
{
    char km[32];
    qsmap_number_km(m, false, km, sizeof km);
    fprintf(out, "%s กม.", km);
}

/* The Thai summary: rows found and not, distances, suggestions, files. */
static void print_summary(FILE *out, const qsmap_networks *nw, const net_plan *p)
{
    qsmap_networks_totals t;
    qsmap_networks_total(nw, &t);
    fprintf(out, "%zu เครือข่าย (แกนนำ %zu, ร่วมพัฒนา %zu): พบในทะเบียน %zu แถว, "
                 "ไม่พบในทะเบียน %zu แถว%s\n",
            t.networks, t.networks, t.members, t.matched_rows, t.unmatched_rows,
            nw->sample_data ? " — " QSMAP_SAMPLE_NOTE : "");
    fprintf(out, "ระยะจากแกนนำ (%zu คู่): ภายใน %g กม. %zu, เกิน %g กม. %zu, เกิน %g กม. %zu",
            t.measured, nw->radius_m / 1000, t.within, nw->radius_m / 1000, t.beyond,
            QSMAP_NET_FAR_M / 1000, t.beyond_20km);
    if (t.farthest != QSMAP_NO_SCHOOL) {
        const qsmap_net_row *f = &nw->rows[t.farthest];
        fprintf(out, "; ไกลที่สุด ");
        print_km(out, f->distance_m);
        fprintf(out, " (เครือข่าย %s, %s)", nw->v[f->network].id,
                nw->schools->v[f->school].name);
    }
    fprintf(out, "\nต่างอำเภอกับแกนนำ %zu, ต่างจังหวัด %zu; ข้อเสนอย้ายเครือข่าย %zu "
                 "(แกนนำอื่นใกล้กว่าเกิน %g กม.)\n",
            t.other_district, t.other_province, t.suggestions, nw->margin_m / 1000);
    for (size_t k = 0; k < p->n; k++)
        fprintf(out, "เขียนไฟล์ %s\n", p->v[k].path);
}

static qsmap_status write_networks(run_state *rs, const net_plan *p,
                                   const qsmap_render_api *render, qsmap_error *err)
{
    const cli_options *o = rs->o;
    if (o->all)
        snprintf(rs->scope, sizeof rs->scope, "เครือข่ายนวัตกรรมคุณภาพสถานศึกษา ทั้งหมด");
    else
        qsmap_text_printf(rs->scope, sizeof rs->scope, "เครือข่ายนวัตกรรมคุณภาพสถานศึกษา %s%s",
                          o->ids ? "เครือข่ายที่ " : "", o->ids ? o->ids : o->office);
    void *module;
    qsmap_status st = cli_run_need_renderer(p->v, p->n, &render, &module, err);
    cli_progress bar = cli_progress_start(rs->errout);
    qsmap_write_ctx ctx;
    cli_run_write_context(rs, &ctx, &bar);
    ctx.render = render;
    if (!st)
        st = qsmap_write_network_outputs(p->v, p->n, rs->nw, &ctx, rs->out, err);
    qsmap_render_close(module);
    cli_stopwatch_lap(&rs->sw, "write outputs");
    if (st) {
        rs->output_failed = true;
        return st;
    }
    if (ctx.atlas.pages && !o->quiet)
        fprintf(rs->errout, "qsmap: atlas %zu เครือข่าย, %zu หน้า, %.1f วินาที\n",
                ctx.atlas.districts, ctx.atlas.pages, ctx.atlas_seconds);
    bool to_stdout = false;
    for (size_t k = 0; k < p->n; k++)
        to_stdout |= qsmap_path_is_stdout(p->v[k].path);
    if (!o->quiet)
        print_summary(to_stdout ? rs->errout : rs->out, rs->nw, p);
    return QSMAP_OK;
}

qsmap_status cli_networks_run(run_state *rs, const qsmap_render_api *render, qsmap_error *err)
{
    net_plan plan;
    plan_outputs(rs, &plan);
    qsmap_status st = cli_run_find_inputs(rs, err);
    if (!st)
        st = check_outputs(rs, &plan, err);
    if (st)
        return st;
    cli_stopwatch_start(&rs->sw);
    qsmap_status school_st;
    qsmap_error school_err = {0};
    st = cli_run_load_inputs(rs, &school_st, &school_err, err);
    if (!st && school_st) {
        st = school_st;
        *err = school_err;
    }
    if (!st)
        st = cli_run_quality(rs, err);
    if (!st)
        st = build_networks(rs, &plan, err);
    if (!st)
        st = write_networks(rs, &plan, render, err);
    return st;
}
