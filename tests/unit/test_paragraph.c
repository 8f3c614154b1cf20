/* test_paragraph.c — the Pango-side paragraph builder on small paragraphs:
 * kinsoku, punctuation compression, Han–Western spacing, justification,
 * hyphenation, the short-last-line rule and text fidelity. */
#include "dgtest.h"
#include "linebreak.h"
#include "paragraph.h"
#include "style.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define ZH_SIZE 10.5

/* One context per language, made once (as the typesetter does). */
static PangoContext *zh_ctx, *en_ctx;

static PangoContext *
context_new(const char *lang)
{
  return dg_typeset_context_new(pango_cairo_font_map_get_default(), lang);
}

static DgTextStyle
zh_style(void)
{
  DgTextStyle st = { 0 };
  st.family = (char *)"Noto Serif CJK SC";
  st.size_pt = ZH_SIZE;
  st.leading_pt = 17;
  st.indent_em = 2;
  st.align = DG_ALIGN_JUSTIFY;
  return st;
}

static DgTextStyle
en_style(void)
{
  DgTextStyle st = zh_style();
  st.family = (char *)"EB Garamond 12, Noto Serif CJK SC";
  st.indent_em = 0;
  st.hyphenate = TRUE;
  return st;
}

static DgLines *
set(PangoContext *ctx, const DgTextStyle *st, const DgHyphenator *hy, const char *text,
    double width_pt)
{
  DgParagraphSpec spec;
  dg_paragraph_spec_init(&spec, ctx, st, width_pt);
  spec.hyphenator = hy;
  g_autoptr(GError) e = NULL;
  DgLines *lines = dg_paragraph_set(text, -1, NULL, &spec, &e);
  assert_non_null(lines);
  return lines;
}

static int
dgtest_cmp_double(const double *a, const double *b)
{
  return *a < *b ? -1 : *a > *b;
}

static DgLine *
line_at(const DgLines *lines, guint i)
{
  return lines->lines->pdata[i];
}

/* Where the pen stops after the line's last glyph. */
static double
right_edge(const DgLine *l)
{
  double x = 0;
  for (guint i = 0; i < l->runs->len; i++) {
    const DgRun *r = l->runs->pdata[i];
    x = MAX(x, r->x_pt + dg_run_width_pt(r));
  }
  return x;
}

/* The text a line's runs draw (the hyphen run included). */
static char *
line_text(const DgLines *lines, const DgLine *l)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < l->runs->len; i++) {
    const PangoItem *it = ((const DgRun *)l->runs->pdata[i])->glyph_item->item;
    g_string_append_len(s, lines->text + it->offset, it->length);
  }
  return g_string_free(s, FALSE);
}

static const char ZH_PUNCT[] =
  "互联网是人类的共同家园。“网络空间命运共同体”——这是一个（新的）理念，"
  "它回答了“建设什么样的网络空间、怎样建设网络空间”等问题！《宣言》指出："
  "各国应当尊重网络主权……坚持多边参与、多方参与，发挥政府、国际组织、"
  "互联网企业、技术社群、民间机构、公民个人等各个主体作用。「我们」认为？"
  "在2019年10月，第六届世界互联网大会在乌镇召开，发布了WIC的报告《携手构建》。";

/* K2, K4: over 41 measures, no line starts with a closing or pause mark,
 * none ends with an opening mark, —— and …… are never split. */
static void
test_kinsoku(void **state)
{
  PangoContext *ctx = zh_ctx;
  DgTextStyle st = zh_style();
  int lines_seen = 0;
  for (int w8 = 80; w8 <= 240; w8 += 4) {
    g_autoptr(DgLines) lines = set(ctx, &st, NULL, ZH_PUNCT, w8 / 8.0 * ZH_SIZE);
    for (guint i = 0; i < lines->lines->len; i++) {
      g_autofree char *t = line_text(lines, line_at(lines, i));
      assert_true(*t);
      gunichar first = g_utf8_get_char(t);
      gunichar last = g_utf8_get_char(g_utf8_prev_char(t + strlen(t)));
      if (dg_script_no_line_start(first, DG_KINSOKU_BASIC) || dg_script_no_line_end(last, DG_KINSOKU_BASIC))
        fail_msg("width %.1f em line %u: \"%s\"", w8 / 8.0, i, t);
      if (i + 1 < lines->lines->len) {
        g_autofree char *n = line_text(lines, line_at(lines, i + 1));
        assert_false(dg_script_inseparable(last, g_utf8_get_char(n)));
      }
      lines_seen++;
    }
  }
  assert_true(lines_seen > 300);
}

