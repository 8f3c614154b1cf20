/* error.h — the one error domain of diglot and positioned messages.
 *
 * Every input error carries its place as "file:line:col: error: message",
 * the format compilers use, so editors jump to it. Deeper code only fills
 * a GError; main() alone prints and picks the exit code. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

#define DG_ERROR (dg_error_quark())

typedef enum {
  DG_ERROR_INPUT,        /* bad manuscript, book.ini, template: exit 1 */
  DG_ERROR_IO,           /* cannot read or write a file: exit 1 */
  DG_ERROR_FONT,         /* missing font or glyph (tofu): exit 1 */
  DG_ERROR_UNSUPPORTED,  /* a feature not built yet: exit 1 */
  DG_ERROR_USAGE,        /* bad command line: exit 2 */
} DgErrorCode;

/* A place in a source file; line and col count from 1, col in bytes
 * (as cmark and compilers do); 0 means "unknown". */
typedef struct {
  const char *file;
  int line;
  int col;
} DgPos;

GQuark dg_error_quark(void);

/* Sets *error to "file:line:col: error: <fmt>"; omits col or line when 0. */
void dg_set_error_at(GError **error, DgErrorCode code, const DgPos *pos,
                     const char *fmt, ...) G_GNUC_PRINTF(4, 5);

/* Formats "file:line:col: warning: <fmt>" into a new string. */
char *dg_format_warning(const DgPos *pos, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/* Formats the "file:line:col" part alone (no trailing colon). */
char *dg_pos_format(const DgPos *pos);

G_END_DECLS
