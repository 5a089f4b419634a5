/* serve.c — qsmap serve, the command-line side: the inputs are found,
 * loaded and given their quality schools by the stages every run uses
 * (run.h), every province's outline is made before any request thread
 * starts (the cache is filled once), the renderer and the server module are
 * loaded, and the server runs until the signal thread writes to its pipe. */
#include "cli/run.h"

#include "base/module.h"
#include "load/dataset.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What reload needs: the run as loaded, and a lock, since the GDAL reader
 * is one and request threads may ask at once. */
typedef struct {
    run_state *rs;
    pthread_mutex_t mu;
} reload_ctx;

static qsmap_status load_schools(run_state *rs, qsmap_schools **out, qsmap_error *err)
{
    const cli_options *o = rs->o;
    qsmap_schools_options so = {.encoding = o->encoding};
    if (rs->gdal && qsmap_gdal_wanted_table(rs->schools_path))
        return qsmap_gdal_schools(rs->gdal, rs->schools_path, o->layer, o->encoding, out, err);
    return qsmap_schools_load(rs->schools_path, &so, out, err);
}

/* The server's table again, its --quality or --roles applied to the copy. */
static qsmap_status reload(void *arg, qsmap_schools **out, qsmap_error *err)
{
    reload_ctx *c = arg;
    pthread_mutex_lock(&c->mu);
    run_state copy = *c->rs;
    qsmap_status st = load_schools(c->rs, &copy.s, err);
    if (!st)
        st = cli_run_quality(&copy, err);
    pthread_mutex_unlock(&c->mu);
    if (st) {
        qsmap_schools_free(copy.s);
        copy.s = NULL;
    }
    *out = copy.s;
    return st;
}

static qsmap_status load(run_state *rs, qsmap_error *err)
{
    qsmap_status school_st;
    qsmap_error school_err = {0};
    qsmap_status st = cli_run_find_inputs(rs, err);
    if (!st)
        st = cli_run_load_inputs(rs, &school_st, &school_err, err);
    if (!st && school_st) {
        st = school_st;
        *err = school_err;
    }
    if (!st)
        st = cli_run_quality(rs, err);
    if (!st && !rs->s->has_role && !rs->o->quality_ids)
        st = qsmap_error_set(err, QSMAP_E_COLUMN, rs->s->path, 1,
                             "no column 'role' and no --quality: qsmap cannot tell the "
                             "quality schools (add a role column: quality/network)");
    if (!st)
        st = qsmap_districts_outline_all(rs->d, err);
    return st;
}

static qsmap_status open_server(void **module, const qsmap_serve_api **api, qsmap_error *err)
{
    void *entry;
    qsmap_status st = qsmap_module_open("qsmap-serve.so", "qsmap_serve_module", "the web server",
                                        QSMAP_E_IO, module, &entry, err);
    if (st)
        return st;
    *api = ((const qsmap_serve_api *(*)(void))entry)();
    if (!*api || (*api)->version != QSMAP_SERVE_API_VERSION)
        return qsmap_error_set(err, QSMAP_E_IO, NULL, 0,
                               "qsmap-serve.so is of another qsmap version (reinstall qsmap)");
    return QSMAP_OK;
}

static qsmap_status serve_loaded(run_state *rs, cli_signals *signals, qsmap_error *err)
{
    const cli_options *o = rs->o;
    void *rmod = NULL, *smod = NULL;
    const qsmap_render_api *render = NULL;
    const qsmap_serve_api *api = NULL;
    qsmap_status st = qsmap_render_open(&rmod, &render, err);
    if (!st)
        st = open_server(&smod, &api, err);
    int stop[2] = {-1, -1};
    if (!st && pipe(stop) != 0)
        st = qsmap_error_set(err, QSMAP_E_IO, NULL, 0, "cannot make the server's stop pipe");
    if (!st) {
        char aliases[1200];
        bool have = qsmap_dataset_file("office_aliases.csv", aliases, sizeof aliases) == 0;
        reload_ctx rc = {.rs = rs};
        pthread_mutex_init(&rc.mu, NULL);
        qsmap_serve_data data = {.schools = rs->s,
                                 .districts = rs->d,
                                 .sample = rs->sample,
                                 .aliases = have ? aliases : NULL,
                                 .boundaries = rs->bounds_path,
                                 .render = o->render,
                                 .small_max = o->small_max,
                                 .reload = reload,
                                 .reload_ctx = &rc,
                                 .render_api = render};
        if (signals)
            atomic_store(&signals->stop_fd, stop[1]);
        st = api->serve(&o->web, &data, stop[0], rs->errout, err);
        if (signals)
            atomic_store(&signals->stop_fd, -1);
        pthread_mutex_destroy(&rc.mu);
    }
    if (stop[0] >= 0)
        close(stop[0]), close(stop[1]);
    qsmap_module_close(smod);
    qsmap_render_close(rmod);
    return st;
}

qsmap_status cli_serve(const cli_options *o, FILE *errout, cli_signals *signals,
                       qsmap_error *err)
{
    run_state rs = {.o = o, .out = errout, .errout = errout};
    rs.sw = (cli_stopwatch){.on = false, .fp = errout};
    qsmap_status st = load(&rs, err);
    if (!st)
        st = serve_loaded(&rs, signals, err);
    cli_run_free(&rs);
    return st;
}
