/* compose.h — book + template → typeset blocks placed on pages.
 *
 * The print side's middle stage, between typeset (block → lines) and
 * pdf (pages → Cairo): it decides which languages go in which column,
 * how wide the columns are, typesets every block, footnote and contents
 * entry, turns them into rows of line boxes and paginates them. The
 * result is plain data: pdf.c draws it, dg_pdf_page_map() reads it. */
#pragma once
#include "build.h"
#include "fonts.h"
#include "pdf.h"
#include "paginate.h"
#include "style.h"
#include "typeset.h"

G_BEGIN_DECLS

/* One block's lines in one column of one row. */
typedef struct {
  DgLines *lines;              /* owned */
  DgLines *marker;             /* owned: a list item's hanging number or bullet, or NULL */
  const DgBlock *block;        /* NULL for contents entries */
  int lang;                    /* book language index */
  int column;
  int row;
  DgPLine *plines;             /* borrowed: the row column's boxes of these lines */
  int segment;                 /* body segment index, -1 elsewhere */
  char *dest;                  /* named destination of a heading ("s12"), or NULL */
  char *link;                  /* contents entry: where it points ("s12") */
  int page_ref;                /* contents entry: row whose page number it shows */
} DgPlaced;

typedef struct {
  int lang;                    /* book language index */
  int note;                    /* index in book->notes */
  DgLines *lines;              /* owned, set in its column's width */
  double *line_pt;             /* owned: each line's leading, for pnote */
  DgPNote pnote;               /* what dg_paginate() sees of it; id: index in comp->notes */
} DgPlacedNote;

/* A paginated sequence: the body, or the contents. */
typedef struct {
  DgPRow *rows;
  int n_rows;
  GPtrArray *placed;           /* DgPlaced*, in drawing order */
  DgPGeometry geom;
  int n_frames;
  GArray *notes;               /* DgPNotePiece: where footnote lines go (body only) */
} DgFlow;

/* DgComposition is declared in pdf.h, which hands it to build.c. */
struct _DgComposition {
  const DgBook *book;
  DgStyle *style;              /* owned */
  DgFonts *fonts;              /* owned */
  DgTypesetter *ts;            /* owned */
  DgLayout layout;
  int n_columns;               /* columns of a frame (facing: pages of a spread) */
  int lang_of_column[DG_PAGINATE_MAX_COLUMNS];
  int n_langs;                 /* languages shown (1 or 2) */
  int langs[DG_PAGINATE_MAX_COLUMNS];
  double body_width_pt, body_height_pt;
  double col_x_pt[DG_PAGINATE_MAX_COLUMNS], col_width_pt[DG_PAGINATE_MAX_COLUMNS];
  double column_ratio;         /* as chosen (parallel) */
  double note_gap_pt;
  DgFlow body;
  DgFlow contents;
  GPtrArray *notes;            /* DgPlacedNote*: [lang slot * n_notes + note] */
  int first_contents_page;     /* physical page numbers, 1-based */
  int first_body_page;
  int n_pages;
  double blank_fraction[DG_PAGINATE_MAX_COLUMNS];
};

/* Loads the template and fonts, typesets and paginates everything. */
DgComposition *dg_compose(const DgBook *book, const DgBuildOptions *opts, GError **error);

/* Template, fonts and languages only, nothing typeset: enough to draw
 * the title page, or to check coverage. */
DgComposition *dg_compose_front(const DgBook *book, const DgBuildOptions *opts, GError **error);

/* Every character of the book (body and notes, in the languages shown)
 * has a glyph in the fonts of its text style. */
gboolean dg_compose_check_coverage(DgComposition *comp, GError **error);

/* Typesets and paginates a composition made by dg_compose_front(). */
gboolean dg_compose_typeset(DgComposition *comp, GError **error);

/* Loads template and fonts only and checks families and coverage. */
gboolean dg_compose_check(const DgBook *book, const DgBuildOptions *opts, GError **error);

/* Frees the lines of placed blocks [from, to) once they are drawn (the
 * PDF writer draws each line once); their place and rows stay. */
void dg_flow_release_lines(DgFlow *flow, guint from, guint to);

/* Physical page number (1-based) of frame `frame` of a flow, column c. */
int dg_flow_page(const DgFlow *flow, int frame, int column);

/* The note of a DgPNotePiece. */
const DgPlacedNote *dg_composition_note_piece(const DgComposition *comp, const DgPNotePiece *piece);

/* The note typeset for language slot `slot` (0 or 1). */
const DgPlacedNote *dg_composition_note(const DgComposition *comp, int slot, int note);

/* Slot (0/1) of book language `lang` among those shown, or -1. */
int dg_composition_slot(const DgComposition *comp, int lang);

G_END_DECLS
