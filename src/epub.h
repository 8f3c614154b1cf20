/* epub.h — the e-reader edition: book → EPUB 3 (XHTML zipped by libzip). */
#pragma once
#include "build.h"

G_BEGIN_DECLS

/* Writes the EPUB to `path` atomically. `pages` (may be NULL) maps body
 * segments to the print edition's pages for the page-list. */
gboolean dg_epub_write(const DgBook *book, const DgBuildOptions *opts,
                       const DgPageMap *pages, const char *path, GError **error);

G_END_DECLS
