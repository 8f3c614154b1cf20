/* test_hyphenate.c — libhyphen en-US behind dg_hyphenator_points. */
#include "dgtest.h"
#include "hyphenate.h"

#include <string.h>

static void
test_points(void **state)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(DgHyphenator) hy =
    dg_hyphenator_new(DG_HYPHEN_EN_US_DIC, DG_HYPHEN_LEFT_MIN, DG_HYPHEN_RIGHT_MIN, &e);
  assert_non_null(hy);
  g_autofree char *a = dg_hyphenator_show(hy, "hyphenation");
  assert_string_equal(a, "hy-phen-ation");
  g_autofree char *b = dg_hyphenator_show(hy, "Internationalization");
  assert_string_equal(b, "In-ter-na-tion-al-iza-tion");
  /* righthyphenmin 3: never "ci-ty" style two-letter tails */
  g_autoptr(GArray) p = dg_hyphenator_points(hy, "governments", 11);
  for (guint i = 0; i < p->len; i++) {
    gsize at = g_array_index(p, gsize, i);
    assert_true(at >= 2 && 11 - at >= 3);
  }
  assert_true(p->len > 0);
}

/* Short words, digits and non-ASCII letters are left whole. */
static void
test_left_whole(void **state)
{
  g_autoptr(DgHyphenator) hy =
    dg_hyphenator_new(DG_HYPHEN_EN_US_DIC, DG_HYPHEN_LEFT_MIN, DG_HYPHEN_RIGHT_MIN, NULL);
  const char *words[] = { "the", "data", "IPv6addresses", "café-society", "naïveté" };
  for (gsize i = 0; i < G_N_ELEMENTS(words); i++) {
    g_autoptr(GArray) p = dg_hyphenator_points(hy, words[i], strlen(words[i]));
    assert_int_equal(p->len, 0);
  }
  char huge[5001];
  memset(huge, 'a', 5000);
  huge[5000] = '\0';
  g_autoptr(GArray) p = dg_hyphenator_points(hy, huge, 5000);
  assert_int_equal(p->len, 0);
}

static void
test_missing_dictionary(void **state)
{
  g_autoptr(GError) e = NULL;
  assert_null(dg_hyphenator_new("/nonexistent/hyph.dic", 2, 3, &e));
  assert_non_null(strstr(e->message, "/nonexistent/hyph.dic: error:"));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_points),
    cmocka_unit_test(test_left_whole),
    cmocka_unit_test(test_missing_dictionary),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
