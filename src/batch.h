/* batch.h — a whole catalogue: every book folder of a content directory. */
#pragma once
#include "build.h"

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
} DgBatchOptions;

/* Called for every message the batch wants shown (progress, errors). */
typedef void (*DgBatchPrintFunc)(const char *line, gboolean is_error, gpointer data);

/* Builds every book; returns FALSE when at least one book failed (each
 * failure was reported through `print`) or on a usage/IO error. */
gboolean dg_batch_run(const DgBatchOptions *opts, DgBatchPrintFunc print,
                      gpointer data, GError **error);

G_END_DECLS
