/* import.h — raw interleaved bilingual text → a book folder. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int skip_lines;              /* leading lines of page noise to drop */
  const char *languages[2];    /* e.g. { "zh-Hans", "en" } */
  const char *id;              /* book id; NULL: the output folder's name */
} DgImportOptions;

/* Reads RAW, writes OUT_DIR/book.ini and one manuscript per language.
 * Lines it could not pair are reported in `warnings` (char*, positioned),
 * never dropped. */
gboolean dg_import_file(const char *raw_path, const char *out_dir,
                        const DgImportOptions *opts, GPtrArray *warnings,
                        GError **error);

G_END_DECLS
