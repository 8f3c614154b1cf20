/* test_linebreak.c — the Knuth–Plass core on made-up widths. */
#include "dgtest.h"
#include "linebreak.h"

#include <math.h>

/* Words of the given widths separated by glue (1, +1, -0.5): TeX-like
 * spaces at a scale where the numbers are easy to follow by hand. */
static GArray *
words(const double *w, int n)
{
  GArray *a = g_array_new(FALSE, TRUE, sizeof(DgLbItem));
  for (int i = 0; i < n; i++) {
    if (i > 0) {
      DgLbItem g = { .kind = DG_LB_GLUE, .width_pt = 1, .stretch_pt = 1, .shrink_pt = 0.5 };
      g_array_append_val(a, g);
    }
    DgLbItem b = { .kind = DG_LB_BOX, .width_pt = w[i], .tag = (guint32)i };
    g_array_append_val(a, b);
  }
  return a;
}

/* The index of the last word on each line, as a string "2,4,6". */
static char *
last_words(GArray *items, GArray *lines)
{
  GString *s = g_string_new(NULL);
  for (guint i = 0; i < lines->len; i++) {
    DgLbLine *l = &g_array_index(lines, DgLbLine, i);
    guint32 tag = 0;
    for (gsize k = l->start; k < l->end; k++)
      if (g_array_index(items, DgLbItem, k).kind == DG_LB_BOX)
        tag = g_array_index(items, DgLbItem, k).tag;
    g_string_append_printf(s, "%s%u", i ? "," : "", tag);
  }
  return g_string_free(s, FALSE);
}

/* First fit packs "2 2 2 2" (shrunk) and leaves "6 1" at ratio 2;
 * total fit sets three lines at ratio 1. */
static void
test_total_fit_beats_first_fit(void **state)
{
  const double w[] = { 2, 2, 2, 2, 6, 1, 6 };
  g_autoptr(GArray) items = words(w, 7);
  DgLbParams p;
  dg_lb_params_init(&p, 10);
  p.tolerance = 2;
  g_autoptr(GArray) lines = dg_linebreak((DgLbItem *)items->data, items->len, &p);
  g_autofree char *got = last_words(items, lines);
  assert_string_equal(got, "2,4,6");
  assert_true(fabs(g_array_index(lines, DgLbLine, 0).ratio - 1) < 1e-9);
  assert_true(fabs(g_array_index(lines, DgLbLine, 1).ratio - 1) < 1e-9);
  assert_true(g_array_index(lines, DgLbLine, 2).forced);
}

/* Every line can be set exactly only by ending it with a hyphen
 * ("3 5-"); any other line is infinitely loose. With max_hyphen_run 2
 * the breaker must still refuse a third hyphenated line in a row. */
static void
test_hyphen_run_limit(void **state)
{
  GArray *a = g_array_new(FALSE, TRUE, sizeof(DgLbItem));
  DgLbItem first = { .kind = DG_LB_BOX, .width_pt = 3 };
  DgLbItem g = { .kind = DG_LB_GLUE, .width_pt = 1, .stretch_pt = 1, .shrink_pt = 0.3 };
  g_array_append_val(a, first);
  g_array_append_val(a, g);
  for (int i = 0; i < 8; i++) {
    DgLbItem head = { .kind = DG_LB_BOX, .width_pt = 5, .tag = (guint32)i };
    DgLbItem h = { .kind = DG_LB_PENALTY, .width_pt = 1, .penalty = 50, .flagged = TRUE };
    DgLbItem tail = { .kind = DG_LB_BOX, .width_pt = 3, .tag = (guint32)(100 + i) };
    g_array_append_val(a, head);
    g_array_append_val(a, h);
    g_array_append_val(a, tail);
    g_array_append_val(a, g);
  }
  DgLbParams p;
  dg_lb_params_init(&p, 10);
  p.tolerance = 100;
  p.double_hyphen_demerits = 0;   /* only the hard limit stops a third */
  g_autoptr(GArray) lines = dg_linebreak((DgLbItem *)a->data, a->len - 1, &p);
  int run = 0, max_run = 0, hyph = 0;
  for (guint i = 0; i < lines->len; i++) {
    gboolean h = g_array_index(lines, DgLbLine, i).hyphenated;
    run = h ? run + 1 : 0;
    hyph += h;
    max_run = MAX(max_run, run);
  }
  assert_true(hyph >= 2);
  assert_int_equal(max_run, 2);
  p.max_hyphen_run = 1;
  g_autoptr(GArray) lines1 = dg_linebreak((DgLbItem *)a->data, a->len - 1, &p);
  run = max_run = 0;
  for (guint i = 0; i < lines1->len; i++) {
    run = g_array_index(lines1, DgLbLine, i).hyphenated ? run + 1 : 0;
    max_run = MAX(max_run, run);
  }
  assert_int_equal(max_run, 1);
  g_array_free(a, TRUE);
}

