/* import.h — raw interleaved bilingual text → a book folder. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int skip_lines;              /* leading lines of page noise to drop */
  const char *languages[2];    /* { Han-script tag, Latin-script tag }, e.g.
                                * { "zh-Hans", "en" }; NULL: those two */
  const char *id;              /* book id; NULL: the output folder's name */
} DgImportOptions;

/* Text written in place of a block whose counterpart the raw text lacks,
 * so the manuscripts still align; a publisher greps for it before print. */
#define DG_IMPORT_MISSING "MISSING TRANSLATION"

/* Reads RAW, writes OUT_DIR/book.ini and one manuscript per language.
 * Lines it could not pair are reported in `warnings` (char*, positioned),
 * never dropped: the line is written to its own manuscript and the other
 * one gets a DG_IMPORT_MISSING block of the same kind. Refuses to
 * overwrite an existing book.ini or manuscript (hand edits live there). */
gboolean dg_import_file(const char *raw_path, const char *out_dir,
                        const DgImportOptions *opts, GPtrArray *warnings,
                        GError **error);

/* `text` (one line, no newline) escaped so that CommonMark reads it back
 * as exactly that text when it is the content of a paragraph, heading or
 * list item. Newly allocated. */
char *dg_import_escape(const char *text);

G_END_DECLS
