/* district.c — the districts a run is asked for by name: a district by its
 * Thai name (with or without อำเภอ/เขต), English name or pcode, narrowed by
 * a province named the same ways, or every district of a province. A name
 * that matches nothing, or districts in several provinces, is an error that
 * says what was meant or what to add. The same matching finds the district
 * a school table names for a school that no polygon covers. */
#include "base/text.h"
#include "base/utf8.h"
#include "places/places.h"
#include "select/select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const DISTRICT_PREFIXES[] = {"กิ่งอำเภอ", "อำเภอ", "อ.", "เขต", "amphoe ",
                                                "khet ", NULL};
static const char *const PROVINCE_PREFIXES[] = {"จังหวัด", "จ.", "changwat ", NULL};

static void name_key(const char *s, const char *const *prefixes, char *out, size_t size)
{
    char lower[256];
    size_t n = 0;
    for (; *s && n + 1 < sizeof lower; s++)
        lower[n++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s + 32) : *s;
    lower[n] = '\0';
    qsmap_text_key(qsmap_text_strip_prefix(lower, prefixes), out, size);
}

/* Thai name, English name or pcode: any of them names the place. */
static int names_match(const char *const names[3], const char *const *prefixes,
                       const char *key)
{
    for (int k = 0; k < 3; k++) {
        char nk[256];
        name_key(names[k], prefixes, nk, sizeof nk);
        if (nk[0] && strcmp(nk, key) == 0)
            return 1;
    }
    return 0;
}

static int province_matches(const qsmap_district *t, const char *key)
{
    const char *const names[3] = {t->province_th, t->province_en, t->province_pcode};
    return names_match(names, PROVINCE_PREFIXES, key);
}

static int district_matches(const qsmap_district *t, const char *key)
{
    const char *const names[3] = {t->name_th, t->name_en, t->pcode};
    return names_match(names, DISTRICT_PREFIXES, key);
}

/* "did you mean": the three names closest to what was typed, in the
 * script it was typed in. */
static void suggest(const qsmap_districts *d, const char *query, int provinces, char *out,
                    size_t size)
{
    int ascii = 1;
    for (const char *p = query; *p; p++)
        if ((unsigned char)*p >= 0x80)
            ascii = 0;
    qsmap_closest c = {0};
    for (size_t i = 0, n = qsmap_districts_count(d); i < n; i++) {
        const qsmap_district *t = qsmap_districts_get(d, i);
        qsmap_closest_add(&c, query,
                          provinces ? (ascii ? t->province_en : t->province_th)
                                    : (ascii ? t->name_en : t->name_th));
    }
    qsmap_closest_format(&c, ", ", out, size);
}

/* Nothing matched: the closest names, or with a province the districts it
 * has. */
static qsmap_status not_found(const qsmap_districts *d, const char *name, const char *province,
                              const char *pkey, qsmap_error *err)
{
    const char *path = qsmap_districts_path(d);
    if (province) {
        char list[600];
        size_t used = 0;
        list[0] = '\0';
        for (size_t i = 0, n = qsmap_districts_count(d); i < n && used + 8 < sizeof list; i++) {
            const qsmap_district *t = qsmap_districts_get(d, i);
            if (province_matches(t, pkey))
                used += (size_t)qsmap_text_printf(list + used, sizeof list - used, "%s%s",
                                         used ? ", " : "", t->name_th);
        }
        return qsmap_error_set(err, QSMAP_E_NOT_FOUND, path, 0,
                               "province '%s' has no district '%s'; its districts are: %s",
                               province, name, list);
    }
    char sug[300];
    suggest(d, name ? name : "", 0, sug, sizeof sug);
    return qsmap_error_set(err, QSMAP_E_NOT_FOUND, path, 0, "no district '%s' (closest: %s)",
                           name ? name : "", sug);
}

