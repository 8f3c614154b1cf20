/* linebreak.c — Knuth–Plass total fit, after Knuth & Plass (1981).
 *
 * Model: a paragraph is a sequence of boxes (fixed width), glue (width
 * that may stretch or shrink, a break opportunity when it follows a box)
 * and penalties (a break opportunity with a cost; a flagged penalty is a
 * hyphen, whose width is drawn only if the line breaks there). A line's
 * adjustment ratio r is the slack divided by its total stretch (or
 * shrink); badness is 100|r|³, and a line costs (line_penalty + badness)²
 * plus the penalty², plus demerits for two hyphens in a row, for a
 * hyphenated second-last line, for fitness classes (tight, decent, loose,
 * very loose) more than one apart, and for a short last line (clreq G7's
 * orphan: one character or one short word alone).
 *
 * Algorithm: dynamic programming over break opportunities with a list of
 * active nodes (TeX §813–§890). A node is kept per (fitness class,
 * consecutive-hyphen count), so "at most two hyphenated lines in a row" is
 * a hard constraint rather than a cost, and is still optimal. Lines that
 * would have to shrink below their shrinkability deactivate a node. If no
 * set of breaks fits within the tolerance, a second pass allows any
 * stretch and, when a box is wider than the measure, an overfull line
 * (TeX's emergency pass); it never fails.
 *
 * Setting a line (dg_lb_set_line) is not TeX's single ratio: glue carries
 * a tier, and the slack fills tier 0 to its stretchability, then tier 1,
 * and spreads what remains over the last tier that can stretch (clreq J3,
 * J4: shrink punctuation first, stretch Han–Western gaps before spacing
 * Han characters apart). The break choice uses the uniform ratio, which
 * is the usual approximation. A line still short when every tier is full
 * (word spaces past their comfortable stretch) widens its expandable
 * boxes by up to their stretch before the spaces go further: the order
 * of InDesign's justification (word spacing, then glyph scaling), where
 * pdfTeX spreads expansion over every line. Kept out of the break choice
 * so that it only ever makes a loose line tighter.
 *
 * Rejected: first fit (Pango, browsers). It cannot look ahead, so a short
 * line early in a paragraph is never traded for better lines later, and
 * it pours a line's slack into whatever spaces it has. */
#include "linebreak.h"

#include <math.h>

#define FITNESS_CLASSES 4
#define MAX_RUN_STATES 9
#define AWFUL_DEMERITS 1e30

typedef struct Node Node;
struct Node {
  gsize pos;         /* the break item; G_MAXSIZE for the paragraph start */
  gsize after;       /* first item of the next line */
  int fitness;
  int run;           /* consecutive hyphenated lines ending here */
  gboolean flagged;
  gboolean overfull;
  double ratio;
  double demerits;
  Node *prev;
};

typedef struct {
  const DgLbItem *items;
  gsize n;
  const DgLbParams *p;
  double *w, *y, *z;      /* prefix sums of width, stretch, shrink */
  GPtrArray *all;         /* every node, owned */
  GPtrArray *active;      /* borrowed from `all` */
  int run_states;
} Breaker;

void
dg_lb_params_init(DgLbParams *p, double width_pt)
{
  p->width_pt = width_pt;
  p->first_width_pt = width_pt;
  p->tolerance = 2.0;
  p->line_penalty = 10;
  p->double_hyphen_demerits = 10000;
  p->final_hyphen_demerits = 5000;
  p->adj_demerits = 10000;
  p->max_hyphen_run = 2;
  p->short_last_pt = 0;
  p->short_last_demerits = 0;
}

static gboolean
is_forced(const Breaker *b, gsize pos)
{
  return pos >= b->n
         || (b->items[pos].kind == DG_LB_PENALTY && b->items[pos].penalty <= -DG_LB_INFINITY);
}

static gboolean
is_legal(const Breaker *b, gsize i)
{
  const DgLbItem *it = &b->items[i];
  if (it->kind == DG_LB_GLUE)
    return i > 0 && b->items[i - 1].kind == DG_LB_BOX;
  return it->kind == DG_LB_PENALTY && it->penalty < DG_LB_INFINITY;
}

/* After a break, glue and optional penalties vanish up to the next box
 * (TeX §879); a forced penalty stays to make its own break. */
static gsize
skip_discardable(const Breaker *b, gsize pos)
{
  gsize i = pos + 1;
  while (i < b->n) {
    const DgLbItem *it = &b->items[i];
    if (it->kind == DG_LB_BOX || (it->kind == DG_LB_PENALTY && it->penalty <= -DG_LB_INFINITY))
      break;
    i++;
  }
  return i;
}

