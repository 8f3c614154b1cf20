/* paragraph-lines.c — chosen breaks → DgLines of positioned glyph runs.
 *
 * Model: the print engine draws a run with pango_cairo_show_glyph_item(),
 * which advances the pen by each glyph's width. So justification is
 * written into the glyph geometry: every cluster on a line gets an x
 * (where its ink box starts) and an advance (its box plus the glue the
 * breaker set after it); the cluster's first glyph moves left by the
 * blank `halt` would remove, and its last glyph's width absorbs the
 * rest. Positions are rounded to Pango units at cluster edges from the
 * exact running x, so a 40-cluster line ends within 1/1024 pt of the
 * measure instead of accumulating rounding.
 *
 * A line that ends at a hyphenation point gets one more run: a PangoItem
 * over the "-" stored after the paragraph's NUL, shaped in the font of
 * the word. Its glyph maps to the text "-" (not U+00AD), so pdftotext
 * sees a line-final hyphen and rejoins the word, and the manuscript's
 * own text never gains a character.
 *
 * A ligature broken at a hyphen (paragraph.c's DgDisc) is drawn as two
 * runs of its own: the reshaped first half ending the line, before the
 * hyphen run, and the reshaped second half starting the next. The line
 * order holds them as negative codes (part_code) beside cluster indexes.
 *
 * Glue discarded at a break (line-end spaces, the blank half of
 * line-end punctuation, a Han–Western gap at a line edge) simply has no
 * cluster on the line: nothing is drawn for it and no space character
 * is emitted for it. */
#include "paragraph-private.h"

#include <math.h>
#include <string.h>

typedef struct {
  double x_pt, adv_pt;
  int line;                   /* the line this place belongs to, or -1 */
} Place;

typedef struct {
  DgPara *para;
  DgLines *out;
  Place *place;
  Place *parts;               /* 2 per DgDisc: first half, second half */
  GArray *order;              /* cluster indexes on the current line */
  double *widths;             /* dg_lb_set_line output */
  double expand;              /* the current line's glyph expansion (0.01 = 1%) */
} Emitter;


/* Rise and underline live in the item's extra attributes: pango_shape
 * leaves them to the caller (PangoLayout applies them). */
static void
run_decorations(DgRun *run, const PangoItem *item)
{
  for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
    const PangoAttribute *a = l->data;
    if (a->klass->type == PANGO_ATTR_RISE)
      run->rise_pt = ((const PangoAttrInt *)a)->value / (double)PANGO_SCALE;
    else if (a->klass->type == PANGO_ATTR_UNDERLINE)
      run->underline = ((const PangoAttrInt *)a)->value != PANGO_UNDERLINE_NONE;
  }
}

/* Wraps a freshly built item + glyphs as a run; pango_glyph_item_copy
 * allocates the PangoGlyphItem the way pango_glyph_item_free expects. */
static DgRun *
run_new(PangoItem *item, PangoGlyphString *gs, const char *text, double x_pt)
{
  PangoGlyphItem tmp = { 0 };
  tmp.item = item;
  tmp.glyphs = gs;
  DgRun *run = g_new0(DgRun, 1);
  run->glyph_item = pango_glyph_item_copy(&tmp);
  run->text = text;
  run->x_pt = x_pt;
  run_decorations(run, item);
  pango_item_free(item);
  pango_glyph_string_free(gs);
  return run;
}

/* The line's expansion if every glyph cluster of order[from..to) may be
 * expanded (one item: one font, so in practice all or none), else 0. */
static double
run_expansion(const Emitter *em, guint from, guint to)
{
  if (em->expand <= 0)
    return 0;
  for (guint k = from; k < to; k++) {
    const DgCluster *c = &g_array_index(em->para->clusters, DgCluster,
                                        g_array_index(em->order, int, k));
    if (!c->space && !c->western)
      return 0;
  }
  return em->expand;
}

