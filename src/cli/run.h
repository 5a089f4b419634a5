/* run.h — a run's state and the stages the catchment map (run.c) and
 * qsmap networks (networks.c) share: inputs found, outputs checked, the
 * school table and the boundaries loaded side by side, roles applied. Private
 * to src/cli/. */
#ifndef QSMAP_CLI_RUN_H
#define QSMAP_CLI_RUN_H

#include "cli/cli.h"
#include "load/gdal.h"
#include "write/outputs.h"

/* What a run has in hand, stage after stage; released by run_free. */
typedef struct {
    const cli_options *o;
    FILE *out, *errout;
    char def_schools[1200], def_bounds[1200];
    const char *schools_path, *bounds_path;
    bool sample;        /* the school table is the shipped synthetic sample */
    bool output_failed; /* the error concerns an output (exit 5 for I/O) */
    qsmap_schools *s;
    qsmap_districts *d;
    size_t *sel, nsel;
    qsmap_office *office; /* --office, resolved */
    qsmap_report r;
    cli_stopwatch sw;
    char scope[400];       /* an atlas's cover */
    char radius_label[32]; /* "5km" */
    qsmap_commit *commit;  /* the run's temporaries (write/commit.h) */
    qsmap_gdal *gdal;      /* the GDAL reader, when an input needs it */
    qsmap_networks *nw;    /* qsmap networks: the list, measured */
} run_state;

/* Everything the state holds. */
void cli_run_free(run_state *rs);
/* The default dataset stands in for whichever input was not given. */
qsmap_status cli_run_find_inputs(run_state *rs, qsmap_error *err);
/* No output may be one of the run's inputs (extra: one more, e.g. the
 * network list; NULL for none) or another output. */
qsmap_status cli_run_check_distinct(const run_state *rs, const qsmap_output *outs, size_t n,
                                    const qsmap_input_file *extra, qsmap_error *err);
/* Boundaries and school table side by side; the school table's status
 * apart, reported after the boundaries'. */
qsmap_status cli_run_load_inputs(run_state *rs, qsmap_status *school_st,
                                 qsmap_error *school_err, qsmap_error *err);
/* --quality and --roles, as the run asks. */
qsmap_status cli_run_quality(run_state *rs, qsmap_error *err);
/* --office as typed, resolved against the table and the alias table. */
qsmap_status cli_run_resolve_office(run_state *rs, qsmap_error *err);
/* The writers' context: render options, workers, the commit set, progress. */
void cli_run_write_context(run_state *rs, qsmap_write_ctx *ctx, cli_progress *bar);
/* Load the renderer module when an output needs it and none was given. */
qsmap_status cli_run_need_renderer(const qsmap_output *outs, size_t n,
                                   const qsmap_render_api **render, void **module,
                                   qsmap_error *err);

/* networks.c: the whole of qsmap networks. */
qsmap_status cli_networks_run(run_state *rs, const qsmap_render_api *render, qsmap_error *err);

#endif