/* The first character of every line but the first. */
static GString *
line_starts(const DgLines *lines)
{
  GString *s = g_string_new(NULL);
  for (guint i = 1; i < lines->lines->len; i++) {
    g_autofree char *t = line_text(lines, line_at(lines, i));
    g_string_append_unichar(s, g_utf8_get_char(t));
  }
  return s;
}

/* The kinsoku level comes from the template ([zh] kinsoku = …) through
 * DgTextStyle: at 9 em, "——" would start line 2 and the interpunct "·"
 * line 3 of this text at the level "none" (UAX #14 allows both); basic
 * keeps the interpunct off the line start (K2), strict the dash too
 * (K3); an unknown level is a positioned template error. */
static void
test_kinsoku_from_template(void **state)
{
  const char *texts[] = { "一二三四五六七八九——十一二三四五", "一二三四五六七八九·十一二三四五" };
  const char *marks[] = { "—", "·" };
  const char *levels[] = { "none", "basic", "strict" };
  gboolean starts_with[3][2];
  for (int i = 0; i < 3; i++) {
    g_autofree char *ini = g_strdup_printf("[zh]\nkinsoku = %s\n", levels[i]);
    g_autoptr(DgStyle) style = dg_style_parse(ini, "t.ini", NULL);
    assert_non_null(style);
    DgTextStyle st = dg_style_text(style, "zh-Hans", NULL, FALSE);
    st.indent_em = 0;
    for (int k = 0; k < 2; k++) {
      g_autoptr(DgLines) lines = set(zh_ctx, &st, NULL, texts[k], 9 * ZH_SIZE);
      GString *starts = line_starts(lines);
      starts_with[i][k] = strstr(starts->str, marks[k]) != NULL;
      g_string_free(starts, TRUE);
    }
  }
  assert_true(starts_with[0][0] && starts_with[0][1]);    /* none: UAX #14 only */
  assert_true(starts_with[1][0] && !starts_with[1][1]);   /* basic: K2 */
  assert_true(!starts_with[2][0] && !starts_with[2][1]);  /* strict: K3 too */
  g_autoptr(GError) e = NULL;
  assert_null(dg_style_parse("[zh]\nkinsoku = loose\n", "t.ini", &e));
  assert_non_null(strstr(e->message, "t.ini:2:"));
  /* the default template value is basic */
  g_autoptr(DgStyle) def = dg_style_parse("", "t.ini", NULL);
  assert_int_equal(dg_style_text(def, "zh-Hans", NULL, FALSE).kinsoku, DG_KINSOKU_BASIC);
}

/* J1: every line but the last ends exactly at the measure (and the last
 * is shorter); nothing is set past it. */
static void
test_justified_flush(void **state)
{
  PangoContext *ctx = zh_ctx;
  DgTextStyle st = zh_style();
  for (int w8 = 100; w8 <= 220; w8 += 5) {
    double measure = w8 / 8.0 * ZH_SIZE;
    g_autoptr(DgLines) lines = set(ctx, &st, NULL, ZH_PUNCT, measure);
    for (guint i = 0; i + 1 < lines->lines->len; i++) {
      double r = right_edge(line_at(lines, i));
      if (fabs(r - measure) > 0.01)
        fail_msg("width %.3f line %u ends at %.3f", measure, i, r);
    }
    assert_true(right_edge(line_at(lines, lines->lines->len - 1)) <= measure + 0.01);
  }
}

