/* compose.c — book + template → every line typeset and placed on a page.
 *
 * Model: the body is a flow of rows, one per segment. Which languages a
 * row holds and where depends on the layout:
 *   parallel     two columns on one page, first language left;
 *   facing       "columns" are the two pages of a spread (paginate.c
 *                treats a spread as one frame), first language on the
 *                left-hand page;
 *   interleaved  one column: the block, then its translation set in the
 *                template's reduced face;
 *   --lang TAG   one column, one language.
 * Front matter comes first: a title page, its verso (the imprint), then
 * the contents, a flow of its own. The body starts on a right-hand page
 * (on a left-hand page in facing, so the first spread is complete).
 *
 * Algorithm: typeset every footnote in its column's measure (dg_paginate
 * places it below its reference, split over the next frames when it is
 * long, by its lines' leadings: a DgPNote), typeset every block of every
 * row, turn lines into DgPLine boxes (leading, half-leading baseline,
 * widow/orphan break flags, the notes they cite), paginate. In parallel layout with
 * balance on, the column split is chosen per book: the area each
 * language needs (height × width) is nearly constant whatever the width,
 * so a sample of rows (every k-th, about 32 KB of text: the whole of a
 * small book) is set at the template's split, the first language's
 * share is A0 / (A0 + A1), clamped to the template's bounds, and the
 * body is typeset once, at that split. Measured on the seed book copied
 * 10× and 40×, the sampled share differs from the whole book's by under
 * 1.2%, less than the one-em step of a Chinese column (2.4%), so the
 * columns come out the same. Rejected: typesetting the whole body at
 * the template's split first (every paragraph set twice, half the
 * typesetting time thrown away).
 * Contents page numbers are not typeset here: the contents is paginated
 * with its entry text only, the body after it, and pdf.c reads the page
 * of each entry's heading when it draws — the two passes of a book.
 *
 * Rejected: a fixed 50/50 split. Chinese is about 0.6 times as tall as
 * its English in equal columns, so about 39% of the Chinese column stays
 * blank in XeLaTeX, Typst and WeasyPrint alike. */
#include "compose.h"

#include <math.h>
#include <string.h>

#define DG_NOTE_SPACING_PT 2.0
#define DG_NOTE_GAP_PT 9.0

static void
column_clear(DgPColumn *col)
{
  for (int j = 0; j < col->n_lines; j++)
    g_free(col->lines[j].notes);
  g_free(col->lines);
}

static void
flow_clear(DgFlow *flow)
{
  for (int r = 0; r < flow->n_rows; r++)
    for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++)
      column_clear(&flow->rows[r].col[c]);
  g_clear_pointer(&flow->rows, g_free);
  g_clear_pointer(&flow->placed, g_ptr_array_unref);
  g_clear_pointer(&flow->notes, g_array_unref);
  flow->n_rows = 0;
}

static void
placed_free(gpointer p)
{
  DgPlaced *pl = p;
  dg_lines_free(pl->lines);
  dg_lines_free(pl->marker);
  g_free(pl->dest);
  g_free(pl->link);
  g_free(pl);
}

static void
note_free(gpointer p)
{
  DgPlacedNote *n = p;
  if (n) {
    dg_lines_free(n->lines);
    g_free(n->line_pt);
  }
  g_free(n);
}

void
dg_composition_free(DgComposition *comp)
{
  if (comp == NULL)
    return;
  flow_clear(&comp->body);
  flow_clear(&comp->contents);
  g_clear_pointer(&comp->notes, g_ptr_array_unref);
  dg_typesetter_free(comp->ts);
  dg_fonts_free(comp->fonts);
  dg_style_free(comp->style);
  g_free(comp);
}

void
dg_flow_release_lines(DgFlow *flow, guint from, guint to)
{
  for (guint k = from; k < to && k < flow->placed->len; k++) {
    DgPlaced *pl = flow->placed->pdata[k];
    g_clear_pointer(&pl->lines, dg_lines_free);
    g_clear_pointer(&pl->marker, dg_lines_free);
  }
}

int
dg_flow_page(const DgFlow *flow, int frame, int column)
{
  int page = dg_paginate_page_of_frame(&flow->geom, frame);
  return flow->geom.pages_per_frame == 2 ? page + column : page;
}

