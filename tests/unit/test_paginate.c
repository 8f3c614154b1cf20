/* test_paginate.c — pagination rules with made-up numbers: widows and
 * orphans, headings kept with what follows, rows level across columns,
 * both columns continuing on the next frame, footnote space, footnotes
 * split and continued onto the next frames, facing spreads, chapter
 * openings on right-hand pages. */
#include "dgtest.h"
#include "paginate.h"

#include <math.h>
#include <string.h>

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

/* The pieces dg_paginate() gave out, checked against a list of
 * { id, frame, column, first_line, n_lines }. */
static void
assert_pieces(const GArray *got, const int (*want)[5], guint n)
{
  gboolean same = got->len == n;
  for (guint i = 0; same && i < n; i++) {
    const DgPNotePiece *p = &g_array_index(got, DgPNotePiece, i);
    int have[5] = { p->id, p->frame, p->column, p->first_line, p->n_lines };
    same = memcmp(have, want[i], sizeof have) == 0;
  }
  if (same)
    return;
  for (guint i = 0; i < got->len; i++) {
    const DgPNotePiece *p = &g_array_index(got, DgPNotePiece, i);
    print_error("piece %u: note %d frame %d column %d lines %d+%d\n", i, p->id, p->frame,
                p->column, p->first_line, p->n_lines);
  }
  fail_msg("%u pieces, %u expected, or one differs", got->len, n);
}

static const DgPGeometry tall = { 1, 100, 5, 1, 1, TRUE };

static void
test_note_split_over_two_frames(void **state)
{
  /* A 3-line paragraph cites a 10-line note (102 pt) on its first line:
   * 8 note lines would fit below that line, but the paragraph cannot
   * break after it, so the note yields the next two lines their room:
   * all 3 lines and 6 note lines on frame 0, 4 note lines continue. */
  DgPNote *n = note_new(10, 10, 7);
  DgPRow rows[1] = { { .col = { para(3, 10) } } };
  cite(&rows[0].col[0].lines[0], n);
  g_autoptr(GArray) pieces = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  assert_int_equal(dg_paginate(rows, 1, &tall, pieces), 2);
  for (int i = 0; i < 3; i++)
    assert_int_equal(rows[0].col[0].lines[i].frame, 0);
  static const int want[][5] = { { 7, 0, 0, 0, 6 }, { 7, 1, 0, 6, 4 } };
  assert_pieces(pieces, want, G_N_ELEMENTS(want));
  rows_free(rows, 1);
  note_free(n);
}

/* A 30-line note cited in the second line from the top of frame 0: 7
 * lines there, 9 on each of frames 1 and 2, the last 5 on frame 3. */
static const int thirty[][5] = { { 0, 0, 0, 0, 7 }, { 0, 1, 0, 7, 9 }, { 0, 2, 0, 16, 9 },
                                 { 0, 3, 0, 25, 5 } };

static void
test_note_three_times_the_page(void **state)
{
  /* A 302 pt note on 100 pt frames: 7 lines with its reference, two
   * frames of notes only (9 lines each), its last 5 lines on frame 3,
   * where the body resumes above them. */
  DgPNote *n = note_new(30, 10, 0);
  DgPRow rows[2] = { { .col = { para(2, 10) } }, { .col = { para(1, 10) } } };
  cite(&rows[0].col[0].lines[1], n);
  g_autoptr(GArray) pieces = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  assert_int_equal(dg_paginate(rows, 2, &tall, pieces), 4);
  assert_pieces(pieces, thirty, G_N_ELEMENTS(thirty));
  assert_int_equal(rows[0].col[0].lines[1].frame, 0);
  assert_int_equal(rows[1].first_frame, 3);
  assert_true(rows[1].col[0].lines[0].y_pt == 0);
  rows_free(rows, 2);
  note_free(n);
}

/* Row 0, a paragraph of `n0` 10 pt lines, cites note 0 (`a` lines of
 * 10 pt) on its last line; row 1, one line, cites note 1 (`b` lines of
 * `b_pt`). Paginated on 100 pt frames; *row1 is row 1's first frame. */