/* One run from clusters order[from..to) (same item, consecutive). */
static DgRun *
make_run(Emitter *em, guint from, guint to)
{
  DgPara *para = em->para;
  const DgCluster *c0 = &g_array_index(para->clusters, DgCluster,
                                       g_array_index(em->order, int, from));
  const DgCluster *c1 = &g_array_index(para->clusters, DgCluster,
                                       g_array_index(em->order, int, to - 1));
  PangoItem *src = g_ptr_array_index(para->items, c0->item);
  PangoGlyphString *sg = g_ptr_array_index(para->glyphs, c0->item);
  PangoItem *item = pango_item_copy(src);
  item->offset = (int)c0->start;
  item->length = (int)(c1->end - c0->start);
  item->num_chars = (int)g_utf8_strlen(para->text + c0->start, item->length);
  int g0 = c0->glyph0, n = c1->glyph1 - g0;
  PangoGlyphString *gs = pango_glyph_string_new();
  pango_glyph_string_set_size(gs, n);
  for (int g = 0; g < n; g++) {
    gs->glyphs[g] = sg->glyphs[g0 + g];
    gs->log_clusters[g] = sg->log_clusters[g0 + g] + src->offset - item->offset;
  }
  double run_x = em->place[g_array_index(em->order, int, from)].x_pt;
  /* An expanded run is drawn scaled by `s` from its left edge, so its
   * glyph geometry is written in unscaled units. */
  double s = 1 + run_expansion(em, from, to);
  for (guint k = from; k < to; k++) {
    int ci = g_array_index(em->order, int, k);
    const DgCluster *c = &g_array_index(para->clusters, DgCluster, ci);
    const Place *pl = &em->place[ci];
    PangoGlyphInfo *first = &gs->glyphs[c->glyph0 - g0], *last = &gs->glyphs[c->glyph1 - 1 - g0];
    first->geometry.x_offset -= (int)lround(c->left_pt * PANGO_SCALE);
    int others = 0;
    for (int g = c->glyph0; g < c->glyph1 - 1; g++)
      others += gs->glyphs[g - g0].geometry.width;
    long start = lround((pl->x_pt - run_x) / s * PANGO_SCALE);
    long end = lround((pl->x_pt + pl->adv_pt - run_x) / s * PANGO_SCALE);
    last->geometry.width = (int)(end - start) - others;
  }
  DgRun *run = run_new(item, gs, em->out->text, run_x);
  run->stretch_x = s - 1;
  return run;
}

/* Order entries: a cluster index, or a ligature half as a negative code. */
static int
part_code(guint disc, gboolean second)
{
  return -(int)(2 * disc + (second ? 2 : 1));
}

static const DgDisc *
part_disc(const DgPara *para, int code, gboolean *second)
{
  *second = (-code - 1) % 2 == 1;
  return &g_array_index(para->discs, DgDisc, (guint)((-code - 1) / 2));
}

/* Bytes of the text an order entry sets. */
static void
entry_bytes(const DgPara *para, int code, gsize *start, gsize *end)
{
  if (code >= 0) {
    const DgCluster *c = &g_array_index(para->clusters, DgCluster, code);
    *start = c->start;
    *end = c->end;
    return;
  }
  gboolean second;
  const DgDisc *d = part_disc(para, code, &second);
  const DgCluster *c = &g_array_index(para->clusters, DgCluster, d->cluster);
  *start = second ? d->split : c->start;
  *end = second ? c->end : d->split;
}

/* The run of one ligature half, with its reshaped glyphs. */
static DgRun *
part_run(Emitter *em, int code)
{
  DgPara *para = em->para;
  gboolean second;
  const DgDisc *d = part_disc(para, code, &second);
  const DgCluster *c = &g_array_index(para->clusters, DgCluster, d->cluster);
  gsize start, end;
  entry_bytes(para, code, &start, &end);
  PangoItem *item = pango_item_copy(g_ptr_array_index(para->items, c->item));
  item->offset = (int)start;
  item->length = (int)(end - start);
  item->num_chars = (int)g_utf8_strlen(para->text + start, item->length);
  PangoGlyphString *gs = pango_glyph_string_copy(second ? d->post : d->pre);
  return run_new(item, gs, em->out->text, em->parts[-code - 1].x_pt);
}

static DgRun *
hyphen_run(Emitter *em, int cluster, double x_pt)
{
  DgPara *para = em->para;
  const DgCluster *c = &g_array_index(para->clusters, DgCluster, cluster);
  PangoItem *item = pango_item_copy(g_ptr_array_index(para->items, c->item));
  item->offset = (int)para->hyphen_offset;
  item->length = 1;
  item->num_chars = 1;
  PangoGlyphString *gs = pango_glyph_string_new();
  const char *h = para->text + para->hyphen_offset;
  pango_shape_with_flags(h, 1, h, 1, &item->analysis, gs, PANGO_SHAPE_NONE);
  return run_new(item, gs, em->out->text, x_pt);
}

/* A ligature's items on a line: the whole cluster where the line does
 * not break inside it, else the half on this side of the break. */