int
dg_composition_slot(const DgComposition *comp, int lang)
{
  for (int s = 0; s < comp->n_langs; s++)
    if (comp->langs[s] == lang)
      return s;
  return -1;
}

const DgPlacedNote *
dg_composition_note(const DgComposition *comp, int slot, int note)
{
  guint i = (guint)(slot * (int)comp->book->notes->len + note);
  return i < comp->notes->len ? comp->notes->pdata[i] : NULL;
}

const DgPlacedNote *
dg_composition_note_piece(const DgComposition *comp, const DgPNotePiece *piece)
{
  return comp->notes->pdata[piece->id];
}

/* --- set-up ----------------------------------------------------------- */

static gboolean
require_fonts(DgComposition *comp, GError **error)
{
  g_autoptr(GPtrArray) fams = dg_style_families(comp->style);
  for (guint i = 0; fams->pdata[i]; i++)
    if (!dg_fonts_require(comp->fonts, fams->pdata[i], comp->style->path, error))
      return FALSE;
  return TRUE;
}

static gboolean
choose_languages(DgComposition *comp, const DgBuildOptions *opts, GError **error)
{
  const DgBook *book = comp->book;
  if (opts->lang) {
    int l = dg_book_lang_index(book, opts->lang);
    if (l < 0) {
      g_set_error(error, DG_ERROR, DG_ERROR_USAGE,
                  "diglot: error: --lang %s: the book has no such language", opts->lang);
      return FALSE;
    }
    comp->n_langs = 1;
    comp->langs[0] = l;
  } else {
    comp->n_langs = MIN(book->n_languages, DG_PAGINATE_MAX_COLUMNS);
    for (int s = 0; s < comp->n_langs; s++)
      comp->langs[s] = s;
  }
  if (opts->layout && !dg_layout_from_name(opts->layout, &comp->layout)) {
    g_set_error(error, DG_ERROR, DG_ERROR_USAGE, "diglot: error: unknown layout '%s'",
                opts->layout);
    return FALSE;
  }
  gboolean two = comp->n_langs == 2 && comp->layout != DG_LAYOUT_INTERLEAVED;
  comp->n_columns = two ? 2 : 1;
  for (int c = 0; c < comp->n_columns; c++)
    comp->lang_of_column[c] = comp->langs[c];
  return TRUE;
}

/* clreq G1: a Chinese measure is a whole number of characters, so lines
 * of pure Han text are flush without any adjustment. */
static double
snap_to_em(const DgComposition *comp, int lang, double width)
{
  const DgStyle *st = comp->style;
  if (dg_script_of_lang(comp->book->languages[lang]) != DG_SCRIPT_HAN)
    return width;
  double em = st->lang[DG_SCRIPT_HAN].size_pt;
  return floor(width / em + 1e-6) * em;
}

static void
set_columns(DgComposition *comp, double ratio)
{
  const DgStyle *st = comp->style;
  comp->column_ratio = ratio;
  if (comp->layout == DG_LAYOUT_PARALLEL && comp->n_columns == 2) {
    double w = comp->body_width_pt - st->column_gap_pt;
    comp->col_width_pt[0] = snap_to_em(comp, comp->lang_of_column[0], w * ratio);
    comp->col_width_pt[1] = w - comp->col_width_pt[0];
    comp->col_x_pt[0] = 0;
    comp->col_x_pt[1] = comp->col_width_pt[0] + st->column_gap_pt;
    return;
  }
  for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++) {
    comp->col_x_pt[c] = 0;
    comp->col_width_pt[c] = comp->body_width_pt;
    /* facing: the Chinese page keeps a whole number of characters */
    if (comp->n_columns == 2)
      comp->col_width_pt[c] = snap_to_em(comp, comp->lang_of_column[c], comp->body_width_pt);
  }
}

