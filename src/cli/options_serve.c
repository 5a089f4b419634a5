/* options_serve.c — the values of qsmap serve's options (the rows are in
 * options.c's table) and the check that a server reachable from other
 * machines is not left open by mistake. */
#include "cli/cli.h"


#include <stdlib.h>
#include <string.h>

static qsmap_status whole(const char *option, const char *v, long lo, long hi, long *out,
                          const char *what, qsmap_error *err)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (*end || end == v || n < lo || n > hi)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0, "%s '%s': give %s from %ld to %ld",
                               option, v, what, lo, hi);
    *out = n;
    return QSMAP_OK;
}

qsmap_status cli_set_port(cli_options *o, const char *v, qsmap_error *err)
{
    long n = 0;
    qsmap_status st = whole("--port", v, 0, 65535, &n, "a port number", err);
    o->web.port = (int)n;
    return st;
}

qsmap_status cli_set_sessions(cli_options *o, const char *v, qsmap_error *err)
{
    long n = 0;
    qsmap_status st = whole("--sessions", v, 1, 10000, &n, "a number of sessions", err);
    o->web.sessions = (int)n;
    return st;
}

qsmap_status cli_set_timeout(cli_options *o, const char *v, qsmap_error *err)
{
    long n = 0;
    qsmap_status st = whole("--timeout", v, 1, 3600, &n, "seconds", err);
    o->web.timeout_s = (int)n;
    return st;
}

qsmap_status cli_set_threads(cli_options *o, const char *v, qsmap_error *err)
{
    long n = 0;
    qsmap_status st = whole("--threads", v, 1, 256, &n, "a number of threads", err);
    o->web.threads = (int)n;
    return st;
}

/* 50MB, 500KB, 1GB or bytes. */
qsmap_status cli_set_max_upload(cli_options *o, const char *v, qsmap_error *err)
{
    char *end;
    double n = strtod(v, &end);
    double unit = !strcmp(end, "") || !strcmp(end, "B")      ? 1
                  : !strcmp(end, "KB") || !strcmp(end, "kB") ? 1e3
                  : !strcmp(end, "MB")                       ? 1e6
                  : !strcmp(end, "GB")                       ? 1e9
                                                             : 0;
    if (end == v || unit == 0 || !(n * unit >= 1e3 && n * unit <= 2e9))
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--max-upload '%s': give a size from 1KB to 2GB, e.g. 50MB", v);
    o->web.max_upload = (size_t)(n * unit);
    return QSMAP_OK;
}

void cli_serve_defaults(cli_options *o)
{
    o->web = (qsmap_serve_config){.port = 8080,
                                  .max_upload = 50 * 1000 * 1000,
                                  .sessions = 32,
                                  .timeout_s = 30};
}

static bool is_loopback(const char *addr)
{
    return !addr || !strcmp(addr, "127.0.0.1") || !strcmp(addr, "::1") ||
           !strcmp(addr, "localhost") || !strncmp(addr, "127.", 4);
}

qsmap_status cli_check_serve(const cli_options *o, qsmap_error *err)
{
    const qsmap_serve_config *w = &o->web;
    if (o->roles && o->quality_ids)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--roles and --quality both say which schools are quality "
                               "schools: give one");
    if (w->auth && w->no_auth)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--auth and --no-auth contradict each other: give one");
    if (!is_loopback(w->bind) && !w->auth && !w->no_auth)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "--bind %s opens the server to other machines: give --auth FILE "
                               "(user:password-hash lines; see qsmap serve --help), or "
                               "--no-auth to serve without passwords on purpose",
                               w->bind);
    if (!w->tls_cert != !w->tls_key)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                               "HTTPS needs both --tls-cert and --tls-key");
    return QSMAP_OK;
}
