/* write.h — every output format behind one interface (after redis's ae.c:
 * one table, one file per backend). A format is a row of the table in
 * write/format.c: the extension that picks it, its writer, and whether it
 * needs the renderer module (maps, atlases, workbooks). Every writer has the
 * same signature; a new format is one file and one row. */
#ifndef QSMAP_WRITE_WRITE_H
#define QSMAP_WRITE_WRITE_H

#include "qsmap/qsmap.h"
#include "render/module.h"
#include "write/commit.h"

#include <stdbool.h>
#include <stdio.h>

/* Where a writer writes: an open stream (the output's temporary file, or
 * stdout), and the names to use. */
typedef struct {
    FILE *fp;         /* NULL for a directory format */
    const char *path; /* the name the user gave, for messages */
    const char *file; /* what to open by name when a library insists on it
                         (the temporary file; the directory itself) */
} qsmap_sink;

/* What the run tells its writers, and what the map writers tell it back. */
typedef struct {
    const qsmap_render_api *render; /* set when a format of the run needs it */
    qsmap_render_opts render_opts;
    const char *scope;        /* an atlas's cover: ทั้งประเทศ, an office, จังหวัดX */
    const char *radius_label; /* "5km": file names of a directory of PNGs */
    int threads;              /* drawing workers of atlases and PNG directories */
    qsmap_commit *commit;     /* the run's temporaries (write/commit.h): every file
                                 written goes in it, a directory's PNGs too;
                                 NULL: qsmap_write_outputs makes its own */
    bool indicator10;         /* --indicator10: .docx and .csv are the form's figures */
    qsmap_progress_fn progress; /* may be NULL */
    void *progress_ctx;
    qsmap_label_stats labels; /* out: labels of every map drawn */
    qsmap_atlas_stats atlas;  /* out: the atlas written (pages 0: none) */
    double atlas_seconds;     /* out: how long drawing it took */
} qsmap_write_ctx;

/* A writer: a function type, so that the writers below are declared by
 * it (their signature spelt once) and the table holds pointers to it. */
typedef qsmap_status qsmap_writer(const qsmap_sink *out, const qsmap_report *r,
                                  qsmap_write_ctx *ctx, qsmap_error *err);

/* The same for the networks of `qsmap networks`. */
typedef qsmap_status qsmap_networks_writer(const qsmap_sink *out, const qsmap_networks *nw,
                                           qsmap_write_ctx *ctx, qsmap_error *err);

typedef struct {
    const char *name;      /* "csv", "pdf", …, "summary", "png-dir" */
    const char *extension; /* what picks it from a path; NULL: only by name */
    qsmap_writer *write;
    qsmap_networks_writer *networks; /* NULL: not a format of qsmap networks */
    bool needs_render;     /* its writer lives in qsmap-render.so */
    bool draws_map;        /* it places labels (the run reports them) */
    bool directory;        /* it writes files into a directory (-o DIR/) */
} qsmap_format;

/* The format an output path asks for: "-" is the pair table as CSV, and
 * so is a descriptor's name without an extension (/dev/stdout, /dev/fd/3);
 * a path ending in '/' a directory of PNGs, anything else its extension;
 * NULL when the extension names none. */
const qsmap_format *qsmap_format_for_path(const char *path);
/* A format by its name ("summary"); NULL when there is none. */
const qsmap_format *qsmap_format_named(const char *name);
/* ".csv, .pdf, .png, …": the extensions qsmap writes, for messages. */
void qsmap_format_extensions(char *buf, size_t size);
/* The descriptor a name stands for: 1 for /dev/stdout, 2 for /dev/stderr,
 * N for /dev/fd/N and /proc/self/fd/N; -1 for any other name. */
int qsmap_path_fd(const char *path);
/* "-" or a name of stdout: written to the caller's stdout. */
bool qsmap_path_is_stdout(const char *path);

/* The writers, one file each under write/ (the renderer's in render_formats.c). */
qsmap_writer qsmap_write_pairs_csv, qsmap_write_summary_csv, qsmap_write_geojson,
    qsmap_write_pdf, qsmap_write_png, qsmap_write_xlsx, qsmap_write_png_dir, qsmap_write_docx,
    qsmap_write_html;
/* The data block of the .html page alone (qsmap serve's report JSON). */
qsmap_writer qsmap_write_html_data;

qsmap_networks_writer qsmap_write_networks_csv, qsmap_write_networks_summary,
    qsmap_write_networks_geojson, qsmap_write_networks_pdf, qsmap_write_networks_xlsx;
/* ".csv, .pdf, …": the extensions qsmap networks writes, for messages. */
void qsmap_format_network_extensions(char *buf, size_t size);

/* A sink onto an open stream (tests, benchmarks). */
qsmap_sink qsmap_sink_stream(FILE *fp, const char *name);

#endif
