/* error.c — positioned error and warning messages (see error.h). */
#include "error.h"

GQuark
dg_error_quark(void)
{
  return g_quark_from_static_string("diglot-error-quark");
}

char *
dg_pos_format(const DgPos *pos)
{
  if (pos == NULL || pos->file == NULL)
    return g_strdup("diglot");
  if (pos->line <= 0)
    return g_strdup(pos->file);
  if (pos->col <= 0)
    return g_strdup_printf("%s:%d", pos->file, pos->line);
  return g_strdup_printf("%s:%d:%d", pos->file, pos->line, pos->col);
}

static char *
format_at(const DgPos *pos, const char *kind, const char *fmt, va_list ap)
{
  g_autofree char *where = dg_pos_format(pos);
  g_autofree char *what = g_strdup_vprintf(fmt, ap);
  return g_strdup_printf("%s: %s: %s", where, kind, what);
}

void
dg_set_error_at(GError **error, DgErrorCode code, const DgPos *pos,
                const char *fmt, ...)
{
  if (error == NULL)
    return;
  va_list ap;
  va_start(ap, fmt);
  char *msg = format_at(pos, "error", fmt, ap);
  va_end(ap);
  g_set_error_literal(error, DG_ERROR, code, msg);
  g_free(msg);
}

char *
dg_format_warning(const DgPos *pos, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *msg = format_at(pos, "warning", fmt, ap);
  va_end(ap);
  return msg;
}