static DgComposition *
setup(const DgBook *book, const DgBuildOptions *opts, GError **error)
{
  g_autoptr(DgComposition) comp = g_new0(DgComposition, 1);
  comp->book = book;
  const char *dir = opts->data_dir ? opts->data_dir : DG_SOURCE_DIR;
  comp->style = dg_style_load(dir, dg_build_template_name(book, opts), error);
  if (comp->style == NULL)
    return NULL;
  comp->layout = comp->style->layout;
  if (!choose_languages(comp, opts, error))
    return NULL;
  /* --layout and --lang decide the columns: only now can the template's
   * measure be checked against its type */
  DgScript scripts[DG_PAGINATE_MAX_COLUMNS];
  for (int s = 0; s < comp->n_langs; s++)
    scripts[s] = dg_script_of_lang(book->languages[comp->langs[s]]);
  if (!dg_style_check_measure(comp->style, comp->layout, comp->n_columns, scripts,
                              comp->n_langs, error))
    return NULL;
  comp->fonts = dg_fonts_new(dir, error);
  if (comp->fonts == NULL || !require_fonts(comp, error))
    return NULL;
  comp->ts = dg_typesetter_new(dg_fonts_get_font_map(comp->fonts),
                               (const char *const *)book->languages, comp->style->code_family);
  const DgStyle *st = comp->style;
  comp->body_width_pt = st->trim_width_pt - st->inside_pt - st->outside_pt;
  comp->body_height_pt = st->trim_height_pt - st->top_pt - st->bottom_pt;
  comp->note_gap_pt = DG_NOTE_GAP_PT;
  set_columns(comp, st->column_ratio);
  return g_steal_pointer(&comp);
}

/* --- line boxes ------------------------------------------------------- */

static int
column_of_slot(const DgComposition *comp, int slot)
{
  return comp->n_columns == 2 ? slot : 0;
}

/* The footnotes line `l` cites, as dg_paginate() sees them (NULL: none). */
static const DgPNote **
line_notes(const DgComposition *comp, const DgLine *l, int slot)
{
  if (l->notes->len == 0)
    return NULL;
  const DgPNote **notes = g_new(const DgPNote *, l->notes->len);
  for (guint k = 0; k < l->notes->len; k++)
    notes[k] = &dg_composition_note(comp, slot, g_array_index(l->notes, int, k))->pnote;
  return notes;
}

/* Box of one line: its leading, the baseline at half-leading below the
 * font's ascent, and the footnotes its references bring along. */
static void
fill_plines(const DgComposition *comp, DgPLine *out, const DgLines *lines, int slot,
            gboolean keep, double space_before)
{
  int n = (int)lines->lines->len;
  for (int i = 0; i < n; i++) {
    const DgLine *l = lines->lines->pdata[i];
    DgPLine *p = &out[i];
    p->height_pt = l->leading_pt;
    p->ascent_pt = l->ascent_pt + (l->leading_pt - l->ascent_pt - l->descent_pt) / 2;
    p->space_before_pt = i == 0 ? space_before : 0;
    p->notes = line_notes(comp, l, slot);
    p->n_notes = (int)l->notes->len;
  }
  dg_paginate_mark_paragraph(out, n, keep);
  /* issue 4: no hyphen at a page end (a reader turning the page should
   * not carry half a word; TeX's \brokenpenalty, here a rule) */
  for (int i = 0; i < n; i++)
    if (((const DgLine *)lines->lines->pdata[i])->brk == DG_BREAK_HYPHEN)
      out[i].break_after = FALSE;
}

/* Space above a block: a pair gap, more above a heading, a heading's own
 * space after it in place of the gap below it. A Chinese one-language
 * edition has no gap between paragraphs (clreq: the 2 em indent marks a
 * paragraph; a blank line marks a section end); there is no pair to show. */
static double
space_above(const DgComposition *comp, const DgBlock *block, const DgBlock *prev,
            gboolean translation)
{
  const DgStyle *st = comp->style;
  if (translation)
    return st->pair_space_pt * 0.4;
  gboolean gapless = comp->n_langs == 1
                     && dg_script_of_lang(comp->book->languages[comp->langs[0]]) == DG_SCRIPT_HAN;
  double s = gapless ? 0 : st->pair_space_pt;
  if (prev && prev->kind == DG_BLOCK_HEADING)
    s = st->heading_after_pt[CLAMP(prev->level, 1, 3) - 1];
  if (block->kind == DG_BLOCK_HEADING)
    s = MAX(s, st->heading_before_pt[CLAMP(block->level, 1, 3) - 1]);
  return s;
}

/* --- the body --------------------------------------------------------- */

typedef struct {
  DgLines *lines[DG_PAGINATE_MAX_COLUMNS];
  DgLines *marker[DG_PAGINATE_MAX_COLUMNS];
  int column[DG_PAGINATE_MAX_COLUMNS];
} RowParts;

