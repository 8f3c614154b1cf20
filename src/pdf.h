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

/* Typesets `book` and writes the PDF to `path` atomically. When
 * `page_map` is not NULL it receives where each segment starts. */
gboolean dg_pdf_write(const DgBook *book, const DgBuildOptions *opts,
                      const char *path, DgPageMap **page_map,
                      DgPdfStats *stats, GError **error);

/* Typesets and paginates without writing (for the EPUB page-list). */
DgPageMap *dg_pdf_page_map(const DgBook *book, const DgBuildOptions *opts,
                           GError **error);

/* The title page rendered to PNG, `width_px` wide (the EPUB cover). */
GBytes *dg_pdf_cover_png(const DgBook *book, const DgBuildOptions *opts,
                         int width_px, GError **error);

/* Checks what the print side can check without writing: the template,
 * its fonts, and glyph coverage of every character of the book. */
gboolean dg_pdf_check(const DgBook *book, const DgBuildOptions *opts,
                      GPtrArray *warnings, GError **error);

G_END_DECLS
