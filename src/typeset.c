/* typeset.c — block + text style + width → measured lines (DgLines).
 *
 * Model: a block of the tree becomes a *prepared paragraph*: the text to
 * set (the block's text plus what the page adds: footnote numbers,
 * list markers), a PangoAttrList built from the inline spans (emphasis →
 * italic, strong → bold, code → monospace, note marks → superscript),
 * and the byte ranges of links and note marks in that text. One
 * function then breaks the prepared paragraph into lines; everything
 * after it — pagination, drawing, links, notes — consumes DgLines only.
 *
 * Algorithm of this first version: break_with_pango_layout() hands the
 * paragraph to a PangoLayout (WRAP_WORD: UAX #14 with Pango's kinsoku
 * behaviour, justify on), then copies every run's PangoGlyphItem out of
 * the layout with its x position, so the layout can be freed and lines
 * drawn one by one with pango_cairo_show_glyph_item(). The total-fit
 * breaker (linebreak.c, issue 4) replaces that one function and keeps
 * the rest: it produces the same DgLine/DgRun values from the same
 * prepared paragraph.
 *
 * Contexts: one PangoContext per book language, 72 dpi (1 Pango point =
 * 1 PDF unit), hint metrics off and unrounded positions, because a
 * hinted context measures a half-width glyph at 11.00 pt instead of
 * 10.50; a context is never modified after creation (changing its
 * language relays every earlier layout).
 *
 * Rejected: keeping the PangoLayouts alive until drawing. It ties the
 * PDF writer to Pango's breaking, which is the part we mean to replace,
 * and it holds every layout of the book in memory at once. */
#include "typeset.h"

#include <pango/pangocairo.h>
#include <string.h>

#include "paragraph.h"

/* Note marks: the reference number is set this much smaller and raised. */
#define DG_MARK_SCALE 0.62
#define DG_MARK_RISE_EM 0.36
/* Pango lumps a whole-point slack into one gap when justifying (measured);
 * one extra Pango unit of width avoids that. */
#define DG_WIDTH_FUDGE_PU 1

struct _DgTypesetter {
  PangoFontMap *font_map;
  GPtrArray *contexts;         /* PangoContext*, one per language */
  char *code_family;
  DgHyphenator *hyphenator;    /* en-US patterns, loaded on first use */
  DgShapeCache *shapes;        /* word-level shaping cache (shapecache.h) */
};

/* Something the page adds to the text: a note mark or a list marker. */
typedef struct {
  gsize at;                    /* byte offset in the block's text */
  char *text;
  int note;                    /* >= 0: a footnote mark */
  gboolean superscript;
} Insertion;

typedef struct {
  gsize start, end;            /* in the prepared text */
  const char *url;
  int note;
} Anchor;

typedef struct {
  GString *text;
  PangoAttrList *attrs;
  GArray *anchors;             /* Anchor: links and note marks */
  GArray *notes;               /* Anchor with note >= 0 only, for DgLine.notes */
} Prepared;

static void
prepared_clear(Prepared *p)
{
  if (p->text)
    g_string_free(p->text, TRUE);
  g_clear_pointer(&p->attrs, pango_attr_list_unref);
  g_clear_pointer(&p->anchors, g_array_unref);
  g_clear_pointer(&p->notes, g_array_unref);
}

/* --- the typesetter --------------------------------------------------- */

PangoContext *
dg_typeset_context_new(PangoFontMap *font_map, const char *tag)
{
  PangoContext *ctx = pango_font_map_create_context(font_map);
  pango_cairo_context_set_resolution(ctx, 72);
  cairo_font_options_t *fo = cairo_font_options_create();
  cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(ctx, fo);
  cairo_font_options_destroy(fo);
  pango_context_set_round_glyph_positions(ctx, FALSE);
  pango_context_set_base_dir(ctx, PANGO_DIRECTION_LTR);
  pango_context_set_language(ctx, pango_language_from_string(tag));
  return ctx;
}

