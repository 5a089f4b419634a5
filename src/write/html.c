/* html.c — the report as one self-contained HTML page: a Leaflet map of the
 * selected districts, the rings and the schools, with a popup per school,
 * the legend, the sources, and the pair table below, sortable. Everything
 * is inlined — Leaflet and its CSS from Debian's libjs-leaflet (read at
 * write time; no CDN), the page's own CSS and JS (html_page.h), the data —
 * so that the page opens from file:// with no network. The data is the
 * GeoJSON writer's FeatureCollection and the pair table's rows (through
 * the row tables), in one JSON object inside <script type=application/json>
 * that the page reads with JSON.parse and puts on screen with textContent
 * only: a school name from a user's table stays text. qsmap serve's page
 * (qsmap_html_app_page) is the same page without the data block, with the
 * app's panel and script (html_app.h), which fetch the same JSON object
 * from the server (qsmap_write_html_data) and draw it with the same code. */
#include "base/fileio.h"
#include "base/vocab.h"
#include "report/rows.h"
#include "write/html.h"
#include "write/html_app.h"
#include "write/html_page.h"
#include "write/json.h"
#include "write/write.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LEAFLET_DIR "/usr/share/javascript/leaflet"

/* Leaflet's two files, mapped for the time of the write. */
typedef struct {
    qsmap_input js, css;
} leaflet_files;

static qsmap_status leaflet_open(leaflet_files *lf, qsmap_error *err)
{
    static const char *const PATHS[2] = {LEAFLET_DIR "/leaflet.js", LEAFLET_DIR "/leaflet.css"};
    qsmap_input *in[2] = {&lf->js, &lf->css};
    *lf = (leaflet_files){0};
    for (int k = 0; k < 2; k++)
        if (qsmap_input_open(PATHS[k], PATHS[k], in[k], NULL) != QSMAP_OK)
            return qsmap_error_set(err, QSMAP_E_IO, NULL, 0,
                                   "the HTML map needs %s, which is missing or unreadable: "
                                   "apt-get install libjs-leaflet",
                                   PATHS[k]);
    return QSMAP_OK;
}

static void leaflet_close(leaflet_files *lf)
{
    qsmap_input_release(&lf->js);
    qsmap_input_release(&lf->css);
}

/* Whether s[0..n-1] begins with `word`, in any case. */
static bool starts(const char *s, size_t n, const char *word)
{
    size_t w = strlen(word);
    return n >= w && strncasecmp(s, word, w) == 0;
}

/* Leaflet's text inside <script> or <style>. Its source-map comments go
 * (the whole line): the browser would fetch the map next to the page when
 * the developer tools open, and the page makes no request. A "</script"
 * or "</style" (none in Debian's 1.7.1; a later one might have it in a
 * string or a comment) becomes "<\/…", the same string to JS and harmless
 * in a comment, so that it cannot end the element early. */
static void put_library(FILE *fp, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (starts(s + i, n - i, "//# sourceMappingURL=") ||
            starts(s + i, n - i, "/*# sourceMappingURL=")) {
            while (i + 1 < n && s[i + 1] != '\n')
                i++;
        } else if (starts(s + i, n - i, "</script") || starts(s + i, n - i, "</style")) {
            fputs("<\\/", fp);
            i++;
        } else {
            fputc(s[i], fp);
        }
    }
}

/* The data JSON into the page. JSON leaves "</", "<!--" and the line
 * separators U+2028/2029 as they are; in a <script> element the first
 * could end it and the second change how it ends, and a school name may
 * hold any of them: "</" is written "<\/" and "<!--" "\u003c!--" (the same
 * strings to JSON.parse, and nowhere but in strings), U+2028/9 as \u
 * escapes for older parsers. */
static void put_data(FILE *fp, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '<' && i + 1 < n && s[i + 1] == '/') {
            fputs("<\\/", fp);
            i++;
        } else if (s[i] == '<' && i + 3 < n && strncmp(s + i + 1, "!--", 3) == 0) {
            fputs("\\u003c", fp);
        } else if ((unsigned char)s[i] == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
            fputs((unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029", fp);
            i += 2;
        } else {
            fputc(s[i], fp);
        }
    }
}

/* The file name of the school table, without its folders (as the map's
 * fine print gives it). */
