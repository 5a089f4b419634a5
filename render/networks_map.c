/* networks_map.c — a named network's map page, with the catchment map's
 * cartography: the network is made into a small report of its own (its
 * matched schools copied into a table, the lead as the one quality
 * school, a pair from the lead to each member at the member's distance,
 * the districts of its schools as the selection) and drawn by
 * qsmap_map_draw in network mode (opt->network_title), which draws the
 * lead as a star, joins it to each member and words the legend for
 * networks. A network without a place to map gets a page that says why. */
#include "base/vocab.h"
#include "render/networks_impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    qsmap_schools schools; /* copies: the lead first, then the matched members */
    qsmap_report r;
} net_report;

static void net_report_free(net_report *nr)
{
    qsmap_report_release(&nr->r);
    free(nr->schools.v);
    nr->schools.v = NULL;
}

static bool has_district(const qsmap_report *r, long d)
{
    for (size_t k = 0; k < r->nselected; k++)
        if ((long)r->selected[k] == d)
            return true;
    return false;
}

/* Copy school row into the table, as the map wants it: the lead the quality
 * school (its ring in one colour: no readiness is meant), a member a
 * network school without participation. */
static void add_school(net_report *nr, const qsmap_networks *nw, const qsmap_net_row *row)
{
    size_t i = nr->schools.n++;
    qsmap_school *s = &nr->schools.v[i];
    *s = nw->schools->v[row->school];
    s->role = row->role == QSMAP_NET_LEAD ? QSMAP_ROLE_QUALITY : QSMAP_ROLE_NETWORK;
    s->color = QSMAP_COLOR_BLUE;
    s->participation = QSMAP_PART_NONE;
    nr->r.district_of[i] = row->district;
    if (row->district >= 0 && !has_district(&nr->r, row->district))
        nr->r.selected[nr->r.nselected++] = (size_t)row->district;
    if (i > 0) {
        nr->r.quality_count[i] = 1;
        nr->r.nearest_quality[i] = 0;
        nr->r.catchment->v[nr->r.catchment->n++] = (qsmap_pair){0, (uint32_t)i, row->distance_m};
    }
}

/* The network as a report; QSMAP_E_NOT_FOUND (no error set) when its lead
 * is not in the school table, QSMAP_E_EMPTY when no polygon covers any of
 * its schools: nothing to map. */
