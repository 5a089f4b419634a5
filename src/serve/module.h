/* module.h — what the command line sees of qsmap serve. The HTTP server
 * (libmicrohttpd, GnuTLS, libcrypt) lives in a module, qsmap-serve.so, that
 * only `qsmap serve` loads (base/module.h), so a map or CSV run never maps
 * those libraries. The command line loads the inputs with the stages every
 * run uses (cli/serve.c) and hands them over; the module answers requests
 * with the core's own functions, exported by the executable. */
#ifndef QSMAP_SERVE_MODULE_H
#define QSMAP_SERVE_MODULE_H

#include "qsmap/qsmap.h"
#include "render/module.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define QSMAP_SERVE_API_VERSION 1

/* The options of qsmap serve (cli/options.c). */
typedef struct {
    const char *bind;     /* the address to listen on; NULL: 127.0.0.1 */
    int port;             /* 0: any free port (the ready line names it) */
    const char *auth;     /* --auth FILE: user:crypt(3)-hash lines; NULL: none */
    bool no_auth;         /* --no-auth: off loopback without passwords, on purpose */
    const char *tls_cert, *tls_key; /* PEM files for HTTPS; NULL: HTTP */
    size_t max_upload;    /* bytes of one upload, default 50 MB */
    int sessions;         /* browser sessions with uploads kept, default 32 */
    int timeout_s;        /* an idle or slow connection is closed after it, default 30 */
    int threads;          /* request threads, default 2 x CPUs (at least 4) */
} qsmap_serve_config;

/* A fresh copy of the server's school table, its --roles/--quality applied
 * (a roles list uploaded for the default table is applied to its own copy). */
typedef qsmap_status (*qsmap_serve_load_fn)(void *ctx, qsmap_schools **out, qsmap_error *err);

/* What the command line has loaded: all of it read-only from here on. */
typedef struct {
    const qsmap_schools *schools;     /* the server's table, quality schools known */
    const qsmap_districts *districts; /* every province's outline made (thread-safe) */
    bool sample;                      /* the shipped synthetic sample */
    const char *aliases;              /* office_aliases.csv, or NULL */
    const char *boundaries;           /* the boundaries' path, for the warnings */
    qsmap_render_opts render;         /* --paper, --orientation, --thai-digits, --date */
    int small_max;
    qsmap_serve_load_fn reload;
    void *reload_ctx;
    const qsmap_render_api *render_api;
} qsmap_serve_data;

/* Serve until a byte can be read from stop_fd (the signal thread writes it),
 * then stop and free everything. The ready line goes to log; so do the
 * errors of requests the server answers 5xx. */
typedef qsmap_status (*qsmap_serve_fn)(const qsmap_serve_config *cfg,
                                       const qsmap_serve_data *data, int stop_fd, FILE *log,
                                       qsmap_error *err);

typedef struct {
    int version; /* QSMAP_SERVE_API_VERSION */
    qsmap_serve_fn serve;
} qsmap_serve_api;

/* The module's entry point, looked up by name. */
const qsmap_serve_api *qsmap_serve_module(void);

#endif