/* A list item's number or bullet hangs in the indent, left of the text,
 * so the text of every line of every item starts at one edge. The item
 * is set as a plain paragraph (typeset.c would put the marker inline)
 * and the marker apart, drawn by pdf.c beside the first line. */
static DgLines *
list_item(DgComposition *comp, const DgBlock *block, DgTextStyle *ts, double width,
          DgLines **marker, GError **error)
{
  DgBlock para = *block;
  para.kind = DG_BLOCK_PARAGRAPH;
  DgLines *lines = dg_typeset_block(comp->ts, &para, ts, width, error);
  if (lines == NULL)
    return NULL;
  lines->block = block;
  g_autofree char *text = block->ordered ? g_strdup_printf("%d.", block->number)
                                         : g_strdup("\u2022");
  DgTextStyle ms = *ts;
  ms.align = DG_ALIGN_LEFT;
  ms.indent_em = ms.left_em = 0;
  *marker = dg_typeset_text(comp->ts, block->lang, text, &ms, width, error);
  if (*marker == NULL) {
    dg_lines_free(lines);
    return NULL;
  }
  /* x of the marker from where the item's text starts: its right edge a
   * third of an em before it */
  double w = dg_lines_natural_width(*marker);
  for (guint i = 0; i < (*marker)->lines->len; i++)
    ((DgLine *)(*marker)->lines->pdata[i])->x_pt = -w - ts->size_pt / 3;
  return lines;
}

/* A thematic break has no text: it is set as a centred row of three
 * asterisks, the section break both traditions read. */
static DgLines *
section_break(DgComposition *comp, int lang, const DgBlock *block, DgTextStyle *ts,
              double width, GError **error)
{
  if (comp->n_columns == 1 && dg_composition_slot(comp, lang) > 0) {
    /* one column: the first language's break serves both */
    DgLines *none = g_new0(DgLines, 1);
    none->lines = g_ptr_array_new();
    none->text = g_strdup("");
    none->block = block;
    return none;
  }
  ts->align = DG_ALIGN_CENTER;
  ts->indent_em = ts->left_em = 0;
  DgLines *lines = dg_typeset_text(comp->ts, lang, "*\u2003*\u2003*", ts, width, error);
  if (lines)
    lines->block = block;
  return lines;
}

/* A heading the template spans across both columns of a parallel page:
 * both languages stacked in column 0, centred over the whole measure. */
static gboolean
spans(const DgComposition *comp, const DgBlock *block)
{
  return comp->layout == DG_LAYOUT_PARALLEL && comp->n_columns == 2
         && block->kind == DG_BLOCK_HEADING && block->level <= comp->style->heading_span_level;
}

static gboolean
typeset_row(DgComposition *comp, const DgSegment *seg, RowParts *parts, GError **error)
{
  for (int s = 0; s < comp->n_langs; s++) {
    int lang = comp->langs[s];
    const DgBlock *block = seg->blocks[lang];
    gboolean span = spans(comp, block);
    gboolean secondary = (comp->layout == DG_LAYOUT_INTERLEAVED || span) && s == 1;
    DgTextStyle ts = dg_style_text(comp->style, comp->book->languages[lang], block, secondary);
    parts->column[s] = span ? 0 : column_of_slot(comp, s);
    double width = span ? comp->body_width_pt : comp->col_width_pt[parts->column[s]];
    if (span)
      ts.align = DG_ALIGN_CENTER;
    if (block->kind == DG_BLOCK_BREAK)
      parts->lines[s] = section_break(comp, lang, block, &ts, width, error);
    else if (block->kind == DG_BLOCK_LIST_ITEM)
      parts->lines[s] = list_item(comp, block, &ts, width, &parts->marker[s], error);
    else
      parts->lines[s] = dg_typeset_block(comp->ts, block, &ts, width, error);
    if (parts->lines[s] == NULL)
      return FALSE;
  }
  return TRUE;
}