static GArray *
two_notes(int n0, int a, int b, double b_pt, int *row1)
{
  DgPNote *na = note_new(a, 10, 0), *nb = note_new(b, b_pt, 1);
  DgPRow rows[2] = { { .col = { para(n0, 10) } }, { .col = { para(1, 10) } } };
  cite(&rows[0].col[0].lines[n0 - 1], na);
  cite(&rows[1].col[0].lines[0], nb);
  GArray *pieces = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  assert_int_equal(dg_paginate(rows, 2, &tall, pieces), 2);
  *row1 = rows[1].first_frame;
  rows_free(rows, 2);
  note_free(na);
  note_free(nb);
  return pieces;
}

static void
test_continued_note_comes_first(void **state)
{
  /* Note 0 (12 lines) splits 7 + 5; on frame 1 its rest opens the note
   * area, above note 1 cited there. */
  int row1;
  g_autoptr(GArray) pieces = two_notes(2, 12, 1, 8, &row1);
  static const int want[][5] = { { 0, 0, 0, 0, 7 }, { 0, 1, 0, 7, 5 }, { 1, 1, 0, 0, 1 } };
  assert_pieces(pieces, want, G_N_ELEMENTS(want));
  assert_int_equal(row1, 1);
}

static void
test_second_note_continues(void **state)
{
  /* Two notes on frame 0: the first (2 lines) whole, the second (10
   * lines) split 5 + 5 below it. */
  int row1;
  g_autoptr(GArray) pieces = two_notes(1, 2, 10, 10, &row1);
  static const int want[][5] = { { 0, 0, 0, 0, 2 }, { 1, 0, 0, 0, 5 }, { 1, 1, 0, 5, 5 } };
  assert_pieces(pieces, want, G_N_ELEMENTS(want));
  assert_int_equal(row1, 0);
}

/* The last line of a 7-line paragraph (bottom at 70 pt) cites a note
 * of `n` 10 pt lines; 2 of them would fit below it. */
static GArray *
note_at_foot(int n, int *ref_frame)
{
  DgPNote *note = note_new(n, 10, 0);
  DgPRow rows[1] = { { .col = { para(7, 10) } } };
  cite(&rows[0].col[0].lines[6], note);
  GArray *pieces = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  dg_paginate(rows, 1, &tall, pieces);
  *ref_frame = rows[0].col[0].lines[6].frame;
  rows_free(rows, 1);
  note_free(note);
  return pieces;
}

static void
test_note_widows_and_orphans(void **state)
{
  int frame;
  /* 3 lines: 2 + 1 would leave a widow, 1 + 2 an orphan: never split,
   * the line citing it goes over with the paragraph's last two lines */
  g_autoptr(GArray) three = note_at_foot(3, &frame);
  static const int want3[][5] = { { 0, 1, 0, 0, 3 } };
  assert_pieces(three, want3, 1);
  assert_int_equal(frame, 1);
  /* 4 lines: 2 + 2 */
  g_autoptr(GArray) four = note_at_foot(4, &frame);
  static const int want4[][5] = { { 0, 0, 0, 0, 2 }, { 0, 1, 0, 2, 2 } };
  assert_pieces(four, want4, 2);
  assert_int_equal(frame, 0);
  /* 5 lines below a 10 pt line in 60 pt: 4 would fit, 3 go (2 continue) */
  DgPGeometry sixty = { 1, 60, 5, 1, 1, TRUE };
  DgPNote *n = note_new(5, 10, 0);
  DgPRow rows[1] = { { .col = { para(1, 10) } } };
  cite(&rows[0].col[0].lines[0], n);
  g_autoptr(GArray) five = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  dg_paginate(rows, 1, &sixty, five);
  static const int want5[][5] = { { 0, 0, 0, 0, 3 }, { 0, 1, 0, 3, 2 } };
  assert_pieces(five, want5, 2);
  rows_free(rows, 1);
  note_free(n);
}

