/* pdfpost.h — what Cairo 1.16 cannot write, added after it: TrimBox and
 * BleedBox on every page, the catalog's /Lang, a deterministic /ID. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  double trim[4];              /* x0 y0 x1 y1 in PDF units (origin bottom left) */
  double bleed[4];             /* equal to trim when there is no bleed */
  const char *lang;            /* BCP 47 tag for the catalog's /Lang, or NULL */
} DgPdfPost;

/* Reads `in_path` (Cairo's output), writes `out_path`. Keeps the
 * structure tree, outline and links; same input, same bytes. */
gboolean dg_pdf_post(const char *in_path, const char *out_path, const DgPdfPost *post,
                     GError **error);

G_END_DECLS
