/* epubfont.h — fonts for the EPUB: subsets holding only what the book uses.
 *
 * The template's stylesheet asks for embedded fonts by itself: every
 * @font-face rule whose src is url(fonts/NAME) names a font (family,
 * weight, style) that must be installed; diglot finds it, subsets it
 * with HarfBuzz (hb-subset) to the characters of the edition and stores
 * it at fonts/NAME. A stylesheet without such rules embeds nothing. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *href;          /* "fonts/serif-sc.otf", as the CSS writes it */
  char *family;        /* the CSS font-family */
  char *media_type;    /* "font/otf" (CFF outlines) or "font/ttf" */
  GBytes *data;        /* the subset */
} DgEpubFont;

void dg_epub_font_free(DgEpubFont *font);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgEpubFont, dg_epub_font_free)

/* What a character of the book is set in, as flags OR'ed together: a
 * bold face is subset to the characters of bold elements only (headings,
 * <strong>), an italic face to those of italic elements (<em>, <i>),
 * and the regular face to everything, since a reader synthesises a
 * style it has no face for from the regular one. */
enum {
  DG_EPUB_CHAR_SEEN = 1,
  DG_EPUB_CHAR_BOLD = 2,
  DG_EPUB_CHAR_ITALIC = 4,
};

/* The characters of XHTML `text` outside markup (<...> skipped), added
 * to `chars` (GINT_TO_POINTER(codepoint) → GINT_TO_POINTER(flags)). */
void dg_epubfont_add_text(GHashTable *chars, const char *text);

/* Subsets face `index` of the font file at `path` to the characters of
 * `chars` whose flags include all of `want` (0: every character). */
GBytes *dg_epubfont_subset_file(const char *path, int index, GHashTable *chars, int want,
                                GError **error);

/* Every embedded font the stylesheet asks for, subset to `chars`
 * (DgEpubFont*, in CSS order). `fonts_conf` (may be NULL) is a
 * fontconfig file that pins the font set; `css_path` positions errors. */
GPtrArray *dg_epubfont_from_css(const char *css, const char *css_path,
                                const char *fonts_conf, GHashTable *chars,
                                GError **error);

G_END_DECLS
