/* i10_csv.c — the Indicator-10 figures as CSV (-o FILE.csv with
 * --indicator10): one row per quality school of the report, then the total
 * with each network school once. Per period (an academic year, or "current"
 * for a table with one network_status column): joint, shared, both, and
 * their share of the network schools; with two years the changes. */
#include "write/csv_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL 64
#define MAX_COLS 24

typedef struct {
    char (*buf)[CELL]; /* the cells' text */
    const char **cells;
    bool numeric[MAX_COLS];
    size_t ncols, row;
} grid;

static char *cell(grid *g, size_t k) { return g->buf[g->row * g->ncols + k]; }

/* The header: keys with the period's label ("joint_2566", "joint_current"). */
static void header(grid *g, const qsmap_indicator10 *i)
{
    static const char *const LEAD[] = {"scope", "quality_id", "quality_name", "district",
                                       "network_schools"};
    static const char *const PER[] = {"joint", "shared", "participating", "participating_pct"};
    size_t k = 0;
    for (; k < 5; k++)
        snprintf(cell(g, k), CELL, "%s", LEAD[k]);
    for (size_t p = 0; p < i->nperiods; p++)
        for (size_t j = 0; j < 4; j++, k++) {
            int year = i->nperiods == 2 ? i->years[p] : i->years[1];
            if (year)
                snprintf(cell(g, k), CELL, "%s_%d", PER[j], year);
            else
                snprintf(cell(g, k), CELL, "%s_current", PER[j]);
        }
    for (size_t j = 0; i->nperiods == 2 && j < 3; j++, k++)
        snprintf(cell(g, k), CELL, "%s_change", PER[j]);
    for (size_t c = 4; c < g->ncols; c++)
        g->numeric[c] = true;
}

static void signed_change(char *out, long d) { snprintf(out, CELL, d > 0 ? "+%ld" : "%ld", d); }

static void counts(grid *g, const qsmap_i10_counts *c, size_t nperiods)
{
    size_t k = 4;
    snprintf(cell(g, k++), CELL, "%u", c->network);
    for (size_t p = 0; p < nperiods; p++) {
        uint32_t both = c->joint[p] + c->shared[p];
        snprintf(cell(g, k++), CELL, "%u", c->joint[p]);
        snprintf(cell(g, k++), CELL, "%u", c->shared[p]);
        snprintf(cell(g, k++), CELL, "%u", both);
        snprintf(cell(g, k++), CELL, "%.2f", qsmap_i10_percent(both, c->network));
    }
    if (nperiods == 2) {
        signed_change(cell(g, k++), (long)c->joint[1] - c->joint[0]);
        signed_change(cell(g, k++), (long)c->shared[1] - c->shared[0]);
        signed_change(cell(g, k++),
                      (long)(c->joint[1] + c->shared[1]) - (long)(c->joint[0] + c->shared[0]));
    }
}

qsmap_status qsmap_write_i10_csv(const qsmap_sink *out, const qsmap_report *r,
                                 const qsmap_indicator10 *i, qsmap_error *err)
{
    grid g = {.ncols = 5 + 4 * i->nperiods + (i->nperiods == 2 ? 3 : 0)};
    size_t nrows = i->nrows + 2;
    g.buf = calloc(nrows * g.ncols, sizeof *g.buf);
    g.cells = malloc(nrows * g.ncols * sizeof *g.cells);
    if (!g.buf || !g.cells) {
        free(g.buf), free(g.cells);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    header(&g, i);
    /* names point into the table; the rest into buf */
    for (size_t k = 0; k < nrows * g.ncols; k++)
        g.cells[k] = g.buf[k];
    for (size_t n = 0; n < i->nrows; n++) {
        g.row = n + 1;
        const qsmap_school *q = &r->schools->v[i->rows[n].quality];
        size_t at = g.row * g.ncols;
        g.cells[at] = "quality";
        g.cells[at + 1] = q->id;
        g.cells[at + 2] = q->name;
        g.cells[at + 3] = qsmap_report_district_name(r, i->rows[n].quality);
        counts(&g, &i->rows[n].c, i->nperiods);
    }
    g.row = nrows - 1;
    g.cells[g.row * g.ncols] = "total";
    g.cells[g.row * g.ncols + 2] = "ทั้งหมด (โรงเรียนเครือข่ายนับโรงเรียนละครั้ง)";
    counts(&g, &i->total, i->nperiods);
    qsmap_status st = qsmap_csv_write_strings(out, g.cells, g.numeric, nrows, g.ncols, err);
    free(g.buf);
    free(g.cells);
    return st;
}
