/* paragraph.c — a paragraph as boxes, glue and penalties, from Pango.
 *
 * Model. Pango itemizes the paragraph (script, font fallback, attribute
 * runs) and HarfBuzz shapes each item once, word by word through the
 * build's shaping cache (shapecache.c). Each grapheme cluster of the
 * shaped text becomes a box; white space becomes glue; between two boxes
 * sits a "junction" that says what may happen there:
 *   - a break or not: Pango's UAX #14 log attributes, tailored by clreq
 *     kinsoku (script.c) — forbidden breaks become a +∞ penalty;
 *   - the blank half of full-width punctuation as its own glue, whose
 *     size `halt` tells us (the font knows which side of the em is blank:
 *     measured, 。 keeps its left half, “ its right half). Adjacent marks
 *     lose half an em between them (P3: 。」 ），》， → 1.5 em); the blank
 *     half at a line end or start is discarded with the break (P4, P5);
 *   - a quarter-em Han–Western gap (M2), which is glue and so vanishes at
 *     a line edge, and is never put next to punctuation (M4);
 *   - inter-character glue between Han characters (J4's last resort),
 *     never inside —— or …… (K4) nor inside a Western word (M4);
 *   - a flagged penalty at a libhyphen point, with the hyphen's width.
 * Each glue has a tier for stretch and one for shrink, so dg_lb_set_line
 * shrinks punctuation before word spaces before Han–Western gaps, and
 * stretches word spaces, then Han–Western gaps, then between characters
 * (clreq J3/J4).
 *
 * Rejected: PangoLayout with U+2005 and U+00AD inserted into the text
 * (the measured alternative, pango-cairo-measured.md §1–§5). It breaks
 * greedily, pours a mixed line's slack into its spaces, gives negative
 * advances to collapsed line-final spaces, never shrinks, and its
 * hyphens copy out of the PDF as U+00AD. Shaping items ourselves costs
 * one pango_shape per new word and no reshaping while breaking.
 *
 * Emergency breaks: a run with no break opportunity that is wider than
 * the measure (a 6,000-letter "word", a URL, a line of 。 that kinsoku
 * forbids to split) would otherwise run off the page. Inside such a run
 * only, every cluster boundary becomes Knuth–Plass's ragged-right
 * break: glue(0, +S), penalty(EMERGENCY_PENALTY), glue(0, −S). Unbroken,
 * the two glues cancel; broken, the line keeps +S and ends ragged, so
 * its ratio stays under 1 and the first pass still succeeds; the −S
 * glue is discarded at the next line's start. Kinsoku yields there too:
 * a correct book beats a perfect rule on a line that cannot exist.
 * Rejected: letting the second pass set the run overfull (TeX's
 * answer): the text is then clipped by the page edge, i.e. lost.
 *
 * Ligatures: a hyphenation point inside a ligature cluster (the "ffi" of
 * "ef-fi-cient", "of-fice") is TeX's discretionary with three widths,
 * written with fixed glue: penalty(∞) glue(pre) penalty(hyphen)
 * glue(lig − pre − post) box(post). Unbroken, the items add up to the
 * ligature's width and the ligature is drawn; broken, the line ends in
 * the reshaped first half and a hyphen, and the next line starts with
 * the reshaped second half (the glue between is discarded). Only the
 * two halves are reshaped, once per paragraph. */
#include "paragraph-private.h"

#include <math.h>
#include <string.h>

#include "error.h"

/* clreq M2: a quarter em between Han and Western; J3 (6): down to ⅛ em;
 * J4 (2): many styles cap the stretch at ⅓ em. */
#define HAN_LATIN_EM 0.25
#define HAN_LATIN_SHRINK_EM 0.125
#define HAN_LATIN_STRETCH_EM 0.08
/* J4 (3): even spacing between Han characters, the last resort. */
#define INTERCHAR_STRETCH_EM 0.06
/* Word spaces: at least a quarter em at rest, never under 0.16 em,
 * comfortably up to 0.4 em (issue 4's bounds are 0.15 and 0.60). */
#define WORD_SPACE_MIN_EM 0.25
#define WORD_SPACE_SHRINK_TO_EM 0.16
#define WORD_SPACE_STRETCH_EM 0.15
#define WORD_SPACE_MAX_EM 0.56
/* TeX's \hyphenpenalty and \exhyphenpenalty. */
#define HYPHEN_PENALTY 50
/* Emergency breaks (issue 6): inside a run of text with no break
 * opportunity that is wider than the measure, a break is allowed between
 * any two clusters at this cost — far above any line the first pass
 * accepts, so only a run that cannot fit uses one. */
