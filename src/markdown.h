/* markdown.h — one CommonMark manuscript → flat DgBlocks (cmark-gfm). */
#pragma once
#include "book.h"

G_BEGIN_DECLS

/* Reads the manuscript at `path` for language `lang` of `book`, appending
 * body blocks to `blocks` and footnote definitions to `notes` (DgBlock*,
 * allocated in the book's arena). Invalid UTF-8, NUL bytes, raw HTML,
 * images, tables, unreferenced footnotes and over-deep nesting are
 * positioned errors. */
gboolean dg_markdown_read(DgBook *book, int lang, const char *path,
                          GPtrArray *blocks, GPtrArray *notes, GError **error);

/* Same, from memory (used by the reader above, tests and fuzzers);
 * `path` only names the source in messages. */
gboolean dg_markdown_parse(DgBook *book, int lang, const char *path,
                           const char *data, gsize len, GPtrArray *blocks,
                           GPtrArray *notes, GError **error);

/* Checks UTF-8 (no NUL) and reports the first bad byte's line:col. */
gboolean dg_utf8_check(const char *path, const char *data, gsize len,
                       GError **error);

G_END_DECLS