static void
build_row(DgComposition *comp, DgFlow *flow, int r, RowParts *parts, const DgBlock *prev)
{
  DgPRow *row = &flow->rows[r];
  const DgBlock *block = parts->lines[0]->block;
  int used[DG_PAGINATE_MAX_COLUMNS] = { 0 };
  for (int s = 0; s < comp->n_langs; s++)
    row->col[parts->column[s]].n_lines += (int)parts->lines[s]->lines->len;
  for (int c = 0; c < DG_PAGINATE_MAX_COLUMNS; c++)
    row->col[c].lines = g_new0(DgPLine, MAX(row->col[c].n_lines, 1));
  gboolean heading = block->kind == DG_BLOCK_HEADING;
  for (int s = 0; s < comp->n_langs; s++) {
    int c = parts->column[s];
    gboolean translation = (comp->n_columns == 1 || spans(comp, block)) && s == 1;
    DgPLine *pl = row->col[c].lines + used[c];
    fill_plines(comp, pl, parts->lines[s], s, heading,
                space_above(comp, block, prev, translation));
    used[c] += (int)parts->lines[s]->lines->len;
    DgPlaced *p = g_new0(DgPlaced, 1);
    p->lines = parts->lines[s];
    p->marker = parts->marker[s];
    p->block = parts->lines[s]->block;
    p->lang = comp->langs[s];
    p->column = c;
    p->row = r;
    p->plines = pl;
    p->segment = r;
    if (heading)
      p->dest = g_strdup_printf("s%d-%d", r, p->lang);
    g_ptr_array_add(flow->placed, p);
  }
  row->keep_with_next = heading;
  if (heading && block->level == 1 && comp->style->chapter_open != DG_OPEN_ANY && r > 0) {
    row->new_frame = TRUE;
    row->recto = comp->style->chapter_open == DG_OPEN_RIGHT;
  }
}

static gboolean
build_body(DgComposition *comp, GError **error)
{
  DgFlow *flow = &comp->body;
  const GPtrArray *segs = comp->book->segments;
  flow->n_rows = (int)segs->len;
  flow->rows = g_new0(DgPRow, MAX(segs->len, 1));
  flow->placed = g_ptr_array_new_with_free_func(placed_free);
  const DgBlock *prev = NULL;
  for (guint i = 0; i < segs->len; i++) {
    const DgSegment *seg = segs->pdata[i];
    RowParts parts;
    memset(&parts, 0, sizeof parts);
    if (!typeset_row(comp, seg, &parts, error)) {
      for (int s = 0; s < comp->n_langs; s++) {
        dg_lines_free(parts.lines[s]);
        dg_lines_free(parts.marker[s]);
      }
      return FALSE;
    }
    build_row(comp, flow, (int)i, &parts, prev);
    prev = seg->blocks[comp->langs[0]];
  }
  return TRUE;
}

/* The numbers dg_paginate() splits a note by: its lines' leadings. */
static void
set_pnote(DgPlacedNote *n, int id)
{
  guint len = n->lines->lines->len;
  n->line_pt = g_new(double, MAX(len, 1));
  for (guint i = 0; i < len; i++)
    n->line_pt[i] = ((const DgLine *)n->lines->lines->pdata[i])->leading_pt;
  n->pnote = (DgPNote){ n->line_pt, (int)len, DG_NOTE_SPACING_PT, id };
}

static gboolean
typeset_notes(DgComposition *comp, GError **error)
{
  const GPtrArray *notes = comp->book->notes;
  comp->notes = g_ptr_array_new_with_free_func(note_free);
  for (int s = 0; s < comp->n_langs; s++)
    for (guint i = 0; i < notes->len; i++) {
      const DgSegment *seg = notes->pdata[i];
      int lang = comp->langs[s];
      DgTextStyle ts = dg_style_note(comp->style, comp->book->languages[lang]);
      DgPlacedNote *n = g_new0(DgPlacedNote, 1);
      n->lang = lang;
      n->note = (int)i;
      n->lines = dg_typeset_block(comp->ts, seg->blocks[lang], &ts,
                                  comp->col_width_pt[column_of_slot(comp, s)], error);
      g_ptr_array_add(comp->notes, n);
      if (n->lines == NULL)
        return FALSE;
      set_pnote(n, (int)comp->notes->len - 1);
    }
  return TRUE;
}

/* Rows of the balance sample: every `stride`-th body row, so that the
 * sample holds about DG_BALANCE_SAMPLE_BYTES of text spread evenly over
 * the book (a book no larger is sampled whole). */
#define DG_BALANCE_SAMPLE_BYTES (32 * 1024)

