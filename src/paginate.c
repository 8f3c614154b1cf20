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
 * the top of the next frame (a column whose frame a continued footnote
 * fills places nothing there, and the pair goes on in the other). A
 * heading row (keep_with_next) must leave room for the first legal chunk
 * of the next row, or it moves. Widows and orphans are encoded in
 * break_after by dg_paginate_mark_paragraph (two lines at least on
 * either side of a break). A column that cannot hold even one legal
 * chunk when empty gets as many lines as fit, so nothing loops.
 *
 * Footnotes, after TeX's split insertions: a column's notes stack at
 * its foot below a rule, in the order of their references. When a line
 * is placed, the notes it cites are laid at once in the room then left.
 * A note that does not fit whole is split between two of its lines — at
 * least two lines with the reference, at least two continued (the
 * widow/orphan rule of paragraphs; a note of three lines or fewer is
 * never split) — and then fills the column: the body ends there at the
 * first legal break, no later (the note yields lines down to it, so a
 * reference in a paragraph's first line need not send the paragraph
 * over). Every note a line cites must begin on the line's frame, each
 * but the last finished there; if not, the line goes to the next frame
 * with its notes, like a line that does not fit. What is left of a split
 * note opens the next frame's note area in the same column, before that
 * frame's own notes, and fills the whole area if it must: a note several
 * pages long takes the note area of each page it needs, and the body
 * resumes where it ends (in the other column of a pair already begun,
 * at once). A chapter opening waits until notes continued from before it
 * are done. Only in a column with nothing else in it may a note break
 * these rules (whatever fits, one line at least), so nothing loops; a
 * note line taller than a whole frame is left for compose.c to report.
 * Rejected: a fixed cap on the note area per page, to keep some body
 * text on every page (TeX's \dimen\footins). Notes cited on those pages
 * would then queue behind the continued note and be set pages away from
 * their references; a page of notes is what annotated editions do.
 *
 * Rejected: a total-fit page breaker (optimising all page breaks like
 * Knuth–Plass lines). It would balance pages better but rows already
 * pin the two languages together, which leaves little to choose; greedy
 * is predictable and its rules are easy to state and test. */
#include "paginate.h"

#define EPS 1e-6
#define NOTE_MIN_LINES 2       /* of a split note, on each side of the split */

/* A note, or what is left of it, still to be placed. */
typedef struct {
  const DgPNote *note;
  int from;                    /* its first line not placed yet */
} Pending;

/* The note area at the foot of one column of the current frame. */
typedef struct {
  double area;                 /* its height, the rule's gap included */
  gboolean closed;             /* a note did not finish here: nothing more goes in */
  Pending split;               /* that note (while fit() tries lines below it) */
  double above;                /* the area above it */
} NoteFill;

typedef struct {
  const DgPGeometry *geom;
  int frame;
  gboolean empty;              /* no body line placed in this frame yet */
  double y[DG_PAGINATE_MAX_COLUMNS];      /* lowest box bottom per column */
  NoteFill fill[DG_PAGINATE_MAX_COLUMNS];
  GArray *laid[DG_PAGINATE_MAX_COLUMNS];  /* DgPNotePiece: this frame's, per column */
  GArray *carry[DG_PAGINATE_MAX_COLUMNS]; /* Pending: to continue on the next frame */
  GArray *out;                 /* the caller's DgPNotePiece array, or NULL */
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

double
dg_pnote_height(const DgPNote *note, int first, int n)
{
  double h = 0;
  for (int i = first; i < first + n; i++)
    h += note->line_pt[i];
  return h + note->after_pt;
}

/* How many lines of `note`, from line `from`, fit in the note area `f`
 * below a body reaching `bottom`: all that are left, or a legal split
 * (see the top), or -1 when `strict` and neither fits. Not strict (an
 * otherwise empty frame, or a note continued): the legal split, else
 * whatever fits — one line at least at the top of a frame, where
 * nothing could ever fit better. */
static int
note_take(const State *st, const NoteFill *f, const DgPNote *note, int from, double bottom,
          gboolean strict)
{
  double limit = st->geom->height_pt + EPS, gap = f->area <= 0 ? st->geom->note_gap_pt : 0;
  int rest = note->n_lines - from;
  if (rest <= 0) /* an empty note: its mark's destination, no line */
    return 0;
  if (bottom + (f->area + (dg_pnote_height(note, from, rest) + gap)) <= limit)
    return rest;
  int k = 0;
  double h = f->area + gap + note->after_pt;
  while (k < rest && bottom + h + note->line_pt[from + k] <= limit)
    h += note->line_pt[from + k++];
  int legal = MIN(k, rest - NOTE_MIN_LINES);
  if (legal >= NOTE_MIN_LINES)
    return legal;
  if (strict)
    return -1;
  if (legal > 0)
    return legal;
  return k == 0 && bottom <= 0 && f->area <= 0 ? 1 : k;
}

/* Lays lines of a note into `f`; returns how many (-1: see note_take).
 * A note left unfinished closes the area. */
static int
lay(const State *st, NoteFill *f, const DgPNote *note, int from, double bottom, gboolean strict)
{
  if (f->closed)
    return strict ? -1 : 0;
  int k = note_take(st, f, note, from, bottom, strict);
  if (k < 0)
    return -1;
  double above = f->area;
  if (k > 0) {
    double gap = f->area <= 0 ? st->geom->note_gap_pt : 0;
    f->area += dg_pnote_height(note, from, k) + gap;
  }
  if (from + k < note->n_lines)
    *f = (NoteFill){ f->area, TRUE, { note, from }, above };
  return k;
}

/* Lays a note in column c for good: its piece on this frame, the rest
 * for the next (the column's note area is then closed for good). */
static void
lay_note(State *st, int c, const DgPNote *note, int from, double bottom)
{
  int k = lay(st, &st->fill[c], note, from, bottom, FALSE);
  if (k > 0 || note->n_lines == 0) {
    DgPNotePiece piece = { note->id, st->frame, c, from, k };
    g_array_append_val(st->laid[c], piece);
  }
  if (from + k < note->n_lines) {
    Pending rest = { note, from + k };
    g_array_append_val(st->carry[c], rest);
    st->fill[c].split.note = NULL;
  }
}

/* Does any column's list (st->laid, st->carry) hold something? */
static gboolean
any_column(GArray *const *per_column)
{
  for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++)
    if (per_column[c]->len > 0)
      return TRUE;
  return FALSE;
}

/* Nothing at all in the frame: neither body nor notes. */
static gboolean
blank(const State *st)
{
  return st->empty && !any_column(st->laid);
}

/* Nothing in column c of the frame, and no body line in the others. */
static gboolean
column_blank(const State *st, int c)
{
  return st->empty && st->laid[c]->len == 0;
}

static void
close_frame(State *st)
{
  for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++) {
    if (st->out)
      g_array_append_vals(st->out, st->laid[c]->data, st->laid[c]->len);
    g_array_set_size(st->laid[c], 0);
  }
}

