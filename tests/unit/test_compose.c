/* test_compose.c — the composed test book: the column split, level first
 * baselines, footnotes on the frame of their reference (long ones
 * continued on the next frames), contents and
 * page map consistent with the body, one-language and layout choices. */
#include "dgtest.h"
#include "compose.h"

#include <math.h>
#include <string.h>

static DgBook *
book_at(const char *root, const char *a, const char *b)
{
  g_autofree char *dir = g_build_filename(root, a, b, NULL);
  g_autoptr(GError) e = NULL;
  DgBook *book = dg_book_load(dir, &e);
  assert_non_null(book);
  return book;
}

/* The small print test book, and the seed book content/cyberspace. */
static DgBook *
mini(void)
{
  return book_at(DG_TEST_DATA, "print", "mini");
}

static DgBook *
seed(void)
{
  return book_at(DG_SOURCE_DIR, "content", "cyberspace");
}

static DgComposition *
compose(const DgBook *book, const char *layout, const char *lang)
{
  DgBuildOptions o = { DG_SOURCE_DIR, NULL, layout, lang, 1570000000 };
  g_autoptr(GError) e = NULL;
  DgComposition *c = dg_compose(book, &o, &e);
  if (c == NULL)
    print_error("%s\n", e->message);
  assert_non_null(c);
  return c;
}

static void
test_parallel_columns(void **state)
{
  g_autoptr(DgBook) book = mini();
  g_autoptr(DgComposition) c = compose(book, NULL, NULL);
  const DgStyle *st = c->style;
  assert_int_equal(c->n_columns, 2);
  assert_true(c->column_ratio >= st->column_ratio_min - 0.02);
  assert_true(c->column_ratio <= st->column_ratio_max);
  /* the Chinese column is a whole number of characters */
  double em = st->lang[DG_SCRIPT_HAN].size_pt;
  double n = c->col_width_pt[0] / em;
  assert_true(fabs(n - round(n)) < 1e-6);
  assert_true(fabs(c->col_width_pt[0] + st->column_gap_pt + c->col_width_pt[1]
                   - c->body_width_pt) < 1e-6);
  /* balanced: neither column much emptier than the other */
  assert_true(fabs(c->blank_fraction[0] - c->blank_fraction[1]) < 0.2);
}

static void
test_rows_start_level(void **state)
{
  g_autoptr(DgBook) book = mini();
  g_autoptr(DgComposition) c = compose(book, NULL, NULL);
  int checked = 0;
  for (int r = 0; r < c->body.n_rows; r++) {
    const DgPRow *row = &c->body.rows[r];
    if (row->col[0].n_lines == 0 || row->col[1].n_lines == 0)
      continue;
    const DgPLine *a = &row->col[0].lines[0], *b = &row->col[1].lines[0];
    assert_int_equal(a->frame, b->frame);
    assert_true(fabs(a->y_pt + a->ascent_pt - b->y_pt - b->ascent_pt) < 1e-6);
    checked++;
  }
  assert_true(checked > 10);
}

static void
test_notes_and_page_map(void **state)
{
  g_autoptr(DgBook) book = mini();
  g_autoptr(DgComposition) c = compose(book, NULL, NULL);
  /* every line referencing a note reserved room for it, in its column */
  int refs = 0;
  for (guint k = 0; k < c->body.placed->len; k++) {
    const DgPlaced *pl = c->body.placed->pdata[k];
    for (guint i = 0; i < pl->lines->lines->len; i++) {
      const DgLine *l = pl->lines->lines->pdata[i];
      if (l->notes->len == 0)
        continue;
      refs++;
      assert_true(pl->plines[i].n_notes > 0);
      const DgPlacedNote *n = dg_composition_note(c, dg_composition_slot(c, pl->lang),
                                                  g_array_index(l->notes, int, 0));
      assert_int_equal(n->lang, pl->lang);
    }
  }
  assert_int_equal(refs, 2); /* one reference per language */
  /* body pages follow the front matter; rows never go backwards */
  assert_true(c->first_body_page > c->first_contents_page);
  assert_int_equal(c->first_body_page % 2, 1);
  int last = 0;
  for (int r = 0; r < c->body.n_rows; r++) {
    assert_true(c->body.rows[r].first_frame >= last);
    last = c->body.rows[r].first_frame;
  }
  assert_int_equal(dg_flow_page(&c->body, last, 0), c->n_pages);
  assert_true(c->contents.n_rows == 3);
}