/* P3: 。」 together take 1.5 em; P5: a line-end comma takes half an em. */
static void
test_compression(void **state)
{
  PangoContext *ctx = zh_ctx;
  DgTextStyle st = zh_style();
  st.indent_em = 0;
  const char *t = "他说：「好。」然后走了。";
  g_autoptr(DgLines) lines = set(ctx, &st, NULL, t, 40 * ZH_SIZE);
  DgLine *l = line_at(lines, 0);
  gsize stop = (gsize)(strstr(t, "。」") - t);
  gsize after = stop + strlen("。」");
  double w = dg_line_x_of_index(l, after) - dg_line_x_of_index(l, stop);
  assert_true(fabs(w - 1.5 * ZH_SIZE) < 0.01);
  /* ：「 → 1.5 em as well */
  gsize colon = (gsize)(strstr(t, "：") - t);
  double w2 = dg_line_x_of_index(l, colon + 6) - dg_line_x_of_index(l, colon);
  assert_true(fabs(w2 - 1.5 * ZH_SIZE) < 0.01);
  /* a line ending in a comma: the comma is half an em, the line flush */
  const char *t2 = "一二三四五六七八九，一二三四五六七八九十";
  g_autoptr(DgLines) l2 = set(ctx, &st, NULL, t2, 9.5 * ZH_SIZE);
  g_autofree char *first = line_text(l2, line_at(l2, 0));
  assert_string_equal(first, "一二三四五六七八九，");
  assert_true(fabs(right_edge(line_at(l2, 0)) - 9.5 * ZH_SIZE) < 0.01);
}

/* M2: a quarter em between Han and digits/Latin, none beside
 * punctuation, none at a line edge. */
static void
test_autospace(void **state)
{
  PangoContext *ctx = zh_ctx;
  DgTextStyle st = zh_style();
  st.indent_em = 0;
  const char *t = "在2019年，WIC发布。";
  g_autoptr(DgLines) lines = set(ctx, &st, NULL, t, 40 * ZH_SIZE);
  DgLine *l = line_at(lines, 0);
  double x_zai = dg_line_x_of_index(l, 0), x_2 = dg_line_x_of_index(l, 3);
  assert_true(fabs(x_2 - x_zai - 1.25 * ZH_SIZE) < 0.01);
  gsize nian = (gsize)(strstr(t, "年") - t), w = (gsize)(strstr(t, "WIC") - t);
  double x_9 = dg_line_x_of_index(l, nian - 1), x_nian = dg_line_x_of_index(l, nian);
  /* after the digits: 年 sits a quarter em after the end of "9" */
  assert_true(x_nian - x_9 > 0.25 * ZH_SIZE);
  /* "，W": no gap next to the comma: W starts half an em after ， */
  double x_comma = dg_line_x_of_index(l, nian + 3);
  assert_true(fabs(dg_line_x_of_index(l, w) - x_comma - ZH_SIZE) < 0.01);
  /* at a line start the Latin word begins at x = 0 */
  const char *t3 = "一二三四五六七八九十Internet网络";
  g_autoptr(DgLines) l3 = set(ctx, &st, NULL, t3, 10 * ZH_SIZE);
  g_autofree char *second = line_text(l3, line_at(l3, 1));
  assert_true(g_str_has_prefix(second, "Internet"));
  assert_true(fabs(((DgRun *)line_at(l3, 1)->runs->pdata[0])->x_pt) < 0.001);
  assert_true(fabs(right_edge(line_at(l3, 0)) - 10 * ZH_SIZE) < 0.01);
}

/* A raised footnote mark belongs to the word before it: no Han–Latin
 * quarter em between 念 and its mark "1" (the digit is not text). */
static void
test_note_mark_no_autospace(void **state)
{
  PangoContext *ctx = zh_ctx;
  DgTextStyle st = zh_style();
  st.indent_em = 0;
  const char *t = "理念1，深入";
  gsize one = (gsize)(strstr(t, "1") - t);
  PangoAttrList *attrs = pango_attr_list_new();
  PangoAttribute *rise = pango_attr_rise_new(4 * PANGO_SCALE);
  rise->start_index = (guint)one;
  rise->end_index = (guint)one + 1;
  pango_attr_list_insert(attrs, rise);
  DgParagraphSpec spec;
  dg_paragraph_spec_init(&spec, ctx, &st, 40 * ZH_SIZE);
  g_autoptr(DgLines) lines = dg_paragraph_set(t, -1, attrs, &spec, NULL);
  pango_attr_list_unref(attrs);
  assert_non_null(lines);
  DgLine *l = line_at(lines, 0);
  /* the mark starts where 念 ends: two full ems from the line start */
  assert_true(fabs(dg_line_x_of_index(l, one) - 2 * ZH_SIZE) < 0.01);
}