static guint
sample_stride(const DgComposition *comp)
{
  gsize bytes = 0;
  const GPtrArray *segs = comp->book->segments;
  for (guint i = 0; i < segs->len; i++) {
    const DgSegment *seg = segs->pdata[i];
    for (int s = 0; s < comp->n_langs; s++)
      bytes += seg->blocks[comp->langs[s]]->text_len;
  }
  return (guint)MAX(1, (bytes + DG_BALANCE_SAMPLE_BYTES - 1) / DG_BALANCE_SAMPLE_BYTES);
}

/* Adds the area (height × width) each column's lines of one row need. */
static void
add_row_area(const DgComposition *comp, const RowParts *parts, double area[2])
{
  for (int s = 0; s < comp->n_langs; s++) {
    int c = parts->column[s];
    area[c] += dg_lines_height(parts->lines[s]) * comp->col_width_pt[c];
  }
}

/* Columns fill evenly when each gets width in proportion to the area
 * (height × width) its text needs. That area hardly depends on the
 * width, so it is measured on a sample of rows set at the template's
 * split, and the body is then typeset once, at the chosen split. */
static gboolean
balanced_ratio(DgComposition *comp, double *ratio, GError **error)
{
  double area[2] = { 0, 0 };
  const GPtrArray *segs = comp->book->segments;
  guint stride = sample_stride(comp);
  for (guint i = 0; i < segs->len; i += stride) {
    RowParts parts;
    memset(&parts, 0, sizeof parts);
    gboolean ok = typeset_row(comp, segs->pdata[i], &parts, error);
    if (ok)
      add_row_area(comp, &parts, area);
    for (int s = 0; s < comp->n_langs; s++) {
      dg_lines_free(parts.lines[s]);
      dg_lines_free(parts.marker[s]);
    }
    if (!ok)
      return FALSE;
  }
  *ratio = comp->column_ratio;
  if (area[0] + area[1] <= 0)
    return TRUE;
  const DgStyle *st = comp->style;
  *ratio = CLAMP(area[0] / (area[0] + area[1]), st->column_ratio_min, st->column_ratio_max);
  return TRUE;
}

static gboolean
typeset_body(DgComposition *comp, GError **error)
{
  if (comp->layout == DG_LAYOUT_PARALLEL && comp->n_columns == 2
      && comp->style->balance_columns) {
    double ratio;
    if (!balanced_ratio(comp, &ratio, error))
      return FALSE;
    if (fabs(ratio - comp->column_ratio) >= 0.005)
      set_columns(comp, ratio);
  }
  return typeset_notes(comp, error) && build_body(comp, error);
}

/* --- the contents ----------------------------------------------------- */

static DgPlaced *
contents_entry(DgComposition *comp, const DgSegment *seg, int r, int slot, GError **error)
{
  int lang = comp->langs[slot];
  const DgBlock *block = seg->blocks[lang];
  DgTextStyle ts = dg_style_text(comp->style, comp->book->languages[lang], NULL, slot == 1);
  ts.align = DG_ALIGN_LEFT;
  ts.indent_em = 0;
  ts.hyphenate = FALSE;
  ts.left_em = block->level >= 2 ? 2 : 0;
  ts.italic = slot == 1;
  if (block->level == 1 && slot == 0)
    ts.weight = 600;
  double width = comp->body_width_pt - 4 * ts.size_pt;
  DgLines *lines = dg_typeset_text(comp->ts, lang, block->text, &ts, width, error);
  if (lines == NULL)
    return NULL;
  DgPlaced *p = g_new0(DgPlaced, 1);
  p->lines = lines;
  p->lang = lang;
  p->segment = -1;
  p->link = g_strdup_printf("s%d-%d", r, lang);
  p->page_ref = r;
  return p;
}

static int
count_entries(const DgComposition *comp)
{
  int n = 0;
  for (guint i = 0; i < comp->book->segments->len; i++) {
    const DgSegment *seg = comp->book->segments->pdata[i];
    const DgBlock *b = seg->blocks[comp->langs[0]];
    n += b->kind == DG_BLOCK_HEADING && b->level <= 2;
  }
  return n;
}