static void
prefix_sums(Breaker *b)
{
  b->w = g_new0(double, b->n + 1);
  b->y = g_new0(double, b->n + 1);
  b->z = g_new0(double, b->n + 1);
  for (gsize i = 0; i < b->n; i++) {
    const DgLbItem *it = &b->items[i];
    gboolean counts = it->kind != DG_LB_PENALTY;
    gboolean glue = it->kind == DG_LB_GLUE;
    b->w[i + 1] = b->w[i] + (counts ? it->width_pt : 0);
    b->y[i + 1] = b->y[i] + (glue ? it->stretch_pt : 0);
    b->z[i + 1] = b->z[i] + (glue ? it->shrink_pt : 0);
  }
}

static Node *
node_new(Breaker *b)
{
  Node *node = g_new0(Node, 1);
  g_ptr_array_add(b->all, node);
  return node;
}

static double
hang_left(const DgLbItem *items, gsize start, gsize end)
{
  return start < end && items[start].kind == DG_LB_BOX ? items[start].hang_left_pt : 0;
}

/* A line broken at `brk` (not forced) hangs its hyphen, or else its
 * last box, into the right margin. */
static double
hang_right(const DgLbItem *items, gsize brk)
{
  const DgLbItem *it = &items[brk];
  if (it->kind == DG_LB_PENALTY && it->flagged && it->width_pt > 0)
    return it->hang_right_pt;
  return brk > 0 && items[brk - 1].kind == DG_LB_BOX ? items[brk - 1].hang_right_pt : 0;
}

double
dg_lb_hang_left(const DgLbItem *items, const DgLbLine *line)
{
  return hang_left(items, line->start, line->end);
}

/* The width a line takes against the measure: its items, minus what
 * hangs into the margins. */
static double
line_natural(const Breaker *b, const Node *a, gsize pos)
{
  double l = b->w[pos] - b->w[a->after];
  if (pos < b->n && b->items[pos].kind == DG_LB_PENALTY)
    l += b->items[pos].width_pt;
  l -= hang_left(b->items, a->after, MIN(pos, b->n));
  if (!is_forced(b, pos))
    l -= hang_right(b->items, pos);
  return l;
}

/* The adjustment ratio of the line from `a` to `pos`. */
static double
line_ratio(const Breaker *b, const Node *a, gsize pos)
{
  double target = a->pos == G_MAXSIZE ? b->p->first_width_pt : b->p->width_pt;
  double l = line_natural(b, a, pos);
  if (l < target) {
    if (is_forced(b, pos))
      return 0;
    double y = b->y[pos] - b->y[a->after];
    return y > 0 ? (target - l) / y : INFINITY;
  }
  if (l > target) {
    double z = b->z[pos] - b->z[a->after];
    return z > 0 ? (target - l) / z : -INFINITY;
  }
  return 0;
}

static int
fitness_of(double r)
{
  if (r < -0.5)
    return 0;
  if (r <= 0.5)
    return 1;
  if (r <= 1)
    return 2;
  return 3;
}

static double
badness_of(double r)
{
  if (isinf(r))
    return 1e8;
  double bad = 100 * fabs(r) * fabs(r) * fabs(r);
  return bad > 1e8 ? 1e8 : bad;
}

static double
line_demerits(const Breaker *b, const Node *a, gsize pos, double r)
{
  const DgLbParams *p = b->p;
  double d = p->line_penalty + badness_of(r);
  d *= d;
  gboolean flagged = FALSE;
  if (pos < b->n && b->items[pos].kind == DG_LB_PENALTY) {
    double pen = b->items[pos].penalty;
    if (pen >= 0)
      d += pen * pen;
    else if (pen > -DG_LB_INFINITY)
      d -= pen * pen;
    flagged = b->items[pos].flagged;
  }
  if (flagged && a->flagged)
    d += p->double_hyphen_demerits;
  if (pos >= b->n && a->flagged)
    d += p->final_hyphen_demerits;
  if (abs(fitness_of(r) - a->fitness) > 1)
    d += p->adj_demerits;
  if (pos >= b->n && a->pos != G_MAXSIZE && line_natural(b, a, pos) < p->short_last_pt)
    d += p->short_last_demerits;
  return d;
}

typedef struct {
  Node *from[FITNESS_CLASSES][MAX_RUN_STATES];
  double demerits[FITNESS_CLASSES][MAX_RUN_STATES];
  double ratio[FITNESS_CLASSES][MAX_RUN_STATES];
} Candidates;

