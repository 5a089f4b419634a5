/* serve.h — the parts of the web server, private to src/serve/:
 *   server.c   the daemon: listening, limits, TLS, the stop pipe;
 *   route.c    one request: auth, origin, session cookie, the route table;
 *   auth.c     --auth FILE: users and crypt(3) hashes, HTTP Basic;
 *   session.c  browser sessions and the tables they uploaded (memory only);
 *   upload.c   multipart/form-data bodies, in memory, size-limited;
 *   query.c    a request's selection (district, province, office, radius)
 *              and the report the CLI would build for it;
 *   api.c      the endpoints: page, districts, offices, report, downloads.
 * No part of a request ever becomes a file name: downloads are written to
 * memory and uploads are parsed from it. */
#ifndef QSMAP_SERVE_SERVE_H
#define QSMAP_SERVE_SERVE_H

#include "load/gdal.h"
#include "serve/module.h"
#include "write/filename.h"
#include "write/write.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- a reply ------------------------------------------------------------ */
typedef struct {
    unsigned status;
    const char *type;  /* Content-Type */
    char *body;        /* malloc'd, handed to libmicrohttpd */
    size_t len;
    char filename[400]; /* a download's name (Content-Disposition), or "" */
    char allow[16];     /* a 405's Allow header, or "" */
} serve_reply;

/* {"error": msg} with a status; the body is JSON whatever msg holds. */
void serve_reply_error(serve_reply *rp, unsigned status, const char *msg);
/* The same for a qsmap error, formatted as the CLI prints it, with the
 * status its kind calls for (404 for an unknown place, 400 for bad input,
 * 500 for the rest). */
void serve_reply_status(serve_reply *rp, qsmap_status st, const qsmap_error *err);
/* A body written to a memory stream by fn. */
typedef qsmap_status (*serve_write_fn)(FILE *fp, void *ctx, qsmap_error *err);
qsmap_status serve_reply_write(serve_reply *rp, const char *type, serve_write_fn fn, void *ctx,
                               qsmap_error *err);

/* ---- auth.c ------------------------------------------------------------- */
typedef struct serve_auth serve_auth;
qsmap_status serve_auth_load(const char *path, serve_auth **out, qsmap_error *err);
/* Is user:password one of the file's? Constant time in the password. */
bool serve_auth_check(const serve_auth *a, const char *user, const char *password);
void serve_auth_free(serve_auth *a);

/* ---- session.c ---------------------------------------------------------- */
#define SERVE_SESSION_ID 32 /* hex digits of 128 random bits */

/* A school table a session uses: uploaded, or the server's with an uploaded
 * roles list; shared by the requests that use it (refs). */
typedef struct {
    qsmap_schools *s;
    atomic_int refs;
    char schools_file[256]; /* the upload's name, or "" for the server's table */
    char roles_file[256];   /* the roles list's name, or "" */
    unsigned long gen;      /* its number, for the reply cache (0: the server's) */
    char *raw;              /* the uploaded school table's bytes, to apply a
                               roles list to a fresh copy; NULL for the server's */
    size_t raw_len;
} serve_table;

typedef struct serve_sessions serve_sessions;
serve_sessions *serve_sessions_new(int max);
void serve_sessions_free(serve_sessions *ss);
/* A fresh random id. */
bool serve_session_id(char id[SERVE_SESSION_ID + 1]);
/* Is it an id qsmap could have made (32 lowercase hex digits)? */
bool serve_session_valid(const char *id);
/* The session's table with a reference, or NULL for the server's. */
serve_table *serve_sessions_table(serve_sessions *ss, const char *id);
/* Give the session this table (its reference moves in), dropping the
 * session used longest ago when all are taken; NULL drops the session's. */
void serve_sessions_set(serve_sessions *ss, const char *id, serve_table *t);
void serve_table_release(serve_table *t);

/* ---- upload.c ----------------------------------------------------------- */
typedef struct serve_upload serve_upload;
/* NULL when the request is no multipart/form-data (the caller answers 400). */
serve_upload *serve_upload_new(struct MHD_Connection *c, size_t max, atomic_size_t *in_flight);
/* Feed a chunk; false once the body is broken or too large, or all uploads
 * under way (in_flight) hold four times max. */