static const char *file_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static const char *kind_name(qsmap_val_kind k)
{
    switch (k) {
    case QSMAP_VAL_INT: return "int";
    case QSMAP_VAL_METRES: return "metres";
    case QSMAP_VAL_AREA: return "area";
    case QSMAP_VAL_RATIO: return "ratio";
    default: return "text";
    }
}

/* "columns":[…],"rows":[[…],…]: the pair table as the CSV has it (its
 * shown columns, one row per CSV row), with the workbook's Thai headings
 * and JSON-typed values; the page formats them (distances in km). */
static void put_table(FILE *fp, const qsmap_report *r)
{
    qsmap_row_cursor *c = malloc(sizeof *c);
    if (!c) { /* the caller checks the stream; an empty table then */
        fputs(",\"columns\":[],\"rows\":[]", fp);
        return;
    }
    qsmap_row_cursor_init(c, &qsmap_pair_rows, r);
    fputs(",\"columns\":[", fp);
    for (size_t k = 0; k < c->ncols; k++) {
        char buf[128];
        fprintf(fp, "%s{\"key\":", k ? "," : "");
        qsmap_json_str(fp, c->cols[k]->key);
        qsmap_json_key(fp, "th");
        qsmap_json_str(fp, qsmap_row_col_heading(c->cols[k], r, buf, sizeof buf));
        qsmap_json_key(fp, "kind");
        qsmap_json_str(fp, kind_name(c->cols[k]->kind));
        fputc('}', fp);
    }
    fputs("],\"rows\":[", fp);
    bool first = true;
    while (qsmap_row_cursor_next(c))
        for (size_t j = 0; j < c->n; j++) {
            fputs(first ? "\n[" : ",\n[", fp);
            first = false;
            for (size_t k = 0; k < c->ncols; k++) {
                if (k)
                    fputc(',', fp);
                qsmap_json_value(fp, c->cols[k]->kind, c->v[k][j]);
            }
            fputc(']', fp);
        }
    fputs("]", fp);
    free(c);
}

/* "participation":{network school id: Thai status} when the school table
 * reports it (the pair table has no such column: the popups show it). */
static qsmap_status put_participation(FILE *fp, const qsmap_report *r, qsmap_error *err)
{
    qsmap_json_key(fp, "participation");
    if (!r->schools->has_participation) {
        fputs("null", fp);
        return QSMAP_OK;
    }
    uint8_t *done = calloc(r->schools->n ? r->schools->n : 1, 1);
    if (!done)
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    const qsmap_catchment *c = r->catchment;
    bool first = true;
    fputc('{', fp);
    for (size_t i = 0; i < c->n; i++) {
        uint32_t s = c->v[i].network;
        if (s == QSMAP_NO_SCHOOL || done[s])
            continue;
        done[s] = 1;
        const qsmap_school *n = &r->schools->v[s];
        if (!first)
            fputc(',', fp);
        first = false;
        qsmap_json_str(fp, n->id);
        fputc(':', fp);
        qsmap_json_str(fp, qsmap_participation_name_th((qsmap_participation)n->participation));
    }
    fputc('}', fp);
    free(done);
    return QSMAP_OK;
}

/* The page's data: the run's words, the table, and the GeoJSON writer's
 * FeatureCollection as it writes it for QGIS. */
static qsmap_status put_json(FILE *fp, const qsmap_report *r, qsmap_write_ctx *ctx,
                             qsmap_error *err)
{
    fputs("{\"version\":", fp);
    qsmap_json_str(fp, QSMAP_VERSION);
    qsmap_json_key(fp, "radius_m");
    qsmap_json_num(fp, r->radius_m, -1);
    qsmap_json_key(fp, "sample_note");
    if (r->sample_data)
        qsmap_json_str(fp, QSMAP_SAMPLE_NOTE);
    else
        fputs("null", fp);
    qsmap_json_key(fp, "schools_file");
    qsmap_json_str(fp, file_name(r->schools->path));
    qsmap_status st = put_participation(fp, r, err);
    if (st)
        return st;
    put_table(fp, r);
    qsmap_json_key(fp, "geojson");
    qsmap_sink sink = qsmap_sink_stream(fp, "(the page's GeoJSON)");
    st = qsmap_write_geojson(&sink, r, ctx, err);
    fputs("}", fp);
    return st;
}