static qsmap_status net_report_build(const qsmap_networks *nw, const qsmap_network *net,
                                     net_report *nr, qsmap_error *err)
{
    memset(nr, 0, sizeof *nr);
    const qsmap_net_row *lead = &nw->rows[net->first];
    if (lead->school == QSMAP_NO_SCHOOL)
        return QSMAP_E_NOT_FOUND;
    size_t n = net->count;
    qsmap_report *r = &nr->r;
    nr->schools.v = calloc(n, sizeof *nr->schools.v);
    r->catchment = calloc(1, sizeof *r->catchment);
    if (r->catchment)
        r->catchment->v = calloc(n, sizeof *r->catchment->v);
    r->selected = calloc(n, sizeof *r->selected);
    r->district_of = calloc(n, sizeof *r->district_of);
    r->quality_count = calloc(n, sizeof *r->quality_count);
    r->nearest_quality = calloc(n, sizeof *r->nearest_quality);
    if (!nr->schools.v || !r->catchment || !r->catchment->v || !r->selected || !r->district_of ||
        !r->quality_count || !r->nearest_quality) {
        net_report_free(nr);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    nr->schools.has_area = nw->schools->has_area;
    nr->schools.has_students = nw->schools->has_students;
    nr->schools.has_teachers = nw->schools->has_teachers;
    nr->schools.has_role = 1;
    snprintf(nr->schools.path, sizeof nr->schools.path, "%s", nw->schools->path);
    r->schools = &nr->schools;
    r->districts = nw->districts;
    r->radius_m = r->catchment->radius_m = nw->radius_m;
    r->sample_data = nw->sample_data;
    for (uint32_t j = net->first; j < net->first + net->count; j++)
        if (nw->rows[j].school != QSMAP_NO_SCHOOL)
            add_school(nr, nw, &nw->rows[j]);
    /* a lead without a matched member still has its ring: a row of its own */
    if (r->catchment->n == 0)
        r->catchment->v[r->catchment->n++] = (qsmap_pair){0, QSMAP_NO_SCHOOL, NAN};
    if (r->nselected == 0) {
        net_report_free(nr);
        return QSMAP_E_EMPTY;
    }
    return QSMAP_OK;
}

/* The page of a network that has no map: its title and why. */
static cairo_surface_t *no_map_page(const qsmap_networks *nw, const qsmap_network *net,
                                    const qsmap_render_opts *opt, bool lead_unmatched)
{
    cairo_surface_t *page = qsmap_page_new(QSMAP_PAGE_W, QSMAP_PAGE_H);
    cairo_t *cr = cairo_create(page);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    double w = QSMAP_PAGE_W - 2 * NET_MARGIN, y = NET_MARGIN;
    char *title = qsmap_net_title(nw, net, opt->thai_digits);
    y += qsmap_net_text(cr, 19, true, title, NET_MARGIN, y, w, NET_LEFT, NET_INK) + 4;
    g_free(title);
    qsmap_net_hline(cr, NET_MARGIN, QSMAP_PAGE_W - NET_MARGIN, y, 0.9, NET_RULE_DARK);
    const qsmap_net_row *lead = &nw->rows[net->first];
    char *why =
        lead_unmatched
            ? qsmap_style_printf(opt->thai_digits,
                                 "ไม่มีแผนที่ของเครือข่ายนี้: โรงเรียนแกนนำ \"%s\" " QSMAP_NET_NOT_FOUND
                                 " จึงไม่ทราบตำแหน่งของแกนนำ และวัดระยะถึงโรงเรียนร่วมพัฒนาไม่ได้",
                                 lead->name_doc[0] ? lead->name_doc : qsmap_net_row_name(nw, lead))
            : qsmap_style_printf(opt->thai_digits, "ไม่มีแผนที่ของเครือข่ายนี้: ไม่มีขอบเขตอำเภอใด"
                                                   "ครอบคลุมตำแหน่งของโรงเรียนในเครือข่าย");
    y += 24 + qsmap_net_text(cr, 15, false, why, NET_MARGIN, y + 24, w, NET_LEFT, NET_WARN);
    g_free(why);
    char *more = qsmap_style_printf(opt->thai_digits,
                                    "โรงเรียนทั้ง %u แห่งของเครือข่าย (แกนนำ 1 ร่วมพัฒนา %u) "
                                    "อยู่ในตารางหน้าถัดไป พร้อมชื่อตามประกาศและหมายเหตุจากรายชื่อ",
                                    net->count, net->members);
    qsmap_net_text(cr, 13, false, more, NET_MARGIN, y + 10, w, NET_LEFT, NET_MUTED);
    g_free(more);
    qsmap_net_foot_note(cr, nw, opt);
    cairo_destroy(cr);
    return page;
}

qsmap_status qsmap_net_map_page(const qsmap_networks *nw, const qsmap_network *net,
                                const qsmap_render_opts *opt, qsmap_page_slot *s)
{
    net_report nr;
    qsmap_status st = net_report_build(nw, net, &nr, &s->err);
    cairo_surface_t *page = NULL;
    if (st == QSMAP_E_NOT_FOUND || st == QSMAP_E_EMPTY) {
        page = no_map_page(nw, net, opt, st == QSMAP_E_NOT_FOUND);
        st = QSMAP_OK;
    } else if (!st) {
        qsmap_render_opts mo = *opt;
        char *title = qsmap_net_title(nw, net, opt->thai_digits);
        mo.network_title = title;
        double pw, ph;
        st = qsmap_map_page_size(&nr.r, &mo, &pw, &ph, &s->err);
        if (!st) {
            page = qsmap_page_new(pw, ph);
            cairo_t *cr = cairo_create(page);
            st = qsmap_map_draw(cr, &nr.r, &mo, &s->labels, &s->err);
            cairo_destroy(cr);
        }
        g_free(title);
        net_report_free(&nr);
    }
    if (!st && !qsmap_page_keep(s, page))
        st = qsmap_error_set(&s->err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (st && page)
        cairo_surface_destroy(page);
    return st;
}
