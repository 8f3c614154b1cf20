/* pdf.c — placed pages → a print-ready PDF written by Cairo.
 *
 * Model: compose.c has already decided where every line goes; this file
 * only draws. A page is the trim box centred in a larger MediaBox that
 * holds the bleed and, outside it, room for crop marks; every drawing
 * call below works in trim coordinates (origin at the trim's top left)
 * after one translation. What Cairo 1.16 cannot write — TrimBox,
 * BleedBox, the catalog's /Lang, a trailer /ID — the libqpdf post-pass
 * (pdfpost.c) adds to a second temporary file, which is then committed,
 * so the PDF appears whole or not at all.
 *
 * Order of the book: title page, its verso (the imprint), contents,
 * body. Contents entries show the page of their heading, known only
 * after the body was paginated; they and the footnote marks are live
 * links (CAIRO_TAG_LINK with a rect, to CAIRO_TAG_DEST names), the
 * headings become the outline, each block piece is a structure element
 * (H1–H3, P, LI inside L, Code, Note) inside one Document element.
 * Dates come from dg_build_epoch(), never the clock: two builds of the
 * same input are byte-identical.
 *
 * Rejected: drawing through PangoLayouts (pango_cairo_show_layout). It
 * would tie drawing to Pango's line breaking, which the total-fit breaker
 * replaces; DgLine runs are drawn the same whoever broke the lines. */
#include "pdf.h"

#include <cairo-pdf.h>
#include <math.h>
#include <string.h>

#include "compose.h"
#include "output.h"
#include "pdfpost.h"
#include "png.h"

#define DG_MARK_LINE_PT 0.25

typedef struct {
  DgComposition *comp;
  cairo_surface_t *surface;
  cairo_t *cr;
  double room_pt;              /* bleed + slug for crop marks, each side */
  int page;                    /* physical page being drawn, 1-based */
  GArray *section_of_frame;    /* int: body row of the heading in force */
  gboolean list_open;          /* an L element holds consecutive LI pieces */
  guint *win_from, *win_to;    /* per body frame: the placed blocks touching it */
  guint *note_from;            /* per body frame + 1: its first DgPNotePiece */
} Painter;

/* --- small helpers ---------------------------------------------------- */

static char *
num(double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  return g_strdup(g_ascii_formatd(buf, sizeof buf, "%.2f", v));
}

/* Cairo 1.16 takes a link's rect in device space, ignoring the CTM
 * (measured: rects came out without the trim offset), so convert. */
static char *
rect_attr(cairo_t *cr, double x, double y, double w, double h)
{
  cairo_user_to_device(cr, &x, &y);
  g_autofree char *a = num(x), *b = num(y), *c = num(w), *d = num(h);
  return g_strdup_printf("rect=[%s %s %s %s]", a, b, c, d);
}

/* Cairo attribute strings quote with '...' and escape with backslash. */
static char *
quote_attr(const char *s)
{
  GString *out = g_string_new("'");
  for (; *s; s++) {
    if (*s == '\'' || *s == '\\')
      g_string_append_c(out, '\\');
    g_string_append_c(out, *s);
  }
  g_string_append_c(out, '\'');
  return g_string_free(out, FALSE);
}

static gboolean
is_recto(int page)
{
  return page % 2 == 1;
}

static double
area_left(const Painter *p)
{
  const DgStyle *st = p->comp->style;
  return is_recto(p->page) ? st->inside_pt : st->outside_pt;
}

static DgTextStyle
small_style(const DgComposition *comp, int lang, double size_pt)
{
  const DgStyle *st = comp->style;
  const DgLangStyle *ls = &st->lang[dg_script_of_lang(comp->book->languages[lang])];
  DgTextStyle t = { .family = ls->family, .size_pt = size_pt, .leading_pt = size_pt * 1.3,
                    .weight = 400, .align = DG_ALIGN_LEFT };
  return t;
}

static double
baseline_of(const DgLine *l)
{
  return l->ascent_pt + (l->leading_pt - l->ascent_pt - l->descent_pt) / 2;
}

/* Draws lines [first, first + n) of `lines` from top y; returns the y
 * below them. */
static double
draw_lines(Painter *p, const DgLines *lines, guint first, guint n, double x, double y)
{
  for (guint i = first; i < first + n && i < lines->lines->len; i++) {
    const DgLine *l = lines->lines->pdata[i];
    dg_line_draw(l, p->cr, x, y + baseline_of(l));
    y += l->leading_pt;
  }
  return y;
}

/* Sets `text` and draws it with its first baseline at y, aligned within
 * [x, x + width]. Text outside the tree never fails to set; on an error
 * (a context missing) nothing is drawn. */
static double
draw_text(Painter *p, int lang, const char *text, DgTextStyle *ts, double x, double y,
          double width)
{
  if (text == NULL || *text == '\0')
    return y;
  g_autoptr(DgLines) lines = dg_typeset_text(p->comp->ts, lang, text, ts, width, NULL);
  if (lines == NULL)
    return y;
  for (guint i = 0; i < lines->lines->len; i++) {
    const DgLine *l = lines->lines->pdata[i];
    dg_line_draw(l, p->cr, x, y);
    y += l->leading_pt;
  }
  return y;
}