/* Closes the frame and opens the next, with the notes continued from
 * it first in each column's note area. */
static void
next_frame(State *st)
{
  close_frame(st);
  st->frame++;
  st->empty = TRUE;
  for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++) {
    st->y[c] = 0;
    st->fill[c] = (NoteFill){ 0, FALSE, { NULL, 0 }, 0 };
    GArray *carried = st->carry[c];
    st->carry[c] = g_array_new(FALSE, FALSE, sizeof(Pending));
    for (guint i = 0; i < carried->len; i++) {
      const Pending *p = &g_array_index(carried, Pending, i);
      lay_note(st, c, p->note, p->from, 0);
    }
    g_array_unref(carried);
  }
}

static double
row_top(const State *st)
{
  double top = 0;
  for (int c = 0; c < st->geom->n_columns; c++)
    top = MAX(top, st->y[c]);
  return top;
}

/* Can line `l`, its box reaching down to `bottom`, go in column c with
 * the notes it cites laid into `f` (updated)? Below a note split in
 * this try, a line citing none may come if the note, split lower, still
 * keeps its two lines. */
static gboolean
line_fits(const State *st, NoteFill *f, const DgPLine *l, double bottom)
{
  if (f->closed) {
    if (f->split.note == NULL || l->n_notes > 0)
      return FALSE;
    NoteFill below = { f->above, FALSE, { NULL, 0 }, 0 };
    if (lay(st, &below, f->split.note, f->split.from, bottom, TRUE) < 0)
      return FALSE;
    *f = below;
    return TRUE;
  }
  for (int n = 0; n < l->n_notes; n++)
    if (lay(st, f, l->notes[n], 0, bottom, TRUE) < 0)
      return FALSE;
  return bottom + f->area <= st->geom->height_pt + EPS;
}

