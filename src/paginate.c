/* paginate.c — rows of measured line boxes → frames and y positions.
 *
 * Model: the book is a sequence of rows (one per segment); a row has one
 * column per language shown side by side (parallel, facing) or a single
 * column holding block and translation (interleaved, one language). Each
 * column is a list of line boxes. Rows are synchronisation points: a row
 * starts in every column at the same y — below the lowest column of the
 * previous row — and its first baselines are level.
 *
 * Algorithm: greedy, row by row, with legal break points only. For each
 * column we find the longest prefix that fits in the frame (footnotes of
 * its lines included, stacked at the column's foot) and ends where
 * break_after allows. If every column fits whole, the row is placed. If
 * some column cannot place even its first legal chunk, the whole rest of
 * the row moves to the next frame, so the two languages of a pair start
 * together; otherwise each column places its prefix and both continue at
 * the top of the next frame. A heading row (keep_with_next) must leave
 * room for the first legal chunk of the next row, or it moves. Widows and
 * orphans are encoded in break_after by dg_paginate_mark_paragraph (two
 * lines at least on either side of a break). A frame that cannot hold
 * even one legal chunk gets as many lines as fit, so nothing loops.
 *
 * Rejected: a total-fit page breaker (optimising all page breaks like
 * Knuth–Plass lines). It would balance pages better but rows already
 * pin the two languages together, which leaves little to choose; greedy
 * is predictable and its rules are easy to state and test. */
#include "paginate.h"

typedef struct {
  const DgPGeometry *geom;
  int frame;
  gboolean empty;              /* nothing placed in this frame yet */
  double y[DG_PAGINATE_MAX_COLUMNS];      /* lowest box bottom per column */
  double notes[DG_PAGINATE_MAX_COLUMNS];  /* footnote space used per column */
} State;

void
dg_paginate_mark_paragraph(DgPLine *lines, int n, gboolean keep)
{
  for (int i = 0; i < n; i++) {
    gboolean last = i == n - 1;
    /* after line i: i+1 lines above, n-i-1 below; both must be >= 2 */
    gboolean legal = last || (i + 1 >= 2 && n - i - 1 >= 2);
    lines[i].break_after = keep ? FALSE : legal;
  }
}

int
dg_paginate_page_of_frame(const DgPGeometry *geom, int frame)
{
  return geom->first_page + frame * MAX(geom->pages_per_frame, 1);
}

static void
next_frame(State *st)
{
  st->frame++;
  st->empty = TRUE;
  for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++)
    st->y[c] = st->notes[c] = 0;
}

static double
row_top(const State *st)
{
  double top = 0;
  for (int c = 0; c < st->geom->n_columns; c++)
    top = MAX(top, st->y[c]);
  return top;
}

static double
note_cost(const State *st, int c, double notes_so_far, const DgPLine *l)
{
  if (l->note_pt <= 0)
    return 0;
  return l->note_pt + (notes_so_far <= 0 ? st->geom->note_gap_pt : 0);
}

/* How many lines of `col` from `from` fit below `y0`: the longest legal
 * prefix, or with `any` the longest prefix whatever break_after says. */
static int
fit(const State *st, int c, const DgPColumn *col, int from, double y0, gboolean any)
{
  double y = y0, notes = st->notes[c];
  int best = 0;
  for (int j = from; j < col->n_lines; j++) {
    const DgPLine *l = &col->lines[j];
    if (j > from)
      y += l->space_before_pt;
    y += l->height_pt;
    notes += note_cost(st, c, notes, l);
    if (y + notes > st->geom->height_pt + 1e-6)
      break;
    if (any || j == col->n_lines - 1 || l->break_after)
      best = j - from + 1;
  }
  return best;
}

/* The height of the first legal chunk of a column (lines up to and
 * including the first break_after), with its leading space. */
static double
first_chunk(const DgPColumn *col)
{
  double h = col->n_lines > 0 ? col->lines[0].space_before_pt : 0;
  for (int j = 0; j < col->n_lines; j++) {
    h += (j > 0 ? col->lines[j].space_before_pt : 0) + col->lines[j].height_pt;
    if (col->lines[j].break_after)
      break;
  }
  return h;
}

static gboolean
next_row_fits(const State *st, const DgPRow *next, const double *y_after)
{
  for (int c = 0; c < st->geom->n_columns; c++) {
    if (next->col[c].n_lines == 0)
      continue;
    double top = y_after[c];
    for (int k = 0; st->geom->level_rows && k < st->geom->n_columns; k++)
      top = MAX(top, y_after[k]);
    if (top + first_chunk(&next->col[c]) + st->notes[c] > st->geom->height_pt + 1e-6)
      return FALSE;
  }
  return TRUE;
}

/* Places lines [from, from+k) of column c starting at row top `top`. */
static void
place(State *st, int c, DgPColumn *col, int from, int k, double top)
{
  double y = top;
  for (int j = from; j < from + k; j++) {
    DgPLine *l = &col->lines[j];
    if (j > from)
      y += l->space_before_pt;
    l->frame = st->frame;
    l->y_pt = y;
    y += l->height_pt;
    st->notes[c] += note_cost(st, c, st->notes[c], l);
  }
  if (k > 0) {
    st->y[c] = y;
    st->empty = FALSE;
  }
}