/* --- page frame: marks, heads, folios --------------------------------- */

static void
crop_marks(Painter *p)
{
  const DgStyle *st = p->comp->style;
  if (!st->crop_marks)
    return;
  double w = st->trim_width_pt, h = st->trim_height_pt;
  double off = st->bleed_pt + 3, len = p->room_pt - off - 2;
  cairo_t *cr = p->cr;
  cairo_save(cr);
  cairo_set_line_width(cr, DG_MARK_LINE_PT);
  cairo_set_source_rgb(cr, 0, 0, 0);
  double xs[2] = { 0, w }, ys[2] = { 0, h };
  for (int i = 0; i < 2; i++)
    for (int j = 0; j < 2; j++) {
      double sx = i ? 1 : -1, sy = j ? 1 : -1;
      cairo_move_to(cr, xs[i] + sx * off, ys[j]);
      cairo_line_to(cr, xs[i] + sx * (off + len), ys[j]);
      cairo_move_to(cr, xs[i], ys[j] + sy * off);
      cairo_line_to(cr, xs[i], ys[j] + sy * (off + len));
    }
  cairo_stroke(cr);
  cairo_restore(cr);
}

/* The page number at the outer foot corner; `label` is the roman numeral
 * of a front-matter page, NULL for the body's arabic number. */
static void
folio(Painter *p, const char *label)
{
  const DgComposition *comp = p->comp;
  if (!comp->style->folios)
    return;
  g_autofree char *text = label ? g_strdup(label) : g_strdup_printf("%d", p->page);
  DgTextStyle ts = small_style(comp, comp->langs[comp->n_langs - 1], comp->style->head_size_pt + 1);
  ts.align = is_recto(p->page) ? DG_ALIGN_RIGHT : DG_ALIGN_LEFT;
  draw_text(p, comp->langs[comp->n_langs - 1], text, &ts, area_left(p),
            comp->style->top_pt + comp->body_height_pt + DG_FOLIO_DROP_PT, comp->body_width_pt);
}

static const char *
section_text(const Painter *p, int frame, int lang)
{
  if (frame < 0 || (guint)frame >= p->section_of_frame->len)
    return NULL;
  int row = g_array_index(p->section_of_frame, int, frame);
  if (row < 0)
    return NULL;
  const DgSegment *seg = p->comp->book->segments->pdata[row];
  return seg->blocks[lang]->text;
}

/* A running head is one line: a long title is set smaller (down to 70%)
 * until it fits, and never runs into the text area below. */
static void
head_one(Painter *p, int lang, const char *text, double x, double width, DgAlign align)
{
  if (text == NULL || *text == '\0')
    return;
  double size = p->comp->style->head_size_pt;
  DgTextStyle ts = small_style(p->comp, lang, size);
  ts.align = align;
  ts.italic = dg_script_of_lang(p->comp->book->languages[lang]) == DG_SCRIPT_LATIN;
  DgLines *lines = NULL;
  for (;;) {
    lines = dg_typeset_text(p->comp->ts, lang, text, &ts, width, NULL);
    if (lines == NULL || lines->lines->len <= 1 || ts.size_pt < size * 0.7)
      break;
    dg_lines_free(lines);
    ts.size_pt *= 0.9;
    ts.leading_pt *= 0.9;
  }
  if (lines && lines->lines->len > 0)
    dg_line_draw(lines->lines->pdata[0], p->cr, x, p->comp->style->top_pt - DG_HEAD_DROP_PT);
  dg_lines_free(lines);
}

/* Book title on left-hand pages, the section in force on right-hand
 * pages, in the language(s) of the page. */
static void
running_head(Painter *p, int frame, int column)
{
  const DgComposition *comp = p->comp;
  if (!comp->style->running_heads)
    return;
  gboolean recto = is_recto(p->page);
  double x = area_left(p);
  gboolean both = comp->n_columns == 2 && comp->layout == DG_LAYOUT_PARALLEL;
  for (int s = 0; s < comp->n_langs; s++) {
    int lang = comp->langs[s];
    if (!both && lang != (column >= 0 ? comp->lang_of_column[column]
                                      : comp->langs[recto ? comp->n_langs - 1 : 0]))
      continue;
    const char *text = recto ? section_text(p, frame, lang)
                             : dg_book_get_meta(comp->book, "title", lang);
    double cx = both ? x + comp->col_x_pt[s] : x;
    double cw = both ? comp->col_width_pt[s] : comp->body_width_pt;
    DgAlign a = both ? (s == 0 ? DG_ALIGN_LEFT : DG_ALIGN_RIGHT)
                     : (recto ? DG_ALIGN_RIGHT : DG_ALIGN_LEFT);
    head_one(p, lang, text, cx, cw, a);
  }
}

/* --- body pages ------------------------------------------------------- */

static const char *
tag_of(const DgBlock *block)
{
  static const char *const h[] = { "H1", "H2", "H3" };
  if (block == NULL)
    return "P";
  switch (block->kind) {
  case DG_BLOCK_HEADING:
    return h[CLAMP(block->level, 1, 3) - 1];
  case DG_BLOCK_LIST_ITEM:
    return "LI";
  case DG_BLOCK_CODE:
    return "Code";
  default:
    return block->quote_depth > 0 ? "BlockQuote" : "P";
  }
}

