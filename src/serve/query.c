/* query.c — a request's selection, read from its query string as the CLI
 * reads its options (the same radius parser, the same name matching), and
 * the report the CLI builds for it: districts selected, the office
 * resolved, the catchment joined, the summary made. Parameters qsmap does
 * not know, given twice, or holding bytes that are not UTF-8 (or a NUL)
 * are refused, so that a typo never silently shows another place. */
#include "serve/serve.h"

#include "base/utf8.h"
#include "catchment/radius.h"
#include "select/select.h"
#include "write/filename.h"

#include <stdlib.h>
#include <string.h>

enum { Q_DISTRICT, Q_PROVINCE, Q_OFFICE, Q_RADIUS, Q_DPI, Q_N };
static const char *const NAMES[Q_N] = {"district", "province", "office", "radius", "dpi"};

typedef struct {
    const char *v[Q_N];
    qsmap_error *err;
    bool bad;
} query_scan;

static enum MHD_Result scan(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                            const char *value, size_t value_size)
{
    (void)kind;
    query_scan *q = cls;
    int k = 0;
    while (k < Q_N && (strlen(NAMES[k]) != key_size || memcmp(NAMES[k], key, key_size)))
        k++;
    char shown[64];
    qsmap_text_copy(shown, sizeof shown, key_size < sizeof shown ? key : "(a long name)");
    if (k == Q_N)
        qsmap_error_set(q->err, QSMAP_E_USAGE, NULL, 0,
                        "unknown parameter '%s' (use district, province, office, radius, dpi)",
                        qsmap_utf8_invalid_at(shown, strlen(shown)) < strlen(shown) ? "?"
                                                                                    : shown);
    else if (q->v[k])
        qsmap_error_set(q->err, QSMAP_E_USAGE, NULL, 0, "%s= is given twice: give it once",
                        NAMES[k]);
    else if (!value || strlen(value) != value_size || value_size > 1000)
        qsmap_error_set(q->err, QSMAP_E_USAGE, NULL, 0,
                        "%s=: %s", NAMES[k],
                        !value ? "give a value"
                        : value_size > 1000 ? "the value is too long"
                                            : "the value holds a NUL byte");
    else {
        q->v[k] = value;
        return MHD_YES;
    }
    q->bad = true;
    return MHD_NO;
}

/* As the CLI checks text it puts on pages: UTF-8 every output can carry. */
static qsmap_status check_text(const char *name, const char *v, qsmap_error *err)
{
    size_t len = strlen(v), bad = qsmap_utf8_invalid_at(v, len);
    if (bad < len)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "%s=: byte 0x%02X at byte %zu is not UTF-8", name,
                               (unsigned char)v[bad], bad + 1);
    char what[96];
    if (qsmap_utf8_uncarried(v, what, sizeof what))
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "%s= holds %s, which no output can carry", name, what);
    return QSMAP_OK;
}

/* At most the CLI's default: an A4 page at 1200 dpi is a 550 MB image,
 * which one request must not make a server draw. */
static qsmap_status parse_dpi(const char *v, double *dpi, qsmap_error *err)
{
    char *end;
    *dpi = strtod(v, &end);
    if (*end || end == v || !(*dpi >= 36 && *dpi <= 300))
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "dpi '%s': give a number from 36 to 300", v);
    return QSMAP_OK;
}

qsmap_status serve_query_parse(struct MHD_Connection *c, serve_query *q, qsmap_error *err)
{
    query_scan s = {.err = err};
    MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, scan, &s);
    if (s.bad)
        return err->status;
    *q = (serve_query){s.v[Q_DISTRICT], s.v[Q_PROVINCE], s.v[Q_OFFICE], 5000, 0};
    for (int k = Q_DISTRICT; k <= Q_OFFICE; k++) {
        qsmap_status st = s.v[k] ? check_text(NAMES[k], s.v[k], err) : QSMAP_OK;
        if (st)
            return st;
    }
    if (!q->district && !q->province && !q->office)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "name a district (district=เมืองอ่างทอง), a province "
                               "(province=อ่างทอง) or an office (office=สพป.อ่างทอง)");
    qsmap_status st = s.v[Q_RADIUS] ? qsmap_radius_parse(s.v[Q_RADIUS], &q->radius_m, err)
                                    : QSMAP_OK;
    if (!st && s.v[Q_DPI])
        st = parse_dpi(s.v[Q_DPI], &q->dpi, err);
    return st;
}

/* The CLI's names: the default file name (run.c's default_label) and an
 * atlas's cover (cli_run_write_context). */
static void name_report(serve_report *sr, const serve_query *q)
{
    const qsmap_report *r = &sr->r;
    const qsmap_district *first = qsmap_districts_get(r->districts, r->selected[0]);
    const char *label = q->office              ? q->office
                        : r->nselected == 1 ? first->name_th
                                            : first->province_th;
    qsmap_safe_name(label, QSMAP_SAFE_NAME_MAX, sr->label, sizeof sr->label);
    if (q->office)
        qsmap_text_copy(sr->scope, sizeof sr->scope, q->office);
    else
        qsmap_text_printf(sr->scope, sizeof sr->scope, "จังหวัด%s", first->province_th);
    qsmap_radius_label(q->radius_m, sr->radius_label, sizeof sr->radius_label);
}

qsmap_status serve_report_build(const serve_server *srv, const qsmap_schools *s, bool sample,
                                const serve_query *q, serve_report *sr, qsmap_error *err)
{
    const qsmap_serve_data *data = srv->data;
    memset(sr, 0, sizeof *sr);
    qsmap_status st = QSMAP_OK;
    if (q->district || q->province)
        st = qsmap_districts_select(data->districts, q->district, q->province, &sr->sel,
                                    &sr->nsel, err);
    if (!st && q->office)
        st = qsmap_office_resolve(s, q->office, data->aliases, &sr->office, err);
    if (!st)
        st = qsmap_report_build_office(s, data->districts, sr->sel, sr->nsel, sr->office,
                                       q->radius_m, &sr->r, err);
    if (!st && q->office)
        st = qsmap_office_require_quality(&sr->r, q->office, sr->nsel > 0, err);
    if (!st)
        st = qsmap_report_summarize(&sr->r, data->small_max, err);
    if (!st && sr->r.nselected == 0)
        st = qsmap_error_set(err, QSMAP_E_NOT_FOUND, NULL, 0, "the selection has no district");
    if (!st) {
        sr->r.sample_data = sample;
        name_report(sr, q);
    }
    return st;
}

void serve_report_free(serve_report *sr)
{
    qsmap_report_release(&sr->r);
    qsmap_office_free(sr->office);
    free(sr->sel);
    memset(sr, 0, sizeof *sr);
}
