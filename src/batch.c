/* batch.c — build every book folder of a catalogue, one after another.
 * (Parallel jobs, sharding, incremental builds and the report arrive with
 * the catalogue issue; this first version builds all books in order.) */
#include "batch.h"

#include <string.h>

static GPtrArray *
list_books(const char *content_dir, GError **error)
{
  g_autoptr(GDir) dir = g_dir_open(content_dir, 0, error);
  if (dir == NULL)
    return NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL) {
    g_autofree char *ini = g_build_filename(content_dir, name, "book.ini", NULL);
    if (name[0] != '.' && g_file_test(ini, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add(ids, g_strdup(name));
  }
  g_ptr_array_sort(ids, (GCompareFunc)g_strcmp0);
  return ids;
}

static gboolean
build_one(const DgBatchOptions *opts, const char *id, GError **error)
{
  g_autofree char *dir = g_build_filename(opts->content_dir, id, NULL);
  g_autoptr(DgBook) book = dg_book_load(dir, error);
  if (book == NULL)
    return FALSE;
  g_autofree char *pdf_name = g_strdup_printf("%s.pdf", id);
  g_autofree char *epub_name = g_strdup_printf("%s.epub", id);
  g_autofree char *pdf = opts->pdf ? g_build_filename(opts->out_dir, pdf_name, NULL) : NULL;
  g_autofree char *epub = opts->epub ? g_build_filename(opts->out_dir, epub_name, NULL) : NULL;
  return dg_build(book, &opts->build, pdf, epub, error);
}

gboolean
dg_batch_run(const DgBatchOptions *opts, DgBatchPrintFunc print, gpointer data,
             GError **error)
{
  g_autoptr(GPtrArray) ids = list_books(opts->content_dir, error);
  if (ids == NULL)
    return FALSE;
  int failed = 0;
  for (guint i = 0; i < ids->len; i++) {
    const char *id = ids->pdata[i];
    g_autoptr(GError) local = NULL;
    if (build_one(opts, id, &local)) {
      g_autofree char *line = g_strdup_printf("%s: built", id);
      print(line, FALSE, data);
    } else {
      g_autofree char *line = g_strdup_printf("%s: %s", id, local->message);
      print(line, TRUE, data);
      failed++;
    }
  }
  if (failed) {
    g_set_error(error, DG_ERROR, DG_ERROR_INPUT,
                "diglot: error: %d of %u books failed", failed, ids->len);
    return FALSE;
  }
  return TRUE;
}
