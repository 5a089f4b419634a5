/* auth.c — --auth FILE: one "user:hash" line per planner, the hash as
 * crypt(3) makes it (yescrypt from `mkpasswd -m yescrypt`, SHA-512 from
 * `openssl passwd -6`); blank lines and # comments are skipped. The file is
 * read once at start; a password is checked by hashing it with the stored
 * setting and comparing in constant time. */
#include "serve/serve.h"

#include "base/fileio.h"

#include <crypt.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *user, *hash;
} auth_user;

struct serve_auth {
    auth_user *v;
    size_t n;
};

void serve_auth_free(serve_auth *a)
{
    if (!a)
        return;
    for (size_t k = 0; k < a->n; k++)
        free(a->v[k].user), free(a->v[k].hash);
    free(a->v);
    free(a);
}

static char *copy(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p)
        memcpy(p, s, n), p[n] = '\0';
    return p;
}

/* One line: "user:hash"; 0 skipped, 1 taken, -1 bad (err set). */
static int parse_line(serve_auth *a, const char *s, size_t n, const char *path, long line,
                      qsmap_error *err)
{
    while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || s[0] == '#')
        return 0;
    const char *colon = memchr(s, ':', n);
    if (!colon || colon == s || colon + 1 == s + n) {
        qsmap_error_set(err, QSMAP_E_FORMAT, path, line,
                        "not user:hash (make the hash with mkpasswd -m yescrypt or "
                        "openssl passwd -6)");
        return -1;
    }
    const char *hash = colon + 1;
    if (hash[0] != '$') {
        qsmap_error_set(err, QSMAP_E_VALUE, path, line,
                        "the password is not a crypt(3) hash (it starts with $): never "
                        "store it in plain text");
        return -1;
    }
    auth_user *nv = realloc(a->v, (a->n + 1) * sizeof *nv);
    if (!nv) {
        qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    a->v = nv;
    auth_user *u = &a->v[a->n];
    u->user = copy(s, (size_t)(colon - s));
    u->hash = copy(hash, (size_t)(s + n - hash));
    a->n++;
    if (!u->user || !u->hash) {
        qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
        return -1;
    }
    return 1;
}

qsmap_status serve_auth_load(const char *path, serve_auth **out, qsmap_error *err)
{
    *out = NULL;
    qsmap_input in;
    qsmap_status st = qsmap_input_open(path, path, &in, err);
    if (st)
        return st;
    serve_auth *a = calloc(1, sizeof *a);
    if (!a) {
        qsmap_input_release(&in);
        return qsmap_error_set(err, QSMAP_E_NOMEM, NULL, 0, "out of memory");
    }
    const char *p = in.data, *end = in.data + in.len;
    for (long line = 1; p < end && !st; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (parse_line(a, p, n, path, line, err) < 0)
            st = err->status;
        p += n + 1;
    }
    qsmap_input_release(&in);
    if (!st && a->n == 0)
        st = qsmap_error_set(err, QSMAP_E_EMPTY, path, 0, "no user:hash line");
    if (st)
        serve_auth_free(a);
    else
        *out = a;
    return st;
}

static bool same(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);
    unsigned char diff = na != nb;
    for (size_t k = 0; k < na && k < nb; k++)
        diff |= (unsigned char)(a[k] ^ b[k]);
    return diff == 0;
}

bool serve_auth_check(const serve_auth *a, const char *user, const char *password)
{
    if (!a || !user || !password)
        return false;
    for (size_t k = 0; k < a->n; k++) {
        if (strcmp(a->v[k].user, user) != 0)
            continue;
        struct crypt_data *cd = calloc(1, sizeof *cd); /* ~32 KB: not on the stack */
        if (!cd)
            return false;
        /* crypt_rn, not crypt_r: the sanitizers intercept crypt_r and, with
         * libcrypt loaded only with this module, call a null pointer */
        const char *h = crypt_rn(password, a->v[k].hash, cd, (int)sizeof *cd);
        bool ok = h && h[0] != '*' && same(h, a->v[k].hash);
        free(cd);
        return ok;
    }
    return false;
}
