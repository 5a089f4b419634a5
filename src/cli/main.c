/* main.c — the qsmap executable: everything happens in qsmap_cli_run_in,
 * with the signals that interrupt a run watched by their own thread
 * (cli/signals.c), which removes the run's temporaries first. */
#include "cli/cli.h"

#include <malloc.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    /* The loader threads allocate a few tens of MB in small pieces; glibc
     * grows a thread's heap a page run at a time, one mprotect each (~750
     * calls for the national table). Growing by 32 MB at once avoids them;
     * untouched pages cost nothing. */
    mallopt(M_TOP_PAD, 32 << 20);
    /* Before any thread starts: the set of the run's temporaries, and the
     * thread that removes them on SIGINT, SIGTERM or SIGHUP. */
    qsmap_commit commit;
    qsmap_commit_init(&commit);
    cli_signals signals;
    cli_signals_start(&signals, &commit);
    int code = qsmap_cli_run_in(argc, argv, stdout, stderr, NULL, &signals);
    /* exit(), not return: the signal thread uses commit and signals, which
     * live in this frame, until the process has ended. */
    exit(code);
}