/* clreq G7: a last line holding one short word costs enough demerits
 * that the breaker pulls a second word down. */
static void
test_short_last_line(void **state)
{
  const double w[] = { 3, 2, 3, 1 };  /* "3 2 3" is exactly 10 */
  g_autoptr(GArray) items = words(w, 4);
  DgLbParams p;
  dg_lb_params_init(&p, 10);
  p.tolerance = 10;
  g_autoptr(GArray) plain = dg_linebreak((DgLbItem *)items->data, items->len, &p);
  g_autofree char *a = last_words(items, plain);
  assert_string_equal(a, "2,3");
  p.tolerance = 10;
  p.short_last_pt = 2;
  p.short_last_demerits = 1e9;
  g_autoptr(GArray) fixed = dg_linebreak((DgLbItem *)items->data, items->len, &p);
  g_autofree char *b = last_words(items, fixed);
  assert_string_equal(b, "1,3");
}

/* A box wider than the measure cannot be avoided: the breaker still
 * returns every item, marks the line overfull and does not hang. */
static void
test_overfull_emergency(void **state)
{
  const double w[] = { 2, 30, 2, 2 };
  g_autoptr(GArray) items = words(w, 4);
  DgLbParams p;
  dg_lb_params_init(&p, 10);
  g_autoptr(GArray) lines = dg_linebreak((DgLbItem *)items->data, items->len, &p);
  g_autofree char *got = last_words(items, lines);
  assert_string_equal(got, "0,1,3");
  assert_true(g_array_index(lines, DgLbLine, 1).overfull);
  assert_false(g_array_index(lines, DgLbLine, 0).overfull);
}

/* A forbidden break (penalty +inf before glue) is never taken; a forced
 * one always is, and its line stays at natural width. */
static void
test_penalties(void **state)
{
  GArray *a = words((const double[]){ 4, 4, 4, 4 }, 4);
  DgLbItem never = { .kind = DG_LB_PENALTY, .penalty = DG_LB_INFINITY };
  g_array_insert_val(a, 3, never);    /* before the glue after word 1 */
  DgLbItem force = { .kind = DG_LB_PENALTY, .penalty = -DG_LB_INFINITY };
  g_array_insert_val(a, 1, force);    /* right after word 0 */
  DgLbParams p;
  dg_lb_params_init(&p, 9);
  p.tolerance = 1000;
  g_autoptr(GArray) lines = dg_linebreak((DgLbItem *)a->data, a->len, &p);
  g_autofree char *got = last_words(a, lines);
  assert_string_equal(got, "0,2,3");
  DgLbLine *l0 = &g_array_index(lines, DgLbLine, 0);
  assert_true(l0->forced);
  double out[8];
  assert_true(fabs(dg_lb_set_line((DgLbItem *)a->data, l0, 9, TRUE, out) - 4) < 1e-9);
  g_array_free(a, TRUE);
}

/* clreq J4: tier 0 (Han–Western gaps) stretches to its limit before
 * tier 1 (between Han characters) moves; excess goes to the last tier. */
static void
test_tiers(void **state)
{
  DgLbItem it[] = {
    { .kind = DG_LB_BOX, .width_pt = 10 },
    { .kind = DG_LB_GLUE, .width_pt = 2.5, .stretch_pt = 1, .shrink_pt = 1.25,
      .stretch_tier = 0, .shrink_tier = 1 },
    { .kind = DG_LB_BOX, .width_pt = 10 },
    { .kind = DG_LB_GLUE, .width_pt = 0, .stretch_pt = 1, .stretch_tier = 1 },
    { .kind = DG_LB_BOX, .width_pt = 10 },
    { .kind = DG_LB_GLUE, .width_pt = 5, .shrink_pt = 5, .shrink_tier = 0 },
    { .kind = DG_LB_BOX, .width_pt = 10 },
    { .kind = DG_LB_PENALTY },   /* the break item the line ends at */
  };
  DgLbLine line = { .start = 0, .end = 7, .brk = 7 };
  double out[7];
  /* natural 47.5; +0.5 fits in tier 0 alone */
  dg_lb_set_line(it, &line, 48, TRUE, out);
  assert_true(fabs(out[1] - 3.0) < 1e-9 && fabs(out[3]) < 1e-9);
  /* +3: tier 0 gives 1, tier 1 gives the other 2 (beyond its 1) */
  double w = dg_lb_set_line(it, &line, 50.5, TRUE, out);
  assert_true(fabs(out[1] - 3.5) < 1e-9 && fabs(out[3] - 2.0) < 1e-9);
  assert_true(fabs(w - 50.5) < 1e-9);
  /* −6: tier 0 (punctuation) gives all 5, then 1 from tier 1 */
  dg_lb_set_line(it, &line, 41.5, TRUE, out);
  assert_true(fabs(out[5]) < 1e-9 && fabs(out[1] - 1.5) < 1e-9);
  /* not justified: a short line keeps natural widths */
  w = dg_lb_set_line(it, &line, 60, FALSE, out);
  assert_true(fabs(w - 47.5) < 1e-9 && fabs(out[1] - 2.5) < 1e-9);
}