static void
candidates_clear(Candidates *c, int run_states)
{
  for (int f = 0; f < FITNESS_CLASSES; f++)
    for (int r = 0; r < run_states; r++) {
      c->from[f][r] = NULL;
      c->demerits[f][r] = AWFUL_DEMERITS;
    }
}

static void
add_node(Breaker *b, gsize pos, Node *from, double ratio, double demerits, int run,
         gboolean overfull)
{
  Node *node = node_new(b);
  node->pos = pos;
  node->after = pos >= b->n ? b->n : skip_discardable(b, pos);
  node->fitness = overfull ? 1 : fitness_of(ratio);
  node->run = run;
  node->flagged = pos < b->n && b->items[pos].kind == DG_LB_PENALTY && b->items[pos].flagged;
  node->overfull = overfull;
  node->ratio = ratio;
  node->demerits = demerits;
  node->prev = from;
  g_ptr_array_add(b->active, node);
}

/* One break opportunity against every active node (TeX §829). */
static void
try_break(Breaker *b, gsize pos, double tolerance, gboolean rescue)
{
  Candidates c;
  candidates_clear(&c, b->run_states);
  gboolean found = FALSE, flagged = pos < b->n && b->items[pos].flagged
                                    && b->items[pos].kind == DG_LB_PENALTY;
  gboolean forced = is_forced(b, pos);
  Node *last_removed = NULL;
  double removed_r = 0;
  for (guint i = 0; i < b->active->len;) {
    Node *a = g_ptr_array_index(b->active, i);
    double r = line_ratio(b, a, pos);
    if (r >= -1 && r <= tolerance) {
      int run = flagged ? a->run + 1 : 0;
      if (b->p->max_hyphen_run < 0 || run <= b->p->max_hyphen_run) {
        int key = MIN(run, b->run_states - 1), f = fitness_of(r);
        double d = a->demerits + line_demerits(b, a, pos, r);
        if (d < c.demerits[f][key]) {
          c.demerits[f][key] = d;
          c.from[f][key] = a;
          c.ratio[f][key] = r;
          found = TRUE;
        }
      }
    }
    if (r < -1 || forced) {
      last_removed = a;
      removed_r = r;
      g_ptr_array_remove_index_fast(b->active, i);
      continue;
    }
    i++;
  }
  for (int f = 0; f < FITNESS_CLASSES; f++)
    for (int k = 0; k < b->run_states; k++)
      if (c.from[f][k])
        add_node(b, pos, c.from[f][k], c.ratio[f][k], c.demerits[f][k],
                 flagged ? c.from[f][k]->run + 1 : 0, FALSE);
  if (!found && rescue && b->active->len == 0 && last_removed) {
    /* Emergency: nothing fits, so set the line overfull (a box wider
     * than the measure) rather than lose the paragraph. */
    double d = last_removed->demerits + 1e12;
    add_node(b, pos, last_removed, removed_r, d, flagged ? last_removed->run + 1 : 0,
             removed_r < -1);
  }
}

static Node *
run_pass(Breaker *b, double tolerance, gboolean rescue)
{
  g_ptr_array_set_size(b->active, 0);
  Node *start = node_new(b);
  start->pos = G_MAXSIZE;
  start->after = 0;
  start->fitness = 1;
  g_ptr_array_add(b->active, start);
  for (gsize i = 0; i <= b->n && b->active->len > 0; i++)
    if (i == b->n || is_legal(b, i))
      try_break(b, i, tolerance, rescue);
  Node *best = NULL;
  for (guint i = 0; i < b->active->len; i++) {
    Node *a = g_ptr_array_index(b->active, i);
    if (a->pos == b->n && (!best || a->demerits < best->demerits))
      best = a;
  }
  return best;
}

static GArray *
lines_from(const Breaker *b, const Node *last)
{
  GArray *lines = g_array_new(FALSE, TRUE, sizeof(DgLbLine));
  for (const Node *node = last; node && node->prev; node = node->prev) {
    DgLbLine line = { 0 };
    line.start = node->prev->after;
    line.brk = node->pos;
    line.end = node->pos;
    line.ratio = node->ratio;
    line.hyphenated = node->flagged;
    line.forced = is_forced(b, node->pos);
    line.overfull = node->overfull;
    g_array_prepend_val(lines, line);
  }
  return lines;
}

