/* list.c — a network list: one row per (network, school), with the columns
 * network_id, role (lead|member, แกนนำ|ร่วมพัฒนา) and school_id, and
 * optionally the name as printed, the match kind and a note, as the 2563
 * IQA list has them. Read as every small CSV is (load/csv_file.c: gzip,
 * UTF-8 or CP874, BOM). Rows are grouped by network in the order networks
 * first appear; a row whose school the table lacks is kept, never dropped. */
#include "networks/networks.h"

#include "base/array.h"
#include "base/text.h"
#include "load/columns.h"
#include "load/csv.h"
#include "load/ids.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_NETWORK, F_ROLE, F_ID, F_NAME, F_MATCH, F_NOTE, F_COUNT };

/* The headers that name each field (compared as qsmap_text_key does). */
static const char *const NAMES[F_COUNT][5] = {
    {"network_id", "network", "เครือข่าย", "รหัสเครือข่าย", "เครือข่ายที่"},
    {"role", "บทบาท", "ประเภท", NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL}, /* school_id: the school table's aliases */
    {"name_doc", "name", "school_name", "ชื่อโรงเรียน", "ชื่อสถานศึกษา"},
    {"match", "match_kind", NULL, NULL, NULL},
    {"note", "notes", "หมายเหตุ", NULL, NULL},
};

static int field_named(const qsmap_field *f)
{
    if (qsmap_column_named(f->s, f->len) == COL_ID)
        return F_ID;
    char raw[256], key[256];
    snprintf(raw, sizeof raw, "%.*s", (int)f->len, f->s);
    qsmap_text_key(raw, key, sizeof key);
    for (int k = 0; k < F_COUNT; k++)
        for (int a = 0; a < 5 && NAMES[k][a]; a++) {
            char want[256];
            qsmap_text_key(NAMES[k][a], want, sizeof want);
            if (strcmp(key, want) == 0)
                return k;
        }
    return -1;
}

typedef struct {
    int at[F_COUNT]; /* field index of each, or -1 */
    size_t nfields;
} list_header;

static qsmap_status map_header(const qsmap_field *f, size_t n, const char *path, long line,
                               list_header *h, qsmap_error *err)
{
    h->nfields = n;
    for (int k = 0; k < F_COUNT; k++)
        h->at[k] = -1;
    for (size_t i = 0; i < n; i++) {
        qsmap_field t = qsmap_field_trim(f[i]);
        int k = field_named(&t);
        if (k < 0)
            continue; /* row_no, affiliation_doc: a list may carry more */
        if (h->at[k] >= 0)
            return qsmap_error_set(err, QSMAP_E_COLUMN, path, line,
                                   "fields %d and %zu both name column '%.*s'", h->at[k] + 1,
                                   i + 1, (int)t.len, t.s);
        h->at[k] = (int)i;
    }
    static const char *const NEED[3] = {"network_id", "role", "school_id"};
    for (int k = 0; k < 3; k++)
        if (h->at[k] < 0)
            return qsmap_error_set(err, QSMAP_E_COLUMN, path, line,
                                   "a network list needs the columns network_id, role and "
                                   "school_id: no %s",
                                   NEED[k]);
    return QSMAP_OK;
}

/* A row as read, its strings as offsets into the arena (which moves as it
 * grows); pointers are set once the whole list is in. */
typedef struct {
    size_t text[5]; /* network id, school id, name as printed, match, note: offsets */
    uint32_t line;
    uint8_t role;
} raw_row;

typedef struct {
    const char *path;
    const qsmap_schools *s;
    char *arena;
    size_t used, cap;
    raw_row *rows;
    size_t nrows, rcap;
} list_run;

/* Field k (trimmed) into the arena, NUL-terminated; its offset. */
static int keep(list_run *run, const qsmap_field *f, int k, size_t *off)
{
    qsmap_field t = k >= 0 ? qsmap_field_trim(f[k]) : (qsmap_field){"", 0};
    if (qsmap_array_reserve((void **)&run->arena, &run->cap, run->used + t.len + 1, 1, 4096))
        return -1;
    *off = run->used;
    memcpy(run->arena + run->used, t.s, t.len);
    run->arena[run->used + t.len] = '\0';
    run->used += t.len + 1;
    return 0;
}

/* lead|member, แกนนำ|ร่วมพัฒนา (with or without สถานศึกษา/โรงเรียน). */
static int parse_role(const char *s, uint8_t *out)
{
    static const char *const LEAD[] = {"lead", "leader", "แกนนำ", "สถานศึกษาแกนนำ",
                                       "โรงเรียนแกนนำ"};
    static const char *const MEMBER[] = {"member", "ร่วมพัฒนา", "สถานศึกษาร่วมพัฒนา",
                                         "โรงเรียนร่วมพัฒนา", "สมาชิก"};
    char key[128];
    qsmap_text_key(s, key, sizeof key);
    for (size_t k = 0; k < sizeof LEAD / sizeof *LEAD; k++) {
        char a[128], b[128];
        qsmap_text_key(LEAD[k], a, sizeof a);
        qsmap_text_key(MEMBER[k], b, sizeof b);
        if (strcmp(key, a) == 0)
            return *out = QSMAP_NET_LEAD, 0;
        if (strcmp(key, b) == 0)
            return *out = QSMAP_NET_MEMBER, 0;
    }
    return -1;
}

