/* worker.h — one book of a catalogue built in its own process.
 *
 * The batch plans (which outputs of which book are stale) and schedules;
 * a worker builds one book's stale outputs in a forked child, streams its
 * progress and result back through a pipe, and — only when every output
 * of the book succeeded — commits them into OUT_DIR and updates the
 * book's stamp. */
#pragma once
#include "build.h"
#include "report.h"

G_BEGIN_DECLS

/* One output file a book should have. */
typedef struct {
  char *file;          /* base name in OUT_DIR: "cyberspace.pdf" */
  const char *format;  /* "pdf" or "epub" (static strings) */
  char *edition;       /* NULL: the main edition, else its book.ini name */
  char *lang;          /* a one-language edition's tag, else NULL */
  char *layout;        /* a layout edition's layout, else NULL */
  char *fingerprint;   /* SHA-256 of everything that makes its bytes */
  gboolean current;    /* recorded in the stamp and present: skip */
} DgPlannedOutput;

typedef struct {
  char *id;
  char *dir;           /* CONTENT_DIR/<id> */
  char *out_dir;
  char *stamp_path;    /* OUT_DIR/.<id>.stamp */
  GPtrArray *outputs;  /* DgPlannedOutput*, editions grouped, pdf first */
  DgBookResult *result;  /* borrowed: filled as the book progresses */
} DgBookPlan;

DgBookPlan *dg_book_plan_new(const char *content_dir, const char *out_dir,
                             const char *id, DgBookResult *result);
void dg_book_plan_free(DgBookPlan *plan);
DgPlannedOutput *dg_book_plan_add(DgBookPlan *plan, const char *format,
                                  const char *edition);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgBookPlan, dg_book_plan_free)

typedef struct _DgWorker DgWorker;

/* Forks a child that builds the plan's stale outputs into the staging
 * folder RUN_DIR/<id> (RUN_DIR: the batch's run folder, outdir.h, inside
 * OUT_DIR so the commit is a rename). The caller must not have started
 * Pango, cairo or any other thread-owning library (see worker.c). */
DgWorker *dg_worker_spawn(DgBookPlan *plan, const DgBuildOptions *opts,
                          const char *run_dir, GError **error);

/* The pipe ends still open: at most 2, written to fds; returns the count. */
int dg_worker_get_fds(const DgWorker *w, int fds[2]);

/* Reads what is available on `fd` (one of dg_worker_get_fds); updates
 * the stage and collects the child's output. */
void dg_worker_pump(DgWorker *w, int fd);

/* TRUE when both pipes are closed (the child is done or dead). */
gboolean dg_worker_is_finished(const DgWorker *w);

/* What the child is doing now ("typesetting cyberspace.pdf"); borrowed. */
const char *dg_worker_get_stage(const DgWorker *w);
const DgBookPlan *dg_worker_get_plan(const DgWorker *w);
/* Seconds since the spawn. */
double dg_worker_elapsed(const DgWorker *w);

/* Reaps the child, commits its outputs and stamp if it succeeded, fills
 * the plan's result (status, outputs, errors, timings), removes the
 * staging folder. Lines the child printed are added to the errors. */
void dg_worker_finish(DgWorker *w);

void dg_worker_free(DgWorker *w);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgWorker, dg_worker_free)

G_END_DECLS