static gboolean
build_contents(DgComposition *comp, GError **error)
{
  DgFlow *flow = &comp->contents;
  flow->placed = g_ptr_array_new_with_free_func(placed_free);
  int n = comp->style->contents ? count_entries(comp) : 0;
  flow->rows = g_new0(DgPRow, MAX(n, 1));
  for (guint i = 0; i < comp->book->segments->len && flow->n_rows < n; i++) {
    const DgSegment *seg = comp->book->segments->pdata[i];
    const DgBlock *b = seg->blocks[comp->langs[0]];
    if (b->kind != DG_BLOCK_HEADING || b->level > 2)
      continue;
    DgPRow *row = &flow->rows[flow->n_rows];
    int total = 0;
    DgPlaced *parts[2] = { NULL, NULL };
    for (int s = 0; s < comp->n_langs; s++) {
      parts[s] = contents_entry(comp, seg, (int)i, s, error);
      if (parts[s] == NULL) {
        if (s == 1)
          placed_free(parts[0]);
        return FALSE;
      }
      total += (int)parts[s]->lines->lines->len;
    }
    if (total == 0) { /* an empty heading has no entry */
      for (int s = 0; s < comp->n_langs; s++)
        placed_free(parts[s]);
      n--;
      continue;
    }
    row->col[0].n_lines = total;
    row->col[0].lines = g_new0(DgPLine, total);
    int used = 0;
    for (int s = 0; s < comp->n_langs; s++) {
      double space = s == 1 ? 1 : (b->level == 1 ? 9 : 4);
      fill_plines(comp, row->col[0].lines + used, parts[s]->lines, s, TRUE, space);
      parts[s]->plines = row->col[0].lines + used;
      parts[s]->row = flow->n_rows;
      used += (int)parts[s]->lines->lines->len;
      g_ptr_array_add(flow->placed, parts[s]);
    }
    row->col[0].lines[total - 1].break_after = TRUE;
    flow->n_rows++;
  }
  return TRUE;
}

/* --- pages ------------------------------------------------------------ */

static void
paginate_all(DgComposition *comp)
{
  int page = comp->style->title_page ? 3 : 1;
  comp->first_contents_page = page;
  /* pdf.c sets every contents frame below the title's room */
  DgPGeometry cg = { 1, comp->body_height_pt - DG_CONTENTS_TITLE_PT, comp->note_gap_pt, page,
                     1, TRUE };
  comp->contents.geom = cg;
  if (comp->contents.n_rows > 0) {
    comp->contents.rows[0].col[0].lines[0].space_before_pt = 0;
    comp->contents.n_frames = dg_paginate(comp->contents.rows, comp->contents.n_rows, &cg, NULL);
    page += comp->contents.n_frames;
  }
  gboolean facing = comp->layout == DG_LAYOUT_FACING && comp->n_columns == 2;
  /* Body on a right-hand page; in facing, on a left-hand page. */
  if ((page % 2 == 0) == !facing)
    page++;
  comp->first_body_page = page;
  /* Facing pages are synchronised spread by spread, not row by row: a
   * reader sees one page at a time, so each language flows on its page
   * and a segment only has to start on the same spread. */
  DgPGeometry bg = { comp->n_columns, comp->body_height_pt, comp->note_gap_pt, page,
                     facing ? 2 : 1, !facing };
  if (facing)
    bg.n_columns = 2;
  comp->body.geom = bg;
  comp->body.notes = g_array_new(FALSE, FALSE, sizeof(DgPNotePiece));
  comp->body.n_frames = dg_paginate(comp->body.rows, comp->body.n_rows, &bg, comp->body.notes);
  comp->body.n_frames = dg_paginate_avoid_runt(comp->body.rows, comp->body.n_rows, &bg,
                                                comp->body.n_frames, comp->body.notes);
  comp->n_pages = dg_flow_page(&comp->body, comp->body.n_frames - 1, facing ? 1 : 0);
}

/* The blank share of each column over the body: 1 − (text + notes) /
 * capacity. */
static void
measure_blank(DgComposition *comp)
{
  double capacity = comp->body.n_frames * comp->body_height_pt;
  for (int c = 0; c < comp->n_columns; c++) {
    double used = 0;
    for (int r = 0; r < comp->body.n_rows; r++)
      for (int j = 0; j < comp->body.rows[r].col[c].n_lines; j++)
        used += comp->body.rows[r].col[c].lines[j].height_pt;
    for (guint k = 0; k < comp->body.notes->len; k++) {
      const DgPNotePiece *pc = &g_array_index(comp->body.notes, DgPNotePiece, k);
      if (pc->column == c)
        used += dg_pnote_height(&dg_composition_note_piece(comp, pc)->pnote, pc->first_line,
                                pc->n_lines);
    }
    comp->blank_fraction[c] = capacity > 0 ? 1 - used / capacity : 0;
  }
}

