/* epub.c — placeholder until the EPUB edition lands. */
#include "epub.h"

gboolean
dg_epub_write(const DgBook *book, const DgBuildOptions *opts,
              const DgPrintTwin *twin, const char *path, GError **error)
{
  g_set_error_literal(error, DG_ERROR, DG_ERROR_UNSUPPORTED,
                      "diglot: error: the EPUB writer is not implemented yet");
  return FALSE;
}