/* P4: an opening bracket at a line start loses its blank half. */
static void
test_opening_at_line_start(void **state)
{
  PangoContext *ctx = zh_ctx;
  DgTextStyle st = zh_style();
  st.indent_em = 0;
  const char *t = "一二三四五六七八九十（十一）";
  g_autoptr(DgLines) lines = set(ctx, &st, NULL, t, 10 * ZH_SIZE);
  g_autofree char *second = line_text(lines, line_at(lines, 1));
  assert_true(g_str_has_prefix(second, "（"));
  const DgRun *r = line_at(lines, 1)->runs->pdata[0];
  /* drawn half an em to the left: its ink starts at the line edge */
  assert_true(fabs(r->x_pt + r->glyph_item->glyphs->glyphs[0].geometry.x_offset / 1024.0
                   + 0.5 * ZH_SIZE) < 0.01);
}

/* G7: 20 + 22 + 1 characters would leave one character alone on the
 * last line; total fit pulls one more down. */
static void
test_no_orphan_character(void **state)
{
  PangoContext *ctx = zh_ctx;
  DgTextStyle st = zh_style();
  GString *s = g_string_new(NULL);
  for (int i = 0; i < 43; i++)
    g_string_append(s, "字");
  g_autoptr(DgLines) lines = set(ctx, &st, NULL, s->str, 22 * ZH_SIZE);
  g_string_free(s, TRUE);
  assert_int_equal(lines->lines->len, 3);
  g_autofree char *last = line_text(lines, line_at(lines, 2));
  assert_true(g_utf8_strlen(last, -1) >= 2);
  assert_true(fabs(right_edge(line_at(lines, 1)) - 22 * ZH_SIZE) < 0.01);
}

static const char EN[] =
  "The Internet is a great achievement of human civilization. Information and "
  "communication technologies have brought unprecedented opportunities for the "
  "international community, while the development of cyberspace poses challenges "
  "to sovereignty, security and development interests of all countries. "
  "Strengthening international cooperation and jointly building a community with "
  "a shared future in cyberspace is the common responsibility of governments.";

/* English: hyphenated, the hyphen copies out as "-" from the extra text,
 * no three hyphenated lines in a row, word spaces within bounds, and the
 * runs give back every character of the text. */
static void
test_english(void **state)
{
  PangoContext *ctx = en_ctx;
  g_autoptr(DgHyphenator) hy = dg_hyphenator_new(DG_HYPHEN_EN_US_DIC, 2, 3, NULL);
  DgTextStyle st = en_style();
  int hyphens = 0;
  GArray *gaps = g_array_new(FALSE, FALSE, sizeof(double));
  for (int w = 190; w <= 245; w += 5) {
    g_autoptr(DgLines) lines = set(ctx, &st, hy, EN, w);
    GString *back = g_string_new(NULL);
    int run = 0;
    for (guint i = 0; i < lines->lines->len; i++) {
      DgLine *l = line_at(lines, i);
      g_autofree char *t = line_text(lines, l);
      if (i > 0 && line_at(lines, i - 1)->brk != DG_BREAK_HYPHEN)
        g_string_append_c(back, ' ');
      if (l->brk == DG_BREAK_HYPHEN) {
        assert_true(g_str_has_suffix(t, "-"));
        t[strlen(t) - 1] = '\0';
        hyphens++;
        run++;
        assert_true(run <= 2);
      } else {
        run = 0;
      }
      g_string_append(back, t);
      if (i + 1 < lines->lines->len)
        assert_true(fabs(right_edge(l) - w) < 0.01);
      /* word spaces: every space glyph between 0.15 and 0.60 em */
      for (guint r = 0; r < l->runs->len; r++) {
        const DgRun *run_ = l->runs->pdata[r];
        const PangoGlyphString *gs = run_->glyph_item->glyphs;
        for (int g = 0; g < gs->num_glyphs; g++)
          if (lines->text[run_->glyph_item->item->offset + gs->log_clusters[g]] == ' ') {
            double gap = gs->glyphs[g].geometry.width * dg_run_scale(run_) / 1024.0 / ZH_SIZE;
            if (i + 1 < lines->lines->len)
              g_array_append_val(gaps, gap);
            /* the goal figures: never under 0.15 em; at the book's
             * 22-em column never over 0.60 em */
            if (gap < 0.15 || (w == 230 && gap > 0.60))
              fail_msg("width %d line %u: gap %.3f em", w, i, gap);
          }
      }
    }
    assert_string_equal(back->str, EN);
    g_string_free(back, TRUE);
    assert_true(line_at(lines, lines->lines->len - 1)->brk == DG_BREAK_LAST);
  }
  assert_true(hyphens > 3);
  g_array_sort(gaps, (GCompareFunc)dgtest_cmp_double);
  double p95 = g_array_index(gaps, double, (guint)(gaps->len * 0.95));
  /* issue 4's p95 <= 0.45 em is a book figure, enforced on the PDF in
   * tests/integration/typography_goals.sh; this one dense paragraph of
   * long Latinate words over 12 widths measures 0.52 today. */
  if (p95 > 0.55)
    fail_msg("95th percentile word gap %.3f em over 12 widths", p95);
  g_array_free(gaps, TRUE);
}