static void
line_links(Painter *p, const DgLine *l, int lang, double x, double baseline)
{
  for (guint k = 0; k < l->links->len; k++) {
    const DgLineLink *ln = &g_array_index(l->links, DgLineLink, k);
    g_autofree char *rect = rect_attr(p->cr, x + l->x_pt + ln->x0_pt, baseline - l->ascent_pt,
                                      MAX(ln->x1_pt - ln->x0_pt, 1), l->ascent_pt + l->descent_pt);
    g_autofree char *target = ln->note >= 0 ? g_strdup_printf("dest='n%d-%d'", ln->note, lang)
                                            : g_strdup_printf("uri=%s", ln->url ? ln->url : "");
    if (ln->note < 0 && ln->url) {
      g_free(target);
      g_autofree char *q = quote_attr(ln->url);
      target = g_strdup_printf("uri=%s", q);
    }
    g_autofree char *attrs = g_strdup_printf("%s %s", rect, target);
    cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attrs);
    cairo_tag_end(p->cr, CAIRO_TAG_LINK);
  }
}

/* A list item's marker, placed by compose.c relative to where the
 * item's text starts (it is the Lbl of its LI). */
static void
draw_marker(Painter *p, const DgPlaced *pl, const DgLine *first, double x, double baseline)
{
  if (pl->marker->lines->len == 0)
    return;
  const DgRun *run = first->runs->len ? first->runs->pdata[0] : NULL;
  double text_left = first->x_pt + (run ? run->x_pt : 0);
  cairo_tag_begin(p->cr, "Lbl", NULL);
  dg_line_draw(pl->marker->lines->pdata[0], p->cr, x + text_left, baseline);
  cairo_tag_end(p->cr, "Lbl");
}

/* Consecutive list items share one L element: opened before the first
 * LI piece of a run, closed before anything else (or the column end). */
static void
list_state(Painter *p, gboolean in_list)
{
  if (in_list && !p->list_open)
    cairo_tag_begin(p->cr, "L", NULL);
  else if (!in_list && p->list_open)
    cairo_tag_end(p->cr, "L");
  p->list_open = in_list;
}

/* Draws the lines of one placed block that fall in `frame`/`column`. */
static void
draw_piece(Painter *p, const DgPlaced *pl, int frame, double x, double top)
{
  const DgLines *lines = pl->lines;
  gboolean open = FALSE;
  const char *tag = tag_of(pl->block);
  for (guint i = 0; i < lines->lines->len; i++) {
    const DgPLine *box = &pl->plines[i];
    if (box->frame != frame)
      continue;
    if (!open)
      list_state(p, strcmp(tag, "LI") == 0);
    if (!open)
      cairo_tag_begin(p->cr, tag, NULL);
    open = TRUE;
    const DgLine *l = lines->lines->pdata[i];
    double baseline = top + box->y_pt + box->ascent_pt;
    gboolean dest = i == 0 && pl->dest;
    if (dest) {
      g_autofree char *a = g_strdup_printf("name='%s'", pl->dest);
      cairo_tag_begin(p->cr, CAIRO_TAG_DEST, a);
    }
    if (i == 0 && pl->marker)
      draw_marker(p, pl, l, x, baseline);
    dg_line_draw(l, p->cr, x, baseline);
    if (dest)
      cairo_tag_end(p->cr, CAIRO_TAG_DEST);
    line_links(p, l, pl->lang, x, baseline);
  }
  if (open)
    cairo_tag_end(p->cr, tag);
}

/* The separator above a column's notes: the usual short rule, or a
 * rule across the whole measure when the notes open with one continued
 * from the page before — the reader's sign that what follows is not a
 * new note (Word's and OOXML's continuation separator spans the text
 * width in the same way). */
static void
note_rule(Painter *p, double x, double y, double width, gboolean continued)
{
  cairo_save(p->cr);
  cairo_set_line_width(p->cr, 0.4);
  cairo_move_to(p->cr, x, y - p->comp->note_gap_pt / 2);
  cairo_line_to(p->cr, x + (continued ? width : MIN(width * 0.3, 72)),
                y - p->comp->note_gap_pt / 2);
  cairo_stroke(p->cr);
  cairo_restore(p->cr);
}

/* The footnote lines compose.c put at the foot of `column` in `frame`
 * (dg_paginate() placed them: notes continued from earlier pages first),
 * stacked up from the bottom of the text area. The destination of a
 * note mark is the note's first piece. */