DgTypesetter *
dg_typesetter_new(PangoFontMap *font_map, const char *const *languages,
                  const char *code_family)
{
  g_return_val_if_fail(font_map != NULL && languages != NULL, NULL);
  DgTypesetter *ts = g_new0(DgTypesetter, 1);
  ts->font_map = g_object_ref(font_map);
  ts->contexts = g_ptr_array_new_with_free_func(g_object_unref);
  for (int i = 0; languages[i]; i++)
    g_ptr_array_add(ts->contexts, dg_typeset_context_new(font_map, languages[i]));
  ts->code_family = g_strdup(code_family ? code_family : "monospace");
  return ts;
}

void
dg_typesetter_free(DgTypesetter *ts)
{
  if (ts == NULL)
    return;
  g_ptr_array_unref(ts->contexts);
  g_object_unref(ts->font_map);
  g_free(ts->code_family);
  dg_hyphenator_free(ts->hyphenator);
  dg_shape_cache_free(ts->shapes);
  g_free(ts);
}

/* --- lines ------------------------------------------------------------ */

static void
run_free(gpointer p)
{
  DgRun *run = p;
  pango_glyph_item_free(run->glyph_item);
  g_free(run);
}

void
dg_line_free(DgLine *line)
{
  if (line == NULL)
    return;
  g_ptr_array_unref(line->runs);
  g_array_unref(line->notes);
  g_array_unref(line->links);
  g_free(line);
}

DgLine *
dg_line_new(void)
{
  DgLine *line = g_new0(DgLine, 1);
  line->runs = g_ptr_array_new_with_free_func(run_free);
  line->notes = g_array_new(FALSE, FALSE, sizeof(int));
  line->links = g_array_new(FALSE, FALSE, sizeof(DgLineLink));
  return line;
}

DgLines *
dg_lines_new(char *text)
{
  DgLines *lines = g_new0(DgLines, 1);
  lines->text = text;
  lines->lines = g_ptr_array_new_with_free_func((GDestroyNotify)dg_line_free);
  return lines;
}

void
dg_lines_free(DgLines *lines)
{
  if (lines == NULL)
    return;
  g_ptr_array_unref(lines->lines);
  g_free(lines->text);
  g_free(lines);
}

double
dg_lines_height(const DgLines *lines)
{
  double h = 0;
  for (guint i = 0; i < lines->lines->len; i++)
    h += ((DgLine *)lines->lines->pdata[i])->leading_pt;
  return h;
}

double
dg_lines_natural_width(const DgLines *lines)
{
  double w = 0;
  for (guint i = 0; i < lines->lines->len; i++) {
    const DgLine *l = lines->lines->pdata[i];
    for (guint r = 0; r < l->runs->len; r++) {
      const DgRun *run = l->runs->pdata[r];
      double end = run->x_pt + dg_run_width_pt(run);
      w = MAX(w, l->x_pt + end);
    }
  }
  return w;
}

double
dg_run_scale(const DgRun *run)
{
  return 1 + run->stretch_x;
}

double
dg_run_width_pt(const DgRun *run)
{
  return pango_glyph_string_get_width(run->glyph_item->glyphs) * dg_run_scale(run)
         / PANGO_SCALE;
}

void
dg_line_draw(const DgLine *line, cairo_t *cr, double x_pt, double y_pt)
{
  for (guint i = 0; i < line->runs->len; i++) {
    const DgRun *run = line->runs->pdata[i];
    double x = x_pt + line->x_pt + run->x_pt, y = y_pt - run->rise_pt;
    if (run->stretch_x == 0) {
      cairo_move_to(cr, x, y);
      pango_cairo_show_glyph_item(cr, run->text, run->glyph_item);
      continue;
    }
    /* an expanded run: the glyphs themselves widen (the PDF gets the
     * scale in its text matrix; the embedded font is the same) */
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_scale(cr, dg_run_scale(run), 1);
    cairo_move_to(cr, 0, 0);
    pango_cairo_show_glyph_item(cr, run->text, run->glyph_item);
    cairo_restore(cr);
  }
}

/* --- preparing a paragraph -------------------------------------------- */

static gint
insertion_cmp(gconstpointer a, gconstpointer b)
{
  const Insertion *x = a, *y = b;
  return x->at < y->at ? -1 : x->at > y->at;
}

