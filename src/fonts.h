/* fonts.h — the pinned font set: a private fontconfig configuration read
 * from fonts/fonts.conf, the Pango font map built on it, and the checks
 * `diglot check` runs (every family present, every character covered). */
#pragma once
#include <pango/pango.h>

#include "book.h"

G_BEGIN_DECLS

typedef struct _DgFonts DgFonts;

/* Loads <data_dir>/fonts/fonts.conf and <data_dir>/fonts/MANIFEST. */
DgFonts *dg_fonts_new(const char *data_dir, GError **error);
void dg_fonts_free(DgFonts *fonts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgFonts, dg_fonts_free)

/* A PangoCairo font map that sees only the pinned fonts (borrowed). */
PangoFontMap *dg_fonts_get_font_map(DgFonts *fonts);

/* Every family of a comma-separated list is installed; otherwise an
 * error naming the package (from fonts/MANIFEST) that provides it.
 * `where` names the template for the message. */
gboolean dg_fonts_require(DgFonts *fonts, const char *families, const char *where,
                          GError **error);

/* Does some family of the list have a glyph for `c`? */
gboolean dg_fonts_covers(DgFonts *fonts, const char *families, gunichar c);

/* Every character of the block is covered by `families`; otherwise an
 * error "file:line:col: error: no font covers U+XXXX 'c'". */
gboolean dg_fonts_check_block(DgFonts *fonts, const char *families, const DgBlock *block,
                              GError **error);

G_END_DECLS
