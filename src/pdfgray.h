/* pdfgray.h — neutral RGB colour operators of a PDF content stream
 * rewritten as gray (pdfpost.c's colour pass; a content-stream tokenizer
 * of our own, since qpdf's C API has none). */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int rewritten;               /* `r r r rg` → `r g`, `R R R RG` → `R G` */
  int kept;                    /* colour operators left as they were (see pdfgray.c) */
} DgGrayStats;

/* The content stream `data` with every neutral rg/RG rewritten; the
 * other tokens keep their bytes, malformed ones included. Never NULL
 * today: bad input passes through, so `error` is never set (it stays
 * for a tokenizer that may one day refuse). `stats` counts what was
 * rewritten and kept. */
GBytes *dg_pdf_gray_content(const void *data, gsize len, DgGrayStats *stats,
                            GError **error);

G_END_DECLS