static void
place_ligature(Emitter *em, const DgLbLine *l, int line_no, int kind, int k, double x,
               double w)
{
  DgPara *para = em->para;
  const DgLbItem *items = (const DgLbItem *)para->lb->data;
  const DgDisc *d = &g_array_index(para->discs, DgDisc, (guint)k);
  const DgCluster *c = &g_array_index(para->clusters, DgCluster, d->cluster);
  if (kind == TAG_DISC_PRE) {
    gboolean broken = l->brk < para->lb->len && items[l->brk].tag == TAG(TAG_DISC, k);
    int code = broken ? part_code((guint)k, FALSE) : d->cluster;
    if (broken)
      em->parts[2 * k] = (Place){ x, w, line_no };
    else
      em->place[d->cluster] = (Place){ x, c->width_pt, line_no };
    g_array_append_val(em->order, code);
  } else if (em->place[d->cluster].line != line_no) {   /* TAG_DISC_POST */
    int code = part_code((guint)k, TRUE);
    em->parts[2 * k + 1] = (Place){ x, w, line_no };
    g_array_append_val(em->order, code);
  }
}

/* Walks the line's items with their set widths and gives every cluster
 * on it a place; returns the x where the line's content ends. */
static double
place_clusters(Emitter *em, const DgLbLine *l, int line_no)
{
  const DgLbItem *items = (const DgLbItem *)em->para->lb->data;
  double x = 0;
  g_array_set_size(em->order, 0);
  em->expand = 0;
  for (gsize k = l->start; k < l->end; k++) {
    const DgLbItem *it = &items[k];
    double w = em->widths[k - l->start];
    int kind = TAG_KIND(it->tag), ci = TAG_CLUSTER(it->tag);
    if (it->kind != DG_LB_PENALTY && (kind == TAG_DISC_PRE || kind == TAG_DISC_POST)) {
      place_ligature(em, l, line_no, kind, ci, x, w);
    } else if (it->kind == DG_LB_BOX && kind == TAG_BOX) {
      if (it->stretch_pt > 0 && w > it->width_pt)
        em->expand = w / it->width_pt - 1;   /* the same for every box of the line */
      em->place[ci] = (Place){ x, w, line_no };
      g_array_append_val(em->order, ci);
    } else if (it->kind == DG_LB_GLUE && kind == TAG_SPACE) {
      em->place[ci] = (Place){ x, w, line_no };
      g_array_append_val(em->order, ci);
    } else if (it->kind == DG_LB_GLUE && kind == TAG_TAIL
               && (guint)ci < em->para->clusters->len && em->place[ci].line == line_no) {
      em->place[ci].adv_pt += w;
    } else if (it->kind == DG_LB_PENALTY) {
      continue;
    }
    x += w;
  }
  return x;
}

/* A run's logical extents. A cairo font's logical box is the font's
 * ascent and descent for every glyph, so the font answers for the run;
 * pango_glyph_string_extents() would also load every glyph's outline for
 * its width (measured: 8% of a whole build, FreeType's glyph loader).
 * Hex boxes for missing glyphs have their own metrics: those runs are
 * measured in full. */
static void
run_logical(const DgRun *run, PangoRectangle *logical)
{
  const PangoGlyphString *gs = run->glyph_item->glyphs;
  PangoFont *font = run->glyph_item->item->analysis.font;
  for (int g = 0; g < gs->num_glyphs; g++)
    if (gs->glyphs[g].glyph & PANGO_GLYPH_UNKNOWN_FLAG) {
      pango_glyph_string_extents((PangoGlyphString *)gs, font, NULL, logical);
      return;
    }
  /* PANGO_GLYPH_EMPTY: the font's logical box without loading any
   * glyph (a CJK outline costs FreeType ~20 k instructions) */
  pango_font_get_glyph_extents(font, PANGO_GLYPH_EMPTY, NULL, logical);
}

static void
line_metrics(DgLine *line, const DgTextStyle *style)
{
  for (guint i = 0; i < line->runs->len; i++) {
    const DgRun *run = line->runs->pdata[i];
    PangoRectangle logical;
    run_logical(run, &logical);
    line->ascent_pt = MAX(line->ascent_pt, -logical.y / (double)PANGO_SCALE + run->rise_pt);
    line->descent_pt = MAX(line->descent_pt,
                           (logical.y + logical.height) / (double)PANGO_SCALE - run->rise_pt);
  }
  if (line->runs->len == 0) {
    line->ascent_pt = style->size_pt * 0.88;
    line->descent_pt = style->size_pt * 0.12;
  }
  line->leading_pt = MAX(style->leading_pt, line->ascent_pt + line->descent_pt);
}