static qsmap_status read_row(list_run *run, const list_header *h, const qsmap_field *f,
                             long line, qsmap_error *err)
{
    if (qsmap_array_reserve((void **)&run->rows, &run->rcap, run->nrows + 1, sizeof *run->rows,
                            256))
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    raw_row *r = &run->rows[run->nrows];
    r->line = (uint32_t)line;
    static const int KEPT[5] = {F_NETWORK, F_ID, F_NAME, F_MATCH, F_NOTE};
    for (int k = 0; k < 5; k++)
        if (keep(run, f, h->at[KEPT[k]], &r->text[k]))
            return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (!run->arena[r->text[0]])
        return qsmap_error_set(err, QSMAP_E_VALUE, run->path, line, "empty network_id");
    qsmap_field role = qsmap_field_trim(f[h->at[F_ROLE]]);
    char rs[160];
    snprintf(rs, sizeof rs, "%.*s", (int)role.len, role.s);
    if (parse_role(rs, &r->role))
        return qsmap_error_set(err, QSMAP_E_VALUE, run->path, line,
                               "role '%s': use lead or member (แกนนำ, ร่วมพัฒนา)", rs);
    run->nrows++;
    return QSMAP_OK;
}

static qsmap_status read_rows(void *ctx, qsmap_csv *c, qsmap_error *err)
{
    list_run *run = ctx;
    const qsmap_field *f;
    size_t n;
    long line;
    int got;
    list_header h;
    bool header = true;
    while ((got = qsmap_csv_next(c, &f, &n, &line, run->path, err)) > 0) {
        qsmap_status st;
        if (header) {
            if ((st = map_header(f, n, run->path, line, &h, err)))
                return st;
            header = false;
        } else if (n != h.nfields) {
            return qsmap_error_set(err, QSMAP_E_FORMAT, run->path, line,
                                   "%zu fields where the header has %zu (an unquoted comma "
                                   "in a name? quote the field)",
                                   n, h.nfields);
        } else if ((st = read_row(run, &h, f, line, err))) {
            return st;
        }
    }
    if (got < 0)
        return err->status;
    if (header || run->nrows == 0)
        return qsmap_error_set(err, QSMAP_E_EMPTY, run->path, 0, "the network list has no rows");
    return QSMAP_OK;
}

/* Network ids → network index, in order of first appearance (open
 * addressing on the id's bytes: a list of any length groups in linear time). */
typedef struct {
    uint32_t *slot; /* first row of the network + 1; 0 empty */
    uint32_t *net;  /* its network index */
    size_t mask;
} id_map;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* Each row's network index into net_of; the number of networks. */
static qsmap_status group_rows(const list_run *run, uint32_t *net_of, size_t *nnets,
                               qsmap_error *err)
{
    size_t size = 16;
    while (size < run->nrows * 2)
        size <<= 1;
    id_map m = {calloc(size, sizeof *m.slot), calloc(size, sizeof *m.net), size - 1};
    if (!m.slot || !m.net) {
        free(m.slot), free(m.net);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < run->nrows; i++) {
        const char *id = run->arena + run->rows[i].text[0];
        size_t at = hash_str(id) & m.mask;
        while (m.slot[at] && strcmp(run->arena + run->rows[m.slot[at] - 1].text[0], id))
            at = (at + 1) & m.mask;
        if (!m.slot[at])
            m.slot[at] = (uint32_t)i + 1, m.net[at] = (uint32_t)n++;
        net_of[i] = m.net[at];
    }
    free(m.slot), free(m.net);
    *nnets = n;
    return QSMAP_OK;
}

/* One lead per network, and no school twice in one network. */
static qsmap_status check_network(const qsmap_networks *nw, const qsmap_network *net,
                                  qsmap_error *err)
{
    const qsmap_net_row *lead = NULL;
    for (uint32_t k = net->first; k < net->first + net->count; k++) {
        const qsmap_net_row *r = &nw->rows[k];
        if (r->role == QSMAP_NET_LEAD && lead)
            return qsmap_error_set(err, QSMAP_E_VALUE, nw->path, r->line,
                                   "network %s has a second lead (the first is on line %u): "
                                   "a network has one lead, the others are members",
                                   net->id, lead->line);
        if (r->role == QSMAP_NET_LEAD)
            lead = r;
        for (uint32_t j = net->first; r->school_id[0] && j < k; j++)
            if (strcmp(nw->rows[j].school_id, r->school_id) == 0)
                return qsmap_error_set(err, QSMAP_E_DUPLICATE, nw->path, r->line,
                                       "school_id %s is in network %s twice (also line %u)",
                                       r->school_id, net->id, nw->rows[j].line);
    }
    if (!lead)
        return qsmap_error_set(err, QSMAP_E_VALUE, nw->path, nw->rows[net->first].line,
                               "network %s has no lead (role lead, แกนนำ)", net->id);
    return QSMAP_OK;
}

