/* format.c — the table of output formats: what picks each one, its writer,
 * and whether it needs the renderer module. */
#include "write/write.h"

#include "base/paths.h"

#include <string.h>

static const qsmap_format FORMATS[] = {
    /* name     extension  writer                   networks writer                render map    dir */
    {"csv",     "csv",     qsmap_write_pairs_csv,   qsmap_write_networks_csv,      false, false, false},
    {"pdf",     "pdf",     qsmap_write_pdf,         qsmap_write_networks_pdf,      true,  true,  false},
    {"png",     "png",     qsmap_write_png,         NULL,                          true,  true,  false},
    {"xlsx",    "xlsx",    qsmap_write_xlsx,        qsmap_write_networks_xlsx,     true,  false, false},
    {"geojson", "geojson", qsmap_write_geojson,     qsmap_write_networks_geojson,  false, false, false},
    {"docx",    "docx",    qsmap_write_docx,        NULL,                          true,  false, false},
    {"html",    "html",    qsmap_write_html,        NULL,                          false, false, false},
    {"summary", NULL,      qsmap_write_summary_csv, qsmap_write_networks_summary,  false, false, false},
    {"png-dir", NULL,      qsmap_write_png_dir,     NULL,                          true,  true,  true},
};
#define NFORMATS (sizeof FORMATS / sizeof FORMATS[0])

const qsmap_format *qsmap_format_named(const char *name)
{
    for (size_t k = 0; k < NFORMATS; k++)
        if (strcmp(FORMATS[k].name, name) == 0)
            return &FORMATS[k];
    return NULL;
}

int qsmap_path_fd(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0)
        return 1;
    if (strcmp(path, "/dev/stderr") == 0)
        return 2;
    const char *num = strncmp(path, "/dev/fd/", 8) == 0         ? path + 8
                      : strncmp(path, "/proc/self/fd/", 14) == 0 ? path + 14
                                                                  : NULL;
    if (!num || !*num || strlen(num) > 6)
        return -1;
    int fd = 0;
    for (; *num; num++) {
        if (*num < '0' || *num > '9')
            return -1;
        fd = fd * 10 + (*num - '0');
    }
    return fd;
}

bool qsmap_path_is_stdout(const char *path)
{
    return strcmp(path, "-") == 0 || qsmap_path_fd(path) == 1;
}

const qsmap_format *qsmap_format_for_path(const char *path)
{
    size_t n = strlen(path);
    if (strcmp(path, "-") == 0 || (qsmap_path_fd(path) >= 0 && !*qsmap_path_extension(path)))
        return qsmap_format_named("csv");
    if (n > 0 && path[n - 1] == '/')
        return qsmap_format_named("png-dir");
    const char *ext = qsmap_path_extension(path);
    for (size_t k = 0; k < NFORMATS; k++)
        if (FORMATS[k].extension && strcmp(FORMATS[k].extension, ext) == 0)
            return &FORMATS[k];
    return NULL;
}

static void extensions(char *buf, size_t size, bool networks)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < NFORMATS && used < size; k++)
        if (FORMATS[k].extension && (!networks || FORMATS[k].networks)) {
            int n = snprintf(buf + used, size - used, "%s.%s", used ? ", " : "",
                             FORMATS[k].extension);
            used += n > 0 ? (size_t)n : 0;
        }
}

qsmap_sink qsmap_sink_stream(FILE *fp, const char *name)
{
    return (qsmap_sink){.fp = fp, .path = name, .file = name};
}

void qsmap_format_extensions(char *buf, size_t size) { extensions(buf, size, false); }

void qsmap_format_network_extensions(char *buf, size_t size) { extensions(buf, size, true); }
