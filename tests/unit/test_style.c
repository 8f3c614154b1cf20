/* test_style.c — templates: the shipped ones load, every bad key or
 * value is an error at its line and column. */
#include "dgtest.h"
#include "style.h"

#include <math.h>
#include <string.h>

#define MM (72.0 / 25.4)

static void
test_shipped_templates(void **state)
{
  static const struct { const char *name; DgLayout layout; double w_mm; } t[] = {
    { "parallel-a4", DG_LAYOUT_PARALLEL, 210 },
    { "facing-16k", DG_LAYOUT_FACING, 185 },
    { "interleaved-a5", DG_LAYOUT_INTERLEAVED, 148 },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(t); i++) {
    g_autoptr(GError) e = NULL;
    g_autoptr(DgStyle) s = dg_style_load(DG_SOURCE_DIR, t[i].name, &e);
    assert_non_null(s);
    assert_int_equal(s->layout, t[i].layout);
    assert_true(fabs(s->trim_width_pt - t[i].w_mm * MM) < 0.01);
    assert_true(s->bleed_pt > 0);
    assert_true(s->lang[DG_SCRIPT_HAN].indent_em == 2);
    assert_non_null(strstr(s->lang[DG_SCRIPT_LATIN].family, "EB Garamond 12"));
    assert_int_equal(s->heading_span_level, t[i].layout == DG_LAYOUT_PARALLEL ? 1 : 0);
    assert_int_equal(s->output_intent, DG_INTENT_FOGRA39);
  }
}

static void
test_values_and_units(void **state)
{
  g_autoptr(DgStyle) s = dg_style_parse("# comment\n[page]\nsize = 185x260mm\ninside-mm = 25.4\n"
                                        "crop-marks = false\nchapter-open = right\n"
                                        "[columns]\nratio = 0.4\n[zh]\nsize-pt = 12\n"
                                        "leading-pt = 20\n", "t.ini", NULL);
  assert_non_null(s);
  assert_true(fabs(s->trim_height_pt - 260 * MM) < 0.01);
  assert_true(fabs(s->inside_pt - 72) < 0.001);
  assert_false(s->crop_marks);
  assert_int_equal(s->chapter_open, DG_OPEN_RIGHT);
  assert_true(s->column_ratio == 0.4);
  assert_true(s->lang[DG_SCRIPT_HAN].size_pt == 12);
  assert_int_equal(s->output_intent, DG_INTENT_FOGRA39); /* the default */
  g_autoptr(DgStyle) n = dg_style_parse("[page]\noutput-intent = none\n", "t.ini", NULL);
  assert_int_equal(n->output_intent, DG_INTENT_NONE);
  g_autoptr(DgStyle) g = dg_style_parse("[page]\noutput-intent = CGATS21_CRPC6\n", "t.ini", NULL);
  assert_int_equal(g->output_intent, DG_INTENT_CGATS21_CRPC6);
}

static void
expect_error(const char *text, const char *message)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(DgStyle) s = dg_style_parse(text, "templates/x.ini", &e);
  assert_null(s);
  assert_non_null(e);
  if (strcmp(e->message, message) != 0)
    print_error("got: %s\nwant: %s\n", e->message, message);
  assert_string_equal(e->message, message);
}