static void
draw_notes(Painter *p, int frame, int column, double x, double width)
{
  const DgComposition *comp = p->comp;
  const GArray *pieces = comp->body.notes;
  guint from = p->note_from[frame], to = p->note_from[frame + 1];
  double total = 0;
  int first = -1;
  for (guint k = from; k < to; k++) {
    const DgPNotePiece *pc = &g_array_index(pieces, DgPNotePiece, k);
    if (pc->column != column)
      continue;
    first = first < 0 ? (int)k : first;
    total += dg_pnote_height(&dg_composition_note_piece(comp, pc)->pnote, pc->first_line,
                             pc->n_lines);
  }
  if (first < 0)
    return;
  double y = comp->style->top_pt + comp->body_height_pt - total;
  note_rule(p, x, y, width, g_array_index(pieces, DgPNotePiece, first).first_line > 0);
  for (guint k = (guint)first; k < to; k++) {
    const DgPNotePiece *pc = &g_array_index(pieces, DgPNotePiece, k);
    if (pc->column != column)
      continue;
    const DgPlacedNote *n = dg_composition_note_piece(comp, pc);
    g_autofree char *dest = g_strdup_printf("name='n%d-%d'", n->note, n->lang);
    cairo_tag_begin(p->cr, "Note", NULL);
    if (pc->first_line == 0)
      cairo_tag_begin(p->cr, CAIRO_TAG_DEST, dest);
    y = draw_lines(p, n->lines, (guint)pc->first_line, (guint)pc->n_lines, x, y)
        + n->pnote.after_pt;
    if (pc->first_line == 0)
      cairo_tag_end(p->cr, CAIRO_TAG_DEST);
    cairo_tag_end(p->cr, "Note");
  }
}

/* A page that opens with a level-1 heading carries no running head:
 * the heading says it. */
static gboolean
opens_chapter(const Painter *p, int frame)
{
  const DgComposition *comp = p->comp;
  for (guint k = p->win_from[frame]; k < p->win_to[frame]; k++) {
    const DgPlaced *pl = comp->body.placed->pdata[k];
    if (pl->block->kind == DG_BLOCK_HEADING && pl->block->level == 1
        && pl->lines->lines->len > 0 && pl->plines[0].frame == frame && pl->plines[0].y_pt < 1)
      return TRUE;
  }
  return FALSE;
}

/* Draws what the body flow puts on the current page: frame `frame`,
 * every column (column < 0) or one column (facing). */
static void
draw_body_page(Painter *p, int frame, int column)
{
  const DgComposition *comp = p->comp;
  double left = area_left(p), top = comp->style->top_pt;
  for (int c = 0; c < comp->n_columns; c++) {
    if (column >= 0 && c != column)
      continue;
    double x = left + (column >= 0 ? 0 : comp->col_x_pt[c]);
    double w = column >= 0 ? comp->body_width_pt : comp->col_width_pt[c];
    for (guint k = p->win_from[frame]; k < p->win_to[frame]; k++) {
      const DgPlaced *pl = comp->body.placed->pdata[k];
      if (pl->column == c)
        draw_piece(p, pl, frame, x, top);
    }
    list_state(p, FALSE);
    draw_notes(p, frame, c, x, w);
  }
  if (!opens_chapter(p, frame))
    running_head(p, frame, column);
  folio(p, NULL);
}

/* --- front matter ----------------------------------------------------- */

static double
title_block(Painter *p, int lang, double y, double scale, gboolean first)
{
  const DgComposition *comp = p->comp;
  const DgStyle *st = comp->style;
  const DgLangStyle *ls = &st->lang[dg_script_of_lang(comp->book->languages[lang])];
  DgTextStyle ts = small_style(comp, lang, ls->size_pt * 2.1 * scale);
  ts.family = ls->heading_family;
  ts.align = DG_ALIGN_CENTER;
  ts.weight = first ? 700 : 400;
  ts.leading_pt = ts.size_pt * 1.35;
  double x = st->inside_pt, w = comp->body_width_pt;
  y = draw_text(p, lang, dg_book_get_meta(comp->book, "title", lang), &ts, x, y, w);
  ts.size_pt = ls->size_pt * 1.3 * scale;
  ts.leading_pt = ts.size_pt * 1.4;
  ts.weight = 400;
  ts.italic = !first && dg_script_of_lang(comp->book->languages[lang]) == DG_SCRIPT_LATIN;
  y = draw_text(p, lang, dg_book_get_meta(comp->book, "subtitle", lang), &ts, x, y + 6, w);
  return y;
}

static void
draw_title_page(Painter *p)
{
  const DgComposition *comp = p->comp;
  const DgStyle *st = comp->style;
  double y = st->top_pt + comp->body_height_pt * 0.2;
  for (int s = 0; s < comp->n_langs; s++)
    y = title_block(p, comp->langs[s], y, s == 0 ? 1 : 0.8, s == 0) + 22;
  y = st->top_pt + comp->body_height_pt * 0.62;
  for (int s = 0; s < comp->n_langs; s++) {
    int lang = comp->langs[s];
    DgTextStyle ts = small_style(comp, lang, st->lang[dg_script_of_lang(
                                   comp->book->languages[lang])].size_pt * 1.2);
    ts.align = DG_ALIGN_CENTER;
    y = draw_text(p, lang, dg_book_get_meta(comp->book, "author", lang), &ts, st->inside_pt, y,
                  comp->body_width_pt) + 6;
  }
  y = st->top_pt + comp->body_height_pt - 20;
  for (int s = 0; s < comp->n_langs; s++) {
    int lang = comp->langs[s];
    DgTextStyle ts = small_style(comp, lang, st->head_size_pt + 1.5);
    ts.align = DG_ALIGN_CENTER;
    y = draw_text(p, lang, dg_book_get_meta(comp->book, "publisher", lang), &ts, st->inside_pt,
                  y, comp->body_width_pt);
  }
}

