/* cli.h — the qsmap command: its options (cli/options.c, one table from
 * which --help is made), the run from files to outputs (cli/run.c), and
 * what it prints (cli/console.c). The one place errors become exit codes. */
#ifndef QSMAP_CLI_CLI_H
#define QSMAP_CLI_CLI_H

#include "qsmap/qsmap.h"
#include "render/module.h"
#include "serve/module.h"
#include "write/commit.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>

#define QSMAP_MAX_OUTPUTS 16

typedef enum { SHOW_NOTHING, SHOW_HELP, SHOW_VERSION } cli_show;

typedef struct {
    const char *schools, *boundaries;
    const char *layer, *boundaries_layer; /* --layer/--sheet, --boundaries-layer */
    const char *district, *province, *office;
    bool all, timings;
    bool indicator10; /* --indicator10: .docx and .csv are the form's figures */
    const char *quality_ids;
    const char *roles; /* --roles FILE */
    const char *summary; /* --summary FILE.csv */
    int small_max;
    const char *outputs[QSMAP_MAX_OUTPUTS];
    size_t noutputs;
    double radius_m;
    qsmap_encoding encoding;
    bool quiet;
    qsmap_render_opts render;
    cli_show show; /* --help or --version: print it and stop */
    /* qsmap networks */
    bool networks;           /* the subcommand */
    const char *list, *ids;  /* --list FILE, --id IDS */
    double margin_m;         /* --margin */
    /* qsmap serve */
    bool serve;              /* the subcommand */
    qsmap_serve_config web;  /* its options */
} cli_options;

/* Which command an option belongs to (a bit each), and which one a run is. */
enum { CMD_MAP = 1, CMD_NET = 2, CMD_SERVE = 4, CMD_BOTH = 3, CMD_ALL = 7 };
unsigned cli_command(const cli_options *o);

/* ---- options.c -------------------------------------------------------- */
/* Fill o from argv (defaults first); stops at --help or --version. */
qsmap_status cli_parse(int argc, char **argv, cli_options *o, qsmap_error *err);
/* The --help text of qsmap, qsmap networks or qsmap serve (CMD_*), made
 * from the option table. */
void cli_help(FILE *out, unsigned cmd);

/* ---- options_serve.c: qsmap serve's values and checks ----------------- */
void cli_serve_defaults(cli_options *o);
qsmap_status cli_set_port(cli_options *o, const char *v, qsmap_error *err);
qsmap_status cli_set_sessions(cli_options *o, const char *v, qsmap_error *err);
qsmap_status cli_set_timeout(cli_options *o, const char *v, qsmap_error *err);
qsmap_status cli_set_threads(cli_options *o, const char *v, qsmap_error *err);
qsmap_status cli_set_max_upload(cli_options *o, const char *v, qsmap_error *err);
/* Off loopback only with --auth or --no-auth; HTTPS with both its files. */
qsmap_status cli_check_serve(const cli_options *o, qsmap_error *err);

/* ---- console.c: what a run prints ------------------------------------- */
/* The Thai summary of a report, then the files written. */
void cli_print_summary(FILE *out, const qsmap_report *r, const char *const *written,
                       size_t nwritten);
/* One warning line per quality school of the run that no district of the
 * boundaries covers (r->outside): the run goes on, nothing is dropped
 * without a word. */
void cli_print_outside(FILE *err, const qsmap_report *r, const char *boundaries);
/* A warning when a map's number key had to be set small to fit. */
void cli_warn_small_key(FILE *err, const qsmap_label_stats *l);
/* "ป้ายชื่อ N ป้าย: …": how the map labels were placed. */
void cli_print_labels(FILE *out, const qsmap_label_stats *labels);

/* The progress of a long batch: a bar on a terminal, else nothing until the
 * one summary line at the end. */
typedef struct {
    FILE *fp;
    bool tty;
    double t0; /* qsmap_clock_ms() at the start */
} cli_progress;
cli_progress cli_progress_start(FILE *fp);
/* A qsmap_progress_fn; ctx is a cli_progress. */
void cli_progress_show(void *ctx, size_t done, size_t total);

/* --timings: where the run's time went, on stderr, one line a stage. */
typedef struct {
    bool on;
    FILE *fp;
    double t0, last;
} cli_stopwatch;
void cli_stopwatch_start(cli_stopwatch *w);
/* A stage timed elsewhere (a thread, the report). */
void cli_stopwatch_part(const cli_stopwatch *w, double ms, const char *what);
/* The time since the last lap, and the total. */
void cli_stopwatch_lap(cli_stopwatch *w, const char *what);

/* ---- signals.c: an interrupted run leaves no temporary ----------------- */
typedef struct {
    sigset_t set; /* SIGINT, SIGTERM, SIGHUP */
    qsmap_commit *commit;
    pthread_t thread;
    /* qsmap serve: the first signal writes a byte here, so that the server
     * stops cleanly; the second ends the process as above. -1: none. */
    _Atomic int stop_fd;
} cli_signals;
/* From main, before any other thread starts: block the signals, and start
 * the thread that waits for them and then removes commit's temporaries and
 * ends the process (exit 128 + signal). s and commit must live until the
 * process ends. false: no such thread (the signals act as by default). */
bool cli_signals_start(cli_signals *s, qsmap_commit *commit);

/* ---- run.c ------------------------------------------------------------ */
/* The whole qsmap program. Returns the exit code. */
int qsmap_cli_run(int argc, char **argv, FILE *out, FILE *errout);
/* The same with a renderer already at hand (tests), or NULL to load the
 * module when a map, an atlas or a workbook is asked for. */
int qsmap_cli_run_with(int argc, char **argv, FILE *out, FILE *errout,
                       const qsmap_render_api *render);
/* The same with main's signal thread: the run's temporaries in its commit
 * set, qsmap serve stopped through it; NULL: a set of the run's own. */
int qsmap_cli_run_in(int argc, char **argv, FILE *out, FILE *errout,
                     const qsmap_render_api *render, cli_signals *signals);

/* ---- serve.c: qsmap serve --------------------------------------------- */
/* Load the inputs, then serve until a signal (signals may be NULL: then
 * until the process is killed). Returns the status; err says why. */
qsmap_status cli_serve(const cli_options *o, FILE *errout, cli_signals *signals,
                       qsmap_error *err);

#endif