static void
test_bad_templates(void **state)
{
  expect_error("[page]\nsize = A4\n\n# x\n\n\n\n\n\n\n\nmargn = 3\n",
               "templates/x.ini:12:1: error: unknown key 'margn' in [page]");
  expect_error("[page]\ninside-mm = wide\n",
               "templates/x.ini:2:13: error: 'wide' is not a number");
  expect_error("[page]\nbleed-mm = nan\n", "templates/x.ini:2:12: error: 'nan' is not a number");
  expect_error("[page]\nbleed-mm = 40\n",
               "templates/x.ini:2:12: error: bleed-mm=40 is out of range [0, 10]");
  expect_error("[page]\nlayout = spiral\n",
               "templates/x.ini:2:10: error: unknown layout 'spiral' (parallel, facing, interleaved)");
  expect_error("[page]\nsize = A7\n",
               "templates/x.ini:2:8: error: unknown page size 'A7' (A4, A5, B5, 16k, letter or WxHmm)");
  expect_error("[page]\noutput-intent = fogra39\n",
               "templates/x.ini:2:17: error: unknown output-intent 'fogra39' (FOGRA39, "
               "FOGRA51, FOGRA29, FOGRA52, CGATS21_CRPC6, none)");
  expect_error("[paper]\n", "templates/x.ini:1:2: error: unknown group [paper]");
  expect_error("size = A4\n", "templates/x.ini:1:1: error: key outside a [group]");
  expect_error("[page]\ncrop-marks = yes\n",
               "templates/x.ini:2:14: error: 'yes' is not true or false");
  expect_error("[zh]\nfamily =\n", "templates/x.ini:2:9: error: family must not be empty");
  expect_error("[page]\n  top-mm\n", "templates/x.ini:2:3: error: expected 'key = value'");
}

/* Rules over several keys: the error is at the key written last. */
static void
test_whole_template_positions(void **state)
{
  expect_error("[zh]\nleading-pt = 8\n",
               "templates/x.ini:2:1: error: [zh] leading-pt is smaller than size-pt");
  expect_error("[en]\nleading-pt = 20\n\n  size-pt = 24\n",
               "templates/x.ini:4:3: error: [en] leading-pt is smaller than size-pt");
  expect_error("[columns]\nratio-max = 0.4\nratio-min = 0.45\n",
               "templates/x.ini:3:1: error: [columns] ratio-min is larger than ratio-max");
  expect_error("[page]\nsize = A5\ninside-mm = 65\noutside-mm = 65\n",
               "templates/x.ini:4:1: error: the text area is 18.0 mm wide; the margins must "
               "leave at least one inch (25.4 mm)");
  /* the page size written after the margins is what made them impossible */
  expect_error("[page]\ntop-mm = 40\nbottom-mm = 40\nsize = 100x100mm\n",
               "templates/x.ini:4:1: error: the text area is 20.0 mm high; the margins must "
               "leave at least one inch (25.4 mm)");
}

/* Running heads and folios live in the margins: a margin too shallow for
 * them is refused, unless they are off. */
static void
test_head_and_folio_margins(void **state)
{
  expect_error("[page]\ntop-mm = 0\n",
               "templates/x.ini:2:1: error: top-mm is 0.0 mm: running heads in 8.5 pt type need "
               "8.6 mm of top margin (or running-heads = false)");
  expect_error("[page]\ntop-mm = 8\nhead-size-pt = 9\n",
               "templates/x.ini:3:1: error: top-mm is 8.0 mm: running heads in 9 pt type need "
               "8.8 mm of top margin (or running-heads = false)");
  expect_error("[page]\nrunning-heads = false\ntop-mm = 0\nbottom-mm = 10\n",
               "templates/x.ini:4:1: error: bottom-mm is 10.0 mm: folios in 9.5 pt type need "
               "10.8 mm of bottom margin (or folios = false)");
  /* a miniature page has no room for a contents page under its title */
  expect_error("[page]\nsize = 50x50mm\ninside-mm = 12\noutside-mm = 12\ntop-mm = 12\n"
               "bottom-mm = 12\n",
               "templates/x.ini:6:1: error: the text area is 26.0 mm high; a contents page "
               "needs 47.3 mm (or contents = false)");
  g_autoptr(DgStyle) s = dg_style_parse("[page]\nrunning-heads = false\nfolios = false\n"
                                        "top-mm = 0\nbottom-mm = 0\n", "t.ini", NULL);
  assert_non_null(s);
}