static void
test_notes_in_parallel_columns(void **state)
{
  /* Each column continues its own notes; the next row waits until the
   * left column's note area has room again, and starts level. */
  DgPGeometry two = { 2, 100, 5, 1, 1, TRUE };
  DgPNote *a = note_new(12, 10, 0), *b = note_new(1, 8, 1);
  DgPRow rows[2] = { { .col = { para(2, 10), para(2, 10) } },
                     { .col = { para(1, 10), para(1, 10) } } };
  cite(&rows[0].col[0].lines[1], a);
  cite(&rows[0].col[1].lines[1], b);
  g_autoptr(GArray) pieces = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  assert_int_equal(dg_paginate(rows, 2, &two, pieces), 2);
  static const int want[][5] = { { 0, 0, 0, 0, 7 }, { 1, 0, 1, 0, 1 }, { 0, 1, 0, 7, 5 } };
  assert_pieces(pieces, want, G_N_ELEMENTS(want));
  assert_int_equal(rows[1].first_frame, 1);
  assert_int_equal(rows[1].col[1].lines[0].frame, 1);
  rows_free(rows, 2);
  note_free(a);
  note_free(b);
}

static void
test_facing_side_goes_on_beside_notes(void **state)
{
  /* Facing: the left page's note (30 lines) fills the left pages of
   * spreads 1 and 2; the right page's long paragraph goes on in spread
   * 1 all the same, and the left paragraph resumes in spread 3. */
  DgPGeometry spread = { 2, 100, 5, 2, 2, FALSE };
  DgPNote *a = note_new(30, 10, 0);
  DgPRow rows[1] = { { .col = { para(4, 10), para(14, 10) } } };
  cite(&rows[0].col[0].lines[1], a);
  g_autoptr(GArray) pieces = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  assert_int_equal(dg_paginate(rows, 1, &spread, pieces), 4);
  assert_pieces(pieces, thirty, G_N_ELEMENTS(thirty));
  assert_int_equal(rows[0].col[0].lines[1].frame, 0);
  assert_int_equal(rows[0].col[0].lines[2].frame, 3); /* the note took its room */
  assert_int_equal(rows[0].col[1].lines[9].frame, 0);
  assert_int_equal(rows[0].col[1].lines[10].frame, 1);
  rows_free(rows, 1);
  note_free(a);
}

static void
test_chapter_waits_for_continued_notes(void **state)
{
  DgPNote *a = note_new(12, 10, 0);
  DgPRow rows[2] = { { .col = { para(2, 10) } }, { .col = { para(1, 10) } } };
  cite(&rows[0].col[0].lines[1], a);
  rows[1].new_frame = TRUE;
  g_autoptr(GArray) pieces = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  assert_int_equal(dg_paginate(rows, 2, &tall, pieces), 3);
  assert_int_equal(rows[1].first_frame, 2);
  assert_int_equal(g_array_index(pieces, DgPNotePiece, 1).frame, 1);
  rows_free(rows, 2);
  note_free(a);
}

static void
test_note_line_taller_than_frame(void **state)
{
  /* Nothing can hold a 60 pt note line in 45 pt: it is put alone at the
   * top of the next frame (compose.c reports it) and nothing loops. */
  DgPNote *n = note_new(2, 60, 0);
  DgPRow rows[1] = { { .col = { para(1, 10) } } };
  cite(&rows[0].col[0].lines[0], n);
  g_autoptr(GArray) pieces = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  assert_int_equal(dg_paginate(rows, 1, &one, pieces), 3);
  static const int want[][5] = { { 0, 1, 0, 0, 1 }, { 0, 2, 0, 1, 1 } };
  assert_pieces(pieces, want, G_N_ELEMENTS(want));
  rows_free(rows, 1);
  note_free(n);
}

/* n one-line rows of 10 pt with 5 pt above each. */
static DgPRow *
spaced_rows(int n)
{
  DgPRow *rows = g_new0(DgPRow, n);
  for (int r = 0; r < n; r++) {
    rows[r].col[0] = para(1, 10);
    rows[r].col[0].lines[0].space_before_pt = 5;
  }
  return rows;
}

