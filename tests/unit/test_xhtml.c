/* test_xhtml.c — segments → XHTML: escaping, languages, pairs, lists,
 * notes, page markers, layouts, the plan and the toc depths. */
#include "dgtest.h"
#include "xhtml.h"

#include <string.h>

static const char ZH[] =
  "# 第一章\n\n甲\\<b\\>乙 & 丙[^1]。\n\n3. 三\n   1. 嵌\n\n# 第二章\n\n### 小节\n\n## 节\n\n再引[^1]。\n\n"
  "[^1]: 注。\n";
static const char EN[] =
  "# One\n\nA \\<b\\>B & C[^1].\n\n3. three\n   1. nested\n\n# Two\n\n### Sub\n\n## Section\n\nAgain[^1].\n\n"
  "[^1]: Note.\n";

static DgBook *
book(void)
{
  g_autofree char *dir = dgtest_book(NULL, ZH, EN);
  g_autoptr(GError) e = NULL;
  DgBook *b = dg_book_load(dir, &e);
  if (b == NULL)
    fail_msg("%s", e->message);
  return b;
}

static void
test_escape(void **state)
{
  GString *s = g_string_new(NULL);
  dg_xhtml_escape(s, "<a href=\"x\">&\x01\xff</a>", -1);
  assert_string_equal(s->str, "&lt;a href=&quot;x&quot;&gt;&amp;\xEF\xBF\xBD\xEF\xBF\xBD&lt;/a&gt;");
  g_string_free(s, TRUE);
}

static void
test_chapter_pairs_langs_notes(void **state)
{
  g_autoptr(DgBook) b = book();
  g_autoptr(DgXhtmlPlan) plan = dg_xhtml_plan_new(b, NULL);
  assert_int_equal(plan->chapters->len, 2);     /* split at the two h1 */
  DgXhtmlOptions o = { FALSE, -1, NULL };
  g_autofree char *c1 = dg_xhtml_chapter(b, &o, plan, 0, "style.css");
  /* Text never becomes markup. */
  assert_non_null(strstr(c1, "甲&lt;b&gt;乙 &amp; 丙"));
  assert_null(strstr(c1, "<b>"));
  assert_non_null(strstr(c1, "<body class=\"parallel\""));
  assert_non_null(strstr(c1, "<div class=\"pair heading\" id=\"s1\">\n  <h1 lang=\"zh-Hans\" "
                             "xml:lang=\"zh-Hans\">第一章</h1>\n  <h1 lang=\"en\" xml:lang=\"en\">One</h1>"));
  /* Ordered lists keep the manuscript's numbers and show nesting. */
  assert_non_null(strstr(c1, "<ol class=\"d1\" start=\"3\" lang=\"en\" xml:lang=\"en\"><li lang=\"en\""));
  assert_non_null(strstr(c1, "<ol class=\"d2\" start=\"1\" lang=\"zh-Hans\""));
  /* Note: first ref has the id its aside's back link targets. */
  assert_non_null(strstr(c1, "<a epub:type=\"noteref\" role=\"doc-noteref\" id=\"r1-en\" href=\"#n1-en\">1</a>"));
  assert_non_null(strstr(c1, "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"n1-zh-Hans\" lang=\"zh-Hans\""));
  assert_non_null(strstr(c1, "href=\"#r1-en\">1</a> Note."));
  /* The second chapter refers to the note in the first file, without id. */
  g_autofree char *c2 = dg_xhtml_chapter(b, &o, plan, 1, "style.css");
  assert_non_null(strstr(c2, "<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"c001.xhtml#n1-en\">"));
  assert_null(strstr(c2, "<aside"));
}

static void
test_layouts(void **state)
{
  g_autoptr(DgBook) b = book();
  g_autoptr(DgXhtmlPlan) plan = dg_xhtml_plan_new(b, NULL);
  DgXhtmlOptions inter = { TRUE, -1, NULL };
  g_autofree char *c = dg_xhtml_chapter(b, &inter, plan, 0, NULL);
  assert_non_null(strstr(c, "<body class=\"interleaved\""));
  DgXhtmlOptions en = { FALSE, 1, NULL };
  g_autofree char *e = dg_xhtml_chapter(b, &en, plan, 0, NULL);
  assert_non_null(strstr(e, "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                            "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"en\" xml:lang=\"en\">"));
  assert_non_null(strstr(e, "<body class=\"single\""));
  assert_null(strstr(e, "zh-Hans"));
  assert_null(strstr(e, "第一章"));
}

static void
test_page_markers(void **state)
{
  g_autoptr(DgBook) b = book();
  guint n = b->segments->len;
  int pages[16] = { 0 };
  assert_true(n <= G_N_ELEMENTS(pages));
  for (guint i = 0; i < n; i++)
    pages[i] = i < 3 ? 1 : 4;          /* pages 2 and 3 continue segment 3 */
  DgPageMap map = { (int)n, pages, 5 };
  g_autoptr(DgXhtmlPlan) plan = dg_xhtml_plan_new(b, &map);
  DgXhtmlOptions o = { FALSE, -1, &map };
  g_autofree char *c1 = dg_xhtml_chapter(b, &o, plan, 0, NULL);
  g_autofree char *c2 = dg_xhtml_chapter(b, &o, plan, 1, NULL);
  g_autofree char *all = g_strconcat(c1, c2, NULL);
  for (int p = 1; p <= 5; p++) {
    g_autofree char *id = g_strdup_printf("id=\"page%d\" aria-label=\"%d\"", p, p);
    const char *at = strstr(all, id);
    assert_non_null(at);
    assert_null(strstr(at + 1, id));     /* once */
  }
  /* Page 4's marker sits before segment 4 (s4), the last page at the end. */
  assert_true(strstr(all, "id=\"page4\"") < strstr(all, "id=\"s4\""));
  assert_true(strstr(all, "id=\"page3\"") > strstr(all, "id=\"s3\""));
  assert_true(strstr(c2, "id=\"page5\"") != NULL);
  g_autofree char *nav = dg_xhtml_nav(b, &o, plan, FALSE, NULL);
  assert_non_null(strstr(nav, "<li><a href=\"c001.xhtml#page4\">4</a></li>"));
  assert_non_null(strstr(nav, "<li><a href=\"c002.xhtml#page5\">5</a></li>"));
}

static void
test_toc_nesting(void **state)
{
  g_autoptr(DgBook) b = book();
  g_autofree int *d = dg_xhtml_toc_depths(b);
  /* # 第一章, ..., # 第二章, ### 小节 (one step, not two), ## 节 (sibling). */
  int want[] = { 1, 0, 0, 0, 1, 2, 2, 0 };
  assert_int_equal(b->segments->len, G_N_ELEMENTS(want));
  for (gsize i = 0; i < G_N_ELEMENTS(want); i++)
    assert_int_equal(d[i], want[i]);
  g_autoptr(DgXhtmlPlan) plan = dg_xhtml_plan_new(b, NULL);
  DgXhtmlOptions o = { FALSE, -1, NULL };
  g_autofree char *nav = dg_xhtml_nav(b, &o, plan, FALSE, NULL);
  assert_non_null(strstr(nav, "<span lang=\"zh-Hans\" xml:lang=\"zh-Hans\">第二章</span>"
                              "<span lang=\"en\" xml:lang=\"en\">Two</span></a><ol><li>"));
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_escape),
    cmocka_unit_test(test_chapter_pairs_langs_notes),
    cmocka_unit_test(test_layouts),
    cmocka_unit_test(test_page_markers),
    cmocka_unit_test(test_toc_nesting),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
