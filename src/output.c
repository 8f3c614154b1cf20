/* output.c — atomic output files (see output.h). */
#include "output.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

struct _DgOutput {
  char *path;
  char *temp;
  gboolean committed;
  int slot;                    /* index in `live`, or -1 */
};

/* The temporary files alive right now, so that a build stopped by a
 * signal (Ctrl-C, a CI job's timeout) leaves none behind. This is the one
 * piece of process-wide state in diglot: a signal handler has no other
 * way to reach the files. A slot is published only once its string is
 * complete and cleared before the string is freed, so the handler never
 * reads a half-written pointer. */
#define DG_OUTPUT_MAX_LIVE 64
static char *volatile live[DG_OUTPUT_MAX_LIVE];

static int
live_add(char *temp)
{
  for (int i = 0; i < DG_OUTPUT_MAX_LIVE; i++)
    if (live[i] == NULL) {
      live[i] = temp;
      return i;
    }
  return -1;                   /* more at once than we track: still correct, only not cleaned on a signal */
}

static void
live_remove(DgOutput *out)
{
  if (out->slot >= 0)
    live[out->slot] = NULL;
  out->slot = -1;
}

void
dg_output_remove_temporaries(void)
{
  for (int i = 0; i < DG_OUTPUT_MAX_LIVE; i++) {
    char *t = live[i];
    if (t)
      unlink(t);               /* async-signal-safe */
  }
}

static gboolean
io_error(GError **error, const char *path, const char *what, int err)
{
  DgPos pos = { path, 0, 0 };
  dg_set_error_at(error, DG_ERROR_IO, &pos, "%s: %s", what, g_strerror(err));
  return FALSE;
}

DgOutput *
dg_output_new(const char *path, GError **error)
{
  g_return_val_if_fail(path != NULL, NULL);
  g_autofree char *dir = g_path_get_dirname(path);
  g_autofree char *base = g_path_get_basename(path);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    io_error(error, path, "output directory does not exist", ENOENT);
    return NULL;
  }
  /* Found now rather than at the rename: a build writing two outputs
   * must fail before it commits the first. */
  if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
    io_error(error, path, "cannot write output", EISDIR);
    return NULL;
  }
  g_autofree char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
  int fd = g_mkstemp_full(tmpl, O_RDWR, 0644);
  if (fd < 0) {
    io_error(error, path, "cannot create output file", errno);
    return NULL;
  }
  close(fd);
  DgOutput *out = g_new0(DgOutput, 1);
  out->path = g_strdup(path);
  out->temp = g_steal_pointer(&tmpl);
  out->slot = live_add(out->temp);
  return out;
}

const char *
dg_output_get_temp_path(const DgOutput *out)
{
  return out->temp;
}

const char *
dg_output_get_path(const DgOutput *out)
{
  return out->path;
}

gboolean
dg_output_commit(DgOutput *out, GError **error)
{
  g_return_val_if_fail(out != NULL && !out->committed, FALSE);
  if (g_chmod(out->temp, 0644) != 0)
    return io_error(error, out->path, "cannot set permissions", errno);
  if (g_rename(out->temp, out->path) != 0)
    return io_error(error, out->path, "cannot move output into place", errno);
  live_remove(out);
  out->committed = TRUE;
  return TRUE;
}

void
dg_output_free(DgOutput *out)
{
  if (out == NULL)
    return;
  live_remove(out);
  if (!out->committed)
    g_unlink(out->temp);
  g_free(out->path);
  g_free(out->temp);
  g_free(out);
}

gboolean
dg_output_write_all(const char *path, const void *data, gsize len, GError **error)
{
  g_autoptr(DgOutput) out = dg_output_new(path, error);
  if (out == NULL)
    return FALSE;
  g_autoptr(GError) local = NULL;
  if (!g_file_set_contents(out->temp, data, (gssize)len, &local)) {
    DgPos pos = { path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot write: %s", local->message);
    return FALSE;
  }
  return dg_output_commit(out, error);
}