static void
expect_measure(const char *text, DgLayout layout, int n_columns, const char *message)
{
  g_autoptr(DgStyle) s = dg_style_parse(text, "templates/x.ini", NULL);
  assert_non_null(s);
  DgScript scripts[2] = { DG_SCRIPT_HAN, DG_SCRIPT_LATIN };
  g_autoptr(GError) e = NULL;
  gboolean ok = dg_style_check_measure(s, layout, n_columns, scripts, 2, &e);
  if (message == NULL) {
    assert_true(ok);
    return;
  }
  assert_false(ok);
  if (strcmp(e->message, message) != 0)
    print_error("got: %s\nwant: %s\n", e->message, message);
  assert_string_equal(e->message, message);
}

/* A column narrower than a few characters of its type sets ink past its
 * edge: refused at the key that made it so, for the layout in use. */
static void
test_column_measure(void **state)
{
  const char *small = "[page]\nsize = 50x50mm\ninside-mm = 12\noutside-mm = 12\n"
                      "top-mm = 12\nbottom-mm = 12\ncontents = false\n[zh]\nsize-pt = 36\n"
                      "leading-pt = 36\n";
  expect_measure(small, DG_LAYOUT_PARALLEL, 2,
                 "templates/x.ini:9:1: error: the [zh] text column is 0.5 em wide at 36 pt; "
                 "it must hold at least 6 characters");
  expect_measure(small, DG_LAYOUT_FACING, 2,
                 "templates/x.ini:9:1: error: the [zh] text column is 2.0 em wide at 36 pt; "
                 "it must hold at least 6 characters");
  const char *indent = "[en]\nsize-pt = 36\nleading-pt = 36\nindent-em = 6\n";
  expect_measure(indent, DG_LAYOUT_PARALLEL, 2,
                 "templates/x.ini:4:1: error: the [en] text column is 6.5 em wide at 36 pt; it "
                 "must hold at least 10 characters (its 6 em first-line indent and 4 more)");
  expect_measure(indent, DG_LAYOUT_FACING, 2, NULL);
  /* interleaved: the translation is set at its own scale */
  expect_measure("[page]\nsize = A5\n[en]\nsize-pt = 36\nleading-pt = 36\n"
                 "interleaved-scale = 1.5\n", DG_LAYOUT_INTERLEAVED, 1,
                 "templates/x.ini:6:1: error: the [en] text column is 5.8 em wide at 54 pt; "
                 "it must hold at least 6 characters");
  expect_measure("", DG_LAYOUT_PARALLEL, 2, NULL);
}

static void
test_missing_template(void **state)
{
  g_autoptr(GError) e = NULL;
  assert_null(dg_style_load(DG_SOURCE_DIR, "nope", &e));
  assert_non_null(strstr(e->message, "no such template 'nope'"));
}

static void
test_text_styles(void **state)
{
  g_autoptr(DgStyle) s = dg_style_load(DG_SOURCE_DIR, "parallel-a4", NULL);
  DgBlock para = { .kind = DG_BLOCK_PARAGRAPH };
  DgBlock head = { .kind = DG_BLOCK_HEADING, .level = 1 };
  DgBlock item = { .kind = DG_BLOCK_LIST_ITEM, .list_depth = 1 };
  DgTextStyle zh = dg_style_text(s, "zh-Hans", &para, FALSE);
  DgTextStyle en = dg_style_text(s, "en", &para, FALSE);
  DgTextStyle h = dg_style_text(s, "zh-Hans", &head, FALSE);
  DgTextStyle li = dg_style_text(s, "en", &item, FALSE);
  assert_true(zh.indent_em == 2 && en.indent_em == 0);
  assert_int_equal(zh.align, DG_ALIGN_JUSTIFY);
  assert_true(h.size_pt > zh.size_pt && h.weight == 700 && h.indent_em == 0);
  assert_true(li.left_em > 0);
  assert_true(en.hyphenate && !zh.hyphenate);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_shipped_templates),
    cmocka_unit_test(test_values_and_units),
    cmocka_unit_test(test_bad_templates),
    cmocka_unit_test(test_whole_template_positions),
    cmocka_unit_test(test_head_and_folio_margins),
    cmocka_unit_test(test_column_measure),
    cmocka_unit_test(test_missing_template),
    cmocka_unit_test(test_text_styles),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