/* 15 rows in 100-pt frames: 7 + 7 + a runt of 1 (10% full). Tightening
 * the rows of the second frame to 85% or 70% still fits 7 there; at 55%
 * (2.75 pt) it holds 8, and the book ends a frame earlier. The first
 * frame keeps its spaces. */
static void
test_runt_pulled_back(void **state)
{
  const DgPGeometry g = { 1, 100, 5, 1, 1, TRUE };
  DgPRow *rows = spaced_rows(15);
  int frames = dg_paginate(rows, 15, &g, NULL);
  assert_int_equal(frames, 3);
  assert_int_equal(dg_paginate_avoid_runt(rows, 15, &g, frames, NULL), 2);
  for (int r = 0; r < 15; r++) {
    const DgPLine *l = &rows[r].col[0].lines[0];
    assert_int_equal(l->frame, r < 7 ? 0 : 1);
    assert_true(fabs(l->space_before_pt - (r < 7 ? 5 : 5 * DG_PAGINATE_MIN_SPACE)) < 1e-9);
  }
  rows_free(rows, 15);
  g_free(rows);
}

/* A last frame over the runt share is left alone; a runt that no
 * tightening can pull back (its row opens a chapter) is restored. */
static void
test_runt_left_alone(void **state)
{
  const DgPGeometry g = { 1, 100, 5, 1, 1, TRUE };
  DgPRow *rows = spaced_rows(17);   /* 7 + 7 + 3 rows: 40% full */
  int frames = dg_paginate(rows, 17, &g, NULL);
  assert_int_equal(dg_paginate_avoid_runt(rows, 17, &g, frames, NULL), 3);
  for (int r = 0; r < 17; r++)
    assert_true(rows[r].col[0].lines[0].space_before_pt == 5);
  rows_free(rows, 17);
  g_free(rows);
  rows = spaced_rows(15);
  rows[14].new_frame = TRUE;
  frames = dg_paginate(rows, 15, &g, NULL);
  assert_int_equal(frames, 3);
  assert_int_equal(dg_paginate_avoid_runt(rows, 15, &g, frames, NULL), 3);
  for (int r = 0; r < 15; r++)
    assert_true(rows[r].col[0].lines[0].space_before_pt == 5);
  assert_int_equal(rows[14].col[0].lines[0].frame, 2);
  rows_free(rows, 15);
  g_free(rows);
  /* the runt holds a footnote: its notes keep their place */
  rows = spaced_rows(15);
  DgPNote *n = note_new(1, 8, 0);
  cite(&rows[14].col[0].lines[0], n);
  g_autoptr(GArray) pieces = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  frames = dg_paginate(rows, 15, &g, pieces);
  assert_int_equal(frames, 3);
  assert_int_equal(dg_paginate_avoid_runt(rows, 15, &g, frames, pieces), 3);
  assert_int_equal(pieces->len, 1);
  assert_int_equal(g_array_index(pieces, DgPNotePiece, 0).frame, 2);
  for (int r = 0; r < 15; r++)
    assert_true(rows[r].col[0].lines[0].space_before_pt == 5);
  rows_free(rows, 15);
  g_free(rows);
  note_free(n);
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
    cmocka_unit_test(test_note_split_over_two_frames),
    cmocka_unit_test(test_note_three_times_the_page),
    cmocka_unit_test(test_continued_note_comes_first),
    cmocka_unit_test(test_second_note_continues),
    cmocka_unit_test(test_note_widows_and_orphans),
    cmocka_unit_test(test_notes_in_parallel_columns),
    cmocka_unit_test(test_facing_side_goes_on_beside_notes),
    cmocka_unit_test(test_chapter_waits_for_continued_notes),
    cmocka_unit_test(test_note_line_taller_than_frame),
    cmocka_unit_test(test_runt_pulled_back),
    cmocka_unit_test(test_runt_left_alone),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
