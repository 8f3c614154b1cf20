/* dgtest.c — helpers shared by the cmocka unit tests. */
#include "dgtest.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

const char DGTEST_INI[] =
  "[book]\nlanguages=zh-Hans;en\ntitle[zh-Hans]=测试\ntitle[en]=Test\n"
  "date=2019-10-01\n";

char *
dgtest_tmpdir(void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp("dgtest-XXXXXX", &error);
  assert_non_null(dir);
  return dir;
}

void
dgtest_write(const char *dir, const char *name, const char *text)
{
  g_mkdir_with_parents(dir, 0755);
  g_autofree char *path = g_build_filename(dir, name, NULL);
  assert_true(g_file_set_contents(path, text, -1, NULL));
}

char *
dgtest_book(const char *ini, const char *zh, const char *en)
{
  g_autofree char *root = dgtest_tmpdir();
  char *dir = g_build_filename(root, "book", NULL);
  dgtest_write(dir, "book.ini", ini ? ini : DGTEST_INI);
  if (zh)
    dgtest_write(dir, "zh-Hans.md", zh);
  if (en)
    dgtest_write(dir, "en.md", en);
  return dir;
}

void
dgtest_rmtree(const char *path)
{
  if (g_file_test(path, G_FILE_TEST_IS_DIR)) {
    GDir *d = g_dir_open(path, 0, NULL);
    const char *name;
    while (d && (name = g_dir_read_name(d)) != NULL) {
      g_autofree char *child = g_build_filename(path, name, NULL);
      dgtest_rmtree(child);
    }
    if (d)
      g_dir_close(d);
    g_rmdir(path);
  } else {
    g_unlink(path);
  }
}

void
dgtest_golden(const char *name, const char *actual)
{
  g_autofree char *path = g_build_filename(DG_TEST_DATA, name, NULL);
  if (g_strcmp0(g_getenv("DG_REGENERATE"), "1") == 0) {
    assert_true(g_file_set_contents(path, actual, -1, NULL));
    fprintf(stderr, "regenerated %s\n", path);
    return;
  }
  g_autofree char *expected = NULL;
  if (!g_file_get_contents(path, &expected, NULL, NULL))
    fail_msg("missing golden file %s (run with DG_REGENERATE=1 and review it)", path);
  assert_string_equal(actual, expected);
}

DgBook *
dgtest_load(const char *ini, const char *zh, const char *en, GError **error)
{
  const char *texts[2] = { zh, en };
  gsize lens[2] = { zh ? strlen(zh) : 0, en ? strlen(en) : 0 };
  int n = zh == NULL ? 0 : en == NULL ? 1 : 2;
  const char *i = ini ? ini : DGTEST_INI;
  return dg_book_load_from_data("book", i, strlen(i), texts, lens, n, error);
}

void
dgtest_load_fails(const char *ini, const char *zh, const char *en, const char *message)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dgtest_load(ini, zh, en, &e);
  assert_null(book);
  assert_non_null(e);
  assert_string_equal(e->message, message);
}

void
dgtest_load_fails_with(const char *ini, const char *zh, const char *en, const char *part)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dgtest_load(ini, zh, en, &e);
  assert_null(book);
  assert_non_null(e);
  if (strstr(e->message, part) == NULL)
    fail_msg("error \"%s\" does not contain \"%s\"", e->message, part);
}

double
dgtest_seconds_since(gint64 start_us)
{
  return (double)(g_get_monotonic_time() - start_us) / 1e6;
}
