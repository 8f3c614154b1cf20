/* pdf.c — placeholder until the print edition lands (issue: print edition). */
#include "pdf.h"

static gboolean
not_yet(GError **error)
{
  g_set_error_literal(error, DG_ERROR, DG_ERROR_UNSUPPORTED,
                      "diglot: error: the PDF writer is not implemented yet");
  return FALSE;
}

gboolean
dg_pdf_write(const DgBook *book, const DgBuildOptions *opts, const char *path,
             DgPageMap **page_map, DgPdfStats *stats, GError **error)
{
  return not_yet(error);
}

DgPageMap *
dg_pdf_page_map(const DgBook *book, const DgBuildOptions *opts, GError **error)
{
  not_yet(error);
  return NULL;
}

GBytes *
dg_pdf_cover_png(const DgBook *book, const DgBuildOptions *opts, int width_px,
                 GError **error)
{
  not_yet(error);
  return NULL;
}

gboolean
dg_pdf_check(const DgBook *book, const DgBuildOptions *opts, GPtrArray *warnings,
             GError **error)
{
  return TRUE;
}
