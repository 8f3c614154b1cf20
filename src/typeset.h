/* typeset.h — the print engine's one interface to text:
 *
 *     block + text style + width  →  measured lines
 *
 * Pagination consumes DgLines (heights, break kinds, the footnotes and
 * links each line carries) and never looks inside a line; the PDF writer
 * draws a line with dg_line_draw(). Whatever breaks the lines — a first
 * Pango-layout implementation or our own total-fit breaker — produces
 * exactly these types.
 *
 * Units: points (1/72 in) everywhere; Pango units only inside runs. */
#pragma once
#include <cairo.h>
#include <pango/pango.h>

#include "book.h"

G_BEGIN_DECLS

typedef enum {
  DG_ALIGN_JUSTIFY,            /* both edges; last line flush left */
  DG_ALIGN_LEFT,
  DG_ALIGN_CENTER,
  DG_ALIGN_RIGHT,
} DgAlign;

/* How one kind of text is set: plain values, filled from a template. */
typedef struct {
  char *family;                /* Pango family list: "EB Garamond 12, Noto Serif CJK SC" */
  double size_pt;
  double leading_pt;           /* baseline to baseline */
  int weight;                  /* PangoWeight: 400 regular, 700 bold */
  gboolean italic;
  double indent_em;            /* first-line indent (2 for Chinese body) */
  double left_em;              /* whole-block left indent (quotes, lists) */
  DgAlign align;
  gboolean hyphenate;          /* English: libhyphen patterns */
  double space_before_pt, space_after_pt;
  double letter_spacing_em;    /* headings may be letter-spaced */
} DgTextStyle;

typedef enum {
  DG_BREAK_NORMAL,             /* at a space or between Han characters */
  DG_BREAK_HYPHEN,             /* inside a word, a hyphen drawn */
  DG_BREAK_FORCED,             /* a hard line break in the text */
  DG_BREAK_LAST,               /* the paragraph's last line */
} DgBreakKind;

/* A run of glyphs in one font, positioned on the line. */
typedef struct {
  PangoGlyphItem *glyph_item;  /* owned: item + glyph string */
  const char *text;            /* the text item offsets index (owned by DgLines) */
  double x_pt;                 /* left edge, from the line's left edge */
  double rise_pt;              /* baseline shift, e.g. note marks */
  gboolean underline;
} DgRun;

typedef struct {
  double x0_pt, x1_pt;         /* from the line's left edge */
  const char *url;             /* external link, or NULL */
  int note;                    /* >= 0: a footnote mark linking to that note */
} DgLineLink;

typedef struct {
  double x_pt;                 /* left edge from the column's left edge */
  double width_pt;             /* set width (the measure for justified lines) */
  double ascent_pt, descent_pt;
  double leading_pt;           /* this line's share of vertical space */
  DgBreakKind brk;
  gsize start, end;            /* byte range of the source text on this line */
  GPtrArray *runs;             /* DgRun*, owned */
  GArray *notes;               /* int: footnotes referenced here, in order */
  GArray *links;               /* DgLineLink */
} DgLine;

typedef struct {
  const DgBlock *block;        /* NULL for text outside the book tree */
  char *text;                  /* the text the runs index (may carry marks) */
  GPtrArray *lines;            /* DgLine*, owned */
  double space_before_pt, space_after_pt;
} DgLines;

void dg_lines_free(DgLines *lines);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgLines, dg_lines_free)

/* Total height of the lines (sum of leadings), without block spacing. */
double dg_lines_height(const DgLines *lines);

/* Draws one line with its left edge at x and its baseline at y. */
void dg_line_draw(const DgLine *line, cairo_t *cr, double x_pt, double y_pt);

G_END_DECLS
