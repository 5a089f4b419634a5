/* commit.h — the temporary files of a run and their commit, all or
 * nothing. Every output file of a run (each PNG of -o DIR/ too) is written
 * to a temporary file beside it that this set creates and remembers; when
 * every output is complete the run commits them: each is renamed over its
 * name, and if any rename fails the ones already done are put back as they
 * were. The set is locked while it creates, commits or discards, so that
 * the signal thread (cli/signals.c) can remove the temporaries of an
 * interrupted run, and waits while a commit is under way. */
#ifndef QSMAP_WRITE_COMMIT_H
#define QSMAP_WRITE_COMMIT_H

#include "qsmap/qsmap.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* rename(2)'s signature: the commit renames through one (tests make it fail). */
typedef int qsmap_rename_fn(const char *from, const char *to);

typedef struct {
    char *tmp;    /* the temporary file, beside path */
    char *path;   /* the name it takes */
    char *backup; /* during a commit: the file path had before, kept under this name */
    bool placed;  /* renamed over path */
} qsmap_commit_file;

typedef struct qsmap_commit {
    pthread_mutex_t mu;
    qsmap_commit_file *v;
    size_t n, cap;
    mode_t mode;             /* of new files: 0666 less the umask at init */
    qsmap_rename_fn *rename; /* rename(2) unless a test says otherwise */
} qsmap_commit;

/* Before the threads of a run start (it reads the umask). */
void qsmap_commit_init(qsmap_commit *c);
/* Abort what is left and let go. */
void qsmap_commit_destroy(qsmap_commit *c);

/* A new temporary file for `path`, in path's directory (".<name>.XXXXXX"),
 * open for writing as *fd; *tmp is its name, owned by the set. */
qsmap_status qsmap_commit_create(qsmap_commit *c, const char *path, int *fd, const char **tmp,
                                 qsmap_error *err);
/* Rename every temporary over its path, in the order created. Before a
 * file is replaced the old one is kept (a hard link beside it, or itself
 * moved aside where the file system has no links); if a rename fails, the
 * files already renamed are put back (the old ones restored, new ones
 * without a predecessor removed) and the remaining temporaries removed.
 * The kept old files are removed only after the last rename succeeded.
 * The set is empty afterwards either way. */
qsmap_status qsmap_commit_run(qsmap_commit *c, qsmap_error *err);
/* Remove every temporary; the set is empty afterwards. */
void qsmap_commit_abort(qsmap_commit *c);
/* For the signal thread, which ends the process next: remove every
 * temporary and keep the set locked, so that no new one appears. Waits for
 * a commit under way to finish (then nothing is left to remove). */
void qsmap_commit_discard_locked(qsmap_commit *c);

#endif
