/* batch.h — a whole catalogue: every book folder of a content directory.
 *
 * `diglot batch CONTENT_DIR --out OUT_DIR` builds each book folder (one
 * holding a book.ini) into OUT_DIR/<id>.pdf and OUT_DIR/<id>.epub, in
 * worker processes, skipping books whose inputs are unchanged.
 *
 * Editions. book.ini may ask for more than the main bilingual edition:
 *
 *     [book]
 *     editions=en;interleaved
 *
 * Each name is either one of the book's languages (a one-language
 * edition, what `build --lang TAG` makes) or a layout (parallel,
 * interleaved, facing: what `build --layout L` makes). An edition is
 * written as OUT_DIR/<id>.<name>.pdf and .epub, honouring --pdf-only and
 * --epub-only like the main edition. */
#pragma once
#include "build.h"
#include "report.h"

G_BEGIN_DECLS

typedef struct {
  const char *content_dir;
  const char *out_dir;
  int jobs;                   /* books built at once; <= 0: number of cores */
  int shard_index;            /* 1-based K of --shard K/N; 0: no sharding */
  int shard_count;
  gboolean force;             /* rebuild even when inputs are unchanged */
  gboolean pdf, epub;         /* which editions */
  const char *report_path;    /* --report FILE.json, or NULL */
  DgBuildOptions build;
  gboolean live;              /* output is a terminal: redraw a live status */
} DgBatchOptions;

/* Called for every message the batch wants shown (progress, errors).
 * In live mode, lines with is_error FALSE may carry ANSI cursor controls
 * and must go to the terminal unchanged. */
typedef void (*DgBatchPrintFunc)(const char *line, gboolean is_error, gpointer data);

/* Builds every book; returns FALSE when at least one book failed (each
 * failure was reported through `print`) or on a usage/IO error. */
gboolean dg_batch_run(const DgBatchOptions *opts, DgBatchPrintFunc print,
                      gpointer data, GError **error);

/* dg_batch_run() that also hands back what happened, book by book
 * (`*result` is set whenever the books were listed). */
gboolean dg_batch_run_full(const DgBatchOptions *opts, DgBatchPrintFunc print,
                           gpointer data, DgBatchResult **result, GError **error);

/* The ids of the book folders (those holding a book.ini), sorted by
 * byte value so every machine lists them in the same order. */
GPtrArray *dg_batch_list_books(const char *content_dir, GError **error);

/* Whether the book at `index` of that sorted list belongs to shard K of
 * N: round-robin over the sorted ids, so shards differ in size by at most
 * one book and every book is in exactly one shard. */
gboolean dg_batch_in_shard(guint index, int shard_index, int shard_count);

G_END_DECLS