/* Glyph expansion (the templates' expansion-pct): over 30 measures, a
 * line widens its Latin glyphs only when its word spaces are past their
 * comfortable stretch (0.40 em), by one of eight steps up to the limit;
 * every line still ends at the measure; a Chinese paragraph given the
 * same limit never widens a CJK glyph. */
static void
test_expansion(void **state)
{
  g_autoptr(DgHyphenator) hy = dg_hyphenator_new(DG_HYPHEN_EN_US_DIC, 2, 3, NULL);
  DgTextStyle st = en_style();
  st.expansion = 0.02;
  int expanded = 0;
  for (int w = 120; w < 270; w += 5) {
    g_autoptr(DgLines) lines = set(en_ctx, &st, hy, EN, w);
    for (guint i = 0; i + 1 < lines->lines->len; i++) {
      DgLine *l = line_at(lines, i);
      assert_true(fabs(right_edge(l) - w) < 0.01);
      for (guint r = 0; r < l->runs->len; r++) {
        const DgRun *run = l->runs->pdata[r];
        double steps = run->stretch_x / 0.02 * DG_LB_EXPANSION_STEPS;
        assert_true(run->stretch_x >= 0 && run->stretch_x <= 0.02 + 1e-9);
        assert_true(fabs(steps - round(steps)) < 1e-6);
        const PangoGlyphString *gs = run->glyph_item->glyphs;
        for (int g = 0; g < gs->num_glyphs && run->stretch_x > 0; g++)
          if (lines->text[run->glyph_item->item->offset + gs->log_clusters[g]] == ' ') {
            double space = gs->glyphs[g].geometry.width * dg_run_scale(run) / 1024.0;
            /* only loose lines: the space had stretched past 0.40 em */
            assert_true(space > (0.25 + 0.15) * ZH_SIZE - 0.01);
            expanded++;
          }
      }
    }
    assert_true(line_at(lines, lines->lines->len - 1)->brk == DG_BREAK_LAST);
  }
  assert_true(expanded > 0);
  DgTextStyle zst = zh_style();
  zst.expansion = 0.02;
  for (int w = 100; w < 200; w += 7) {
    g_autoptr(DgLines) lines = set(zh_ctx, &zst, NULL, ZH_PUNCT, w);
    for (guint i = 0; i < lines->lines->len; i++) {
      const DgLine *l = line_at(lines, i);
      for (guint r = 0; r < l->runs->len; r++) {
        const DgRun *run = l->runs->pdata[r];
        if (g_unichar_iswide(g_utf8_get_char(lines->text + run->glyph_item->item->offset)))
          assert_true(run->stretch_x == 0);
      }
    }
  }
}

/* Margin protrusion (the templates' protrusion key): over 30 measures,
 * a justified line ending in a letter ends at the measure, one ending in
 * a hyphen, comma or full stop hangs past it by part of that mark (less
 * than ⅓ em), and a line starting with an opening quote starts left of
 * the column by part of the quote. */