static void
draw_imprint_page(Painter *p)
{
  const DgComposition *comp = p->comp;
  const DgStyle *st = comp->style;
  static const char *const keys[] = { "title", "author", "publisher", "rights" };
  double y = st->top_pt + comp->body_height_pt * 0.7;
  for (int s = 0; s < comp->n_langs; s++) {
    int lang = comp->langs[s];
    DgTextStyle ts = small_style(comp, lang, st->head_size_pt + 0.5);
    for (gsize k = 0; k < G_N_ELEMENTS(keys); k++)
      y = draw_text(p, lang, dg_book_get_meta(comp->book, keys[k], lang), &ts, area_left(p), y,
                    comp->body_width_pt);
    y += 8;
  }
  int last = comp->langs[comp->n_langs - 1];
  DgTextStyle ts = small_style(comp, last, st->head_size_pt);
  /* the template's file name, never its path: the PDF must not change
   * with the directory the repository was cloned into */
  g_autofree char *template = g_path_get_basename(comp->style->path);
  g_autofree char *colophon = g_strdup_printf("%s%s%sTypeset with diglot %s (%s layout, template %s).",
                                              comp->book->date ? "Date: " : "",
                                              comp->book->date ? comp->book->date : "",
                                              comp->book->date ? ". " : "", DG_VERSION,
                                              dg_layout_name(comp->layout), template);
  draw_text(p, last, colophon, &ts, area_left(p), y + 6, comp->body_width_pt);
}

static void
contents_title(Painter *p)
{
  const DgComposition *comp = p->comp;
  double y = comp->style->top_pt + 16;
  for (int s = 0; s < comp->n_langs; s++) {
    int lang = comp->langs[s];
    gboolean zh = dg_script_of_lang(comp->book->languages[lang]) == DG_SCRIPT_HAN;
    DgTextStyle ts = small_style(comp, lang, s == 0 ? 16 : 12);
    ts.align = DG_ALIGN_CENTER;
    ts.weight = s == 0 ? 700 : 400;
    y = draw_text(p, lang, zh ? "目　录" : "Contents", &ts, area_left(p), y,
                  comp->body_width_pt) + 2;
  }
}

/* Right edge of a line's glyphs, from the column's left edge. */
static double
line_right(const DgLine *l)
{
  double right = l->x_pt;
  for (guint r = 0; r < l->runs->len; r++) {
    const DgRun *run = l->runs->pdata[r];
    right = MAX(right, l->x_pt + run->x_pt + dg_run_width_pt(run));
  }
  return right;
}

/* Dot leaders on a fixed 4.5 pt grid, so they line up entry under entry;
 * drawn as paths, so the extracted text stays "title page". */
static void
leaders(Painter *p, double from, double to, double baseline)
{
  const double step = 4.5;
  cairo_save(p->cr);
  for (double d = ceil((from + 4) / step) * step; d < to - 4; d += step) {
    cairo_new_sub_path(p->cr);
    cairo_arc(p->cr, d, baseline - 0.6, 0.45, 0, 2 * G_PI);
  }
  cairo_fill(p->cr);
  cairo_restore(p->cr);
}

static void
page_number(Painter *p, const DgPlaced *pl, const DgLine *first, int page, double x,
            double baseline)
{
  const DgComposition *comp = p->comp;
  g_autofree char *n = g_strdup_printf("%d", page);
  DgTextStyle ts = small_style(comp, pl->lang, 10.5);
  g_autoptr(DgLines) num_lines = dg_typeset_text(comp->ts, pl->lang, n, &ts, 72, NULL);
  if (num_lines == NULL || num_lines->lines->len == 0)
    return;
  const DgLine *nl = num_lines->lines->pdata[0];
  double w = line_right(nl) - nl->x_pt;
  double right = x + comp->body_width_pt;
  if (pl->lines->lines->len == 1)
    leaders(p, x + line_right(first), right - w, baseline);
  dg_line_draw(nl, p->cr, right - w - nl->x_pt, baseline);
}

/* One contents entry piece; the page number at the right of its first
 * line, the whole entry a link to its heading. */
static void
draw_entry(Painter *p, const DgPlaced *pl, int frame, double top)
{
  const DgComposition *comp = p->comp;
  if (pl->lines->lines->len == 0 || pl->plines[0].frame != frame)
    return;
  const DgPLine *box = &pl->plines[0];
  double x = area_left(p);
  const DgPRow *target = &comp->body.rows[pl->page_ref];
  int slot = dg_composition_slot(comp, pl->lang);
  int page = dg_flow_page(&comp->body, target->first_frame, comp->n_columns == 2 ? slot : 0);
  cairo_tag_begin(p->cr, "TOCI", NULL);
  draw_piece(p, pl, frame, x, top);
  const DgLine *first = pl->lines->lines->pdata[0];
  double baseline = top + box->y_pt + box->ascent_pt;
  if (slot == 0)
    page_number(p, pl, first, page, x, baseline);
  double h = dg_lines_height(pl->lines);
  g_autofree char *rect = rect_attr(p->cr, x, top + box->y_pt, comp->body_width_pt, h);
  g_autofree char *attrs = g_strdup_printf("%s dest='%s'", rect, pl->link);
  cairo_tag_begin(p->cr, CAIRO_TAG_LINK, attrs);
  cairo_tag_end(p->cr, CAIRO_TAG_LINK);
  cairo_tag_end(p->cr, "TOCI");
}