#define EMERGENCY_PENALTY 9000
/* clreq G7: a last line narrower than this is an orphan. */
#define SHORT_LAST_EM 2.0
#define SHORT_LAST_DEMERITS 1e6

enum { STRETCH_WORD = 0, STRETCH_HAN_LATIN = 1, STRETCH_INTERCHAR = 2,
       STRETCH_RAGGED = DG_LB_TIER_RAGGED };
enum { SHRINK_PUNCT = 0, SHRINK_WORD = 1, SHRINK_HAN_LATIN = 2 };

void
dg_paragraph_spec_init(DgParagraphSpec *spec, PangoContext *context,
                       const DgTextStyle *style, double width_pt)
{
  memset(spec, 0, sizeof *spec);
  spec->context = context;
  spec->style = style;
  spec->width_pt = width_pt;
  spec->kinsoku = style->kinsoku;
}

static void
para_free(DgPara *para)
{
  g_free(para->text);
  if (para->items)
    g_ptr_array_free(para->items, TRUE);
  if (para->glyphs)
    g_ptr_array_free(para->glyphs, TRUE);
  if (para->clusters)
    g_array_free(para->clusters, TRUE);
  if (para->lb)
    g_array_free(para->lb, TRUE);
  if (para->halt)
    g_hash_table_destroy(para->halt);
  for (guint i = 0; para->discs && i < para->discs->len; i++) {
    DgDisc *d = &g_array_index(para->discs, DgDisc, i);
    pango_glyph_string_free(d->pre);
    pango_glyph_string_free(d->post);
  }
  if (para->discs)
    g_array_free(para->discs, TRUE);
}

