/* paginate.h — measured lines → frames: a pure function of numbers.
 *
 * The PDF writer turns every segment into a *row* of one or two
 * *columns*, each a list of line boxes (height, ascent, footnote space,
 * whether a frame may end after it). dg_paginate() assigns each line a
 * frame and a y; it includes no Pango or Cairo header, so its rules —
 * widows and orphans, headings kept with what follows, rows level across
 * columns, footnotes on the frame of their reference and continued
 * onto the next frames when they are long — are unit-tested with
 * made-up numbers.
 *
 * A frame is one page (parallel, interleaved, one language) or one
 * spread (facing: column 0 on the left-hand page, column 1 on the
 * right-hand page). */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

#define DG_PAGINATE_MAX_COLUMNS 2

/* A footnote: the heights of its lines (it may be split between any two
 * of them) and the space below it. */
typedef struct {
  const double *line_pt;       /* each line's leading, top to bottom (borrowed) */
  int n_lines;
  double after_pt;             /* below its last line (and below a piece of it) */
  int id;                      /* the caller's: handed back in DgPNotePiece */
} DgPNote;

/* Out: the lines of one note placed at the foot of one column of one
 * frame. Pieces come in frame order, then column, then from the top of
 * the note area down; a piece with first_line > 0 continues a note
 * begun on an earlier frame, and always comes first in its column. */
typedef struct {
  int id;                      /* DgPNote.id */
  int frame, column;
  int first_line, n_lines;
} DgPNotePiece;

typedef struct {
  /* in */
  double height_pt;            /* the line's box (its leading) */
  double space_before_pt;      /* dropped at the top of a frame */
  double ascent_pt;            /* box top to baseline: first baselines of a row level */
  const DgPNote **notes;       /* the footnotes this line cites, in order (borrowed) */
  int n_notes;
  gboolean break_after;        /* may a frame end after this line? */
  /* out */
  int frame;
  double y_pt;                 /* box top, from the top of the frame's text area */
} DgPLine;

typedef struct {
  DgPLine *lines;
  int n_lines;
} DgPColumn;

typedef struct {
  /* in */
  DgPColumn col[DG_PAGINATE_MAX_COLUMNS];
  gboolean keep_with_next;     /* a heading: never last in a frame */
  gboolean new_frame;          /* a chapter opening: start a new frame */
  gboolean recto;              /* ... on an odd page number */
  /* out */
  int first_frame;             /* where the row begins */
} DgPRow;

typedef struct {
  int n_columns;               /* 1 or 2 */
  double height_pt;            /* text area height of a frame */
  double note_gap_pt;          /* rule and space above a column's first footnote */
  int first_page;              /* page number of frame 0 */
  int pages_per_frame;         /* 1, or 2 for facing spreads */
  gboolean level_rows;         /* rows start level in all columns (parallel); else a row
                                * only starts in the same frame everywhere (facing) */
} DgPGeometry;

/* Places every line and every footnote; returns the number of frames
 * used (>= 1). `notes_out` (DgPNotePiece, may be NULL) receives where
 * the footnote lines go. */
int dg_paginate(DgPRow *rows, int n_rows, const DgPGeometry *geom, GArray *notes_out);

/* Height of lines [first, first + n) of a note, with its space below. */
double dg_pnote_height(const DgPNote *note, int first, int n);

/* Sets break_after on the n lines of one paragraph: never after its first
 * line or before its last (no orphan, no widow), always after the last.
 * `keep` (headings): no break inside or after it. */
void dg_paginate_mark_paragraph(DgPLine *lines, int n, gboolean keep);

/* A last frame filled to this share or less is a runt. */
#define DG_PAGINATE_RUNT_FILL 0.34
/* ... and the space above rows may shrink to this share to save it. */
#define DG_PAGINATE_MIN_SPACE 0.55

/* After dg_paginate() returned `n_frames`: a last frame holding a few
 * lines (the seed book's parallel page 12: three) is a runt a publisher
 * sends back. Tightening the space above rows on the last frames pulls it
 * back, the way a compositor tightens a spread: the mildest factor first
 * (85%, then 70%, then 55% of each space, never less), over the last one
 * to four frames before the runt; the first try that saves a frame wins
 * and stays in the rows (space_before_pt, frame, y) and `notes` (as
 * dg_paginate() fills it). A last frame with footnotes on it is left
 * alone. If none does, the
 * rows are restored and paginated as they were. Returns the frames used.
 * Rejected: another column split (every split from 0.38 to 0.46 keeps
 * the seed book at 12 pages) and tightening the whole book (every page
 * changes to save one). A frame forced by a chapter opening cannot be
 * pulled back: the tries fail and nothing changes. */
int dg_paginate_avoid_runt(DgPRow *rows, int n_rows, const DgPGeometry *geom, int n_frames,
                           GArray *notes);

/* The page number frame `frame` starts on. */
int dg_paginate_page_of_frame(const DgPGeometry *geom, int frame);

G_END_DECLS