static void
test_protrusion(void **state)
{
  static const char text[] =
    "“Cyberspace,” they said, “is the common home of humanity.” Information and "
    "communication technologies have brought unprecedented opportunities, while the "
    "development of cyberspace poses challenges to sovereignty, security and development "
    "interests. “Strengthening international cooperation” is the common responsibility.";
  g_autoptr(DgHyphenator) hy = dg_hyphenator_new(DG_HYPHEN_EN_US_DIC, 2, 3, NULL);
  DgTextStyle st = en_style();
  st.protrusion = TRUE;
  int hung_right = 0, hung_left = 0;
  for (int w = 120; w < 270; w += 5) {
    g_autoptr(DgLines) lines = set(en_ctx, &st, hy, text, w);
    for (guint i = 0; i < lines->lines->len; i++) {
      DgLine *l = line_at(lines, i);
      g_autofree char *t = line_text(lines, l);
      gsize n = strlen(t);
      assert_true(l->x_pt <= 0 && l->x_pt > -ZH_SIZE / 3);
      if (l->x_pt < 0) {
        assert_true(g_str_has_prefix(t, "“"));
        hung_left++;
      }
      if (i + 1 == lines->lines->len)
        continue;
      double over = l->x_pt + right_edge(l) - w;
      if (g_ascii_isalpha(t[n - 1])) {
        assert_true(fabs(over) < 0.01);
      } else if (strchr("-,.", t[n - 1])) {
        assert_true(over > 0.5 && over < ZH_SIZE / 3);
        hung_right++;
      }
    }
  }
  assert_true(hung_right > 10 && hung_left > 0);
}

/* The last word of a paragraph is never hyphenated, even when long. */
static void
test_last_word_whole(void **state)
{
  PangoContext *ctx = en_ctx;
  g_autoptr(DgHyphenator) hy = dg_hyphenator_new(DG_HYPHEN_EN_US_DIC, 2, 3, NULL);
  DgTextStyle st = en_style();
  for (int w = 60; w <= 120; w += 5) {
    g_autoptr(DgLines) lines = set(ctx, &st, hy, "Go for internationalization", w);
    for (guint i = 0; i < lines->lines->len; i++)
      assert_int_not_equal(line_at(lines, i)->brk, DG_BREAK_HYPHEN);
  }
}

/* The word a hyphenated line breaks ("inter" of "inter-"), or NULL. */
static char *
broken_word(const DgLines *lines, guint i)
{
  if (line_at(lines, i)->brk != DG_BREAK_HYPHEN)
    return NULL;
  g_autofree char *t = line_text(lines, line_at(lines, i));
  t[strlen(t) - 1] = '\0';
  const char *sp = strrchr(t, ' ');
  return g_strdup(sp ? sp + 1 : t);
}

/* More words hyphenate: a possessive by its stem ("internationaliza-"
 * of "internationalization’s"); acronyms never ("UNESCO"); a last word
 * with a suffix stays whole. */
static void
test_hyphenated_words(void **state)
{
  g_autoptr(DgHyphenator) hy = dg_hyphenator_new(DG_HYPHEN_EN_US_DIC, 2, 3, NULL);
  DgTextStyle st = en_style();
  gboolean stem = FALSE;
  for (int w = 50; w <= 140; w += 3) {
    g_autoptr(DgLines) a = set(en_ctx, &st, hy,
                               "The internationalization’s effect and UNESCO’s INTERNATIONALIZATION "
                               "programme reach every country’s administrations today", w);
    for (guint i = 0; i < a->lines->len; i++) {
      g_autofree char *word = broken_word(a, i);
      if (!word)
        continue;
      if (g_str_has_prefix("internationalization", word))
        stem = TRUE;
      for (const char *c = word; *c; c++)
        if (g_ascii_isupper(*c) && c > word)
          fail_msg("width %d: an acronym hyphenated: %s-", w, word);
    }
    g_autoptr(DgLines) b = set(en_ctx, &st, hy, "Go for internationalization’s", w);
    for (guint i = 0; i < b->lines->len; i++)
      assert_int_not_equal(line_at(b, i)->brk, DG_BREAK_HYPHEN);
  }
  assert_true(stem);
}

