/* signals.c — SIGINT, SIGTERM and SIGHUP end a run without leaving a
 * temporary file behind (cli.h). main blocks them before any thread
 * starts, so that every thread of the run inherits the mask and none is
 * interrupted; one thread waits for them with sigwait and, on one, removes
 * the run's temporaries (the commit set, locked: a commit under way is
 * finished first, and no new temporary can appear after) and ends the
 * process with 128 + the signal, as a shell reports a death by signal.
 * The old files under the outputs' names are never touched. */
#include "cli/cli.h"

#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>

static void *watch(void *arg)
{
    cli_signals *s = arg;
    for (;;) {
        int sig;
        if (sigwait(&s->set, &sig) != 0)
            continue;
        /* a server: ask it to stop, once; it frees everything and returns */
        int fd = atomic_exchange(&s->stop_fd, -1);
        if (fd >= 0 && write(fd, "x", 1) == 1)
            continue;
        qsmap_commit_discard_locked(s->commit);
        /* _exit, not exit: the other threads are still drawing and writing;
         * exit would run atexit handlers and flush stdio under them, and
         * nothing of a run that was interrupted should be written now. */
        _exit(128 + sig);
    }
    return NULL;
}

bool cli_signals_start(cli_signals *s, qsmap_commit *commit)
{
    s->commit = commit;
    atomic_init(&s->stop_fd, -1);
    sigemptyset(&s->set);
    sigaddset(&s->set, SIGINT);
    sigaddset(&s->set, SIGTERM);
    sigaddset(&s->set, SIGHUP);
    if (pthread_sigmask(SIG_BLOCK, &s->set, NULL) != 0)
        return false;
    if (pthread_create(&s->thread, NULL, watch, s) == 0)
        return true;
    /* No thread to wait for them: the signals kill the process as before. */
    pthread_sigmask(SIG_UNBLOCK, &s->set, NULL);
    return false;
}