/* dg_paginate() continues a long footnote onto as many pages as it
 * needs, so a note never has to be refused for its length. One thing
 * it cannot do: set a note line taller than a page's whole text area
 * (with the rule above the notes); it puts it there all the same, so
 * nothing loops, and pdf.c would draw it past the top of the page —
 * text lost without a word. Refused here instead, at that note. */
static gboolean
check_notes_fit(const DgComposition *comp, GError **error)
{
  const DgFlow *f = &comp->body;
  int n = f->n_frames * DG_PAGINATE_MAX_COLUMNS;
  g_autofree double *bottom = g_new0(double, n);
  g_autofree double *area = g_new0(double, n);
  for (guint k = 0; k < f->placed->len; k++) {
    const DgPlaced *pl = f->placed->pdata[k];
    for (guint j = 0; j < pl->lines->lines->len; j++) {
      const DgPLine *p = &pl->plines[j];
      int i = p->frame * DG_PAGINATE_MAX_COLUMNS + pl->column;
      bottom[i] = MAX(bottom[i], p->y_pt + p->height_pt);
    }
  }
  for (guint k = 0; k < f->notes->len; k++) {
    const DgPNotePiece *pc = &g_array_index(f->notes, DgPNotePiece, k);
    int i = pc->frame * DG_PAGINATE_MAX_COLUMNS + pc->column;
    const DgPlacedNote *note = dg_composition_note_piece(comp, pc);
    area[i] += dg_pnote_height(&note->pnote, pc->first_line, pc->n_lines)
               + (area[i] <= 0 ? comp->note_gap_pt : 0);
    if (bottom[i] + area[i] <= f->geom.height_pt + 1e-6)
      continue;
    const DgBlock *block = ((const DgSegment *)comp->book->notes->pdata[note->note])
                             ->blocks[note->lang];
    dg_set_error_at(error, DG_ERROR_INPUT, &block->pos,
                    "footnote [^%s]: a line of it, with the rule above the notes, is taller "
                    "than a page's %.0f pt text area",
                    block->label ? block->label : "?", f->geom.height_pt);
    return FALSE;
  }
  return TRUE;
}

gboolean
dg_compose_typeset(DgComposition *comp, GError **error)
{
  if (!typeset_body(comp, error) || !build_contents(comp, error))
    return FALSE;
  paginate_all(comp);
  if (!check_notes_fit(comp, error))
    return FALSE;
  measure_blank(comp);
  return TRUE;
}

DgComposition *
dg_compose(const DgBook *book, const DgBuildOptions *opts, GError **error)
{
  g_autoptr(DgComposition) comp = setup(book, opts, error);
  if (comp == NULL || !dg_compose_typeset(comp, error))
    return NULL;
  return g_steal_pointer(&comp);
}

DgComposition *
dg_compose_front(const DgBook *book, const DgBuildOptions *opts, GError **error)
{
  return setup(book, opts, error);
}

static gboolean
check_block(DgComposition *comp, const DgBlock *block, int lang, GError **error)
{
  DgTextStyle ts = dg_style_text(comp->style, comp->book->languages[lang], block, FALSE);
  return dg_fonts_check_block(comp->fonts, ts.family, block, error);
}

gboolean
dg_compose_check_coverage(DgComposition *comp, GError **error)
{
  const GPtrArray *lists[2] = { comp->book->segments, comp->book->notes };
  for (int k = 0; k < 2; k++)
    for (guint i = 0; i < lists[k]->len; i++) {
      const DgSegment *seg = lists[k]->pdata[i];
      for (int s = 0; s < comp->n_langs; s++)
        if (!check_block(comp, seg->blocks[comp->langs[s]], comp->langs[s], error))
          return FALSE;
    }
  return TRUE;
}

gboolean
dg_compose_check(const DgBook *book, const DgBuildOptions *opts, GError **error)
{
  g_autoptr(DgComposition) comp = setup(book, opts, error);
  return comp != NULL && dg_compose_check_coverage(comp, error);
}
