/* test_error.c — positioned messages and atomic outputs. */
#include "dgtest.h"
#include "error.h"
#include "output.h"

#include <glib/gstdio.h>
#include <string.h>

static void
test_positioned_message(void **state)
{
  g_autoptr(GError) e = NULL;
  DgPos pos = { "en.md", 41, 1 };
  dg_set_error_at(&e, DG_ERROR_INPUT, &pos, "paragraph has no counterpart");
  assert_string_equal(e->message, "en.md:41:1: error: paragraph has no counterpart");
  g_clear_error(&e);
  DgPos line_only = { "x.ini", 12, 0 };
  dg_set_error_at(&e, DG_ERROR_INPUT, &line_only, "unknown key '%s'", "margn");
  assert_string_equal(e->message, "x.ini:12: error: unknown key 'margn'");
}

static void
test_output_commit_and_abort(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *path = g_build_filename(dir, "a.pdf", NULL);
  assert_true(dg_output_write_all(path, "old", 3, NULL));
  /* An output freed without commit leaves the old file and no temp. */
  DgOutput *out = dg_output_new(path, NULL);
  assert_non_null(out);
  assert_true(g_file_set_contents(dg_output_get_temp_path(out), "new", 3, NULL));
  dg_output_free(out);
  g_autofree char *content = NULL;
  assert_true(g_file_get_contents(path, &content, NULL, NULL));
  assert_string_equal(content, "old");
  GDir *d = g_dir_open(dir, 0, NULL);
  int n = 0;
  while (g_dir_read_name(d))
    n++;
  g_dir_close(d);
  assert_int_equal(n, 1);
  dgtest_rmtree(dir);
}

static void
test_output_missing_dir(void **state)
{
  g_autoptr(GError) e = NULL;
  assert_null(dg_output_new("/nonexistent-dir/x.pdf", &e));
  assert_non_null(strstr(e->message, "/nonexistent-dir/x.pdf: error: output directory"));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_positioned_message),
    cmocka_unit_test(test_output_commit_and_abort),
    cmocka_unit_test(test_output_missing_dir),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