/* A hyphen inside a ligature: "ef-ficient" breaks the ffi ligature; the
 * line ends in a reshaped "f" and a hyphen, the next starts with "fi",
 * every non-last line is flush, nothing is lost; unbroken, the ligature
 * stays (fewer glyphs than letters). EB Garamond 08 has the f-ligatures
 * (the installed EB Garamond 12 has none). */
static void
test_ligature_hyphen(void **state)
{
  g_autoptr(DgHyphenator) hy = dg_hyphenator_new(DG_HYPHEN_EN_US_DIC, 2, 3, NULL);
  DgTextStyle st = en_style();
  st.family = (char *)"EB Garamond 08";
  const char *t = "Sufficiently efficient offices affirm difficult affluent officials daily";
  int inside = 0;
  for (int w = 60; w <= 160; w += 2) {
    g_autoptr(DgLines) lines = set(en_ctx, &st, hy, t, w);
    GString *back = g_string_new(NULL);
    for (guint i = 0; i < lines->lines->len; i++) {
      DgLine *l = line_at(lines, i);
      g_autofree char *text = line_text(lines, l);
      if (i > 0 && line_at(lines, i - 1)->brk != DG_BREAK_HYPHEN)
        g_string_append_c(back, ' ');
      if (l->brk == DG_BREAK_HYPHEN) {
        text[strlen(text) - 1] = '\0';
        g_autofree char *next = line_text(lines, line_at(lines, i + 1));
        if (g_str_has_suffix(text, "f") && next[0] == 'f') {
          inside++;
          /* the half before the hyphen is its own run of one glyph */
          const DgRun *pre = l->runs->pdata[l->runs->len - 2];
          assert_int_equal(pre->glyph_item->glyphs->num_glyphs, pre->glyph_item->item->length);
        }
      }
      /* flush when it has a space to stretch; never past the measure */
      if ((i + 1 < lines->lines->len && strchr(text, ' ') && fabs(right_edge(l) - w) > 0.01)
          || right_edge(l) > w + 0.01)
        fail_msg("width %d line %u ends at %.3f", w, i, right_edge(l));
      g_string_append(back, text);
    }
    assert_string_equal(back->str, t);
    g_string_free(back, TRUE);
  }
  assert_true(inside > 5);
  g_autoptr(DgLines) one = set(en_ctx, &st, hy, "efficient", 200);
  const DgRun *r = line_at(one, 0)->runs->pdata[0];
  assert_true(r->glyph_item->glyphs->num_glyphs < (int)strlen("efficient"));
}

/* Sanitizers slow Pango and the breaker down about tenfold; the limit
 * catches a hang or a quadratic blow-up, it is not a benchmark. */
#if defined(__SANITIZE_ADDRESS__)
#define HOSTILE_SECONDS 40.0
#else
#define HOSTILE_SECONDS 10.0   /* test_hostile.c's limit; the box is shared */
#endif

/* Every line inside the measure, and the lines give back `text` whole
 * (no character lost or doubled at an emergency break). */
static void
assert_contained(const DgLines *lines, const char *text, double measure)
{
  GString *back = g_string_new(NULL);
  for (guint i = 0; i < lines->lines->len; i++) {
    DgLine *l = line_at(lines, i);
    if (right_edge(l) > measure + 0.01)
      fail_msg("line %u ends at %.2f, past the measure %.2f", i, right_edge(l), measure);
    g_autofree char *t = line_text(lines, l);
    g_string_append(back, t);
  }
  assert_string_equal(back->str, text);
  g_string_free(back, TRUE);
}

static DgLines *
set_timed(PangoContext *ctx, const DgTextStyle *st, const char *text, double width_pt)
{
  gint64 t0 = g_get_monotonic_time();
  DgLines *lines = set(ctx, st, NULL, text, width_pt);
  double s = dgtest_seconds_since(t0);
  if (s > HOSTILE_SECONDS)
    fail_msg("%zu bytes took %.1f s (limit %.0f s)", strlen(text), s, HOSTILE_SECONDS);
  return lines;
}

/* Issue 6: a 6,000-letter "word" is broken at emergency points (no
 * hyphen, ragged) instead of running off the page; the lines are full
 * (at most one line's worth of slack in all) and in time. */
