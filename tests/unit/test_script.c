/* test_script.c — clreq classes, kinsoku levels, autospace, tailoring. */
#include "dgtest.h"
#include "script.h"

static gunichar
u(const char *s)
{
  return g_utf8_get_char(s);
}

static void
test_classes(void **state)
{
  assert_int_equal(dg_script_classify(u("，")), DG_CHAR_PAUSE);
  assert_int_equal(dg_script_classify(u("。")), DG_CHAR_STOP);
  assert_int_equal(dg_script_classify(u("《")), DG_CHAR_OPENING);
  assert_int_equal(dg_script_classify(u("」")), DG_CHAR_CLOSING);
  assert_int_equal(dg_script_classify(u("“")), DG_CHAR_OPENING);
  assert_int_equal(dg_script_classify(u("’")), DG_CHAR_CLOSING);
  assert_int_equal(dg_script_classify(u("—")), DG_CHAR_DASH);
  assert_int_equal(dg_script_classify(u("…")), DG_CHAR_ELLIPSIS);
  assert_int_equal(dg_script_classify(u("网")), DG_CHAR_HAN);
  assert_int_equal(dg_script_classify(u("W")), DG_CHAR_WESTERN);
  assert_int_equal(dg_script_classify(u("7")), DG_CHAR_WESTERN);
  assert_int_equal(dg_script_classify(u("Ｗ")), DG_CHAR_OTHER);  /* fullwidth: not Western */
  assert_true(dg_script_is_cjk_punct(u("、")));
  assert_false(dg_script_is_cjk_punct(u(",")));
}

/* K2 at the basic level; K3 adds the solidus (GB) and the dash and
 * ellipsis at a line start (strict). */
static void
test_kinsoku_levels(void **state)
{
  const char *no_start = "、，。；：？！·）》」』】”’";
  for (const char *p = no_start; *p; p = g_utf8_next_char(p)) {
    assert_true(dg_script_no_line_start(u(p), DG_KINSOKU_BASIC));
    assert_false(dg_script_no_line_start(u(p), DG_KINSOKU_NONE));
  }
  const char *no_end = "（《「『【“‘〈";
  for (const char *p = no_end; *p; p = g_utf8_next_char(p))
    assert_true(dg_script_no_line_end(u(p), DG_KINSOKU_BASIC));
  assert_false(dg_script_no_line_end(u("／"), DG_KINSOKU_BASIC));
  assert_true(dg_script_no_line_end(u("／"), DG_KINSOKU_GB));
  assert_false(dg_script_no_line_start(u("—"), DG_KINSOKU_GB));
  assert_true(dg_script_no_line_start(u("—"), DG_KINSOKU_STRICT));
  assert_false(dg_script_no_line_start(u("网"), DG_KINSOKU_STRICT));
  /* the template names, each to its level; zero is basic (a
   * zero-initialised DgTextStyle sets basic kinsoku) */
  const char *names[] = { "none", "basic", "gb", "strict" };
  DgKinsoku levels[] = { DG_KINSOKU_NONE, DG_KINSOKU_BASIC, DG_KINSOKU_GB, DG_KINSOKU_STRICT };
  DgKinsoku k;
  for (int i = 0; i < 4; i++) {
    assert_true(dg_kinsoku_from_string(names[i], &k));
    assert_int_equal(k, levels[i]);
  }
  assert_int_equal(DG_KINSOKU_BASIC, 0);
  assert_true(DG_KINSOKU_NONE < DG_KINSOKU_BASIC && DG_KINSOKU_GB < DG_KINSOKU_STRICT);
  assert_false(dg_kinsoku_from_string("loose", &k));
  assert_false(dg_kinsoku_from_string("Basic", &k));
}

/* K4: —— and …… never split; and never stretched inside. */
static void
test_inseparable(void **state)
{
  assert_true(dg_script_inseparable(0x2014, 0x2014));
  assert_true(dg_script_inseparable(0x2026, 0x2026));
  assert_false(dg_script_inseparable(0x2014, 0x2026));
  assert_false(dg_script_break_allowed(0x2014, 0x2014, TRUE, DG_KINSOKU_NONE));
}

static void
test_autospace(void **state)
{
  assert_true(dg_script_autospace(u("在"), u("2")));
  assert_true(dg_script_autospace(u("C"), u("网")));
  assert_false(dg_script_autospace(u("，"), u("W")));   /* M4: none next to punctuation */
  assert_false(dg_script_autospace(u("W"), u("I")));
  assert_false(dg_script_autospace(u("网"), u("络")));
}

/* Pango 1.50 forbids a break on both sides of “ and ” (LB19 without
 * LB19a); between Han characters we allow them, and kinsoku removes the
 * ones clreq forbids. */
static void
test_break_tailoring(void **state)
{
  /* 说|“网络” — a break before the opening quote */
  assert_true(dg_script_break_allowed(u("说"), u("“"), FALSE, DG_KINSOKU_BASIC));
  /* “|网 — never after the opening quote */
  assert_false(dg_script_break_allowed(u("“"), u("网"), TRUE, DG_KINSOKU_BASIC));
  /* 络|” — never before the closing quote */
  assert_false(dg_script_break_allowed(u("络"), u("”"), TRUE, DG_KINSOKU_BASIC));
  /* ”|的 — after it, yes */
  assert_true(dg_script_break_allowed(u("”"), u("的"), FALSE, DG_KINSOKU_BASIC));
  /* 网|，— no line starts with a comma even if UAX #14 said yes */
  assert_false(dg_script_break_allowed(u("网"), u("，"), TRUE, DG_KINSOKU_BASIC));
  /* HTTP/|2 — UAX #14 LB25 (SY × NU) at every level, Pango said yes;
   * TCP/|IP stays breakable */
  assert_false(dg_script_break_allowed('/', '2', TRUE, DG_KINSOKU_NONE));
  assert_false(dg_script_break_allowed('/', '2', TRUE, DG_KINSOKU_BASIC));
  assert_true(dg_script_break_allowed('/', 'I', TRUE, DG_KINSOKU_BASIC));
  /* English quotes stay as UAX #14 says */
  assert_false(dg_script_break_allowed(u("”"), u("“"), FALSE, DG_KINSOKU_BASIC));
  assert_false(dg_script_break_allowed(u("a"), u("b"), FALSE, DG_KINSOKU_BASIC));
  /* 。|「 — close then open: allowed */
  assert_true(dg_script_break_allowed(u("。"), u("「"), FALSE, DG_KINSOKU_BASIC));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_classes),
    cmocka_unit_test(test_kinsoku_levels),
    cmocka_unit_test(test_inseparable),
    cmocka_unit_test(test_autospace),
    cmocka_unit_test(test_break_tailoring),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