/* Offset in the prepared text of offset `o` of the block's text. A span
 * starting at `o` starts after marks inserted there; one ending there
 * ends before them (`inclusive` chooses). */
static gsize
map_offset(GArray *ins, gsize o, gboolean inclusive)
{
  gsize n = o;
  for (guint i = 0; i < ins->len; i++) {
    const Insertion *x = &g_array_index(ins, Insertion, i);
    if (x->at < o || (inclusive && x->at == o))
      n += strlen(x->text);
  }
  return n;
}

static void
add_prefix(GArray *ins, const DgBlock *block)
{
  Insertion x = { 0, NULL, -1, FALSE };
  if (block->kind == DG_BLOCK_LIST_ITEM)
    x.text = block->ordered ? g_strdup_printf("%d.\u2002", block->number)
                            : g_strdup("\u2022\u2002");
  else if (block->kind == DG_BLOCK_NOTE)
    x.text = g_strdup_printf("%d\u2002", block->note + 1);
  if (x.text)
    g_array_append_val(ins, x);
}

static GArray *
collect_insertions(const DgBlock *block)
{
  GArray *ins = g_array_new(FALSE, FALSE, sizeof(Insertion));
  add_prefix(ins, block);
  DgInlineIter it;
  dg_inline_iter_init(&it, block);
  DgEvent ev;
  while ((ev = dg_inline_iter_next(&it)) != DG_EVENT_NONE) {
    const DgInline *n = dg_inline_iter_node(&it);
    if (ev == DG_EVENT_ENTER && n->kind == DG_INLINE_NOTEREF) {
      Insertion x = { n->start, g_strdup_printf("%d", n->note + 1), n->note, TRUE };
      g_array_append_val(ins, x);
    }
  }
  g_array_sort(ins, insertion_cmp);
  return ins;
}

static void
add_attr(PangoAttrList *attrs, PangoAttribute *a, gsize start, gsize end)
{
  a->start_index = (guint)start;
  a->end_index = (guint)end;
  pango_attr_list_insert(attrs, a);
}

static void
span_attrs(DgTypesetter *ts, Prepared *p, const DgBlock *block, GArray *ins)
{
  DgInlineIter it;
  dg_inline_iter_init(&it, block);
  DgEvent ev;
  while ((ev = dg_inline_iter_next(&it)) != DG_EVENT_NONE) {
    const DgInline *n = dg_inline_iter_node(&it);
    if (ev != DG_EVENT_ENTER || n->start >= n->end)
      continue;
    gsize s = map_offset(ins, n->start, TRUE), e = map_offset(ins, n->end, FALSE);
    switch (n->kind) {
    case DG_INLINE_EMPH:
      add_attr(p->attrs, pango_attr_style_new(PANGO_STYLE_ITALIC), s, e);
      break;
    case DG_INLINE_STRONG:
      add_attr(p->attrs, pango_attr_weight_new(PANGO_WEIGHT_BOLD), s, e);
      break;
    case DG_INLINE_CODE:
      add_attr(p->attrs, pango_attr_family_new(ts->code_family), s, e);
      break;
    case DG_INLINE_STRIKE:
      add_attr(p->attrs, pango_attr_strikethrough_new(TRUE), s, e);
      break;
    case DG_INLINE_LINK: {
      Anchor a = { s, e, n->url, -1 };
      g_array_append_val(p->anchors, a);
      break;
    }
    default:
      break;
    }
  }
}

/* Builds the prepared text: the block's text with insertions spliced in,
 * and attributes for the superscript marks. */
static void
splice_text(Prepared *p, const char *text, gsize len, GArray *ins, double size_pt)
{
  gsize from = 0;
  for (guint i = 0; i < ins->len; i++) {
    const Insertion *x = &g_array_index(ins, Insertion, i);
    g_string_append_len(p->text, text + from, (gssize)(x->at - from));
    from = x->at;
    gsize s = p->text->len;
    g_string_append(p->text, x->text);
    if (!x->superscript)
      continue;
    add_attr(p->attrs, pango_attr_size_new_absolute((int)(size_pt * DG_MARK_SCALE * PANGO_SCALE)),
             s, p->text->len);
    add_attr(p->attrs, pango_attr_rise_new((int)(size_pt * DG_MARK_RISE_EM * PANGO_SCALE)), s,
             p->text->len);
    Anchor a = { s, p->text->len, NULL, x->note };
    g_array_append_val(p->anchors, a);
    g_array_append_val(p->notes, a);
  }
  g_string_append_len(p->text, text + from, (gssize)(len - from));
}

