/* import.c — placeholder until the importer lands. */
#include "import.h"
#include "error.h"

gboolean
dg_import_file(const char *raw_path, const char *out_dir,
               const DgImportOptions *opts, GPtrArray *warnings, GError **error)
{
  g_set_error_literal(error, DG_ERROR, DG_ERROR_UNSUPPORTED,
                      "diglot: error: import is not implemented yet");
  return FALSE;
}