static void
draw_contents_page(Painter *p, int frame)
{
  const DgComposition *comp = p->comp;
  if (frame == 0)
    contents_title(p);
  double top = comp->style->top_pt + DG_CONTENTS_TITLE_PT;
  cairo_tag_begin(p->cr, "TOC", NULL);
  for (guint k = 0; k < comp->contents.placed->len; k++)
    draw_entry(p, comp->contents.placed->pdata[k], frame, top);
  list_state(p, FALSE);
  cairo_tag_end(p->cr, "TOC");
}

/* --- the document ----------------------------------------------------- */

static void
begin_page(Painter *p, int page, const char *label)
{
  p->page = page;
  cairo_save(p->cr);
  cairo_translate(p->cr, p->room_pt, p->room_pt);
  cairo_set_source_rgb(p->cr, 0, 0, 0);
  cairo_pdf_surface_set_page_label(p->surface, label);
}

static void
end_page(Painter *p)
{
  crop_marks(p);
  cairo_restore(p->cr);
  cairo_show_page(p->cr);
}

static char *
roman(int n)
{
  static const char *const r[] = { "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x" };
  return n >= 1 && n <= 10 ? g_strdup(r[n - 1]) : g_strdup_printf("%d", n);
}

/* Title and imprint pages are set in the text area whatever its size;
 * on a miniature page (50 mm) their wrapped lines ran past the trim.
 * Each is first drawn into a recording surface to measure its ink; if
 * that leaves the trim box the page is drawn again scaled down into the
 * text area, centred. A page that fits is drawn as before, unchanged. */
static void
draw_fitted(Painter *p, void (*draw)(Painter *))
{
  const DgComposition *comp = p->comp;
  const DgStyle *st = comp->style;
  cairo_t *real = p->cr;
  cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
  p->cr = cairo_create(rec);
  draw(p);
  cairo_destroy(p->cr);
  p->cr = real;
  double x, y, w, h;
  cairo_recording_surface_ink_extents(rec, &x, &y, &w, &h);
  cairo_surface_destroy(rec);
  if (w <= 0 || h <= 0
      || (x >= 0 && y >= 0 && x + w <= st->trim_width_pt && y + h <= st->trim_height_pt)) {
    draw(p);
    return;
  }
  double bw = comp->body_width_pt, bh = comp->body_height_pt;
  double scale = MIN(1, MIN(bw / w, bh / h));
  cairo_save(real);
  cairo_translate(real, area_left(p) + (bw - scale * w) / 2, st->top_pt + (bh - scale * h) / 2);
  cairo_scale(real, scale, scale);
  cairo_translate(real, -x, -y);
  draw(p);
  cairo_restore(real);
}

static void
front_matter(Painter *p)
{
  const DgComposition *comp = p->comp;
  int page = 1;
  if (comp->style->title_page) {
    begin_page(p, page++, "i");
    draw_fitted(p, draw_title_page);
    end_page(p);
    begin_page(p, page++, "ii");
    draw_fitted(p, draw_imprint_page);
    end_page(p);
  }
  for (int f = 0; f < comp->contents.n_frames && comp->contents.n_rows > 0; f++) {
    g_autofree char *label = roman(page);
    begin_page(p, page++, label);
    draw_contents_page(p, f);
    folio(p, label);
    end_page(p);
  }
  while (page < comp->first_body_page) {
    g_autofree char *label = roman(page);
    begin_page(p, page++, label);
    end_page(p);
  }
}

static int
first_frame_of(const DgPlaced *pl)
{
  return pl->lines->lines->len ? pl->plines[0].frame : -1;
}

static int
last_frame_of(const DgPlaced *pl)
{
  guint n = pl->lines->lines->len;
  return n ? pl->plines[n - 1].frame : -1;
}

/* Placed blocks are in row order and rows never go back a frame, so the
 * blocks touching a frame are a contiguous window: found once here, so
 * drawing a page costs what is on it, not the whole book. */
static void
compute_windows(Painter *p)
{
  const DgFlow *body = &p->comp->body;
  int n = MAX(body->n_frames, 1);
  p->win_from = g_new0(guint, n);
  p->win_to = g_new0(guint, n);
  guint from = 0, to = 0, len = body->placed->len;
  for (int f = 0; f < n; f++) {
    while (from < len && last_frame_of(body->placed->pdata[from]) < f)
      from++;
    to = MAX(to, from);
    while (to < len && first_frame_of(body->placed->pdata[to]) <= f)
      to++;
    p->win_from[f] = from;
    p->win_to[f] = to;
  }
  /* footnote pieces come in frame order */
  const GArray *notes = body->notes;
  p->note_from = g_new0(guint, n + 1);
  guint k = 0;
  for (int f = 0; f <= n; f++) {
    while (k < notes->len && g_array_index(notes, DgPNotePiece, k).frame < f)
      k++;
    p->note_from[f] = k;
  }
}

