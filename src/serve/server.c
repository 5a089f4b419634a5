/* server.c — the daemon: libmicrohttpd with a pool of request threads on
 * epoll, listening on loopback unless --bind says otherwise, with limits
 * on connections (in all and per address), on a connection's memory (so on
 * its headers), on idle and slow connections (--timeout), and on bodies
 * (route.c, upload.c); TLS from --tls-cert and --tls-key. It runs until a
 * byte arrives on the stop pipe, then stops and frees everything. */
#include "serve/serve.h"

#include "base/fileio.h"

#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A connection's memory: the request line and the headers must fit in it
 * (libmicrohttpd answers 431 past it). 32 KB is libmicrohttpd's default;
 * a browser's headers are 1–2 KB. */
#define CONNECTION_MEMORY (32 * 1024)
#define CONNECTIONS_MAX 512
#define CONNECTIONS_PER_IP 128

typedef struct {
    struct sockaddr_storage ss;
    socklen_t len;
    bool v6;
} bind_addr;

static qsmap_status resolve_bind(const char *host, int port, bind_addr *out, qsmap_error *err)
{
    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
    struct addrinfo *ai = NULL;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    int rc = getaddrinfo(host ? host : "127.0.0.1", service, &hints, &ai);
    if (rc != 0 || !ai)
        return qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0, "--bind %s: %s",
                               host ? host : "127.0.0.1", gai_strerror(rc));
    memcpy(&out->ss, ai->ai_addr, ai->ai_addrlen);
    out->len = ai->ai_addrlen;
    out->v6 = ai->ai_family == AF_INET6;
    freeaddrinfo(ai);
    return QSMAP_OK;
}

/* A PEM file as a NUL-terminated string, as libmicrohttpd takes it. */
static qsmap_status read_pem(const char *path, char **out, qsmap_error *err)
{
    qsmap_input in;
    qsmap_status st = qsmap_input_open(path, path, &in, err);
    if (st)
        return st;
    *out = malloc(in.len + 1);
    if (*out) {
        memcpy(*out, in.data, in.len);
        (*out)[in.len] = '\0';
    } else
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    qsmap_input_release(&in);
    if (!st && !strstr(*out, "-----BEGIN"))
        st = qsmap_error_set(err, QSMAP_E_FORMAT, path, 0, "not a PEM file (-----BEGIN …)");
    return st;
}

typedef struct {
    char *cert, *key;
} tls_files;

static struct MHD_Daemon *start(serve_server *srv, const bind_addr *a, const tls_files *tls)
{
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
    if (a->v6)
        flags |= MHD_USE_IPv6;
    if (tls->cert)
        flags |= MHD_USE_TLS;
    struct MHD_OptionItem opts[] = {
        {MHD_OPTION_SOCK_ADDR, 0, (void *)&a->ss},
        {MHD_OPTION_THREAD_POOL_SIZE, srv->threads, NULL},
        {MHD_OPTION_CONNECTION_LIMIT, CONNECTIONS_MAX, NULL},
        {MHD_OPTION_PER_IP_CONNECTION_LIMIT, CONNECTIONS_PER_IP, NULL},
        {MHD_OPTION_CONNECTION_TIMEOUT, srv->cfg->timeout_s, NULL},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONNECTION_MEMORY, NULL},
        {MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)serve_completed, srv},
        {tls->cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, tls->cert},
        {tls->cert ? MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, 0, tls->key},
        {MHD_OPTION_END, 0, NULL},
    };
    return MHD_start_daemon(flags, 0, NULL, NULL, serve_access, srv, MHD_OPTION_ARRAY, opts,
                            MHD_OPTION_END);
}

static void announce(const serve_server *srv, struct MHD_Daemon *d, const char *host)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : (unsigned)srv->cfg->port;
    /* every address: the planners' browsers want this machine's name */
    char name[256];
    if (host && (!strcmp(host, "0.0.0.0") || !strcmp(host, "::")) &&
        gethostname(name, sizeof name) == 0) {
        name[sizeof name - 1] = '\0';
        host = name;
    }
    bool v6 = host && strchr(host, ':');
    fprintf(srv->log, "qsmap: serving %s://%s%s%s:%u/ (Ctrl-C to stop)\n",
            srv->tls ? "https" : "http", v6 ? "[" : "", host ? host : "127.0.0.1", v6 ? "]" : "",
            port);
    fflush(srv->log);
}

static int pool_size(const qsmap_serve_config *cfg)
{
    if (cfg->threads > 0)
        return cfg->threads;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 2 ? (int)(2 * n) : 4;
}

/* Everything the server owns, made before the daemon starts. */
static qsmap_status prepare(serve_server *srv, tls_files *tls, qsmap_error *err)
{
    const qsmap_serve_config *cfg = srv->cfg;
    qsmap_status st = QSMAP_OK;
    if (cfg->auth)
        st = serve_auth_load(cfg->auth, &srv->auth, err);
    if (!st && cfg->tls_cert) {
        st = read_pem(cfg->tls_cert, &tls->cert, err);
        if (!st)
            st = read_pem(cfg->tls_key, &tls->key, err);
        if (!st && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
            st = qsmap_error_set(err, QSMAP_E_USAGE, NULL, 0,
                                 "this libmicrohttpd was built without TLS: HTTPS is not "
                                 "available");
        srv->tls = !st;
    }
    /* 256 replies, 64 MB: every district's report several times over */
    if (!st && !(srv->cache = serve_cache_new(256, 64u << 20)))
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (!st && !(srv->sessions = serve_sessions_new(cfg->sessions)))
        st = qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    if (!st)
        st = serve_api_init(srv, err);
    return st;
}

static void wait_stop(int fd)
{
    char b;
    while (read(fd, &b, 1) < 0 && errno == EINTR)
        ;
}

static qsmap_status serve(const qsmap_serve_config *cfg, const qsmap_serve_data *data,
                          int stop_fd, FILE *log, qsmap_error *err)
{
    serve_server srv = {.cfg = cfg, .data = data, .log = log, .threads = pool_size(cfg)};
    tls_files tls = {0};
    pthread_mutex_init(&srv.gdal_mu, NULL);
    bind_addr a;
    qsmap_status st = resolve_bind(cfg->bind, cfg->port, &a, err);
    if (!st)
        st = prepare(&srv, &tls, err);
    struct MHD_Daemon *d = st ? NULL : start(&srv, &a, &tls);
    if (!st && !d)
        st = qsmap_error_set(err, QSMAP_E_IO, NULL, 0,
                             "cannot listen on %s port %d (in use, or not this machine's "
                             "address?)",
                             cfg->bind ? cfg->bind : "127.0.0.1", cfg->port);
    if (!st) {
        announce(&srv, d, cfg->bind);
        wait_stop(stop_fd);
        MHD_stop_daemon(d);
        fprintf(log, "qsmap: stopped\n");
    }
    serve_sessions_free(srv.sessions);
    serve_cache_free(srv.cache);
    qsmap_gdal_free(srv.gdal);
    pthread_mutex_destroy(&srv.gdal_mu);
    serve_auth_free(srv.auth);
    free(srv.page);
    free(srv.districts);
    free(tls.cert);
    if (tls.key) /* the private key leaves memory wiped */
        memset(tls.key, 0, strlen(tls.key));
    free(tls.key);
    return st;
}

static const qsmap_serve_api API = {QSMAP_SERVE_API_VERSION, serve};

const qsmap_serve_api *qsmap_serve_module(void) { return &API; }
