/* roles.c — --roles FILE: the office's list of quality schools beside a
 * school table that has no roles (an EMIS export): one row per school,
 * school_id and quality_color, optionally network_status and role, under
 * the school table's header aliases (รหัสโรงเรียน, สี, สถานะ). The list
 * overrides the table's own role, colour and participation columns.
 * Read as school tables are (UTF-8 or CP874, BOM, CRLF, quotes, gzip). */
#include "select/select.h"

#include "base/array.h"
#include "base/vocab.h"
#include "load/columns.h"
#include "load/csv.h"
#include "load/gdal.h"
#include "load/ids.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int id, color, status, role; /* field of each column, or -1 */
    size_t nfields;
} roles_header;

static qsmap_status roles_columns(const qsmap_field *f, size_t n, const char *path, long line,
                                  roles_header *h, qsmap_error *err)
{
    *h = (roles_header){-1, -1, -1, -1, n};
    for (size_t i = 0; i < n; i++) {
        int *at = NULL;
        switch (qsmap_column_named(f[i].s, f[i].len)) {
        case COL_ID: at = &h->id; break;
        case COL_COLOR: at = &h->color; break;
        case COL_PARTICIPATION: at = &h->status; break;
        case COL_ROLE: at = &h->role; break;
        default: break; /* names, notes: a list may carry them */
        }
        if (at && *at >= 0)
            return qsmap_error_set(err, QSMAP_E_COLUMN, path, line,
                                   "fields %d and %zu both name column '%.*s'", *at + 1, i + 1,
                                   (int)f[i].len, f[i].s);
        if (at)
            *at = (int)i;
    }
    if (h->id < 0 || h->color < 0)
        return qsmap_error_set(err, QSMAP_E_COLUMN, path, line,
                               "a roles list needs the columns school_id and quality_color "
                               "(รหัสโรงเรียน, สี)%s",
                               h->id < 0 ? ": no school_id" : ": no quality_color");
    return QSMAP_OK;
}

/* Field k of a record as text, trimmed ("" when absent). */
static void cell(const qsmap_field *f, int k, char *out, size_t size)
{
    qsmap_field t = k >= 0 ? qsmap_field_trim(f[k]) : (qsmap_field){"", 0};
    snprintf(out, size, "%.*s", (int)t.len, t.s);
}

typedef struct {
    qsmap_schools *s;
    const qsmap_id_index *ids;
    const char *path;
    uint8_t *seen; /* per school: listed already */
    qsmap_roles_missing *missing;
    size_t nmissing, cap;
    size_t rows; /* records applied */
} roles_run;

/* One record: the school's role, colour and participation. */
static qsmap_status apply_record(roles_run *run, const roles_header *h, const qsmap_field *f,
                                 long line, qsmap_error *err)
{
    char id[80], color[160], status[160], role[160];
    cell(f, h->id, id, sizeof id);
    if (!id[0])
        return qsmap_error_set(err, QSMAP_E_VALUE, run->path, line, "empty school_id");
    long i = qsmap_id_index_find(run->ids, run->s, id, strlen(id));
    if (i < 0) {
        if (qsmap_array_reserve((void **)&run->missing, &run->cap, run->nmissing + 1,
                                sizeof *run->missing, 16))
            return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        qsmap_roles_missing *m = &run->missing[run->nmissing++];
        m->line = line;
        snprintf(m->id, sizeof m->id, "%s", id);
        return QSMAP_OK;
    }
    if (run->seen[i]++)
        return qsmap_error_set(err, QSMAP_E_DUPLICATE, run->path, line,
                               "school_id %s is listed twice", id);
    cell(f, h->color, color, sizeof color);
    cell(f, h->status, status, sizeof status);
    cell(f, h->role, role, sizeof role);
    qsmap_school *v = &run->s->v[i];
    uint8_t r = QSMAP_ROLE_QUALITY, c = QSMAP_COLOR_NONE, p = QSMAP_PART_NONE;
    if (role[0] && qsmap_vocab_role(role, &r))
        return qsmap_error_set(err, QSMAP_E_VALUE, run->path, line,
                               "role '%s': use quality or network (คุณภาพ, เครือข่าย)", role);
    if (qsmap_vocab_color(color, &c))
        return qsmap_error_set(err, QSMAP_E_VALUE, run->path, line,
                               "quality_color '%s': use แดง, เหลือง, เขียว, ฟ้า or ม่วง "
                               "(red, yellow, green, blue, purple)",
                               color);
    if (qsmap_vocab_participation(status, &p))
        return qsmap_error_set(err, QSMAP_E_VALUE, run->path, line,
                               "network_status '%s' is not one qsmap knows", status);
    v->role = r;
    v->color = r == QSMAP_ROLE_QUALITY ? c : QSMAP_COLOR_NONE;
    v->participation = p;
    return QSMAP_OK;
}

