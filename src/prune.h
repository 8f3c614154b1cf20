/* prune.h — outputs of books and editions that left the catalogue.
 *
 * When a book folder is deleted or renamed, or an edition is dropped from
 * a book.ini, its outputs and stamp would otherwise stay in OUT_DIR and a
 * catalogue CI would go on publishing them. Pruning removes them — only
 * files diglot wrote, as its stamps prove (see prune.c for the rule). */
#pragma once
#include "report.h"

G_BEGIN_DECLS

typedef struct {
  const char *out_dir;
  /* Every book id of the catalogue, all shards: a stamp whose id is not
   * here belongs to a book that left it. */
  GPtrArray *ids;
  /* id → GPtrArray* of edition names ("" for the main edition), for the
   * books of this shard whose book.ini could be read: their stamps'
   * outputs of other editions are pruned. */
  GHashTable *editions;
} DgPruneRequest;

/* Prunes under the output folder's commit lock, adding what it did to
 * `result->pruned`. FALSE only when the lock cannot be taken; a file that
 * cannot be removed stays, recorded as kept. */
gboolean dg_prune(const DgPruneRequest *req, DgBatchResult *result, GError **error);

/* The edition an output name of book `id` belongs to: "" for "<id>.pdf"
 * or "<id>.epub", "en" for "<id>.en.pdf"; NULL when the name is not one
 * diglot gives an output of that book (then it is never touched). */
char *dg_prune_output_edition(const char *id, const char *file);

G_END_DECLS