static DgBreakKind
break_kind(const DgLbLine *l, gboolean last)
{
  if (last)
    return DG_BREAK_LAST;
  if (l->forced)
    return DG_BREAK_FORCED;
  return l->hyphenated ? DG_BREAK_HYPHEN : DG_BREAK_NORMAL;
}

static DgLine *
emit_line(Emitter *em, const DgLbLine *l, int line_no, gboolean last)
{
  DgPara *para = em->para;
  const DgTextStyle *st = para->spec->style;
  const DgLbItem *items = (const DgLbItem *)para->lb->data;
  gboolean justify = st->align == DG_ALIGN_JUSTIFY;
  em->widths = g_renew(double, em->widths, MAX(l->end - l->start, 1));
  double set = dg_lb_set_line(items, l, para->measure_pt, justify, em->widths);
  double x_end = place_clusters(em, l, line_no);
  DgLine *line = dg_line_new();
  line->width_pt = set;
  line->brk = break_kind(l, last);
  for (guint k = 0; k < em->order->len;) {
    guint j = k + 1;
    if (g_array_index(em->order, int, k) < 0) {
      g_ptr_array_add(line->runs, part_run(em, g_array_index(em->order, int, k)));
      k = j;
      continue;
    }
    int item = g_array_index(para->clusters, DgCluster, g_array_index(em->order, int, k)).item;
    while (j < em->order->len
           && g_array_index(em->order, int, j) == g_array_index(em->order, int, j - 1) + 1
           && g_array_index(para->clusters, DgCluster, g_array_index(em->order, int, j)).item
                  == item)
      j++;
    g_ptr_array_add(line->runs, make_run(em, k, j));
    k = j;
  }
  if (l->hyphenated && l->brk < para->lb->len) {
    guint32 tag = items[l->brk].tag;
    if (TAG_KIND(tag) == TAG_HYPHEN)
      g_ptr_array_add(line->runs, hyphen_run(em, TAG_CLUSTER(tag), x_end));
    else if (TAG_KIND(tag) == TAG_DISC)
      g_ptr_array_add(line->runs, hyphen_run(em, g_array_index(para->discs, DgDisc,
                                                               TAG_CLUSTER(tag)).cluster, x_end));
  }
  if (em->order->len > 0) {
    gsize unused;
    entry_bytes(para, g_array_index(em->order, int, 0), &line->start, &unused);
    entry_bytes(para, g_array_index(em->order, int, em->order->len - 1), &unused, &line->end);
  }
  if (justify)
    line->x_pt = -dg_lb_hang_left(items, l);   /* a hanging quote */
  else if (st->align == DG_ALIGN_CENTER)
    line->x_pt = (para->measure_pt - set) / 2;
  else if (st->align == DG_ALIGN_RIGHT)
    line->x_pt = para->measure_pt - set;
  line_metrics(line, st);
  return line;
}

DgLines *
dg_para_emit_lines(DgPara *para, GArray *breaks)
{
  Emitter em = { 0 };
  em.para = para;
  /* the DgLines takes the text; the emitter still reads it through para */
  em.out = dg_lines_new(para->text);
  em.place = g_new(Place, para->clusters->len + 1);
  for (guint i = 0; i <= para->clusters->len; i++)
    em.place[i].line = -1;
  em.order = g_array_new(FALSE, FALSE, sizeof(int));
  em.parts = g_new0(Place, 2 * para->discs->len + 1);
  for (guint i = 0; i < breaks->len; i++)
    g_ptr_array_add(em.out->lines, emit_line(&em, &g_array_index(breaks, DgLbLine, i), (int)i,
                                             i + 1 == breaks->len));
  g_array_free(em.order, TRUE);
  g_free(em.place);
  g_free(em.parts);
  g_free(em.widths);
  para->text = NULL;   /* owned by the DgLines now */
  return em.out;
}

double
dg_line_x_of_index(const DgLine *line, gsize index)
{
  for (guint i = 0; i < line->runs->len; i++) {
    const DgRun *run = line->runs->pdata[i];
    const PangoItem *item = run->glyph_item->item;
    const PangoGlyphString *gs = run->glyph_item->glyphs;
    if (index < (gsize)item->offset || index >= (gsize)(item->offset + item->length))
      continue;
    double x = run->x_pt;
    for (int g = 0; g < gs->num_glyphs; g++) {
      if ((gsize)(item->offset + gs->log_clusters[g]) >= index)
        return x;
      x += gs->glyphs[g].geometry.width * dg_run_scale(run) / PANGO_SCALE;
    }
  }
  return -1;
}
