/* epub.h — the e-reader edition: book → EPUB 3 (XHTML zipped by libzip). */
#pragma once
#include "build.h"

G_BEGIN_DECLS

/* What the EPUB takes from its print twin: plain data, never print types.
 * Either field may be NULL when there is no print edition. */
typedef struct {
  const DgPageMap *pages;      /* for the page-list */
  GBytes *cover_png;           /* the title page drawn by the print engine */
} DgPrintTwin;

/* Writes the EPUB to `path` atomically. */
gboolean dg_epub_write(const DgBook *book, const DgBuildOptions *opts,
                       const DgPrintTwin *twin, const char *path, GError **error);

G_END_DECLS