bool serve_upload_feed(serve_upload *u, const char *data, size_t len);
/* The finished upload: the field "file", its name and bytes; or the
 * reason it is not one (413 too large, 400 broken). */
bool serve_upload_done(serve_upload *u, const char **name, const char **data, size_t *len,
                       unsigned *status, const char **why);
void serve_upload_free(serve_upload *u);

/* ---- cache.c: finished replies, by table and selection ----------------- */
typedef struct serve_cache serve_cache;
serve_cache *serve_cache_new(size_t max_entries, size_t max_bytes);
void serve_cache_free(serve_cache *c);
/* A copy of the body kept under key (malloc'd), or false. */
bool serve_cache_get(serve_cache *c, const char *key, char **body, size_t *len);
void serve_cache_put(serve_cache *c, const char *key, const char *body, size_t len);

/* ---- the server --------------------------------------------------------- */
typedef struct {
    const qsmap_serve_config *cfg;
    const qsmap_serve_data *data;
    serve_auth *auth;
    serve_sessions *sessions;
    serve_cache *cache;
    qsmap_gdal *gdal;        /* for uploaded workbooks and layers, loaded on the first */
    pthread_mutex_t gdal_mu; /* GDAL reads one upload at a time */
    atomic_ulong generation; /* the last table number given */
    char *page;
    size_t page_len;
    char *districts; /* GET /api/districts, made once */
    size_t districts_len;
    bool tls;
    atomic_size_t uploading; /* bytes held by uploads under way */
    int threads; /* of the thread pool, and of an atlas's drawing */
    FILE *log;
    pthread_mutex_t log_mu;
} serve_server;

/* One request as the route sees it. */
typedef struct {
    serve_server *srv;
    struct MHD_Connection *c;
    const char *url, *method;
    char session[SERVE_SESSION_ID + 1];
    bool new_session; /* the reply sets the cookie */
    serve_upload *upload;
    bool refused;     /* the upload failed: the rest of the body is dropped */
    size_t body_seen; /* bytes of the body so far */
} serve_request;

/* route.c: libmicrohttpd's access handler and completion callback. */
enum MHD_Result serve_access(void *cls, struct MHD_Connection *c, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **con_cls);
void serve_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                     enum MHD_RequestTerminationCode why);

/* ---- query.c ------------------------------------------------------------ */
typedef struct {
    const char *district, *province, *office;
    double radius_m;
    double dpi; /* 0: the CLI's default */
} serve_query;
/* The query string: known names once each, UTF-8 values; else 400. */
qsmap_status serve_query_parse(struct MHD_Connection *c, serve_query *q, qsmap_error *err);

/* A report as the CLI builds it for the same selection. */
typedef struct {
    qsmap_report r;
    qsmap_office *office;
    size_t *sel, nsel;
    char label[QSMAP_SAFE_NAME_MAX + 1]; /* the CLI's default file name */
    char scope[400];                     /* an atlas's cover */
    char radius_label[32];
} serve_report;
qsmap_status serve_report_build(const serve_server *srv, const qsmap_schools *s, bool sample,
                                const serve_query *q, serve_report *out, qsmap_error *err);
void serve_report_free(serve_report *sr);

/* ---- api.c: the endpoints ----------------------------------------------- */
qsmap_status serve_api_init(serve_server *srv, qsmap_error *err);
void serve_api_page(serve_request *rq, serve_reply *rp);
void serve_api_districts(serve_request *rq, serve_reply *rp);
void serve_api_offices(serve_request *rq, serve_reply *rp);
void serve_api_report(serve_request *rq, serve_reply *rp);
void serve_api_download(serve_request *rq, serve_reply *rp);
void serve_api_session(serve_request *rq, serve_reply *rp);
void serve_api_upload(serve_request *rq, serve_reply *rp, bool roles);
void serve_api_reset(serve_request *rq, serve_reply *rp);

#endif