static void
compute_sections(Painter *p)
{
  const DgComposition *comp = p->comp;
  p->section_of_frame = g_array_new(FALSE, FALSE, sizeof(int));
  int current = -1, r = 0;
  for (int f = 0; f < comp->body.n_frames; f++) {
    for (; r < comp->body.n_rows && comp->body.rows[r].first_frame <= f; r++) {
      const DgSegment *seg = comp->book->segments->pdata[r];
      const DgBlock *b = seg->blocks[comp->langs[0]];
      if (b->kind == DG_BLOCK_HEADING && b->level <= 2)
        current = r;
    }
    g_array_append_val(p->section_of_frame, current);
  }
}

/* Each body frame is drawn once, in order, so once frame f is done the
 * blocks that end on it or before (those before frame f + 1's window)
 * are never read again: their lines are freed as the pages are shown,
 * and the book's glyphs do not all sit in memory beside Cairo's
 * growing document (peak RSS of the 40x book). */
static void
body_pages(Painter *p)
{
  DgComposition *comp = p->comp;
  gboolean spread = comp->body.geom.pages_per_frame == 2;
  guint released = 0;
  for (int f = 0; f < comp->body.n_frames; f++) {
    for (int c = 0; c < (spread ? 2 : 1); c++) {
      int page = dg_flow_page(&comp->body, f, c);
      g_autofree char *label = g_strdup_printf("%d", page);
      begin_page(p, page, label);
      draw_body_page(p, f, spread ? c : -1);
      end_page(p);
    }
    guint upto = f + 1 < comp->body.n_frames ? p->win_from[f + 1] : comp->body.placed->len;
    dg_flow_release_lines(&comp->body, released, upto);
    released = MAX(released, upto);
  }
}

static void
add_outline(Painter *p)
{
  const DgComposition *comp = p->comp;
  int parent[4] = { CAIRO_PDF_OUTLINE_ROOT, 0, 0, 0 };
  for (guint k = 0; k < comp->body.placed->len; k++) {
    const DgPlaced *pl = comp->body.placed->pdata[k];
    if (pl->dest == NULL || pl->lang != comp->langs[0] || pl->lines->lines->len == 0)
      continue;
    int level = CLAMP(pl->block->level, 1, 3);
    const DgSegment *seg = comp->book->segments->pdata[pl->segment];
    g_autofree char *name = comp->n_langs == 2
        ? g_strdup_printf("%s · %s", pl->block->text, seg->blocks[comp->langs[1]]->text)
        : g_strdup(pl->block->text);
    int page = dg_flow_page(&comp->body, pl->plines[0].frame, pl->column);
    g_autofree char *y = num(comp->style->top_pt + p->room_pt + pl->plines[0].y_pt);
    g_autofree char *link = g_strdup_printf("page=%d pos=[0 %s]", page, y);
    int pid = parent[level - 1] ? parent[level - 1] : CAIRO_PDF_OUTLINE_ROOT;
    int id = cairo_pdf_surface_add_outline(p->surface, pid, name, link,
                                           level == 1 ? CAIRO_PDF_OUTLINE_FLAG_OPEN : 0);
    for (int l = level; l < 4; l++)
      parent[l] = id;
  }
}

