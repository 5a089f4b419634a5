/* office.c — education-area offices (สพป./สพม.): what a planner types,
 * resolved to the affiliations of the school table.
 *
 * The OBEC registry of 2022 still names the secondary offices by their old
 * regions, provinces in brackets (สพม.เขต 5(สิงห์บุรี-ลพบุรี-ชัยนาท-อ่างทอง)),
 * while since 2021 they are named after the provinces they serve
 * (สพม.สิงห์บุรี อ่างทอง). A name resolves, first rule that finds anything:
 *   1. an affiliation of the table, ignoring spaces, dots and dashes;
 *   2. an affiliation without its bracketed provinces (สพม.เขต 5);
 *   3. a row of the alias table (geodata/office_aliases.csv): an office
 *      of the table, restricted to one province;
 *   4. "สพม." and province names run together, each a one-province alias
 *      row of one and the same old region: the union of those rows
 *      (สพม.ตรัง กระบี่).
 * The result is a list of (affiliation, province or any) rules. */
#include "select/select.h"

#include "base/array.h"
#include "base/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KEY 256

typedef struct {
    char office[KEY];   /* affiliation key */
    char province[KEY]; /* province key, "" for any */
} office_rule;

struct qsmap_office {
    char *typed;
    office_rule *rule;
    size_t n, cap;
};

typedef struct {
    char alias[KEY], office[KEY], province[KEY];
    char alias_text[300]; /* as written, for suggestions */
} alias_row;

typedef struct {
    alias_row *v;
    size_t n, cap;
} alias_table;

static qsmap_status add_rule(qsmap_office *o, const char *office, const char *province,
                             qsmap_error *err)
{
    for (size_t k = 0; k < o->n; k++)
        if (!strcmp(o->rule[k].office, office) && !strcmp(o->rule[k].province, province))
            return QSMAP_OK;
    if (qsmap_array_reserve((void **)&o->rule, &o->cap, o->n + 1, sizeof *o->rule, 4))
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    snprintf(o->rule[o->n].office, KEY, "%s", office);
    snprintf(o->rule[o->n].province, KEY, "%s", province);
    o->n++;
    return QSMAP_OK;
}

/* The key of an affiliation without its "(...)" part. */
static void stem_key(const char *affiliation, char *out, size_t size)
{
    char buf[KEY];
    snprintf(buf, sizeof buf, "%s", affiliation);
    char *open = strchr(buf, '(');
    if (open)
        *open = '\0';
    qsmap_text_key(buf, out, size);
}

/* Rules 1 and 2: affiliations of the table, whole or without brackets. */
static qsmap_status match_table(qsmap_office *o, const qsmap_schools *s, const char *key,
                                bool stem, qsmap_error *err)
{
    const char *prev = NULL;
    for (size_t i = 0; i < s->n; i++) {
        const char *a = s->v[i].affiliation;
        if (!a[0] || (prev && !strcmp(prev, a)))
            continue; /* tables run in office order: one key per run of rows */
        prev = a;
        char k[KEY], full[KEY];
        qsmap_text_key(a, full, sizeof full);
        if (stem)
            stem_key(a, k, sizeof k);
        qsmap_status st = strcmp(stem ? k : full, key) ? QSMAP_OK : add_rule(o, full, "", err);
        if (st)
            return st;
    }
    return QSMAP_OK;
}

/* One line of the alias table: alias,office,province,source. */
static qsmap_status parse_alias(alias_table *t, char *line, const char *path, long ln,
                                qsmap_error *err)
{
    char *f[4];
    int nf = 0;
    for (char *p = line; nf < 4; nf++) {
        f[nf] = p;
        char *c = strchr(p, ',');
        if (!c) {
            nf++;
            break;
        }
        *c = '\0';
        p = c + 1;
    }
    if (nf != 4 || !f[0][0] || !f[1][0])
        return qsmap_error_set(err, QSMAP_E_FORMAT, path, ln,
                               "expected alias,office,province,source");
    if (qsmap_array_reserve((void **)&t->v, &t->cap, t->n + 1, sizeof *t->v, 64))
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    alias_row *r = &t->v[t->n++];
    qsmap_text_key(f[0], r->alias, sizeof r->alias);
    qsmap_text_key(f[1], r->office, sizeof r->office);
    qsmap_text_key(f[2], r->province, sizeof r->province);
    snprintf(r->alias_text, sizeof r->alias_text, "%s", f[0]);
    return QSMAP_OK;
}