/* Glyph expansion: two 40-pt boxes that may widen by 2% (0.8 pt each)
 * around a space of 4 (+2). The space fills first; only past its
 * stretch do the boxes widen, by eighths of their capacity, and the
 * rest goes back to the space. Shrinking, a forced line and the choice
 * of breaks never use it. */
static void
test_expansion(void **state)
{
  DgLbItem it[] = {
    { .kind = DG_LB_BOX, .width_pt = 40, .stretch_pt = 0.8 },
    { .kind = DG_LB_GLUE, .width_pt = 4, .stretch_pt = 2, .shrink_pt = 1 },
    { .kind = DG_LB_BOX, .width_pt = 40, .stretch_pt = 0.8 },
    { .kind = DG_LB_PENALTY },
  };
  DgLbLine line = { .start = 0, .end = 3, .brk = 3 };
  double out[3];
  /* +1.5 is within the space's stretch: the boxes keep their width */
  dg_lb_set_line(it, &line, 85.5, TRUE, out);
  assert_true(out[0] == 40 && out[2] == 40 && fabs(out[1] - 5.5) < 1e-9);
  /* +2.9: the space takes 2; 0.9 of the boxes' 1.6 is 4.5 eighths, so
   * they take 4/8 (0.4 each, 1%) and the space the last 0.1 */
  double w = dg_lb_set_line(it, &line, 86.9, TRUE, out);
  assert_true(fabs(out[0] - 40.4) < 1e-9 && fabs(out[2] - 40.4) < 1e-9);
  assert_true(fabs(out[1] - 6.1) < 1e-9 && fabs(w - 86.9) < 1e-9);
  /* +10: the boxes give all of their 2%, the space all the rest */
  dg_lb_set_line(it, &line, 94, TRUE, out);
  assert_true(fabs(out[0] - 40.8) < 1e-9 && fabs(out[1] - 12.4) < 1e-9);
  /* shrinking: boxes never narrow */
  dg_lb_set_line(it, &line, 83.5, TRUE, out);
  assert_true(out[0] == 40 && fabs(out[1] - 3.5) < 1e-9);
  /* a forced (last) line stays natural */
  DgLbLine last = line;
  last.forced = TRUE;
  w = dg_lb_set_line(it, &last, 94, TRUE, out);
  assert_true(out[0] == 40 && fabs(w - 84) < 1e-9);
  /* the break choice ignores it: with a third box, the first line's
   * ratio is the space's alone, (86.9 − 84) / 2, not 2.9 / 3.6 */
  DgLbItem three[] = { it[0], it[1], it[2], it[1], it[2] };
  DgLbParams p;
  dg_lb_params_init(&p, 86.9);
  p.tolerance = 10;
  g_autoptr(GArray) lines = dg_linebreak(three, G_N_ELEMENTS(three), &p);
  assert_int_equal(lines->len, 2);
  assert_true(fabs(g_array_index(lines, DgLbLine, 0).ratio - 1.45) < 1e-9);
}

/* Margin protrusion: a first box that may hang 2 pt to the left and a
 * last box 1.5 pt to the right make a justified line 3.5 pt wider than
 * the measure; a forced line hangs only to the left. In the choice of
 * breaks, "40 40" (84 pt) fits an 82-pt measure only because it hangs:
 * ratio (82 − 80.5) / 2. */
