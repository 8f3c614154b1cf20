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
#include "script.h"

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
  double expansion;            /* most a justified Latin glyph may widen (0.02 = 2%) */
  gboolean protrusion;         /* justified: Latin punctuation hangs into the margins */
  DgKinsoku kinsoku;           /* clreq line-start/end rules; zero: basic */
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
  double stretch_x;            /* glyph expansion: drawn 1 + stretch_x times as wide */
  gboolean underline;
} DgRun;

/* A run's horizontal scale (its glyph widths are in unexpanded units)
 * and its advance on the line. */
double dg_run_scale(const DgRun *run);
double dg_run_width_pt(const DgRun *run);

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

/* An empty line (runs, notes and links allocated) and its release; every
 * line breaker builds its DgLines with these, so they free alike. */
DgLine *dg_line_new(void);
void dg_line_free(DgLine *line);
/* An empty DgLines owning `text` (taken) and freeing its lines. */
DgLines *dg_lines_new(char *text);

/* A PangoContext for print in language `tag`: 72 dpi (1 Pango point = 1
 * PDF unit), hint metrics off, unrounded positions, left-to-right. The
 * typesetter makes one per language; tests make theirs with it too, so
 * they measure what the book gets. */
PangoContext *dg_typeset_context_new(PangoFontMap *font_map, const char *tag);

void dg_lines_free(DgLines *lines);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgLines, dg_lines_free)

/* Total height of the lines (sum of leadings), without block spacing. */
double dg_lines_height(const DgLines *lines);

/* Draws one line with its left edge at x and its baseline at y. */
void dg_line_draw(const DgLine *line, cairo_t *cr, double x_pt, double y_pt);

/* --- the typesetter: one per build ------------------------------------- */

/* Holds one PangoContext per language (72 dpi, hint metrics off,
 * unrounded positions), created once and never modified while lines are
 * alive: changing a shared context's language silently relays every
 * earlier layout (measured: twice the render time). */
typedef struct _DgTypesetter DgTypesetter;

/* `languages`: the book's BCP 47 tags, NULL-terminated. `font_map` is
 * borrowed and must outlive the typesetter. `code_family` sets inline code. */
DgTypesetter *dg_typesetter_new(PangoFontMap *font_map, const char *const *languages,
                                const char *code_family);
void dg_typesetter_free(DgTypesetter *ts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgTypesetter, dg_typesetter_free)

/* Sets one block of the tree in `width_pt`. Footnote references become
 * superscript numbers (note index + 1) inserted into DgLines.text; list
 * items get their number or bullet; a footnote definition its number. */
DgLines *dg_typeset_block(DgTypesetter *ts, const DgBlock *block, const DgTextStyle *style,
                          double width_pt, GError **error);

/* Sets text outside the tree (title page, running heads, folios,
 * contents entries) in language `lang` (an index into `languages`). */
DgLines *dg_typeset_text(DgTypesetter *ts, int lang, const char *text,
                         const DgTextStyle *style, double width_pt, GError **error);

/* Width of the widest line's ink-free advance (for centring short text). */
double dg_lines_natural_width(const DgLines *lines);

G_END_DECLS