/* How many lines of `col` from `from` fit below `y0`: the longest legal
 * prefix, or with `any` the longest prefix whatever break_after says.
 * Once a note is split the frame is full, except that the lines down to
 * the first legal break may still come, so the line citing the note
 * need not leave the frame (the note yields them lines). */
static int
fit(const State *st, int c, const DgPColumn *col, int from, double y0, gboolean any)
{
  double y = y0;
  NoteFill f = st->fill[c];
  int best = 0;
  for (int j = from; j < col->n_lines; j++) {
    const DgPLine *l = &col->lines[j];
    if (j > from)
      y += l->space_before_pt;
    y += l->height_pt;
    if (!line_fits(st, &f, l, y))
      break;
    if (any || j == col->n_lines - 1 || l->break_after) {
      best = j - from + 1;
      if (f.closed)
        break;
    }
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
    if (st->fill[c].closed
        || top + first_chunk(&next->col[c]) + st->fill[c].area > st->geom->height_pt + EPS)
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
  }
  /* the notes go in below the chunk's last line, as fit() tried them:
   * a split note gives the lines below its reference their room */
  for (int j = from; j < from + k; j++)
    for (int n = 0; n < col->lines[j].n_notes; n++)
      lay_note(st, c, col->lines[j].notes[n], 0, y);
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

/* A chapter opens on a frame of its own, after every note continued
 * from before it (LaTeX's \clearpage flushes its footnotes too). */
static void
open_row(State *st, const DgPRow *row)
{
  if (row->new_frame || row->recto)
    while (!blank(st))
      next_frame(st);
  if (row->recto && st->geom->pages_per_frame == 1)
    while (dg_paginate_page_of_frame(st->geom, st->frame) % 2 == 0)
      next_frame(st);
}

/* One attempt to place the rest of the row in the current frame.
 * Returns TRUE when the row is finished. */
static gboolean
place_chunk(State *st, DgPRow *row, const DgPRow *next, int *idx)
{
  int n = st->geom->n_columns, k[DG_PAGINATE_MAX_COLUMNS] = { 0 };
  double tops[DG_PAGINATE_MAX_COLUMNS] = { 0 };
  chunk_tops(st, row, idx, tops);
  gboolean all = TRUE, stuck = FALSE, forced = TRUE, started = FALSE;
  gboolean skip[DG_PAGINATE_MAX_COLUMNS] = { FALSE };
  for (int c = 0; c < n; c++)
    started = started || idx[c] > 0;
  for (int c = 0; c < n; c++) {
    int rest = row->col[c].n_lines - idx[c];
    k[c] = rest > 0 ? fit(st, c, &row->col[c], idx[c], tops[c], FALSE) : 0;
    all = all && k[c] == rest;
    /* a pair once begun need not wait while a note continued from the
     * frame before fills one column: the other goes on */
    skip[c] = started && st->empty && st->fill[c].closed;
    if (rest > 0 && k[c] == 0 && !skip[c]) {
      stuck = TRUE;
      /* nothing in its column: no later frame would give it more room */
      forced = forced && column_blank(st, c);
    }
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
      stuck = TRUE, forced = FALSE;
  }
  if (stuck && !forced) {
    next_frame(st);
    return FALSE;
  }
  if (stuck) /* a column too small for a legal chunk even when empty: fill it */
    for (int c = 0; c < n; c++)
      if (k[c] == 0 && idx[c] < row->col[c].n_lines && !skip[c])
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
dg_paginate(DgPRow *rows, int n_rows, const DgPGeometry *geom, GArray *notes_out)
{
  g_return_val_if_fail(geom->n_columns >= 1 && geom->n_columns <= DG_PAGINATE_MAX_COLUMNS, 0);
  State st = { .geom = geom, .empty = TRUE, .out = notes_out };
  for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++) {
    st.laid[c] = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
    st.carry[c] = g_array_new(FALSE, FALSE, sizeof(Pending));
  }
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
  while (any_column(st.carry)) /* the last notes continue past the body */
    next_frame(&st);
  int n_frames = st.frame + (blank(&st) && st.frame > 0 ? 0 : 1);
  close_frame(&st);
  for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++) {
    g_array_unref(st.laid[c]);
    g_array_unref(st.carry[c]);
  }
  return n_frames;
}