/* Where each continuing column's next line box starts. Level rows: one
 * top below the lowest column, each column shifted so first baselines
 * are level. Free rows (facing pages): each column goes on below its own
 * last line; a row only has to start in the same frame on both sides. */
static void
chunk_tops(const State *st, DgPRow *row, const int *idx, double *tops)
{
  int n = st->geom->n_columns;
  double top = st->empty ? 0 : row_top(st), space = 0, asc = 0;
  for (int c = 0; c < n; c++) {
    if (idx[c] >= row->col[c].n_lines)
      continue;
    const DgPLine *l = &row->col[c].lines[idx[c]];
    double sp = st->y[c] > 0 ? l->space_before_pt : 0;
    space = MAX(space, st->empty ? 0 : l->space_before_pt);
    asc = MAX(asc, l->ascent_pt);
    tops[c] = st->y[c] + sp;
  }
  if (!st->geom->level_rows)
    return;
  for (int c = 0; c < n; c++)
    tops[c] = top + space
              + (idx[c] < row->col[c].n_lines ? asc - row->col[c].lines[idx[c]].ascent_pt : 0);
}

static gboolean
row_done(const State *st, const DgPRow *row, const int *idx)
{
  for (int c = 0; c < st->geom->n_columns; c++)
    if (idx[c] < row->col[c].n_lines)
      return FALSE;
  return TRUE;
}

static void
open_row(State *st, const DgPRow *row)
{
  if (row->new_frame && !st->empty)
    next_frame(st);
  if (row->recto && st->geom->pages_per_frame == 1) {
    if (!st->empty)
      next_frame(st);
    while (dg_paginate_page_of_frame(st->geom, st->frame) % 2 == 0)
      next_frame(st);
  }
}

/* One attempt to place the rest of the row in the current frame.
 * Returns TRUE when the row is finished. */
static gboolean
place_chunk(State *st, DgPRow *row, const DgPRow *next, int *idx)
{
  int n = st->geom->n_columns, k[DG_PAGINATE_MAX_COLUMNS] = { 0 };
  double tops[DG_PAGINATE_MAX_COLUMNS] = { 0 };
  chunk_tops(st, row, idx, tops);
  gboolean all = TRUE, stuck = FALSE;
  for (int c = 0; c < n; c++) {
    int rest = row->col[c].n_lines - idx[c];
    k[c] = rest > 0 ? fit(st, c, &row->col[c], idx[c], tops[c], FALSE) : 0;
    all = all && k[c] == rest;
    stuck = stuck || (rest > 0 && k[c] == 0);
  }
  if (all && row->keep_with_next && next && !st->empty) {
    double y_after[DG_PAGINATE_MAX_COLUMNS] = { 0 };
    for (int c = 0; c < n; c++) {
      y_after[c] = tops[c];
      for (int j = idx[c]; j < row->col[c].n_lines; j++)
        y_after[c] += row->col[c].lines[j].height_pt
                      + (j > idx[c] ? row->col[c].lines[j].space_before_pt : 0);
    }
    if (!next_row_fits(st, next, y_after))
      stuck = TRUE;
  }
  if (stuck && !st->empty) {
    next_frame(st);
    return FALSE;
  }
  if (stuck) /* an empty frame too small for a legal chunk: fill it */
    for (int c = 0; c < n; c++)
      if (k[c] == 0 && idx[c] < row->col[c].n_lines)
        k[c] = MAX(1, fit(st, c, &row->col[c], idx[c], tops[c], TRUE));
  for (int c = 0; c < n; c++) {
    place(st, c, &row->col[c], idx[c], k[c], tops[c]);
    idx[c] += k[c];
  }
  if (row_done(st, row, idx))
    return TRUE;
  next_frame(st);
  return FALSE;
}

int
dg_paginate(DgPRow *rows, int n_rows, const DgPGeometry *geom)
{
  g_return_val_if_fail(geom->n_columns >= 1 && geom->n_columns <= DG_PAGINATE_MAX_COLUMNS, 0);
  State st = { geom, 0, TRUE, { 0 }, { 0 } };
  for (int r = 0; r < n_rows; r++) {
    DgPRow *row = &rows[r];
    open_row(&st, row);
    row->first_frame = st.frame;
    int idx[DG_PAGINATE_MAX_COLUMNS] = { 0 };
    gboolean started = FALSE;
    while (!row_done(&st, row, idx)) {
      int before = st.frame;
      if (place_chunk(&st, row, r + 1 < n_rows ? &rows[r + 1] : NULL, idx))
        break;
      if (!started && idx[0] == 0 && (geom->n_columns < 2 || idx[1] == 0))
        row->first_frame = st.frame;
      else
        started = TRUE;
      g_assert(st.frame > before);
    }
  }
  return st.frame + (st.empty && st.frame > 0 ? 0 : 1);
}
