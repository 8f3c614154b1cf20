/* pdfgray.h — neutral RGB colour operators of a PDF content stream
 * rewritten as gray (pdfpost.c's colour pass; the tokenizer is qpdf's,
 * reached through its C++ API, so this stage is the one C++ file). */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int rewritten;               /* `r r r rg` → `r g`, `R R R RG` → `R G` */
  int kept;                    /* colour operators left as they were (see pdfgray.cpp) */
} DgGrayStats;

/* The content stream `data` with every neutral rg/RG rewritten; the
 * other tokens keep their bytes. NULL with `error` set if qpdf's
 * tokenizer fails. `stats` counts what was rewritten and kept. */
GBytes *dg_pdf_gray_content(const void *data, gsize len, DgGrayStats *stats,
                            GError **error);

G_END_DECLS