/* --- runt last pages ----------------------------------------------------- */

/* How far down the last frame its text reaches, as a share of it; a
 * frame holding footnotes counts as full (its notes were placed by their
 * own rules, which tightening the text must not disturb). */
static double
last_frame_fill(const DgPRow *rows, int n_rows, const DgPGeometry *geom, int n_frames,
                const GArray *notes)
{
  for (guint i = 0; notes && i < notes->len; i++)
    if (g_array_index(notes, DgPNotePiece, i).frame == n_frames - 1)
      return 1;
  double bottom = 0;
  for (int r = 0; r < n_rows; r++)
    for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++)
      for (int j = 0; j < rows[r].col[c].n_lines; j++) {
        const DgPLine *l = &rows[r].col[c].lines[j];
        if (l->frame == n_frames - 1)
          bottom = MAX(bottom, l->y_pt + l->height_pt);
      }
  return geom->height_pt > 0 ? bottom / geom->height_pt : 1;
}

/* dg_paginate() into `notes` afresh. */
static int
repaginate(DgPRow *rows, int n_rows, const DgPGeometry *geom, GArray *notes)
{
  if (notes)
    g_array_set_size(notes, 0);
  return dg_paginate(rows, n_rows, geom, notes);
}

/* Sets the space above every line of the rows that began in frame
 * `from` or later (start[r]) to `k` times its first value (base). */
static void
scale_space(DgPRow *rows, int n_rows, const double *base, const int *start, int from, double k)
{
  int i = 0;
  for (int r = 0; r < n_rows; r++)
    for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++)
      for (int j = 0; j < rows[r].col[c].n_lines; j++, i++)
        rows[r].col[c].lines[j].space_before_pt = base[i] * (start[r] >= from ? k : 1);
}

int
dg_paginate_avoid_runt(DgPRow *rows, int n_rows, const DgPGeometry *geom, int n_frames,
                       GArray *notes)
{
  if (n_frames < 2 || last_frame_fill(rows, n_rows, geom, n_frames, notes) > DG_PAGINATE_RUNT_FILL)
    return n_frames;
  int n = 0;
  for (int r = 0; r < n_rows; r++)
    for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++)
      n += rows[r].col[c].n_lines;
  double *base = g_new(double, MAX(n, 1));
  int *start = g_new(int, MAX(n_rows, 1));
  int i = 0;
  for (int r = 0; r < n_rows; r++) {
    start[r] = rows[r].first_frame;
    for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++)
      for (int j = 0; j < rows[r].col[c].n_lines; j++)
        base[i++] = rows[r].col[c].lines[j].space_before_pt;
  }
  static const double factors[] = { 0.85, 0.7, DG_PAGINATE_MIN_SPACE };
  int got = -1;
  for (guint k = 0; got < 0 && k < G_N_ELEMENTS(factors); k++)
    for (int back = 1; got < 0 && back <= 4 && n_frames - 1 - back >= 0; back++) {
      scale_space(rows, n_rows, base, start, n_frames - 1 - back, factors[k]);
      int frames = repaginate(rows, n_rows, geom, notes);
      if (frames < n_frames)
        got = frames;
    }
  if (got < 0) {
    scale_space(rows, n_rows, base, start, G_MAXINT, 1);
    got = repaginate(rows, n_rows, geom, notes);
  }
  g_free(base);
  g_free(start);
  return got;
}
