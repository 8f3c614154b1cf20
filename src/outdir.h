/* outdir.h — the output folder as a place several batches share.
 *
 * A batch stages books in a run folder of its own inside OUT_DIR and
 * commits them with renames. This file holds what makes that safe when
 * batches die or run side by side: a run's lock (so a later batch can
 * prove the run is dead and remove its staging), the commit lock
 * (so two batches do not interleave the renames and stamp update of one
 * book), and removal of what dead runs left. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* Run folders and their locks: OUT_DIR/.diglot-run-XXXXXX{,.lock}. */
#define DG_RUN_PREFIX ".diglot-run-"
/* The commit lock; a permanent empty file, never removed. */
#define DG_OUTDIR_LOCK ".diglot.lock"

typedef struct _DgRun DgRun;

/* Creates and locks this process's run: the lock file first, then the
 * run folder the workers stage books in. */
DgRun *dg_run_new(const char *out_dir, GError **error);
/* OUT_DIR/.diglot-run-XXXXXX: stage a book in a subfolder named by its id. */
const char *dg_run_get_dir(const DgRun *run);
/* Removes the run folder, then the lock file, then releases the lock. */
void dg_run_free(DgRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgRun, dg_run_free)

/* Removes the run folders of batches that are provably gone (their lock
 * is free); returns the base names removed. Best effort: what cannot be
 * removed now is left for a later run, never an error. */
GPtrArray *dg_outdir_remove_dead_runs(const char *out_dir);

/* Takes the commit lock (blocking); returns its descriptor or -1 with
 * the error set. dg_outdir_unlock() releases it. */
int dg_outdir_lock(const char *out_dir, GError **error);
void dg_outdir_unlock(int fd);

/* Removes `path` and what is under it, never following a symbolic link
 * (a link in a staging folder must not lead the removal elsewhere).
 * Returns FALSE if anything stayed. */
gboolean dg_outdir_remove_tree(const char *path);

G_END_DECLS