static void
test_layouts_and_lang(void **state)
{
  g_autoptr(DgBook) book = mini();
  g_autoptr(DgComposition) f = compose(book, "facing", NULL);
  assert_int_equal(f->body.geom.pages_per_frame, 2);
  assert_int_equal(f->first_body_page % 2, 0); /* Chinese on a left-hand page */
  g_autoptr(DgComposition) i = compose(book, "interleaved", NULL);
  assert_int_equal(i->n_columns, 1);
  assert_int_equal(i->n_langs, 2);
  g_autoptr(DgComposition) en = compose(book, NULL, "en");
  assert_int_equal(en->n_columns, 1);
  assert_int_equal(en->n_langs, 1);
  assert_int_equal(en->langs[0], 1);
  for (guint k = 0; k < en->body.placed->len; k++)
    assert_int_equal(((DgPlaced *)en->body.placed->pdata[k])->lang, 1);
  DgBuildOptions bad = { DG_SOURCE_DIR, NULL, NULL, "fr", 0 };
  g_autoptr(GError) e = NULL;
  assert_null(dg_compose(book, &bad, &e));
  assert_int_equal(e->code, DG_ERROR_USAGE);
}

/* The frame of the first line citing `note` in `lang` (-1: none). */
static int
reference_frame(const DgComposition *c, int note, int lang)
{
  for (guint k = 0; k < c->body.placed->len; k++) {
    const DgPlaced *pl = c->body.placed->pdata[k];
    for (guint i = 0; pl->lang == lang && i < pl->lines->lines->len; i++) {
      const DgLine *l = pl->lines->lines->pdata[i];
      for (guint n = 0; n < l->notes->len; n++)
        if (g_array_index(l->notes, int, n) == note)
          return pl->plines[i].frame;
    }
  }
  return -1;
}

/* Every note's lines are placed once, in order, the first with its
 * reference, the rest at the top of the note areas of the next frames
 * in the same column; returns the most frames one note spans. */
static int
check_note_pieces(const DgComposition *c)
{
  int most = 0;
  for (guint id = 0; id < c->notes->len; id++) {
    const DgPlacedNote *n = c->notes->pdata[id];
    int next_line = 0, last_frame = -1, column = -1, frames = 0;
    for (guint k = 0; k < c->body.notes->len; k++) {
      const DgPNotePiece *p = &g_array_index(c->body.notes, DgPNotePiece, k);
      if (p->id != (int)id)
        continue;
      assert_int_equal(p->first_line, next_line);
      if (next_line == 0)
        assert_int_equal(p->frame, reference_frame(c, n->note, n->lang));
      else {
        assert_int_equal(p->frame, last_frame + 1);
        assert_int_equal(p->column, column);
        const DgPNotePiece *before = p - 1; /* first in its column's note area */
        assert_true(k == 0 || before->frame != p->frame || before->column != p->column);
      }
      next_line += p->n_lines;
      last_frame = p->frame;
      column = p->column;
      frames++;
    }
    assert_int_equal(next_line, (int)n->lines->lines->len);
    most = MAX(most, frames);
  }
  return most;
}

/* A footnote taller than a page's text area was placed all the same and
 * drawn upwards past the top of the page (text lost with exit 0), then
 * refused. It is now continued over the pages it needs, in every
 * layout; a short one stays whole on the page of its reference. */