GArray *
dg_linebreak(const DgLbItem *items, gsize n_items, const DgLbParams *p)
{
  g_return_val_if_fail(p != NULL && (items != NULL || n_items == 0), NULL);
  Breaker b = { items, n_items, p, NULL, NULL, NULL, NULL, NULL, 2 };
  if (p->max_hyphen_run >= 0)
    b.run_states = MIN(p->max_hyphen_run + 1, MAX_RUN_STATES);
  prefix_sums(&b);
  b.all = g_ptr_array_new_with_free_func(g_free);
  b.active = g_ptr_array_new();
  Node *best = run_pass(&b, p->tolerance, FALSE);
  if (!best)
    best = run_pass(&b, INFINITY, TRUE);
  GArray *lines = lines_from(&b, best);
  g_ptr_array_free(b.active, TRUE);
  g_ptr_array_free(b.all, TRUE);
  g_free(b.w);
  g_free(b.y);
  g_free(b.z);
  return lines;
}

/* Spreads `amount` over the glue of one tier, proportionally to each
 * item's stretch (or shrink); returns what was spread. */
static double
spread_tier(const DgLbItem *items, const DgLbLine *line, int tier, gboolean stretch,
            double amount, gboolean unlimited, double *out_pt)
{
  double cap = 0;
  for (gsize i = line->start; i < line->end; i++) {
    const DgLbItem *it = &items[i];
    if (it->kind == DG_LB_GLUE && (stretch ? it->stretch_tier : it->shrink_tier) == tier)
      cap += stretch ? it->stretch_pt : it->shrink_pt;
  }
  if (cap <= 0)
    return 0;
  double take = unlimited ? amount : MIN(amount, cap);
  for (gsize i = line->start; i < line->end; i++) {
    const DgLbItem *it = &items[i];
    if (it->kind != DG_LB_GLUE || (stretch ? it->stretch_tier : it->shrink_tier) != tier)
      continue;
    double share = take * (stretch ? it->stretch_pt : it->shrink_pt) / cap;
    out_pt[i - line->start] += stretch ? share : -share;
  }
  return take;
}

/* Widens the line's expandable boxes by the same fraction of their
 * stretch, at most all of it, rounded down to a step; returns the width
 * added. */
static double
expand_boxes(const DgLbItem *items, const DgLbLine *line, double amount, double *out_pt)
{
  double cap = 0;
  for (gsize i = line->start; i < line->end; i++)
    if (items[i].kind == DG_LB_BOX)
      cap += items[i].stretch_pt;
  if (cap <= 0)
    return 0;
  double q = floor(MIN(1.0, amount / cap) * DG_LB_EXPANSION_STEPS) / DG_LB_EXPANSION_STEPS;
  if (q <= 0)
    return 0;
  for (gsize i = line->start; i < line->end; i++)
    if (items[i].kind == DG_LB_BOX)
      out_pt[i - line->start] += q * items[i].stretch_pt;
  return q * cap;
}

double
dg_lb_set_line(const DgLbItem *items, const DgLbLine *line, double measure_pt,
               gboolean justify, double *out_pt)
{
  double natural = 0;
  for (gsize i = line->start; i < line->end; i++) {
    out_pt[i - line->start] = items[i].kind == DG_LB_PENALTY ? 0 : items[i].width_pt;
    natural += out_pt[i - line->start];
  }
  if (line->brk < line->end + 1 && !line->forced && items[line->brk].kind == DG_LB_PENALTY)
    natural += items[line->brk].width_pt;
  measure_pt += hang_left(items, line->start, line->end)
                + (line->forced ? 0 : hang_right(items, line->brk));
  double delta = measure_pt - natural, done = 0;
  gboolean stretch = delta > 0;
  if (stretch && (!justify || line->forced))
    return natural;
  double left = fabs(delta);
  int last_tier = -1;
  for (int t = 0; t < DG_LB_N_TIERS && left > 1e-9; t++) {
    double got = spread_tier(items, line, t, stretch, left, FALSE, out_pt);
    if (got > 0)
      last_tier = t;
    left -= got;
    done += got;
  }
  if (stretch && left > 1e-9) {
    double got = expand_boxes(items, line, left, out_pt);
    left -= got;
    done += got;
  }
  /* Stretch beyond every tier's stretchability goes to the last tier
   * that can stretch (between Han characters, or word spaces). Shrink
   * never goes beyond: an overfull line stays overfull. */
  if (stretch && left > 1e-9 && last_tier >= 0)
    done += spread_tier(items, line, last_tier, TRUE, left, TRUE, out_pt);
  return natural + (stretch ? done : -done);
}
