/* linebreak.h — total-fit line breaking over boxes, glue and penalties.
 *
 * The Knuth–Plass model, with no text in sight: the paragraph builder
 * turns characters into items, this module chooses the breaks and then
 * says how wide every glue item is on its line. Everything is a pure
 * function of the items and the parameters, so the unit tests use
 * made-up widths. Units: points. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* A penalty of DG_LB_INFINITY forbids a break; -DG_LB_INFINITY forces it. */
#define DG_LB_INFINITY 10000.0

typedef enum {
  DG_LB_BOX,
  DG_LB_GLUE,
  DG_LB_PENALTY,
} DgLbKind;

/* Which glue gives first (clreq J3/J4: shrink punctuation, then word
 * spaces, then Han–Western gaps; stretch word spaces and Han–Western
 * gaps before spreading between Han characters). Lower adjusts first.
 * The last tier is for ragged-right glue that only a line ending at an
 * emergency break carries (the paragraph builder's `+S, break, −S`). */
typedef enum {
  DG_LB_TIER_0,
  DG_LB_TIER_1,
  DG_LB_TIER_2,
  DG_LB_TIER_RAGGED,
  DG_LB_N_TIERS,
} DgLbTier;

/* A box may stretch too (glyph expansion, the hz-program's and pdfTeX's
 * "font expansion"): its stretch_pt is the most it may widen. Expansion
 * is a last resort of setting only: it never counts in the choice of
 * breaks, and a line uses it only after every glue tier has reached its
 * stretchability, in DG_LB_EXPANSION_STEPS equal steps of the boxes'
 * capacity, so that a book draws few distinct expansions. */
#define DG_LB_EXPANSION_STEPS 8

typedef struct {
  DgLbKind kind;
  guint8 stretch_tier, shrink_tier;  /* DgLbTier, glue only */
  gboolean flagged;                  /* penalty: a drawn hyphen */
  double width_pt;                   /* box, glue, penalty (hyphen width) */
  double stretch_pt, shrink_pt;      /* glue; a box's stretch_pt: its expansion */
  /* Margin protrusion (optical margin alignment): a box that starts a
   * line may hang hang_left_pt into the left margin, one that ends a
   * line broken after it hang_right_pt into the right; a flagged
   * penalty's hang_right_pt is its hyphen's. */
  double hang_left_pt, hang_right_pt;
  double penalty;                    /* penalty only */
  guint32 tag;                       /* the caller's, passed through */
} DgLbItem;

typedef struct {
  double width_pt;            /* the measure of every line */
  double first_width_pt;      /* the first line's measure (same if equal) */
  double tolerance;           /* largest stretch ratio in the first pass */
  double line_penalty;        /* TeX \linepenalty: favours fewer lines */
  double double_hyphen_demerits;  /* two hyphenated lines in a row */
  double final_hyphen_demerits;   /* the second-last line hyphenated */
  double adj_demerits;        /* fitness classes more than one apart */
  int max_hyphen_run;         /* hard limit of consecutive hyphenated lines */
  double short_last_pt;       /* a last line narrower than this ... */
  double short_last_demerits; /* ... costs this much (clreq G7) */
} DgLbParams;

/* TeX's plain values, two hyphens in a row at most, no short-line rule. */
void dg_lb_params_init(DgLbParams *p, double width_pt);

typedef struct {
  gsize start, end;    /* items [start, end) set on the line */
  gsize brk;           /* the item broken at (== n_items for the end) */
  double ratio;        /* adjustment ratio: >0 stretched, <0 shrunk */
  gboolean hyphenated; /* broken at a flagged penalty */
  gboolean forced;     /* broken at a forced penalty or the end */
  gboolean overfull;   /* could not shrink enough (emergency) */
} DgLbLine;

/* How far a line hangs into the left margin: where the caller draws it
 * (x = −hang) when the line was set by dg_lb_set_line. */
double dg_lb_hang_left(const DgLbItem *items, const DgLbLine *line);

/* Chooses the breaks. The end of the items is a forced break; lines
 * ending at a forced break are set at natural width when short (flush
 * left). Never fails: with no feasible set of breaks it retries with
 * unlimited stretch, then accepts overfull lines. Returns DgLbLine[]. */
GArray *dg_linebreak(const DgLbItem *items, gsize n_items, const DgLbParams *p);

/* Widths of the glue on one line: out_pt[i - line->start] for every item
 * of the line (penalties keep their width), stretching or shrinking tier
 * by tier to fill `measure_pt`; boxes keep their width unless the line
 * is still short when every tier is full (expansion, see above), then the
 * rest goes to the last tier that can stretch. A justified line fills
 * `measure_pt` plus what its first and last boxes hang into the margins.
 * With `justify` FALSE,
 * and on forced lines, short lines stay at natural width. Returns the
 * set width of the line (the penalty at the break included). */
double dg_lb_set_line(const DgLbItem *items, const DgLbLine *line, double measure_pt,
                      gboolean justify, double *out_pt);

G_END_DECLS