static void
test_long_note_continued(void **state)
{
  (void)state;
  const char *layouts[][2] = { { "parallel", NULL }, { "facing", NULL },
                               { "interleaved", NULL }, { NULL, "en" } };
  for (guint k = 0; k < G_N_ELEMENTS(layouts); k++) {
    int pages[2];
    for (int n = 8, t = 0; n <= 250; n += 242, t++) {
      g_autoptr(GString) zh = g_string_new("# 注释\n\n正文引用注释[^1]。\n\n后文。\n\n[^1]: ");
      g_autoptr(GString) en = g_string_new("# Notes\n\nThe text cites a note[^1].\n\nMore.\n\n[^1]:");
      for (int i = 0; i < n; i++) {
        g_string_append_printf(zh, "第%d句说明网络空间治理的历史背景与各方立场。", i);
        g_string_append_printf(en, " Sentence %d adds background on cyberspace governance.", i);
      }
      g_autoptr(DgBook) book = dgtest_load(NULL, zh->str, en->str, NULL);
      assert_non_null(book);
      g_autoptr(DgComposition) c = compose(book, layouts[k][0], layouts[k][1]);
      int spans = check_note_pieces(c);
      /* 8 sentences fit on the page of their reference; 250 (6,000
       * Chinese characters, 14,000 English) need the next pages too */
      assert_true(n == 8 ? spans == 1 : spans >= 2);
      pages[t] = c->n_pages;
    }
    assert_true(pages[1] > pages[0]);
  }
}

/* Issue 4: no page ends with a hyphenated line. The seed book in the
 * parallel layout ended page 8 with "Mecha-" before the rule; every
 * layout is checked, and each must have hyphenated lines to check. */
static void
test_no_hyphen_at_frame_end(void **state)
{
  (void)state;
  g_autoptr(DgBook) book = seed();
  const char *layouts[] = { "parallel", "facing", "interleaved" };
  for (guint k = 0; k < G_N_ELEMENTS(layouts); k++) {
    g_autoptr(DgComposition) c = compose(book, layouts[k], NULL);
    int hyphenated = 0;
    for (guint p = 0; p < c->body.placed->len; p++) {
      const DgPlaced *pl = c->body.placed->pdata[p];
      int n = (int)pl->lines->lines->len;
      for (int i = 0; i < n; i++) {
        if (((const DgLine *)pl->lines->lines->pdata[i])->brk != DG_BREAK_HYPHEN)
          continue;
        hyphenated++;
        if (i + 1 < n && pl->plines[i + 1].frame != pl->plines[i].frame)
          fail_msg("%s: a hyphenated line ends frame %d", layouts[k], pl->plines[i].frame);
      }
    }
    assert_true(hyphenated > 10);
  }
}

/* The last body frame's text reaches this share of its height. */
static double
last_fill(const DgComposition *c)
{
  const DgFlow *f = &c->body;
  double bottom = 0;
  for (int r = 0; r < f->n_rows; r++)
    for (int k = 0; k < DG_PAGINATE_MAX_COLUMNS; k++)
      for (int j = 0; j < f->rows[r].col[k].n_lines; j++) {
        const DgPLine *l = &f->rows[r].col[k].lines[j];
        if (l->frame == f->n_frames - 1)
          bottom = MAX(bottom, l->y_pt + l->height_pt);
      }
  return bottom / f->geom.height_pt;
}

/* The seed book's parallel edition ended on a page of three lines; its
 * last page is now more than a third full (dg_paginate_avoid_runt). */
static void
test_no_runt_page(void **state)
{
  (void)state;
  g_autoptr(DgBook) book = seed();
  g_autoptr(DgComposition) c = compose(book, NULL, NULL);
  assert_true(last_fill(c) > DG_PAGINATE_RUNT_FILL);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_parallel_columns),
    cmocka_unit_test(test_rows_start_level),
    cmocka_unit_test(test_notes_and_page_map),
    cmocka_unit_test(test_layouts_and_lang),
    cmocka_unit_test(test_long_note_continued),
    cmocka_unit_test(test_no_hyphen_at_frame_end),
    cmocka_unit_test(test_no_runt_page),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