static void
test_hostile_word(void **state)
{
  DgTextStyle st = en_style();
  g_autofree char *word = g_strnfill(6000, 'a');
  g_autoptr(DgLines) a = set_timed(en_ctx, &st, word, 200);
  assert_contained(a, word, 200);
  assert_true(a->lines->len > 100);
  for (guint i = 0; i + 1 < a->lines->len; i++)
    assert_true(right_edge(line_at(a, i)) > 200 - 0.6 * ZH_SIZE);
  /* with words around it: the words before it stay whole */
  g_autofree char *text = g_strconcat("Before the word ", word, " after it.", NULL);
  g_autoptr(DgLines) b = set_timed(en_ctx, &st, text, 200);
  g_autofree char *first = line_text(b, line_at(b, 0));
  assert_true(g_str_has_prefix(first, "Before the word a"));
  for (guint i = 0; i < b->lines->len; i++)
    assert_true(right_edge(line_at(b, i)) <= 200 + 0.01);
  /* in the Chinese column, after Han text */
  DgTextStyle zs = zh_style();
  g_autofree char *mixed = g_strconcat("前面", word, "后面。", NULL);
  g_autoptr(DgLines) c = set_timed(zh_ctx, &zs, mixed, 200);
  assert_contained(c, mixed, 200);
}

/* Punctuation only: 。」，（ has kinsoku-legal breaks; 3,000 。 in a row
 * has none and takes emergency breaks; an empty paragraph gives a line. */
static void
test_hostile_punctuation(void **state)
{
  DgTextStyle zs = zh_style();
  GString *p = g_string_new(NULL);
  for (int i = 0; i < 500; i++)
    g_string_append(p, "。」，（");
  g_autoptr(DgLines) b = set_timed(zh_ctx, &zs, p->str, 200);
  assert_contained(b, p->str, 200);
  g_string_truncate(p, 0);
  for (int i = 0; i < 3000; i++)
    g_string_append(p, "。");
  g_autoptr(DgLines) c = set_timed(zh_ctx, &zs, p->str, 200);
  assert_contained(c, p->str, 200);
  assert_true(c->lines->len > 60);   /* 。。 compress to half an em each (P3) */
  g_string_free(p, TRUE);
  DgTextStyle st = en_style();
  g_autoptr(DgLines) e = set(en_ctx, &st, NULL, "", 200);
  assert_int_equal(e->lines->len, 1);
}

/* Issue 6: 300,000 Han characters without punctuation in one paragraph. */
static void
test_hostile_long_han(void **state)
{
  DgTextStyle zs = zh_style();
  GString *s = g_string_new(NULL);
  for (int i = 0; i < 300000; i++)
    g_string_append_unichar(s, 0x4E00 + (gunichar)(((guint)i * 7919u) % 2000u));
  g_autoptr(DgLines) l = set_timed(zh_ctx, &zs, s->str, 22 * ZH_SIZE);
  assert_true(l->lines->len >= 300000 / 22);
  for (guint i = 0; i + 1 < l->lines->len; i++)
    if (fabs(right_edge(line_at(l, i)) - 22 * ZH_SIZE) > 0.01)
      fail_msg("line %u ends at %.3f", i, right_edge(line_at(l, i)));
  g_string_free(s, TRUE);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_kinsoku),
    cmocka_unit_test(test_kinsoku_from_template),
    cmocka_unit_test(test_justified_flush),
    cmocka_unit_test(test_compression),
    cmocka_unit_test(test_autospace),
    cmocka_unit_test(test_note_mark_no_autospace),
    cmocka_unit_test(test_opening_at_line_start),
    cmocka_unit_test(test_no_orphan_character),
    cmocka_unit_test(test_english),
    cmocka_unit_test(test_expansion),
    cmocka_unit_test(test_protrusion),
    cmocka_unit_test(test_last_word_whole),
    cmocka_unit_test(test_hyphenated_words),
    cmocka_unit_test(test_ligature_hyphen),
    cmocka_unit_test(test_hostile_word),
    cmocka_unit_test(test_hostile_punctuation),
    cmocka_unit_test(test_hostile_long_han),
  };
  zh_ctx = context_new("zh-cn");
  en_ctx = context_new("en");
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  g_object_unref(zh_ctx);
  g_object_unref(en_ctx);
  return failed;
}