/* The alias table; a missing file is an empty table (a table of one's own
 * with --schools may need none), a malformed one an error at its line. */
static qsmap_status load_aliases(const char *path, alias_table *t, qsmap_error *err)
{
    memset(t, 0, sizeof *t);
    FILE *f = path ? fopen(path, "r") : NULL;
    if (!f)
        return QSMAP_OK;
    char line[1200];
    long ln = 0;
    qsmap_status st = QSMAP_OK;
    while (!st && fgets(line, sizeof line, f)) {
        ln++;
        size_t len = strlen(line);
        if (len + 1 == sizeof line && line[len - 1] != '\n') {
            st = qsmap_error_set(err, QSMAP_E_FORMAT, path, ln, "line longer than %zu bytes",
                                 sizeof line - 2);
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (ln > 1 && line[0])
            st = parse_alias(t, line, path, ln, err);
    }
    if (!st && ferror(f))
        st = qsmap_error_set(err, QSMAP_E_IO, path, 0, "cannot read the office alias table");
    fclose(f);
    return st;
}

/* Rule 3: rows whose alias is the key. */
static qsmap_status match_aliases(qsmap_office *o, const alias_table *t, const char *key,
                                  qsmap_error *err)
{
    qsmap_status st = QSMAP_OK;
    for (size_t k = 0; k < t->n && !st; k++)
        if (!strcmp(t->v[k].alias, key))
            st = add_rule(o, t->v[k].office, t->v[k].province, err);
    return st;
}

/* Rule 4: key = "สพม" + one-province aliases' provinces, run together. A
 * split is found left to right, trying every row at each point (the
 * province names are few and none is a prefix of another's whole run). */
static qsmap_status match_provinces(qsmap_office *o, const alias_table *t, const char *key,
                                    qsmap_error *err)
{
    static const char PREFIX[] = "สพม";
    if (strncmp(key, PREFIX, sizeof PREFIX - 1) || !key[sizeof PREFIX - 1])
        return QSMAP_OK;
    qsmap_office found = {0};
    const char *p = key + sizeof PREFIX - 1;
    qsmap_status st = QSMAP_OK;
    while (*p && !st) {
        size_t best = 0;
        for (size_t k = 0; k < t->n; k++) {
            size_t len = strlen(t->v[k].province);
            if (len > best && !strncmp(t->v[k].alias + sizeof PREFIX - 1, t->v[k].province,
                                       len + 1) &&
                !strncmp(p, t->v[k].province, len))
                best = len;
        }
        for (size_t k = 0; k < t->n && best && !st; k++)
            if (strlen(t->v[k].province) == best && !strncmp(p, t->v[k].province, best) &&
                !strcmp(t->v[k].alias + sizeof PREFIX - 1, t->v[k].province))
                st = add_rule(&found, t->v[k].office, t->v[k].province, err);
        if (!best)
            break;
        p += best;
    }
    /* A name of today serves provinces of one old region: provinces of
     * two regions run together name no office. */
    bool one_region = true;
    for (size_t k = 1; k < found.n; k++)
        one_region &= !strcmp(found.rule[k].office, found.rule[0].office);
    for (size_t k = 0; !st && !*p && one_region && k < found.n; k++)
        st = add_rule(o, found.rule[k].office, found.rule[k].province, err);
    free(found.rule);
    return st;
}

/* "did you mean": affiliations and aliases nearest what was typed, each
 * also compared without its brackets; a name of the other kind of office
 * (สพป. for สพม.) comes last. */
static size_t suggestion_score(const char *key, const char *cand)
{
    char k[KEY], stem[KEY];
    qsmap_text_key(cand, k, sizeof k);
    stem_key(cand, stem, sizeof stem);
    size_t d = qsmap_text_distance(key, k), ds = qsmap_text_distance(key, stem);
    if (ds < d)
        d = ds;
    static const char SEC[] = "สพม", PRI[] = "สพป";
    bool ks = !strncmp(key, SEC, 9), kp = !strncmp(key, PRI, 9);
    bool cs = !strncmp(k, SEC, 9), cp = !strncmp(k, PRI, 9);
    if ((ks && cp) || (kp && cs))
        d += 1000;
    return d;
}

static void suggest(const qsmap_schools *s, const alias_table *t, const char *key, char *out,
                    size_t size)
{
    qsmap_closest c = {0};
    const char *prev = NULL;
    for (size_t i = 0; i < s->n; i++) {
        const char *a = s->v[i].affiliation;
        if (a[0] && (!prev || strcmp(prev, a)))
            qsmap_closest_add_scored(&c, prev = a, suggestion_score(key, a));
    }
    for (size_t k = 0; k < t->n; k++)
        qsmap_closest_add_scored(&c, t->v[k].alias_text,
                                 suggestion_score(key, t->v[k].alias_text));
    qsmap_closest_format(&c, "; ", out, size);
    if (!c.name[0])
        snprintf(out, size, "none: the table has no affiliation column");
}

static qsmap_status resolve_rules(qsmap_office *o, const qsmap_schools *s,
                                  const alias_table *t, const char *key, qsmap_error *err)
{
    qsmap_status st = match_table(o, s, key, false, err);
    if (!st && !o->n)
        st = match_table(o, s, key, true, err);
    if (!st && !o->n)
        st = match_aliases(o, t, key, err);
    if (!st && !o->n)
        st = match_provinces(o, t, key, err);
    return st;
}

qsmap_status qsmap_office_resolve(const qsmap_schools *s, const char *typed,
                                  const char *aliases_path, qsmap_office **out, qsmap_error *err)
{
    *out = NULL;
    alias_table t;
    qsmap_status st = load_aliases(aliases_path, &t, err);
    qsmap_office *o = calloc(1, sizeof *o);
    if (!st && (!o || !(o->typed = strdup(typed))))
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    char key[KEY];
    qsmap_text_key(typed, key, sizeof key);
    if (!st)
        st = resolve_rules(o, s, &t, key, err);
    if (!st && !o->n) {
        char near[700];
        suggest(s, &t, key, near, sizeof near);
        st = qsmap_error_set(err, QSMAP_E_NOT_FOUND, s->path, 0,
                             "no office '%s' among the table's affiliations or the office "
                             "aliases (closest: %s)",
                             typed, near);
    }
    free(t.v);
    if (st) {
        qsmap_office_free(o);
        return st;
    }
    *out = o;
    return QSMAP_OK;
}

bool qsmap_office_has(const qsmap_office *o, const qsmap_school *v)
{
    if (!v->affiliation[0])
        return false;
    char a[KEY], p[KEY];
    qsmap_text_key(v->affiliation, a, sizeof a);
    p[0] = '\0';
    for (size_t k = 0; k < o->n; k++) {
        if (strcmp(o->rule[k].office, a))
            continue;
        if (!o->rule[k].province[0])
            return true;
        if (!p[0])
            qsmap_text_key(v->province, p, sizeof p);
        if (!strcmp(o->rule[k].province, p))
            return true;
    }
    return false;
}

const char *qsmap_office_name(const qsmap_office *o) { return o->typed; }

qsmap_status qsmap_office_require_quality(const qsmap_report *r, const char *typed,
                                          bool districts_asked, qsmap_error *err)
{
    if (r->catchment->n > 0)
        return QSMAP_OK;
    return qsmap_error_set(err, QSMAP_E_NOT_FOUND, r->schools->path, 0,
                           "office '%s' has no quality school%s", typed,
                           districts_asked ? " in the districts asked for" : " in the table");
}

void qsmap_office_free(qsmap_office *o)
{
    if (!o)
        return;
    free(o->typed);
    free(o->rule);
    free(o);
}