static void
prepare_block(DgTypesetter *ts, Prepared *p, const DgBlock *block, const DgTextStyle *style)
{
  p->text = g_string_sized_new(block->text_len + 16);
  p->attrs = pango_attr_list_new();
  p->anchors = g_array_new(FALSE, FALSE, sizeof(Anchor));
  p->notes = g_array_new(FALSE, FALSE, sizeof(Anchor));
  GArray *ins = collect_insertions(block);
  splice_text(p, block->text, block->text_len, ins, style->size_pt);
  span_attrs(ts, p, block, ins);
  for (guint i = 0; i < ins->len; i++)
    g_free(g_array_index(ins, Insertion, i).text);
  g_array_unref(ins);
}

/* --- breaking: the one step the total-fit breaker replaces ------------ */

static PangoFontDescription *
font_of(const DgTextStyle *style)
{
  PangoFontDescription *fd = pango_font_description_new();
  pango_font_description_set_family(fd, style->family);
  pango_font_description_set_absolute_size(fd, style->size_pt * PANGO_SCALE);
  pango_font_description_set_weight(fd, (PangoWeight)(style->weight ? style->weight : 400));
  pango_font_description_set_style(fd, style->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  return fd;
}

static PangoLayout *
layout_new(PangoContext *ctx, const Prepared *p, const DgTextStyle *style, double width_pt,
           gboolean code)
{
  PangoLayout *layout = pango_layout_new(ctx);
  PangoFontDescription *fd = font_of(style);
  pango_layout_set_font_description(layout, fd);
  pango_font_description_free(fd);
  PangoAttrList *attrs = pango_attr_list_copy(p->attrs);
  if (style->letter_spacing_em > 0)
    pango_attr_list_insert_before(attrs, pango_attr_letter_spacing_new(
        (int)(style->letter_spacing_em * style->size_pt * PANGO_SCALE)));
  pango_layout_set_text(layout, p->text->str, (int)p->text->len);
  pango_layout_set_attributes(layout, attrs);
  pango_attr_list_unref(attrs);
  pango_layout_set_width(layout, (int)(width_pt * PANGO_SCALE) + DG_WIDTH_FUDGE_PU);
  pango_layout_set_wrap(layout, code ? PANGO_WRAP_WORD_CHAR : PANGO_WRAP_WORD);
  pango_layout_set_indent(layout, (int)(style->indent_em * style->size_pt * PANGO_SCALE));
  pango_layout_set_justify(layout, style->align == DG_ALIGN_JUSTIFY);
  PangoAlignment a = style->align == DG_ALIGN_CENTER  ? PANGO_ALIGN_CENTER
                     : style->align == DG_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT
                                                      : PANGO_ALIGN_LEFT;
  pango_layout_set_alignment(layout, a);
  return layout;
}

/* The x of byte `index` on a finished line, from the line's left edge. */
static double
x_of_index(const DgLine *line, const char *text, gsize index, gboolean trailing)
{
  double last = 0;
  for (guint i = 0; i < line->runs->len; i++) {
    const DgRun *run = line->runs->pdata[i];
    const PangoItem *item = run->glyph_item->item;
    double w = dg_run_width_pt(run);
    gsize s = (gsize)item->offset, e = s + (gsize)item->length;
    if (index >= s && index < e) {
      int x = 0;
      pango_glyph_string_index_to_x(run->glyph_item->glyphs, (char *)text + s, item->length,
                                    (PangoAnalysis *)&item->analysis, (int)(index - s),
                                    trailing, &x);
      return run->x_pt + x * dg_run_scale(run) / PANGO_SCALE;
    }
    last = run->x_pt + w;
  }
  return last;
}

static void
line_anchors(DgLine *line, const Prepared *p, const char *text)
{
  for (guint i = 0; i < p->anchors->len; i++) {
    const Anchor *a = &g_array_index(p->anchors, Anchor, i);
    if (a->end <= line->start || a->start >= line->end)
      continue;
    gsize s = MAX(a->start, line->start), e = MIN(a->end, line->end);
    const char *last = g_utf8_prev_char(text + e);
    DgLineLink l = { x_of_index(line, text, s, FALSE),
                     x_of_index(line, text, (gsize)(last - text), TRUE), a->url, a->note };
    g_array_append_val(line->links, l);
    if (a->note >= 0 && a->start >= line->start)
      g_array_append_val(line->notes, a->note);
  }
}

static DgBreakKind
break_kind(const char *text, const PangoLayoutLine *pl, gboolean last)
{
  if (last)
    return DG_BREAK_LAST;
  gsize end = (gsize)(pl->start_index + pl->length);
  if (end > 0 && text[end - 1] == '\n')
    return DG_BREAK_FORCED;
  if (end >= 2 && (guchar)text[end - 2] == 0xC2 && (guchar)text[end - 1] == 0xAD)
    return DG_BREAK_HYPHEN;
  return DG_BREAK_NORMAL;
}

static DgLine *
line_from_pango(PangoLayoutIter *iter, const char *text, const DgTextStyle *style,
                gboolean last)
{
  PangoLayoutLine *pl = pango_layout_iter_get_line_readonly(iter);
  PangoRectangle logical;
  pango_layout_iter_get_line_extents(iter, NULL, &logical);
  int baseline = pango_layout_iter_get_baseline(iter);
  DgLine *line = dg_line_new();
  line->ascent_pt = (baseline - logical.y) / (double)PANGO_SCALE;
  line->descent_pt = (logical.y + logical.height - baseline) / (double)PANGO_SCALE;
  line->leading_pt = MAX(style->leading_pt, line->ascent_pt + line->descent_pt);
  line->width_pt = logical.width / (double)PANGO_SCALE;
  line->start = (gsize)pl->start_index;
  line->end = (gsize)(pl->start_index + pl->length);
  line->brk = break_kind(text, pl, last);
  double x = logical.x / (double)PANGO_SCALE;
  for (GSList *l = pl->runs; l; l = l->next) {
    PangoGlyphItem *gi = l->data;
    DgRun *run = g_new0(DgRun, 1);
    run->glyph_item = pango_glyph_item_copy(gi);
    run->text = text;
    run->x_pt = x;
    run->rise_pt = gi->y_offset / (double)PANGO_SCALE;
    x += pango_glyph_string_get_width(gi->glyphs) / (double)PANGO_SCALE;
    g_ptr_array_add(line->runs, run);
  }
  return line;
}

/* The replaceable step: prepared paragraph → lines, by PangoLayout. */
static DgLines *
break_with_pango_layout(PangoContext *ctx, const Prepared *p, const DgTextStyle *style,
                        double width_pt, gboolean code)
{
  PangoLayout *layout = layout_new(ctx, p, style, width_pt, code);
  DgLines *lines = dg_lines_new(g_strndup(p->text->str, p->text->len));
  PangoLayoutIter *iter = pango_layout_get_iter(layout);
  int n = pango_layout_get_line_count(layout);
  do {
    DgLine *line = line_from_pango(iter, lines->text, style, (int)lines->lines->len == n - 1);
    line_anchors(line, p, lines->text);
    g_ptr_array_add(lines->lines, line);
  } while (pango_layout_iter_next_line(iter));
  pango_layout_iter_free(iter);
  g_object_unref(layout);
  return lines;
}

/* The total-fit paragraph builder (paragraph.c, issue 4): same prepared
 * paragraph in, same DgLines out; code blocks keep PangoLayout above. */
static DgLines *
break_with_paragraph(DgTypesetter *ts, PangoContext *ctx, const Prepared *p,
                     const DgTextStyle *style, double width_pt, GError **error)
{
  if (style->hyphenate && ts->hyphenator == NULL) {
    ts->hyphenator = dg_hyphenator_new(DG_HYPHEN_EN_US_DIC, DG_HYPHEN_LEFT_MIN,
                                       DG_HYPHEN_RIGHT_MIN, error);
    if (ts->hyphenator == NULL)
      return NULL;
  }
  DgParagraphSpec spec;
  dg_paragraph_spec_init(&spec, ctx, style, width_pt);
  spec.hyphenator = style->hyphenate ? ts->hyphenator : NULL;
  if (ts->shapes == NULL)
    ts->shapes = dg_shape_cache_new();
  spec.shape_cache = ts->shapes;
  DgLines *lines = dg_paragraph_set(p->text->str, (gssize)p->text->len, p->attrs, &spec, error);
  if (lines == NULL)
    return NULL;
  for (guint i = 0; i < lines->lines->len; i++)
    line_anchors(lines->lines->pdata[i], p, lines->text);
  return lines;
}

/* --- entry points ----------------------------------------------------- */

static PangoContext *
context_for(DgTypesetter *ts, int lang, GError **error)
{
  if (lang < 0 || (guint)lang >= ts->contexts->len) {
    g_set_error(error, DG_ERROR, DG_ERROR_INPUT, "diglot: error: no typesetting context for "
                "language %d", lang);
    return NULL;
  }
  return ts->contexts->pdata[lang];
}

static DgLines *
finish(DgLines *lines, const DgBlock *block, const DgTextStyle *style, double left_pt)
{
  if (lines == NULL)
    return NULL;
  lines->block = block;
  lines->space_before_pt = style->space_before_pt;
  lines->space_after_pt = style->space_after_pt;
  for (guint i = 0; i < lines->lines->len; i++)
    ((DgLine *)lines->lines->pdata[i])->x_pt += left_pt;
  return lines;
}

DgLines *
dg_typeset_block(DgTypesetter *ts, const DgBlock *block, const DgTextStyle *style,
                 double width_pt, GError **error)
{
  g_return_val_if_fail(ts != NULL && block != NULL && style != NULL, NULL);
  PangoContext *ctx = context_for(ts, block->lang, error);
  if (ctx == NULL)
    return NULL;
  double left_pt = style->left_em * style->size_pt;
  double measure = MAX(width_pt - left_pt, MIN(width_pt, style->size_pt * 4));
  /* Deep quotes and lists (up to DG_MAX_NESTING) can indent past the
   * column: keep the floor measure inside it, or lines run off the page. */
  left_pt = MAX(0, MIN(left_pt, width_pt - measure));
  /* ... and at that floor a first-line indent (up to 6 em) would push the
   * first word past it: it keeps half the measure at most. */
  DgTextStyle floor_style = *style;
  floor_style.indent_em = MIN(style->indent_em, measure / style->size_pt / 2);
  style = &floor_style;
  Prepared p = { 0 };
  prepare_block(ts, &p, block, style);
  DgLines *lines = block->kind == DG_BLOCK_CODE
                      ? break_with_pango_layout(ctx, &p, style, measure, TRUE)
                      : break_with_paragraph(ts, ctx, &p, style, measure, error);
  prepared_clear(&p);
  return finish(lines, block, style, left_pt);
}

DgLines *
dg_typeset_text(DgTypesetter *ts, int lang, const char *text, const DgTextStyle *style,
                double width_pt, GError **error)
{
  g_return_val_if_fail(ts != NULL && text != NULL && style != NULL, NULL);
  PangoContext *ctx = context_for(ts, lang, error);
  if (ctx == NULL)
    return NULL;
  Prepared p = { 0 };
  p.text = g_string_new(text);
  p.attrs = pango_attr_list_new();
  p.anchors = g_array_new(FALSE, FALSE, sizeof(Anchor));
  p.notes = g_array_new(FALSE, FALSE, sizeof(Anchor));
  DgLines *lines = break_with_paragraph(ts, ctx, &p, style, width_pt, error);
  prepared_clear(&p);
  return finish(lines, NULL, style, style->left_em * style->size_pt);
}