/* One name, districts of that name in m provinces: which, and how to say. */
static qsmap_status ambiguous(const qsmap_districts *d, const char *name, const size_t *v,
                              size_t m, qsmap_error *err)
{
    char list[600];
    size_t used = 0;
    for (size_t k = 0; k < m && used + 8 < sizeof list; k++) {
        const qsmap_district *t = qsmap_districts_get(d, v[k]);
        used += (size_t)qsmap_text_printf(list + used, sizeof list - used, "%s%s (%s, %s)",
                                 k ? "; " : "", t->name_th, t->province_th, t->pcode);
    }
    return qsmap_error_set(err, QSMAP_E_AMBIGUOUS, qsmap_districts_path(d), 0,
                           "district '%s' is in %zu provinces: %s; add --province or give "
                           "the pcode",
                           name, m, list);
}

qsmap_status qsmap_districts_select(const qsmap_districts *d, const char *name,
                                    const char *province, size_t **idx, size_t *n,
                                    qsmap_error *err)
{
    *idx = NULL;
    *n = 0;
    size_t count = qsmap_districts_count(d);
    char pkey[256] = "", dkey[256] = "";
    if (province) {
        name_key(province, PROVINCE_PREFIXES, pkey, sizeof pkey);
        int any = 0;
        for (size_t i = 0; i < count && !any; i++)
            any = province_matches(qsmap_districts_get(d, i), pkey);
        if (!any) {
            char sug[300];
            suggest(d, province, 1, sug, sizeof sug);
            return qsmap_error_set(err, QSMAP_E_NOT_FOUND, qsmap_districts_path(d), 0,
                                   "no province '%s' (closest: %s)", province, sug);
        }
    }
    if (name)
        name_key(name, DISTRICT_PREFIXES, dkey, sizeof dkey);
    size_t *v = malloc((count ? count : 1) * sizeof *v), m = 0;
    if (!v)
        return qsmap_error_set(err, QSMAP_E_NOMEM, qsmap_districts_path(d), 0,
                               "out of memory");
    for (size_t i = 0; i < count; i++) {
        const qsmap_district *t = qsmap_districts_get(d, i);
        if ((!province || province_matches(t, pkey)) && (!name || district_matches(t, dkey)))
            v[m++] = i;
    }
    if (m == 0 || (name && !province && m > 1)) {
        qsmap_status st = m == 0 ? not_found(d, name, province, pkey, err)
                                 : ambiguous(d, name, v, m, err);
        free(v);
        return st;
    }
    *idx = v;
    *n = m;
    return QSMAP_OK;
}

/* The table's own word for where a school is, for a school no polygon
 * covers: its pcode, else its district's name (narrowed by its province
 * when given), matched as --district and --province are. */
long qsmap_districts_named_by(const qsmap_districts *d, const char *pcode, const char *district,
                              const char *province)
{
    char ckey[256] = "", dkey[256] = "", pkey[256] = "";
    qsmap_text_key(pcode, ckey, sizeof ckey);
    name_key(district, DISTRICT_PREFIXES, dkey, sizeof dkey);
    name_key(province, PROVINCE_PREFIXES, pkey, sizeof pkey);
    for (int by_name = 0; by_name < 2; by_name++) {
        if (!(by_name ? dkey : ckey)[0])
            continue;
        long found = -1;
        for (size_t i = 0, n = qsmap_districts_count(d); i < n; i++) {
            const qsmap_district *t = qsmap_districts_get(d, i);
            char tkey[256];
            qsmap_text_key(t->pcode, tkey, sizeof tkey);
            bool hit = by_name ? district_matches(t, dkey) && (!pkey[0] || province_matches(t, pkey))
                               : strcmp(tkey, ckey) == 0;
            if (hit && found >= 0)
                return -1; /* a name in several provinces: which one is not known */
            if (hit)
                found = (long)i;
        }
        if (found >= 0)
            return found;
    }
    return -1;
}

bool qsmap_district_in_province(const qsmap_district *t, const char *province)
{
    char pkey[256];
    name_key(province, PROVINCE_PREFIXES, pkey, sizeof pkey);
    return pkey[0] && province_matches(t, pkey);
}
