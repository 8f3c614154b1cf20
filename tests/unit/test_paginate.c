/* test_paginate.c — pagination rules with made-up numbers: widows and
 * orphans, headings kept with what follows, rows level across columns,
 * both columns continuing on the next frame, footnote space, facing
 * spreads, chapter openings on right-hand pages. */
#include "dgtest.h"
#include "paginate.h"

#include <math.h>

/* A column of n paragraphs lines of height h (ascent 0.8 h). */
static DgPColumn
para(int n, double h)
{
  DgPColumn c = { g_new0(DgPLine, n), n };
  for (int i = 0; i < n; i++) {
    c.lines[i].height_pt = h;
    c.lines[i].ascent_pt = 0.8 * h;
  }
  dg_paginate_mark_paragraph(c.lines, n, FALSE);
  return c;
}

static void
rows_free(DgPRow *rows, int n)
{
  for (int r = 0; r < n; r++)
    for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++) {
      for (int j = 0; j < rows[r].col[c].n_lines; j++)
        g_free(rows[r].col[c].lines[j].notes);
      g_free(rows[r].col[c].lines);
    }
}

/* A footnote of n lines of height h, 2 pt below it. */
static DgPNote *
note_new(int n, double h, int id)
{
  double *lines = g_new(double, n);
  for (int i = 0; i < n; i++)
    lines[i] = h;
  DgPNote *note = g_new0(DgPNote, 1);
  *note = (DgPNote){ lines, n, 2, id };
  return note;
}

static void
note_free(DgPNote *note)
{
  g_free((double *)note->line_pt);
  g_free(note);
}

/* Line `l` cites `note` (after the notes it already cites). */
static void
cite(DgPLine *l, const DgPNote *note)
{
  l->notes = g_renew(const DgPNote *, l->notes, l->n_notes + 1);
  l->notes[l->n_notes++] = note;
}

static void
test_break_flags(void **state)
{
  DgPLine l[6];
  /* 5 lines: a break may only leave >= 2 lines on each side */
  dg_paginate_mark_paragraph(l, 5, FALSE);
  gboolean want5[5] = { FALSE, TRUE, TRUE, FALSE, TRUE };
  for (int i = 0; i < 5; i++)
    assert_int_equal(l[i].break_after, want5[i]);
  dg_paginate_mark_paragraph(l, 3, FALSE);
  assert_false(l[0].break_after);
  assert_false(l[1].break_after);
  assert_true(l[2].break_after);
  dg_paginate_mark_paragraph(l, 2, TRUE); /* heading: nothing */
  assert_false(l[0].break_after);
  assert_false(l[1].break_after);
}

static const DgPGeometry one = { 1, 45, 5, 1, 1, TRUE };

static void
test_no_widow(void **state)
{
  /* 4 of 5 lines fit in 45 pt, but that would leave one line (a widow)
   * at the top of the next frame: 3 lines go here, 2 there. */
  DgPRow rows[1] = { { .col = { para(5, 10) } } };
  assert_int_equal(dg_paginate(rows, 1, &one, NULL), 2);
  int want[5] = { 0, 0, 0, 1, 1 };
  for (int i = 0; i < 5; i++)
    assert_int_equal(rows[0].col[0].lines[i].frame, want[i]);
  assert_true(rows[0].col[0].lines[3].y_pt == 0);
  rows_free(rows, 1);
}

static void
test_no_orphan(void **state)
{
  /* After 3 lines (30 pt) only one line of the next paragraph fits:
   * an orphan, so the whole paragraph moves. */
  DgPRow rows[2] = { { .col = { para(3, 10) } }, { .col = { para(4, 10) } } };
  assert_int_equal(dg_paginate(rows, 2, &one, NULL), 2);
  assert_int_equal(rows[1].first_frame, 1);
  assert_int_equal(rows[1].col[0].lines[0].frame, 1);
  assert_true(rows[1].col[0].lines[0].y_pt == 0);
  rows_free(rows, 2);
}

static void
test_heading_keeps_with_next(void **state)
{
  /* A heading that fits at the foot of frame 0 but whose paragraph
   * cannot start there moves to frame 1 with it. */
  DgPRow rows[3] = { { .col = { para(3, 10) } }, { .col = { para(1, 10) } },
                     { .col = { para(4, 10) } } };
  dg_paginate_mark_paragraph(rows[1].col[0].lines, 1, TRUE);
  rows[1].keep_with_next = TRUE;
  dg_paginate(rows, 3, &one, NULL);
  assert_int_equal(rows[1].first_frame, 1);
  assert_int_equal(rows[2].col[0].lines[0].frame, 1);
  assert_true(rows[1].col[0].lines[0].y_pt == 0);
  rows_free(rows, 3);
}