/* The style's font under the caller's attributes (which win). */
static PangoAttrList *
full_attrs(const DgPara *para, PangoAttrList *attrs)
{
  const DgTextStyle *st = para->spec->style;
  PangoAttrList *list = attrs ? pango_attr_list_copy(attrs) : pango_attr_list_new();
  PangoFontDescription *fd = pango_font_description_from_string(st->family);
  pango_font_description_set_size(fd, (gint)lround(st->size_pt * PANGO_SCALE));
  pango_font_description_set_weight(fd, st->weight ? (PangoWeight)st->weight
                                                   : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(fd, st->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  PangoAttribute *a = pango_attr_font_desc_new(fd);
  pango_font_description_free(fd);
  a->start_index = 0;
  a->end_index = G_MAXUINT;
  pango_attr_list_insert_before(list, a);
  return list;
}

static void
shape_items(DgPara *para, PangoAttrList *attrs)
{
  PangoAttrList *list = full_attrs(para, attrs);
  GList *items = pango_itemize(para->spec->context, para->text, 0, (int)para->len, list, NULL);
  pango_attr_list_unref(list);
  para->items = g_ptr_array_new_with_free_func((GDestroyNotify)pango_item_free);
  para->glyphs = g_ptr_array_new_with_free_func((GDestroyNotify)pango_glyph_string_free);
  for (GList *l = items; l; l = l->next) {
    PangoItem *item = l->data;
    PangoGlyphString *gs = pango_glyph_string_new();
    dg_shape_cache_shape(para->spec->shape_cache, para->text, para->len, item, gs);
    g_ptr_array_add(para->items, item);
    g_ptr_array_add(para->glyphs, gs);
  }
  g_list_free(items);
}

/* --- punctuation halves, measured with `halt` ------------------------- */

typedef struct {
  double left_pt, right_pt;
} Halves;

/* Which marks may lose a blank half: P2 keeps interpuncts, dashes,
 * ellipses and connectors at full width. */
static gboolean
compressible_class(gunichar c)
{
  switch (dg_script_classify(c)) {
  case DG_CHAR_OPENING:
  case DG_CHAR_CLOSING:
  case DG_CHAR_PAUSE:
  case DG_CHAR_STOP:
    return TRUE;
  default:
    return FALSE;
  }
}

/* Shapes the one-character cluster again with "halt 1" and reads how
 * much blank the font removes on each side (cached per font and glyph). */
static Halves
halves_of(DgPara *para, const PangoItem *item, const DgCluster *c, const PangoGlyphInfo *gi)
{
  Halves h = { 0, 0 };
  char key[64];
  g_snprintf(key, sizeof key, "%p:%u", (void *)item->analysis.font, gi->glyph);
  Halves *cached = g_hash_table_lookup(para->halt, key);
  if (cached)
    return *cached;
  PangoAnalysis a = item->analysis;
  PangoAttribute *feat = pango_attr_font_features_new("halt 1");
  GSList one = { feat, NULL };
  a.extra_attrs = &one;
  PangoGlyphString *gs = pango_glyph_string_new();
  const char *s = para->text + c->start;
  pango_shape_with_flags(s, (int)(c->end - c->start), s, (int)(c->end - c->start), &a, gs,
                         PANGO_SHAPE_NONE);
  if (gs->num_glyphs == 1) {
    double full = gi->geometry.width / (double)PANGO_SCALE;
    double halted = gs->glyphs[0].geometry.width / (double)PANGO_SCALE;
    double xoff = (gs->glyphs[0].geometry.x_offset - gi->geometry.x_offset) / (double)PANGO_SCALE;
    if (halted < full - 0.01) {
      h.left_pt = MAX(0, -xoff);
      h.right_pt = MAX(0, full - halted - h.left_pt);
    }
  }
  pango_glyph_string_free(gs);
  pango_attribute_destroy(feat);
  g_hash_table_insert(para->halt, g_strdup(key), g_memdup2(&h, sizeof h));
  return h;
}

/* --- clusters ----------------------------------------------------------- */

static void
add_cluster(DgPara *para, int item_index, int g0, int g1)
{
  PangoItem *item = g_ptr_array_index(para->items, item_index);
  PangoGlyphString *gs = g_ptr_array_index(para->glyphs, item_index);
  DgCluster c = { 0 };
  c.item = item_index;
  c.glyph0 = g0;
  c.glyph1 = g1;
  c.start = (gsize)(item->offset + gs->log_clusters[g0]);
  c.end = g1 < gs->num_glyphs ? (gsize)(item->offset + gs->log_clusters[g1])
                              : (gsize)(item->offset + item->length);
  c.first = g_utf8_get_char(para->text + c.start);
  c.last = g_utf8_get_char(g_utf8_prev_char(para->text + c.end));
  for (int g = g0; g < g1; g++)
    c.width_pt += gs->glyphs[g].geometry.width / (double)PANGO_SCALE;
  c.newline = c.first == '\n' || c.first == 0x2028 || c.first == '\r';
  /* Only the ASCII space (and tab) is a stretchable word space; en,
   * quad and ideographic spaces are fixed widths (list markers, U+3000). */
  c.space = !c.newline && (c.first == ' ' || c.first == '\t');
  if (!c.space && !c.newline && g1 - g0 == 1 && c.first == c.last && compressible_class(c.first)) {
    Halves h = halves_of(para, item, &c, &gs->glyphs[g0]);
    c.left_pt = h.left_pt;
    c.right_pt = h.right_pt;
  }
  c.western = !c.space && !c.newline && c.left_pt <= 0 && c.right_pt <= 0
              && !g_unichar_iswide(c.first) && !g_unichar_iswide(c.last);
  if (para->spec->style->letter_spacing_em > 0) {
    /* headings: letter spacing after every cluster, as a wider advance */
    double ls = para->spec->style->letter_spacing_em * para->em_pt;
    c.width_pt += ls;
    gs->glyphs[g1 - 1].geometry.width += (int)lround(ls * PANGO_SCALE);
  }
  g_array_append_val(para->clusters, c);
}

static void
build_clusters(DgPara *para)
{
  para->clusters = g_array_new(FALSE, TRUE, sizeof(DgCluster));
  for (guint i = 0; i < para->items->len; i++) {
    PangoGlyphString *gs = g_ptr_array_index(para->glyphs, i);
    int g0 = 0;
    for (int g = 1; g <= gs->num_glyphs; g++)
      if (g == gs->num_glyphs || gs->log_clusters[g] != gs->log_clusters[g0]) {
        add_cluster(para, (int)i, g0, g);
        g0 = g;
      }
  }
}

#define CL(para, i) (&g_array_index((para)->clusters, DgCluster, (i)))

/* P3: between two adjacent marks, the blank between their inks shrinks
 * by half an em (。」→1.5 em, ，「→1.5 em), taken from the first mark's
 * trailing half, then from the second's leading half. */
static void
compress_adjacent(DgPara *para)
{
  for (guint i = 0; i + 1 < para->clusters->len; i++) {
    DgCluster *a = CL(para, i), *b = CL(para, i + 1);
    if (a->width_pt <= 0 || (a->left_pt + a->right_pt) <= 0 || (b->left_pt + b->right_pt) <= 0)
      continue;
    double cut = MIN(a->right_pt + b->left_pt, para->em_pt / 2);
    double from_a = MIN(cut, a->right_pt);
    a->right_pt -= from_a;
    a->width_pt -= from_a;
    b->left_pt -= cut - from_a;
    b->width_pt -= cut - from_a;
    /* Remember the compression in the glyph geometry right away: the
     * blank removed here is gone on every line. */
    PangoGlyphString *ga = g_ptr_array_index(para->glyphs, a->item);
    PangoGlyphString *gb = g_ptr_array_index(para->glyphs, b->item);
    ga->glyphs[a->glyph1 - 1].geometry.width -= (int)lround(from_a * PANGO_SCALE);
    gb->glyphs[b->glyph0].geometry.width -= (int)lround((cut - from_a) * PANGO_SCALE);
    gb->glyphs[b->glyph0].geometry.x_offset -= (int)lround((cut - from_a) * PANGO_SCALE);
  }
}

/* --- break opportunities -------------------------------------------------- */

/* Is a line break allowed before cluster i (i ≥ 1)? */
static gboolean *
break_table(DgPara *para)
{
  int n_chars = (int)g_utf8_strlen(para->text, (gssize)para->len);
  PangoLogAttr *la = g_new0(PangoLogAttr, n_chars + 1);
  pango_get_log_attrs(para->text, (int)para->len, -1,
                      pango_context_get_language(para->spec->context), la, n_chars + 1);
  gboolean *ok = g_new0(gboolean, para->clusters->len + 1);
  gsize byte = 0;
  int ch = 0;
  for (guint i = 0; i < para->clusters->len; i++) {
    DgCluster *c = CL(para, i);
    while (byte < c->start) {
      byte = (gsize)(g_utf8_next_char(para->text + byte) - para->text);
      ch++;
    }
    if (i > 0) {
      DgCluster *p = CL(para, i - 1);
      ok[i] = dg_script_break_allowed(p->last, c->first, la[ch].is_line_break,
                                      para->spec->kinsoku);
    }
  }
  g_free(la);
  return ok;
}

/* A character that would make an ASCII run part of a longer word
 * ("naïve", "IPv6"): such words are left whole. */
static gboolean
joins_word(const char *t, gsize at, gsize len)
{
  if (at >= len)
    return FALSE;
  gunichar c = g_utf8_get_char(t + at);
  return c == '\'' || c == 0x2019 || g_unichar_isdigit(c)
         || (g_unichar_isalpha(c) && !dg_script_is_han(c));
}

/* "country’s", "world's", "isn't": an apostrophe and ASCII letters after
 * the run. The run before it is a whole English word and may be
 * hyphenated ("coun-try’s"); the suffix only adds letters after the
 * last point, so the right-hand minimum still holds. */
static gboolean
apostrophe_suffix(const char *t, gsize at, gsize len)
{
  if (at >= len)
    return FALSE;
  gunichar c = g_utf8_get_char(t + at);
  if (c != '\'' && c != 0x2019)
    return FALSE;
  gsize j = (gsize)(g_utf8_next_char(t + at) - t), k = j;
  while (k < len && g_ascii_isalpha(t[k]))
    k++;
  return k > j && !joins_word(t, k, len);
}

/* "UNESCO", "HTTP": an acronym is never hyphenated (the patterns would
 * split it as if it were a word). */
static gboolean
all_capitals(const char *t, gsize from, gsize to)
{
  for (gsize i = from; i < to; i++)
    if (!g_ascii_isupper(t[i]))
      return FALSE;
  return to - from >= 2;
}

/* Where the paragraph's last word of ASCII letters starts ("country’s":
 * at its stem), or len if there is none. */
static gsize
last_word_start(const char *t, gsize len)
{
  gsize i = len;
  while (i > 0 && !g_ascii_isalpha(t[i - 1]))
    i--;
  if (i == 0)
    return len;
  while (i > 0 && g_ascii_isalpha(t[i - 1]))
    i--;
  if (i > 0) {
    gsize ap = (gsize)(g_utf8_prev_char(t + i) - t);
    if (ap > 0 && g_ascii_isalpha(t[ap - 1]) && apostrophe_suffix(t, ap, len))
      for (i = ap; i > 0 && g_ascii_isalpha(t[i - 1]);)
        i--;
  }
  return i;
}

/* Bytes after which a hyphen may go: libhyphen points of every word of
 * ASCII letters (capitalised or not; possessives and contractions by
 * their stem) except acronyms and the paragraph's last word (issue 4). */
static gboolean *
hyphen_table(DgPara *para)
{
  gboolean *at = g_new0(gboolean, para->len + 1);
  if (!para->spec->hyphenator || !para->spec->style->hyphenate)
    return at;
  const char *t = para->text;
  gsize last_start = last_word_start(t, para->len);
  for (gsize i = 0; i < last_start;) {
    if (!g_ascii_isalpha(t[i])) {
      i++;
      continue;
    }
    gsize j = i;
    while (j < para->len && g_ascii_isalpha(t[j]))
      j++;
    gboolean before = i > 0 && joins_word(t, (gsize)(g_utf8_prev_char(t + i) - t), para->len);
    gboolean after = joins_word(t, j, para->len) && !apostrophe_suffix(t, j, para->len);
    if (!before && !after && !all_capitals(t, i, j)) {
      g_autoptr(GArray) pts = dg_hyphenator_points(para->spec->hyphenator, t + i, j - i);
      for (guint k = 0; k < pts->len; k++)
        at[i + g_array_index(pts, gsize, k)] = TRUE;
    }
    i = j;
  }
  return at;
}

/* --- the item model ------------------------------------------------------ */

static void
push(DgPara *para, DgLbKind kind, double width, double stretch, double shrink, int st_tier,
     int sh_tier, guint32 tag)
{
  DgLbItem it = { 0 };
  it.kind = kind;
  it.width_pt = width;
  it.stretch_pt = stretch;
  it.shrink_pt = shrink;
  it.stretch_tier = (guint8)st_tier;
  it.shrink_tier = (guint8)sh_tier;
  it.tag = tag;
  g_array_append_val(para->lb, it);
}

static void
push_penalty(DgPara *para, double width, double penalty, gboolean flagged, guint32 tag)
{
  DgLbItem it = { 0 };
  it.kind = DG_LB_PENALTY;
  it.width_pt = width;
  it.penalty = penalty;
  it.flagged = flagged;
  it.tag = tag;
  g_array_append_val(para->lb, it);
}

/* Margin protrusion, as a fraction of a mark's advance (our figures, in
 * the range optical margin alignment uses: a hyphen or a period hangs
 * most, a question mark little). Latin marks only: Chinese punctuation
 * is compressed instead (clreq P3–P5). */
static double
hang_right_factor(gunichar c)
{
  switch (c) {
  case '-': case 0x2010: return 0.7;
  case '.': case ',': case 0x2019: case 0x201D: return 0.6;
  case '\'': case '"': return 0.5;
  case ':': case ';': case 0x2013: return 0.4;
  case 0x2014: return 0.25;
  case '!': case '?': return 0.2;
  default: return 0;
  }
}

static double
hang_left_factor(gunichar c)
{
  switch (c) {
  case 0x2018: case 0x201C: return 0.5;
  case '\'': case '"': return 0.4;
  default: return 0;
  }
}

static gboolean
protruding(const DgPara *para)
{
  const DgTextStyle *st = para->spec->style;
  return st->protrusion && st->align == DG_ALIGN_JUSTIFY;
}

/* The box just pushed for cluster c may hang into a margin. */
static void
set_hang(DgPara *para, const DgCluster *c)
{
  if (!protruding(para) || !c->western || c->first != c->last || c->glyph1 - c->glyph0 != 1)
    return;
  DgLbItem *it = &g_array_index(para->lb, DgLbItem, para->lb->len - 1);
  it->hang_left_pt = hang_left_factor(c->first) * c->width_pt;
  it->hang_right_pt = hang_right_factor(c->last) * c->width_pt;
}

/* A hyphenation point: the drawn hyphen's width, hung like a hyphen. */
static void
push_hyphen(DgPara *para, double width, guint32 tag)
{
  push_penalty(para, width, HYPHEN_PENALTY, TRUE, tag);
  if (protruding(para))
    g_array_index(para->lb, DgLbItem, para->lb->len - 1).hang_right_pt
      = hang_right_factor('-') * width;
}

static gboolean
cjk_grid(gunichar c)
{
  return dg_script_is_han(c) || dg_script_is_cjk_punct(c);
}

static double
hyphen_width(DgPara *para, int item_index)
{
  PangoItem *item = g_ptr_array_index(para->items, item_index);
  PangoGlyphString *gs = pango_glyph_string_new();
  const char *h = para->text + para->hyphen_offset;
  pango_shape_with_flags(h, 1, h, 1, &item->analysis, gs, PANGO_SHAPE_NONE);
  double w = pango_glyph_string_get_width(gs) / (double)PANGO_SCALE;
  pango_glyph_string_free(gs);
  return w;
}

/* bytes [from, to) of cluster c's text, shaped alone in its item's font */
static PangoGlyphString *
shape_part(DgPara *para, const DgCluster *c, gsize from, gsize to)
{
  PangoItem *item = g_ptr_array_index(para->items, c->item);
  PangoGlyphString *gs = pango_glyph_string_new();
  const char *s = para->text + from;
  pango_shape_with_flags(s, (int)(to - from), s, (int)(to - from), &item->analysis, gs,
                         PANGO_SHAPE_NONE);
  return gs;
}

/* A hyphenation point strictly inside a Latin ligature cluster, or 0. */
static gsize
inner_point(const DgPara *para, const DgCluster *c, const gboolean *hyph)
{
  if (c->left_pt > 0 || c->right_pt > 0 || para->spec->style->letter_spacing_em > 0)
    return 0;
  for (gsize p = c->start + 1; p < c->end; p++)
    if (hyph[p])
      return p;
  return 0;
}

/* The ligature as a discretionary (see the essay). */
static void
push_ligature(DgPara *para, guint ci, gsize split, double *hyph_w)
{
  DgCluster *c = CL(para, ci);
  DgDisc d = { (int)ci, split, shape_part(para, c, c->start, split),
               shape_part(para, c, split, c->end) };
  double pre = pango_glyph_string_get_width(d.pre) / (double)PANGO_SCALE;
  double post = pango_glyph_string_get_width(d.post) / (double)PANGO_SCALE;
  if (hyph_w[c->item] < 0)
    hyph_w[c->item] = hyphen_width(para, c->item);
  guint k = para->discs->len;
  g_array_append_val(para->discs, d);
  push_penalty(para, 0, DG_LB_INFINITY, FALSE, TAG(TAG_OTHER, ci));
  push(para, DG_LB_GLUE, pre, 0, 0, 0, 0, TAG(TAG_DISC_PRE, k));
  push_hyphen(para, hyph_w[c->item], TAG(TAG_DISC, k));
  push(para, DG_LB_GLUE, c->width_pt - pre - post, 0, 0, 0, 0, TAG(TAG_OTHER, ci));
  push(para, DG_LB_BOX, post, 0, 0, 0, 0, TAG(TAG_DISC_POST, k));
}

/* Is the item raised (a footnote mark)? A mark belongs to the word it
 * follows: "理念¹，" takes no Han–Latin gap before its digit. */
static gboolean
item_raised(const DgPara *para, int item)
{
  const PangoItem *it = para->items->pdata[item];
  for (GSList *l = it->analysis.extra_attrs; l; l = l->next)
    if (((PangoAttribute *)l->data)->klass->type == PANGO_ATTR_RISE &&
        ((PangoAttrInt *)l->data)->value != 0)
      return TRUE;
  return FALSE;
}

/* The junction between box clusters a and b = a + 1. */
static void
push_junction(DgPara *para, guint ai, gboolean brk, gboolean hyphen, double *hyph_w)
{
  DgCluster *a = CL(para, ai), *b = CL(para, ai + 1);
  double em = para->em_pt;
  gboolean autospace = dg_script_autospace(a->last, b->first) &&
                       !item_raised(para, a->item) && !item_raised(para, b->item);
  gboolean interchar = cjk_grid(a->last) && cjk_grid(b->first)
                       && !dg_script_inseparable(a->last, b->first);
  gboolean glue = a->right_pt > 0 || b->left_pt > 0 || autospace || interchar;
  if (hyphen && !glue) {
    if (hyph_w[a->item] < 0)
      hyph_w[a->item] = hyphen_width(para, a->item);
    push_hyphen(para, hyph_w[a->item], TAG(TAG_HYPHEN, ai));
    return;
  }
  if (!brk && !glue)
    return;
  if (!brk)
    push_penalty(para, 0, DG_LB_INFINITY, FALSE, TAG(TAG_OTHER, ai));
  else if (!glue) {
    /* an explicit hyphen ("well-|being") counts as a hyphenated line */
    gboolean hard = a->last == '-' || a->last == 0x2010;
    push_penalty(para, 0, hard ? HYPHEN_PENALTY : 0, hard, TAG(TAG_OTHER, ai));
    return;
  }
  guint32 tail = TAG(TAG_TAIL, ai);
  if (a->right_pt > 0)
    push(para, DG_LB_GLUE, a->right_pt, 0, a->right_pt, STRETCH_INTERCHAR, SHRINK_PUNCT, tail);
  if (autospace)
    push(para, DG_LB_GLUE, HAN_LATIN_EM * em, HAN_LATIN_STRETCH_EM * em,
         (HAN_LATIN_EM - HAN_LATIN_SHRINK_EM) * em, STRETCH_HAN_LATIN, SHRINK_HAN_LATIN, tail);
  if (interchar || autospace)
    push(para, DG_LB_GLUE, 0, INTERCHAR_STRETCH_EM * em, 0, STRETCH_INTERCHAR, SHRINK_PUNCT,
         tail);
  if (b->left_pt > 0)
    push(para, DG_LB_GLUE, b->left_pt, 0, b->left_pt, STRETCH_INTERCHAR, SHRINK_PUNCT, tail);
}

static void
push_space(DgPara *para, guint i, gboolean brk_after)
{
  DgCluster *c = CL(para, i);
  double em = para->em_pt;
  double w = MAX(c->width_pt, WORD_SPACE_MIN_EM * em);
  double shrink = MAX(0, w - WORD_SPACE_SHRINK_TO_EM * em);
  /* A space followed by a forbidden break (e.g. before a closing mark
   * in Western text) must not be a break: +∞ penalty before it. */
  if (!brk_after)
    push_penalty(para, 0, DG_LB_INFINITY, FALSE, TAG(TAG_OTHER, i));
  push(para, DG_LB_GLUE, w, WORD_SPACE_STRETCH_EM * em, shrink, STRETCH_WORD, SHRINK_WORD,
       TAG(TAG_SPACE, i));
}

/* Is a break possible at the boundary before cluster i, before any
 * emergency rule? (White space and hard breaks always are.) */
static gboolean
opportunity(DgPara *para, guint i, const gboolean *brk, const gboolean *hyph)
{
  const DgCluster *a = CL(para, i - 1), *b = CL(para, i);
  return a->space || a->newline || b->space || b->newline || brk[i] || hyph[b->start];
}

/* Boundaries (before cluster i) inside a run wider than the measure
 * that has no break opportunity: these get emergency breaks. */
static gboolean *
emergency_table(DgPara *para, const gboolean *brk, const gboolean *hyph)
{
  guint n = para->clusters->len;
  gboolean *em = g_new0(gboolean, n + 1);
  double width = para->spec->style->indent_em * para->em_pt;
  guint from = 0;
  for (guint i = 0; i <= n; i++) {
    gboolean end = i == n || (i > 0 && opportunity(para, i, brk, hyph));
    if (end) {
      if (width > para->measure_pt)
        for (guint k = from + 1; k < i; k++)
          em[k] = TRUE;
      width = 0;
      from = i;
    }
    if (i < n && !CL(para, i)->space && !CL(para, i)->newline)
      width += CL(para, i)->width_pt;
  }
  return em;
}

/* glue(0, +S), penalty, glue(0, −S): a ragged break (see the essay). */
static void
push_emergency(DgPara *para, guint ai)
{
  double s = para->measure_pt;
  push_penalty(para, 0, DG_LB_INFINITY, FALSE, TAG(TAG_OTHER, ai));
  push(para, DG_LB_GLUE, 0, s, 0, STRETCH_RAGGED, SHRINK_PUNCT, TAG(TAG_OTHER, ai));
  push_penalty(para, 0, EMERGENCY_PENALTY, FALSE, TAG(TAG_OTHER, ai));
  push(para, DG_LB_GLUE, 0, -s, 0, STRETCH_RAGGED, SHRINK_PUNCT, TAG(TAG_OTHER, ai));
}

static void
build_items(DgPara *para)
{
  para->lb = g_array_new(FALSE, TRUE, sizeof(DgLbItem));
  const DgTextStyle *st = para->spec->style;
  if (st->indent_em > 0)
    push(para, DG_LB_BOX, st->indent_em * para->em_pt, 0, 0, 0, 0, TAG(TAG_INDENT, 0));
  g_autofree gboolean *brk = break_table(para);
  g_autofree gboolean *hyph = hyphen_table(para);
  g_autofree gboolean *emergency = emergency_table(para, brk, hyph);
  g_autofree double *hyph_w = g_new(double, para->items->len);
  for (guint i = 0; i < para->items->len; i++)
    hyph_w[i] = -1;
  guint n = para->clusters->len;
  while (n > 0 && (CL(para, n - 1)->space || CL(para, n - 1)->newline))
    n--;   /* trailing white space sets nothing */
  for (guint i = 0; i < n; i++) {
    DgCluster *c = CL(para, i);
    if (c->newline) {
      push_penalty(para, 0, -DG_LB_INFINITY, FALSE, TAG(TAG_OTHER, i));
      continue;
    }
    if (c->space) {
      push_space(para, i, i + 1 >= n || brk[i + 1]);
      continue;
    }
    if (c->left_pt > 0 && i > 0 && (CL(para, i - 1)->space || CL(para, i - 1)->newline)) {
      /* an opening mark after a space keeps its blank, as glue only so
       * that it is discarded at a break. At the paragraph start it loses
       * it (P4, "including after the 2-em indent"): no glue at all. */
      push_penalty(para, 0, DG_LB_INFINITY, FALSE, TAG(TAG_OTHER, i));
      push(para, DG_LB_GLUE, c->left_pt, 0, c->left_pt, STRETCH_INTERCHAR, SHRINK_PUNCT,
           TAG(TAG_TAIL, i - 1));
    }
    gsize split = inner_point(para, c, hyph);
    if (split)
      push_ligature(para, i, split, hyph_w);
    else {
      push(para, DG_LB_BOX, c->width_pt - c->left_pt - c->right_pt,
           c->western ? para->spec->style->expansion * c->width_pt : 0, 0, 0, 0,
           TAG(TAG_BOX, i));
      set_hang(para, c);
    }
    if (i + 1 < n && emergency[i + 1])
      push_emergency(para, i);
    if (i + 1 < n && !CL(para, i + 1)->space && !CL(para, i + 1)->newline)
      push_junction(para, i, brk[i + 1], hyph[CL(para, i + 1)->start], hyph_w);
    else if (c->right_pt > 0)
      /* a closing mark before a space or the end: its blank half is glue
       * so that it vanishes at a line end (P5) */
      push(para, DG_LB_GLUE, c->right_pt, 0, c->right_pt, STRETCH_INTERCHAR, SHRINK_PUNCT,
           TAG(TAG_TAIL, i));
  }
}

static void
lb_params(const DgPara *para, DgLbParams *p)
{
  double em = para->em_pt;
  dg_lb_params_init(p, para->measure_pt);
  /* the first pass keeps word spaces under WORD_SPACE_MAX_EM */
  p->tolerance = (WORD_SPACE_MAX_EM - WORD_SPACE_MIN_EM) / WORD_SPACE_STRETCH_EM;
  p->max_hyphen_run = 2;
  p->short_last_pt = SHORT_LAST_EM * em;
  p->short_last_demerits = SHORT_LAST_DEMERITS;
}

DgLines *
dg_paragraph_set(const char *text, gssize len, PangoAttrList *attrs,
                 const DgParagraphSpec *spec, GError **error)
{
  g_return_val_if_fail(text != NULL && spec != NULL && spec->context && spec->style, NULL);
  gsize n = len < 0 ? strlen(text) : (gsize)len;
  if (n > DG_PARAGRAPH_MAX_BYTES) {
    g_set_error(error, DG_ERROR, DG_ERROR_INPUT,
                "paragraph of %" G_GSIZE_FORMAT " bytes is longer than the limit of %u",
                n, DG_PARAGRAPH_MAX_BYTES);
    return NULL;
  }
  DgPara para = { 0 };
  para.spec = spec;
  para.len = n;
  para.text = g_malloc(n + 3);
  memcpy(para.text, text, n);
  para.text[n] = '\0';
  para.text[n + 1] = '-';
  para.text[n + 2] = '\0';
  para.hyphen_offset = n + 1;
  para.em_pt = spec->style->size_pt;
  para.measure_pt = spec->width_pt;
  para.halt = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  para.discs = g_array_new(FALSE, TRUE, sizeof(DgDisc));
  shape_items(&para, attrs);
  build_clusters(&para);
  compress_adjacent(&para);
  build_items(&para);
  DgLbParams p;
  lb_params(&para, &p);
  g_autoptr(GArray) breaks = dg_linebreak((DgLbItem *)para.lb->data, para.lb->len, &p);
  DgLines *lines = dg_para_emit_lines(&para, breaks);
  para_free(&para);
  return lines;
}
