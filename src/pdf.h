/* pdf.h — the print edition: template + book → a print-ready PDF. */
#pragma once
#include "build.h"

G_BEGIN_DECLS

typedef struct {
  int pages;
  int columns;                 /* text columns of the body (1 or 2) */
  double column_ratio;         /* first column's share of the width (parallel) */
  double blank_fraction[2];    /* per column: 1 - text height / capacity */
} DgPdfStats;

/* The print edition typeset once: the PDF, the EPUB's page map and its
 * cover are all drawn from one composition (compose.h), so a build that
 * makes both never sets the book twice nor loads the fonts twice. */
typedef struct _DgComposition DgComposition;
void dg_composition_free(DgComposition *comp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgComposition, dg_composition_free)

/* Loads the template and fonts, checks families and glyph coverage (as
 * dg_pdf_check does), then typesets and paginates the book. */
DgComposition *dg_pdf_compose(const DgBook *book, const DgBuildOptions *opts,
                              GError **error);

/* Writes the PDF of `comp` to `path` atomically; `stats` may be NULL. */
gboolean dg_pdf_write(DgComposition *comp, const DgBuildOptions *opts, const char *path,
                      DgPdfStats *stats, GError **error);

/* Where each body segment starts in the print edition (the EPUB page-list). */
DgPageMap *dg_pdf_page_map(const DgComposition *comp);

/* The title page rendered to PNG, `width_px` wide (the EPUB cover). */
GBytes *dg_pdf_cover_png(DgComposition *comp, int width_px, GError **error);

/* Checks what the print side can check without writing: the template,
 * its fonts, and glyph coverage of every character of the book. */
gboolean dg_pdf_check(const DgBook *book, const DgBuildOptions *opts,
                      GPtrArray *warnings, GError **error);

G_END_DECLS