static void
test_parallel_rows_level(void **state)
{
  /* Row 0: 2 lines left, 4 right; row 1 starts below the longer column
   * in both; first baselines level despite different ascents. */
  DgPGeometry two = { 2, 200, 5, 1, 1, TRUE };
  DgPRow rows[2] = { { .col = { para(2, 10), para(4, 10) } },
                     { .col = { para(2, 17.5), para(2, 14) } } };
  rows[1].col[0].lines[0].space_before_pt = rows[1].col[1].lines[0].space_before_pt = 6;
  dg_paginate(rows, 2, &two, NULL);
  const DgPLine *a = &rows[1].col[0].lines[0], *b = &rows[1].col[1].lines[0];
  assert_true(fabs(a->y_pt + a->ascent_pt - (b->y_pt + b->ascent_pt)) < 1e-9);
  assert_true(fabs(a->y_pt - 46) < 1e-9); /* 40 + 6 space */
  rows_free(rows, 2);
}

static void
test_pair_continues_in_both_columns(void **state)
{
  /* A pair taller than the frame: each column breaks legally and both
   * continue at the top of frame 1. */
  DgPGeometry two = { 2, 50, 5, 1, 1, TRUE };
  DgPRow rows[1] = { { .col = { para(6, 10), para(8, 10) } } };
  assert_int_equal(dg_paginate(rows, 1, &two, NULL), 2);
  assert_int_equal(rows[0].col[0].lines[4].frame, 1);
  assert_int_equal(rows[0].col[1].lines[5].frame, 1);
  assert_int_equal(rows[0].col[1].lines[4].frame, 0);
  assert_true(rows[0].col[0].lines[4].y_pt == 0 || rows[0].col[0].lines[3].y_pt == 0);
  rows_free(rows, 1);
}

static void
test_footnote_space(void **state)
{
  /* The second paragraph's first line carries a 20 pt note: with the
   * 5 pt gap, it no longer fits beside 20 pt of text, so the paragraph
   * (2 lines, no orphan) moves to frame 1. */
  DgPNote *twenty = note_new(2, 9, 0), *ten = note_new(1, 8, 1);
  DgPRow rows[2] = { { .col = { para(2, 10) } }, { .col = { para(2, 10) } } };
  cite(&rows[1].col[0].lines[0], twenty);
  dg_paginate(rows, 2, &one, NULL);
  assert_int_equal(rows[1].first_frame, 1);
  rows_free(rows, 2);
  DgPRow fits[2] = { { .col = { para(2, 10) } }, { .col = { para(1, 10) } } };
  cite(&fits[1].col[0].lines[0], ten);
  dg_paginate(fits, 2, &one, NULL);
  assert_int_equal(fits[1].first_frame, 0);
  rows_free(fits, 2);
  note_free(twenty);
  note_free(ten);
}

static void
test_facing_and_recto(void **state)
{
  DgPGeometry spread = { 2, 45, 5, 4, 2, FALSE };
  assert_int_equal(dg_paginate_page_of_frame(&spread, 0), 4);
  assert_int_equal(dg_paginate_page_of_frame(&spread, 2), 8);
  /* a chapter opening on a right-hand page skips the even page */
  DgPGeometry pages = { 1, 45, 5, 5, 1, TRUE };
  DgPRow rows[2] = { { .col = { para(2, 10) } }, { .col = { para(2, 10) } } };
  rows[1].new_frame = rows[1].recto = TRUE;
  assert_int_equal(dg_paginate(rows, 2, &pages, NULL), 3);
  assert_int_equal(rows[1].first_frame, 2);
  assert_int_equal(dg_paginate_page_of_frame(&pages, 2), 7);
  rows_free(rows, 2);
}

static void
test_facing_rows_free(void **state)
{
  /* Facing: each side flows on below its own text; a row that runs past
   * the spread sends the next row to the next spread on both sides,
   * padding the shorter side. */
  DgPGeometry spread = { 2, 80, 5, 2, 2, FALSE };
  DgPRow rows[3] = { { .col = { para(2, 10), para(4, 10) } },
                     { .col = { para(2, 10), para(2, 10) } },
                     { .col = { para(2, 10), para(4, 10) } } };
  assert_int_equal(dg_paginate(rows, 3, &spread, NULL), 2);
  assert_true(rows[1].col[0].lines[0].y_pt == 20);  /* not level with ... */
  assert_true(rows[1].col[1].lines[0].y_pt == 40);  /* ... its translation */
  /* row 2: the left side fits (60 of 80); the right breaks after 2 of 4 */
  assert_int_equal(rows[2].first_frame, 0);
  assert_int_equal(rows[2].col[1].lines[2].frame, 1);
  assert_int_equal(rows[2].col[0].lines[1].frame, 0);
  rows_free(rows, 3);
}

static void
test_oversized_line_terminates(void **state)
{
  /* A box taller than the frame must not loop forever. */
  DgPRow rows[1] = { { .col = { para(3, 60) } } };
  assert_int_equal(dg_paginate(rows, 1, &one, NULL), 3);
  rows_free(rows, 1);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_break_flags),
    cmocka_unit_test(test_no_widow),
    cmocka_unit_test(test_no_orphan),
    cmocka_unit_test(test_heading_keeps_with_next),
    cmocka_unit_test(test_parallel_rows_level),
    cmocka_unit_test(test_pair_continues_in_both_columns),
    cmocka_unit_test(test_footnote_space),
    cmocka_unit_test(test_facing_and_recto),
    cmocka_unit_test(test_facing_rows_free),
    cmocka_unit_test(test_oversized_line_terminates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
