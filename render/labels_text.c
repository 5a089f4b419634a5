/* labels_text.c — where a map label's text may break into lines. Pango's
 * word wrap breaks Thai at dictionary word boundaries, which splits names
 * ("…(ตันติวิทยา / ภูมิ)") and leaves "กม." alone on a line; a label's
 * line breaks are chosen here instead, from a few plain rules, and joined
 * with '\n' so that Pango only draws them:
 *   - a line may break at a space, before an opening bracket and after a
 *     closing one (not before punctuation or a Thai mark that cannot start
 *     a line);
 *   - never inside a bracketed part, nor inside the distance: the text from
 *     the last "·" outside brackets to the end is one chunk;
 *   - a chunk wider than the width stays whole, on a line of its own.
 * The widths come from the caller's measure, so the rules are testable
 * without fonts. */
#include "render/render.h"

#include <stdlib.h>
#include <string.h>

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_open(char c)
{
    return c == '(' || c == '[';
}

static bool is_close(char c)
{
    return c == ')' || c == ']';
}

bool qsmap_label_no_line_start(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    if (strchr(",.;:!?%)]}", *s) && *s)
        return true;
    if (u[0] != 0xE0)
        return false;
    /* Thai: ะ ั า ำ ิ … ฺ (U+0E30–U+0E3A), ๅ ๆ and the tone and other marks
     * (U+0E45–U+0E4E) belong to the letter before them. */
    if (u[1] == 0xB8)
        return u[2] >= 0xB0 && u[2] <= 0xBA;
    if (u[1] == 0xB9)
        return u[2] >= 0x85 && u[2] <= 0x8E;
    return false;
}

/* The last "·" (U+00B7) in text, or len. */
static size_t last_dot(const char *text, size_t len)
{
    for (size_t i = len; i >= 2; i--)
        if ((unsigned char)text[i - 2] == 0xC2 && (unsigned char)text[i - 1] == 0xB7)
            return i - 2;
    return len;
}

static size_t trimmed_end(const char *text, size_t a, size_t b)
{
    while (b > a && is_space(text[b - 1]))
        b--;
    return b;
}

/* End the chunk under way (if any) at byte e. */
static void close_at(qsmap_text_span *c, size_t *k, size_t *start, size_t e)
{
    if (*start != SIZE_MAX)
        c[(*k)++] = (qsmap_text_span){*start, e};
    *start = SIZE_MAX;
}

qsmap_status qsmap_label_chunks(const char *text, qsmap_text_span **out, size_t *n)
{
    size_t len = strlen(text), k = 0, start = SIZE_MAX, depth = 0;
    size_t tail = last_dot(text, len), last_close = 0;
    for (size_t i = 0; i < len; i++)
        if (is_close(text[i]))
            last_close = i + 1;
    qsmap_text_span *c = malloc((len + 1) * sizeof *c);
    *out = c, *n = 0;
    if (!c)
        return QSMAP_E_NOMEM;
    for (size_t i = 0; i < len; i++) {
        char ch = text[i];
        if (depth == 0 && i == tail) {
            close_at(c, &k, &start, i);
            start = i;
            close_at(c, &k, &start, trimmed_end(text, i, len));
            break;
        }
        if (depth == 0 && is_space(ch)) {
            close_at(c, &k, &start, i);
            continue;
        }
        /* An opening bracket no closing one follows is a plain character. */
        if (is_open(ch) && (depth > 0 || i < last_close)) {
            if (depth++ == 0)
                close_at(c, &k, &start, i);
        } else if (is_close(ch) && depth > 0 && --depth == 0) {
            if (i + 1 < len && !is_space(text[i + 1]) && !qsmap_label_no_line_start(text + i + 1))
                close_at(c, &k, &start, i + 1);
            continue;
        }
        if (start == SIZE_MAX)
            start = i;
    }
    close_at(c, &k, &start, len);
    *n = k;
    return QSMAP_OK;
}

qsmap_status qsmap_label_wrap(const char *text, double width,
                              double (*measure)(void *ctx, const char *s, size_t len), void *ctx,
                              qsmap_text_span **lines, size_t *nlines)
{
    qsmap_text_span *c;
    size_t n;
    *lines = NULL, *nlines = 0;
    qsmap_status st = qsmap_label_chunks(text, &c, &n);
    if (st)
        return st;
    /* Greedy: each line takes as many whole chunks as fit, at least one.
     * The line is measured as it will be drawn (its own spaces included). */
    size_t k = 0;
    for (size_t s = 0; s < n;) {
        size_t e = s;
        while (e + 1 < n && measure(ctx, text + c[s].start, c[e + 1].end - c[s].start) <= width)
            e++;
        c[k++] = (qsmap_text_span){c[s].start, c[e].end};
        s = e + 1;
    }
    *lines = c, *nlines = k;
    return QSMAP_OK;
}

char *qsmap_label_join(const char *text, const qsmap_text_span *lines, size_t n)
{
    GString *s = g_string_new(NULL);
    for (size_t k = 0; k < n; k++) {
        if (k)
            g_string_append_c(s, '\n');
        g_string_append_len(s, text + lines[k].start, (gssize)(lines[k].end - lines[k].start));
    }
    return g_string_free(s, FALSE);
}