/* The head up to </head>: the policy (the file page's or the app's), then
 * Leaflet's CSS, the page's, and the app's (NULL for the file page). */
static void put_head(FILE *fp, const char *csp, const leaflet_files *lf, const char *app_css)
{
    fputs(QSMAP_HTML_HEAD, fp);
    fprintf(fp, "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n", csp);
    fputs(QSMAP_HTML_TITLE, fp);
    fputs("<style id=\"leaflet-css\">\n", fp);
    put_library(fp, lf->css.data, lf->css.len);
    fputs("\n</style>\n<style>\n", fp);
    fputs(QSMAP_HTML_CSS, fp);
    if (app_css)
        fputs(app_css, fp);
    fputs("</style>\n</head>\n", fp);
}

/* Leaflet's script, then the shared drawing script in its own element;
 * the caller writes what calls it and closes that element. */
static void put_scripts(FILE *fp, const leaflet_files *lf)
{
    fputs("<script id=\"leaflet-js\">\n", fp);
    put_library(fp, lf->js.data, lf->js.len);
    fputs("\n</script>\n<script>\n", fp);
    fputs(QSMAP_HTML_JS, fp);
}

/* The file page: the data block, and one draw of it, in the same <script>
 * as the drawing (three scripts: the data, Leaflet, the page's). */
qsmap_status qsmap_write_html(const qsmap_sink *out, const qsmap_report *r,
                              qsmap_write_ctx *ctx, qsmap_error *err)
{
    leaflet_files lf;
    qsmap_status st = leaflet_open(&lf, err);
    if (st) {
        leaflet_close(&lf);
        return st;
    }
    char *data = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&data, &len);
    if (!mem) {
        leaflet_close(&lf);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    st = put_json(mem, r, ctx, err);
    if (fclose(mem) != 0 && !st)
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (!st) {
        FILE *fp = out->fp;
        put_head(fp, QSMAP_HTML_CSP_FILE, &lf, NULL);
        fputs("<body>\n", fp);
        fputs(QSMAP_HTML_BODY, fp);
        fputs("<script type=\"application/json\" id=\"qsmap-data\">\n", fp);
        put_data(fp, data, len);
        fputs("\n</script>\n", fp);
        put_scripts(fp, &lf);
        fputs(QSMAP_HTML_FILE_JS, fp);
        fputs("</script>\n</body>\n</html>\n", fp);
        if (ferror(fp))
            st = qsmap_error_set(err, QSMAP_E_IO, NULL, 0, "the HTML page could not be written");
    }
    free(data);
    leaflet_close(&lf);
    return st;
}

/* The page's data alone, for qsmap serve's GET /api/report: the app page
 * draws it with the same script as the file page. */
qsmap_status qsmap_write_html_data(const qsmap_sink *out, const qsmap_report *r,
                                   qsmap_write_ctx *ctx, qsmap_error *err)
{
    qsmap_status st = put_json(out->fp, r, ctx, err);
    if (!st && ferror(out->fp))
        st = qsmap_error_set(err, QSMAP_E_IO, NULL, 0, "the report could not be written");
    return st;
}

/* qsmap serve's page: the file page's head, body and drawing with the
 * app's panel around them, no data (the app asks the API for it), and the
 * app's script after the drawing's, which it calls. Leaflet is inlined as
 * in the file page: the server has nothing else to serve, and the page
 * works on a machine cut off from the internet. */
qsmap_status qsmap_html_app_page(FILE *fp, qsmap_error *err)
{
    leaflet_files lf;
    qsmap_status st = leaflet_open(&lf, err);
    if (!st) {
        put_head(fp, QSMAP_APP_CSP, &lf, QSMAP_APP_CSS);
        fputs("<body class=\"app\">\n", fp);
        fputs(QSMAP_APP_BODY, fp);
        fputs(QSMAP_HTML_BODY, fp);
        fputs(QSMAP_APP_BODY_END, fp);
        put_scripts(fp, &lf);
        fputs("</script>\n<script>\n", fp);
        fputs(QSMAP_APP_JS, fp);
        fputs("</script>\n</body>\n</html>\n", fp);
        if (ferror(fp))
            st = qsmap_error_set(err, QSMAP_E_IO, NULL, 0, "the app page could not be written");
    }
    leaflet_close(&lf);
    return st;
}
