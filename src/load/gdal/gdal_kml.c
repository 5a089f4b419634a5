/* gdal_kml.c — the fields a Google Earth user types into a placemark's
 * description: "school_id: 1015120001" lines, the same separated by <br>,
 * or Google Earth's own two-column HTML table. The HTML becomes lines of
 * text (a cell boundary a tab), and each line with a separator a field. */
#include "load/gdal/gdal_util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name, *text;
} ENTITIES[] = {{"&amp;", "&"}, {"&lt;", "<"},  {"&gt;", ">"},
                {"&quot;", "\""}, {"&#39;", "'"}, {"&nbsp;", " "}};

/* The tag at p ("<br/>", "</td>") as what it means in text: a line break,
 * a cell break, or nothing. *len is its length. */
static char tag_break(const char *p, size_t *len)
{
    const char *end = strchr(p, '>');
    *len = end ? (size_t)(end - p) + 1 : strlen(p);
    const char *name = p + 1 + (p[1] == '/');
    static const char *const LINE[] = {"br", "tr", "p", "div", "li"};
    static const char *const CELL[] = {"td", "th"};
    for (size_t k = 0; k < sizeof LINE / sizeof *LINE; k++)
        if (strncasecmp(name, LINE[k], strlen(LINE[k])) == 0 &&
            !isalpha((unsigned char)name[strlen(LINE[k])]))
            return '\n';
    for (size_t k = 0; k < sizeof CELL / sizeof *CELL; k++)
        if (p[1] == '/' && strncasecmp(name, CELL[k], 2) == 0 && !isalpha((unsigned char)name[2]))
            return '\t';
    return 0;
}

/* The description as plain text lines. */
static char *plain_text(const char *html)
{
    size_t n = strlen(html);
    char *out = malloc(n + 2), *o = out;
    if (!out)
        return NULL;
    for (const char *p = html; *p;) {
        if (*p == '<') {
            size_t len;
            char b = tag_break(p, &len);
            if (b)
                *o++ = b;
            p += len;
            continue;
        }
        size_t k = 0;
        if (*p == '&')
            for (; k < sizeof ENTITIES / sizeof *ENTITIES; k++)
                if (strncmp(p, ENTITIES[k].name, strlen(ENTITIES[k].name)) == 0)
                    break;
        if (*p == '&' && k < sizeof ENTITIES / sizeof *ENTITIES) {
            *o++ = ENTITIES[k].text[0];
            p += strlen(ENTITIES[k].name);
        } else
            *o++ = *p++;
    }
    *o = '\0';
    return out;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

void qsmap_kml_description_fields(const char *html, qsmap_kml_field_fn each, void *ctx)
{
    if (!html || !*html)
        return;
    char *text = plain_text(html);
    if (!text)
        return;
    for (char *line = text, *next; line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        line = trim(line);
        /* a table row "key<TAB>value<TAB>", else "key: value" or "key = value" */
        char *sep = strchr(line, '\t');
        if (!sep)
            sep = strpbrk(line, ":=");
        if (!sep || sep == line)
            continue;
        *sep = '\0';
        char *key = trim(line), *value = trim(sep + 1);
        char *tab = strchr(value, '\t');
        if (tab)
            *tab = '\0', value = trim(value);
        if (*key)
            each(ctx, key, value);
    }
    free(text);
}