static void
set_metadata(Painter *p, const DgBuildOptions *opts)
{
  const DgComposition *comp = p->comp;
  const DgBook *book = comp->book;
  int l0 = comp->langs[0], l1 = comp->langs[comp->n_langs - 1];
  const char *t0 = dg_book_get_meta(book, "title", l0), *t1 = dg_book_get_meta(book, "title", l1);
  g_autofree char *title = (l0 != l1 && t0 && t1) ? g_strdup_printf("%s / %s", t0, t1)
                                                  : g_strdup(t0 ? t0 : book->id);
  cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_TITLE, title);
  const char *author = dg_book_get_meta(book, "author", l0);
  if (author)
    cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_AUTHOR, author);
  const char *subject = dg_book_get_meta(book, "subtitle", l0);
  cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_SUBJECT,
                                 subject ? subject : (t1 ? t1 : title));
  cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATOR, "diglot " DG_VERSION);
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(dg_build_epoch(book, opts));
  g_autofree char *date = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%SZ");
  cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_CREATE_DATE, date);
  cairo_pdf_surface_set_metadata(p->surface, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static double
room_of(const DgStyle *st)
{
  return st->bleed_pt + (st->crop_marks ? st->marks_room_pt : 0);
}

static gboolean
render(DgComposition *comp, const DgBuildOptions *opts, const char *path, GError **error)
{
  const DgStyle *st = comp->style;
  Painter p = { comp, NULL, NULL, room_of(st), 0, NULL, FALSE, NULL, NULL, NULL };
  double w = st->trim_width_pt + 2 * p.room_pt, h = st->trim_height_pt + 2 * p.room_pt;
  p.surface = cairo_pdf_surface_create(path, w, h);
  p.cr = cairo_create(p.surface);
  set_metadata(&p, opts);
  compute_sections(&p);
  compute_windows(&p);
  cairo_tag_begin(p.cr, "Document", NULL);
  /* the outline first: drawing frees the body's lines */
  add_outline(&p);
  front_matter(&p);
  body_pages(&p);
  cairo_tag_end(p.cr, "Document");
  cairo_destroy(p.cr);
  cairo_surface_finish(p.surface);
  cairo_status_t status = cairo_surface_status(p.surface);
  cairo_surface_destroy(p.surface);
  g_array_unref(p.section_of_frame);
  g_free(p.win_from);
  g_free(p.win_to);
  g_free(p.note_from);
  if (status != CAIRO_STATUS_SUCCESS) {
    g_set_error(error, DG_ERROR, DG_ERROR_IO, "%s: error: cairo: %s", path,
                cairo_status_to_string(status));
    return FALSE;
  }
  return TRUE;
}

static DgPdfPost
post_of(const DgComposition *comp, double room)
{
  const DgStyle *st = comp->style;
  double mh = st->trim_height_pt + 2 * room;
  /* PDF y grows upwards: the trim's bottom edge is `room` above 0. */
  DgPdfPost post = { { room, room, room + st->trim_width_pt, mh - room },
                     { room - st->bleed_pt, room - st->bleed_pt,
                       room + st->trim_width_pt + st->bleed_pt, mh - room + st->bleed_pt },
                     comp->book->languages[comp->langs[0]], st->output_intent };
  return post;
}

DgComposition *
dg_pdf_compose(const DgBook *book, const DgBuildOptions *opts, GError **error)
{
  g_autoptr(DgComposition) comp = dg_compose_front(book, opts, error);
  if (comp == NULL || !dg_compose_check_coverage(comp, error)
      || !dg_compose_typeset(comp, error))
    return NULL;
  return g_steal_pointer(&comp);
}

gboolean
dg_pdf_write(DgComposition *comp, const DgBuildOptions *opts, const char *path,
             DgPdfStats *stats, GError **error)
{
  g_autoptr(DgOutput) raw = dg_output_new(path, error);
  if (raw == NULL || !render(comp, opts, dg_output_get_temp_path(raw), error))
    return FALSE;
  g_autoptr(DgOutput) out = dg_output_new(path, error);
  if (out == NULL)
    return FALSE;
  DgPdfPost post = post_of(comp, room_of(comp->style));
  if (!dg_pdf_post(dg_output_get_temp_path(raw), dg_output_get_temp_path(out), &post, error)
      || !dg_output_commit(out, error))
    return FALSE;
  if (stats) {
    stats->pages = comp->n_pages;
    stats->columns = comp->n_columns;
    stats->column_ratio = comp->column_ratio;
    stats->blank_fraction[0] = comp->blank_fraction[0];
    stats->blank_fraction[1] = comp->blank_fraction[1];
  }
  return TRUE;
}

DgPageMap *
dg_pdf_page_map(const DgComposition *comp)
{
  DgPageMap *map = g_new0(DgPageMap, 1);
  map->n_segments = comp->body.n_rows;
  map->page_of_segment = g_new0(int, MAX(map->n_segments, 1));
  for (int i = 0; i < comp->body.n_rows; i++)
    map->page_of_segment[i] = dg_flow_page(&comp->body, comp->body.rows[i].first_frame, 0);
  map->n_pages = comp->n_pages;
  return map;
}

/* The cover is black type on white: an 8-bit gray image, encoded by
 * png.c (libpng through Cairo spent more on the cover than on
 * typesetting the seed book). On an A8 surface the page is painted
 * opaque and the type clears it, so alpha is the gray value: 0 is ink. */
GBytes *
dg_pdf_cover_png(DgComposition *comp, int width_px, GError **error)
{
  const DgStyle *st = comp->style;
  double scale = width_px / st->trim_width_pt;
  int height_px = (int)(st->trim_height_pt * scale + 0.5);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, width_px, height_px);
  Painter p = { comp, s, cairo_create(s), 0, 1, NULL, FALSE, NULL, NULL, NULL };
  cairo_set_source_rgba(p.cr, 0, 0, 0, 1);
  cairo_paint(p.cr);
  cairo_scale(p.cr, scale, scale);
  cairo_set_operator(p.cr, CAIRO_OPERATOR_CLEAR);
  draw_title_page(&p);
  cairo_destroy(p.cr);
  cairo_surface_flush(s);
  GBytes *png = NULL;
  cairo_status_t status = cairo_surface_status(s);
  if (status == CAIRO_STATUS_SUCCESS)
    png = dg_png_encode_gray(cairo_image_surface_get_data(s), width_px, height_px,
                             cairo_image_surface_get_stride(s));
  cairo_surface_destroy(s);
  if (png == NULL)
    g_set_error(error, DG_ERROR, DG_ERROR_IO, "diglot: error: cover image: %s",
                status != CAIRO_STATUS_SUCCESS ? cairo_status_to_string(status)
                                               : "cannot compress");
  return png;
}

gboolean
dg_pdf_check(const DgBook *book, const DgBuildOptions *opts, GPtrArray *warnings,
             GError **error)
{
  return dg_compose_check(book, opts, error);
}