/* Row r of the list as network row `to`: strings into the arena, the
 * school found by id. */
static void place_row(qsmap_networks *nw, const list_run *run, const qsmap_id_index *ids,
                      size_t r, uint32_t net, size_t to)
{
    const raw_row *raw = &run->rows[r];
    qsmap_net_row *row = &nw->rows[to];
    *row = (qsmap_net_row){.network = net, .line = raw->line, .role = raw->role,
                           .school = QSMAP_NO_SCHOOL, .district = -1,
                           .distance_m = NAN, .nearest_lead = QSMAP_NO_SCHOOL,
                           .nearest_lead_m = NAN, .nearest_quality = QSMAP_NO_SCHOOL,
                           .nearest_quality_m = NAN, .suggestion = ""};
    row->school_id = nw->text + raw->text[1];
    row->name_doc = nw->text + raw->text[2];
    row->match = nw->text + raw->text[3];
    row->note = nw->text + raw->text[4];
    if (row->school_id[0]) {
        long i = qsmap_id_index_find(ids, run->s, row->school_id, strlen(row->school_id));
        row->school = i >= 0 ? (uint32_t)i : QSMAP_NO_SCHOOL;
        row->id_unknown = i < 0;
    }
}

/* The networks and their rows, grouped (a counting sort by network: rows
 * keep their order within it), the lead moved first. */
static qsmap_status build(qsmap_networks *nw, const list_run *run, const qsmap_id_index *ids,
                          const uint32_t *net_of, qsmap_error *err)
{
    for (size_t i = 0; i < run->nrows; i++)
        nw->v[net_of[i]].count++;
    uint32_t at = 0;
    for (size_t k = 0; k < nw->n; k++)
        nw->v[k].first = at, at += nw->v[k].count, nw->v[k].count = 0;
    for (size_t i = 0; i < run->nrows; i++) {
        qsmap_network *net = &nw->v[net_of[i]];
        if (net->count == 0)
            net->id = nw->text + run->rows[i].text[0];
        place_row(nw, run, ids, i, net_of[i], net->first + net->count++);
    }
    for (size_t k = 0; k < nw->n; k++) {
        qsmap_network *net = &nw->v[k];
        qsmap_status st = check_network(nw, net, err);
        if (st)
            return st;
        uint32_t lead = net->first;
        while (nw->rows[lead].role != QSMAP_NET_LEAD)
            lead++;
        qsmap_net_row keep = nw->rows[lead];
        memmove(&nw->rows[net->first + 1], &nw->rows[net->first],
                (lead - net->first) * sizeof keep);
        nw->rows[net->first] = keep;
    }
    return QSMAP_OK;
}

static qsmap_status assemble(qsmap_networks *nw, list_run *run, qsmap_error *err)
{
    uint32_t *net_of = malloc(run->nrows * sizeof *net_of);
    if (!net_of)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    qsmap_id_index ids = {0};
    uint32_t dup, first;
    qsmap_status st = group_rows(run, net_of, &nw->n, err);
    if (!st)
        st = qsmap_id_index_build(&ids, run->s, &dup, &first, err);
    if (!st) {
        nw->text = run->arena, run->arena = NULL;
        nw->v = calloc(nw->n, sizeof *nw->v);
        nw->rows = calloc(run->nrows, sizeof *nw->rows);
        nw->nrows = run->nrows;
        if (!nw->v || !nw->rows)
            st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    if (!st)
        st = build(nw, run, &ids, net_of, err);
    qsmap_id_index_free(&ids);
    free(net_of);
    return st;
}

qsmap_status qsmap_networks_load(const char *path, const qsmap_schools *s,
                                 qsmap_networks **out, qsmap_error *err)
{
    *out = NULL;
    const char *name = strcmp(path, "-") ? path : "(stdin)";
    list_run run = {.path = name, .s = s};
    qsmap_networks *nw = calloc(1, sizeof *nw);
    if (!nw)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    snprintf(nw->path, sizeof nw->path, "%s", name);
    nw->schools = s;
    nw->radius_m = nw->margin_m = NAN;
    qsmap_status st = qsmap_csv_read_file(path, name, read_rows, &run, err);
    if (!st)
        st = assemble(nw, &run, err);
    free(run.arena);
    free(run.rows);
    if (st) {
        qsmap_networks_free(nw);
        return st;
    }
    for (size_t k = 0; k < nw->n; k++)
        nw->v[k].selected = true;
    *out = nw;
    return QSMAP_OK;
}

void qsmap_networks_free(qsmap_networks *nw)
{
    if (!nw)
        return;
    free(nw->v);
    free(nw->rows);
    free(nw->text);
    free(nw->suggestions);
    free(nw);
}