static qsmap_status apply_records(void *ctx, qsmap_csv *c, qsmap_error *err)
{
    roles_run *run = ctx;
    const qsmap_field *f;
    size_t n;
    long line;
    int r;
    roles_header h = {-1, -1, -1, -1, 0};
    bool header = true;
    while ((r = qsmap_csv_next(c, &f, &n, &line, run->path, err)) > 0) {
        qsmap_status st;
        if (header) {
            if ((st = roles_columns(f, n, run->path, line, &h, err)))
                return st;
            /* participation as the list gives it, or none at all */
            run->s->has_participation = h.status >= 0;
            header = false;
            continue;
        }
        if (n != h.nfields)
            return qsmap_error_set(err, QSMAP_E_FORMAT, run->path, line,
                                   "%zu fields where the header has %zu (an unquoted comma "
                                   "in a name? quote the field)",
                                   n, h.nfields);
        if ((st = apply_record(run, &h, f, line, err)))
            return st;
        run->rows++;
    }
    return r < 0 ? err->status : QSMAP_OK;
}

/* Every school starts as a network school without colour or status: the
 * list says which are quality schools, not the table. */
static void reset_roles(qsmap_schools *s, bool *overrode)
{
    *overrode = s->has_role || s->has_participation;
    for (size_t i = 0; i < s->n; i++) {
        s->v[i].role = QSMAP_ROLE_NETWORK;
        s->v[i].color = QSMAP_COLOR_NONE;
        s->v[i].participation = QSMAP_PART_NONE;
    }
}

/* A sheet or layer is the roles list when its header names school_id and
 * quality_color (load/gdal.h). */
static int accept_roles(void *ctx, char **names, const bool *own, size_t n, bool points,
                        char *why, size_t why_size)
{
    (void)ctx, (void)points;
    qsmap_gdal_prefer_planner(names, own, n);
    static const qsmap_column NEED[] = {COL_ID, COL_COLOR};
    bool have[COL_COUNT];
    if (!qsmap_gdal_lacking(names, n, NEED, 2, have))
        return QSMAP_GDAL_TAKE;
    snprintf(why, why_size, "no %s",
             have[COL_ID] ? "quality_color (สี)" : "school_id (รหัสโรงเรียน)");
    return QSMAP_GDAL_SKIP;
}

/* Where the list's records come from: a file (CSV or, through GDAL, a
 * sheet or layer) or bytes in memory. */
typedef struct {
    const char *file; /* NULL: data */
    qsmap_gdal *gdal;
    const char *data;
    size_t len;
} roles_source;

static qsmap_status read_roles(const roles_source *src, roles_run *run, qsmap_origin *origin,
                               qsmap_error *err)
{
    if (!src->file)
        return qsmap_csv_read_memory(src->data, src->len, run->path, apply_records, run, err);
    if (src->gdal && qsmap_gdal_wanted_table(src->file))
        return qsmap_gdal_read_table(src->gdal, src->file, NULL, accept_roles, apply_records,
                                     run, origin, err);
    return qsmap_csv_read_file(src->file, run->path, apply_records, run, err);
}

static qsmap_status apply_from(qsmap_schools *s, const roles_source *src, const char *path,
                               qsmap_roles_result *out, qsmap_error *err)
{
    *out = (qsmap_roles_result){0};
    qsmap_id_index x;
    uint32_t dup, first;
    qsmap_status st = qsmap_id_index_build(&x, s, &dup, &first, err);
    if (st)
        return st;
    roles_run run = {s, &x, path, calloc(s->n ? s->n : 1, 1), NULL, 0, 0, 0};
    if (!run.seen) {
        qsmap_id_index_free(&x);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    reset_roles(s, &out->overrode);
    st = read_roles(src, &run, &out->origin, err);
    if (!st && run.rows == 0 && run.nmissing == 0)
        st = qsmap_error_set(err, QSMAP_E_EMPTY, run.path, 0, "the roles list names no school");
    if (!st && run.nmissing)
        st = qsmap_error_set(err, QSMAP_E_VALUE, run.path, 0,
                             "%zu school id%s of the roles list %s not in the table %s",
                             run.nmissing, run.nmissing == 1 ? "" : "s",
                             run.nmissing == 1 ? "is" : "are", s->path);
    for (size_t i = 0; !st && i < s->n; i++)
        out->quality += s->v[i].role == QSMAP_ROLE_QUALITY;
    s->has_role = 1;
    out->missing = run.missing;
    out->nmissing = run.nmissing;
    free(run.seen);
    qsmap_id_index_free(&x);
    return st;
}

qsmap_status qsmap_roles_apply(qsmap_schools *s, const char *file, qsmap_gdal *gdal,
                               qsmap_roles_result *out, qsmap_error *err)
{
    roles_source src = {.file = file, .gdal = gdal};
    return apply_from(s, &src, strcmp(file, "-") == 0 ? "(stdin)" : file, out, err);
}

qsmap_status qsmap_roles_apply_memory(qsmap_schools *s, const char *data, size_t len,
                                      const char *name, qsmap_roles_result *out,
                                      qsmap_error *err)
{
    roles_source src = {.data = data, .len = len};
    return apply_from(s, &src, name, out, err);
}

void qsmap_roles_result_free(qsmap_roles_result *r)
{
    free(r->missing);
    *r = (qsmap_roles_result){0};
}