static void
test_protrusion(void **state)
{
  DgLbItem it[] = {
    { .kind = DG_LB_BOX, .width_pt = 40, .hang_left_pt = 2 },
    { .kind = DG_LB_GLUE, .width_pt = 4, .stretch_pt = 2, .shrink_pt = 1 },
    { .kind = DG_LB_BOX, .width_pt = 40, .hang_right_pt = 1.5 },
    { .kind = DG_LB_GLUE, .width_pt = 4, .stretch_pt = 2, .shrink_pt = 1 },
    { .kind = DG_LB_BOX, .width_pt = 40 },
  };
  DgLbLine line = { .start = 0, .end = 3, .brk = 3 };
  double out[3];
  double w = dg_lb_set_line(it, &line, 82, TRUE, out);
  assert_true(fabs(w - 85.5) < 1e-9 && fabs(out[1] - 5.5) < 1e-9);
  assert_true(dg_lb_hang_left(it, &line) == 2);
  DgLbLine last = line;
  last.forced = TRUE;
  w = dg_lb_set_line(it, &last, 82, TRUE, out);
  assert_true(fabs(w - 84) < 1e-9 && fabs(out[1] - 4) < 1e-9);
  DgLbParams p;
  dg_lb_params_init(&p, 82);
  g_autoptr(GArray) lines = dg_linebreak(it, G_N_ELEMENTS(it), &p);
  assert_int_equal(lines->len, 2);
  assert_int_equal(g_array_index(lines, DgLbLine, 0).brk, 3);
  assert_true(fabs(g_array_index(lines, DgLbLine, 0).ratio - 0.75) < 1e-9);
}

/* The paragraph builder's emergency break inside an unbreakable run:
 * glue(0,+S), penalty, glue(0,−S) between 1-pt letters. 25 letters in a
 * 10-pt measure make lines of 10, 10 and 5 letters in the first pass
 * (ratio ≤ 1, not overfull); inside a line the pairs cancel, so every
 * letter sits exactly 1 pt after the previous one; the ragged glue at the
 * line's end takes no slack from a full line. */
static void
test_ragged_emergency(void **state)
{
  GArray *a = g_array_new(FALSE, TRUE, sizeof(DgLbItem));
  for (int i = 0; i < 25; i++) {
    if (i > 0) {
      DgLbItem seq[] = {
        { .kind = DG_LB_PENALTY, .penalty = DG_LB_INFINITY },
        { .kind = DG_LB_GLUE, .stretch_pt = 10, .stretch_tier = DG_LB_TIER_RAGGED },
        { .kind = DG_LB_PENALTY, .penalty = 9000 },
        { .kind = DG_LB_GLUE, .stretch_pt = -10, .stretch_tier = DG_LB_TIER_RAGGED },
      };
      g_array_append_vals(a, seq, G_N_ELEMENTS(seq));
    }
    DgLbItem b = { .kind = DG_LB_BOX, .width_pt = 1, .tag = (guint32)i };
    g_array_append_val(a, b);
  }
  DgLbParams p;
  dg_lb_params_init(&p, 10);
  g_autoptr(GArray) lines = dg_linebreak((DgLbItem *)a->data, a->len, &p);
  g_autofree char *got = last_words(a, lines);
  assert_string_equal(got, "9,19,24");
  for (guint i = 0; i < lines->len; i++) {
    DgLbLine *l = &g_array_index(lines, DgLbLine, i);
    assert_false(l->overfull);
    double out[128], x = 0;
    double w = dg_lb_set_line((DgLbItem *)a->data, l, 10, TRUE, out);
    assert_true(fabs(w - 10) < 1e-9 || l->forced);
    for (gsize k = l->start; k < l->end; k++) {
      if (g_array_index(a, DgLbItem, k).kind == DG_LB_BOX)
        assert_true(fabs(x - (double)(g_array_index(a, DgLbItem, k).tag % 10)) < 1e-9);
      x += out[k - l->start];
    }
  }
  g_array_free(a, TRUE);
}

static void
test_empty(void **state)
{
  DgLbParams p;
  dg_lb_params_init(&p, 10);
  g_autoptr(GArray) lines = dg_linebreak(NULL, 0, &p);
  assert_int_equal(lines->len, 1);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_total_fit_beats_first_fit),
    cmocka_unit_test(test_hyphen_run_limit),
    cmocka_unit_test(test_short_last_line),
    cmocka_unit_test(test_overfull_emergency),
    cmocka_unit_test(test_penalties),
    cmocka_unit_test(test_tiers),
    cmocka_unit_test(test_expansion),
    cmocka_unit_test(test_protrusion),
    cmocka_unit_test(test_ragged_emergency),
    cmocka_unit_test(test_empty),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
