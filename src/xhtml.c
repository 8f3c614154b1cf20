/* xhtml.c — segments → EPUB 3 XHTML content documents.
 *
 * Model. Every body segment becomes one container, <div class="pair"
 * id="s12">, holding one block per language of the edition. The CSS
 * decides whether the blocks sit side by side (a grid of equal columns on
 * a wide screen) or one above the other (narrow screens, and always for
 * the interleaved layout, whose <body> says so in its class). Keeping the
 * pair in one element is what lets a reading system keep a translation
 * next to its original; a table would do that too, but tables reflow
 * badly on phones and read badly to screen readers.
 *
 * Language. The EPUB accessibility techniques and the Apple/Kobo asset
 * guides ask for the language on every element that holds text, so each
 * block element (h1–h6, p, li and its list, blockquote, pre, aside) carries
 * both `lang` (HTML) and `xml:lang` (XML: the XHTML serialization needs
 * it). Inline elements inherit from their block: the block knows its
 * language from the manuscript it came from, we never guess by script.
 *
 * Structure. The tree is flat (blocks carry quote and list depths), so a
 * list item becomes a one-item <ol start="n"> or <ul> with a depth class:
 * the numbers stay those of the manuscript and nesting shows as indent.
 * The alternative, regrouping items into real nested lists, would put
 * several segments into one list element and break the pairing.
 *
 * Notes. EPUB 3 notes: a noteref link (epub:type="noteref") points at an
 * <aside epub:type="footnote"> in the same document, which reading
 * systems show as a pop-up. Each note's asides live at the end of the
 * chapter that first refers to it (the plan decides), and only that first
 * reference carries the id the aside's back link targets.
 *
 * Safety. All text goes through dg_xhtml_escape: a manuscript never
 * produces markup (the reader already refuses raw HTML; the escape makes
 * it impossible regardless). Links keep only absolute URLs and fragments
 * that name a segment, since a relative link to a missing file is an
 * epubcheck error (RSC-007) and a broken link in the book. */
#include "xhtml.h"

#include <string.h>

#define DG_XHTML_MAX_DEPTH_CLASS 6

/* ---- escaping and small pieces ---------------------------------------- */

static void
append_char_escaped(GString *out, gunichar c)
{
  switch (c) {
  case '&': g_string_append(out, "&amp;"); break;
  case '<': g_string_append(out, "&lt;"); break;
  case '>': g_string_append(out, "&gt;"); break;
  case '"': g_string_append(out, "&quot;"); break;
  default:
    /* XML 1.0 §2.2: only tab, LF, CR below U+0020; no U+FFFE/U+FFFF. */
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE ||
        c == 0xFFFF || (c >= 0xD800 && c <= 0xDFFF))
      c = 0xFFFD;
    g_string_append_unichar(out, c);
  }
}

void
dg_xhtml_escape(GString *out, const char *s, gssize len)
{
  if (s == NULL)
    return;
  const char *end = len < 0 ? s + strlen(s) : s + len;
  while (s < end) {
    gunichar c = g_utf8_get_char_validated(s, end - s);
    if (c == (gunichar)-1 || c == (gunichar)-2) {
      append_char_escaped(out, 0xFFFD);
      s++;
      continue;
    }
    append_char_escaped(out, c);
    s = g_utf8_next_char(s);
  }
}

void
dg_xhtml_lang_attrs(GString *out, const DgBook *book, int lang)
{
  const char *tag = book->languages[lang];
  g_string_append(out, " lang=\"");
  dg_xhtml_escape(out, tag, -1);
  g_string_append(out, "\" xml:lang=\"");
  dg_xhtml_escape(out, tag, -1);
  g_string_append_c(out, '"');
}

int
dg_xhtml_first_lang(const DgXhtmlOptions *opts)
{
  return opts->only_lang >= 0 ? opts->only_lang : 0;
}

gboolean
dg_xhtml_uses_lang(const DgXhtmlOptions *opts, int lang)
{
  return opts->only_lang < 0 || opts->only_lang == lang;
}

char *
dg_xhtml_plain_text(const DgBlock *block)
{
  GString *s = g_string_new(NULL);
  for (const char *p = block->text; p && *p; p++)
    g_string_append_c(s, (*p == '\n' || *p == '\t') ? ' ' : *p);
  return g_strstrip(g_string_free(s, FALSE));
}

static int
clamp_depth(int d)
{
  return CLAMP(d, 1, DG_XHTML_MAX_DEPTH_CLASS);
}

/* ---- the plan --------------------------------------------------------- */

static void
plan_chapter(DgXhtmlPlan *plan, guint first)
{
  DgXhtmlChapter *c = g_new0(DgXhtmlChapter, 1);
  c->file = g_strdup_printf("c%03u.xhtml", plan->chapters->len + 1);
  c->first = c->last = first;
  g_ptr_array_add(plan->chapters, c);
}

/* Split at level-1 headings when the book has several, else at level 2:
 * one file per top-level section, the unit readers page by. */
static int
split_level(const DgBook *book)
{
  int count[3] = { 0, 0, 0 };
  for (guint i = 0; i < book->segments->len; i++) {
    const DgSegment *seg = book->segments->pdata[i];
    const DgBlock *b = seg->blocks[0];
    if (b->kind == DG_BLOCK_HEADING && b->level <= 2)
      count[b->level]++;
  }
  if (count[1] >= 2)
    return 1;
  return count[1] + count[2] >= 2 ? 2 : 0;
}

static void
plan_notes(DgXhtmlPlan *plan, const DgBook *book)
{
  guint n = book->notes->len;
  plan->chapter_of_note = g_new(int, MAX(n, 1));
  for (guint k = 0; k < n; k++)
    plan->chapter_of_note[k] = -1;
  for (guint i = 0; i < book->segments->len; i++) {
    const DgSegment *seg = book->segments->pdata[i];
    for (int l = 0; l < book->n_languages; l++)
      for (const DgInline *s = seg->blocks[l]->inlines; s;) {
        if (s->kind == DG_INLINE_NOTEREF && s->note >= 0 && (guint)s->note < n &&
            plan->chapter_of_note[s->note] < 0)
          plan->chapter_of_note[s->note] = plan->chapter_of_segment[i];
        /* depth-first walk without recursion */
        if (s->first_child) { s = s->first_child; continue; }
        while (s && s->next == NULL)
          s = s->parent;
        if (s)
          s = s->next;
      }
  }
  /* A note nobody refers to still belongs in the book: the last chapter. */
  for (guint k = 0; k < n; k++)
    if (plan->chapter_of_note[k] < 0)
      plan->chapter_of_note[k] = (int)plan->chapters->len - 1;
}

/* Print page p starts at or before the first segment that begins on a
 * page >= p: its marker goes just before that segment. Pages after the
 * last segment start (continuations) mark the end of the last chapter. */
static void
plan_pages(DgXhtmlPlan *plan, const DgBook *book, const DgPageMap *pages)
{
  if (pages == NULL || pages->n_pages <= 0)
    return;
  plan->n_pages = pages->n_pages;
  plan->chapter_of_page = g_new0(int, (gsize)pages->n_pages + 1);
  int last = (int)plan->chapters->len - 1;
  for (int p = 1; p <= pages->n_pages; p++)
    plan->chapter_of_page[p] = last;
  int prev = 0;
  for (int i = 0; i < pages->n_segments && (guint)i < book->segments->len; i++) {
    int page = MIN(pages->page_of_segment[i], pages->n_pages);
    for (int p = prev + 1; p <= page; p++)
      plan->chapter_of_page[p] = plan->chapter_of_segment[i];
    prev = MAX(prev, page);
  }
}

DgXhtmlPlan *
dg_xhtml_plan_new(const DgBook *book, const DgPageMap *pages)
{
  DgXhtmlPlan *plan = g_new0(DgXhtmlPlan, 1);
  plan->chapters = g_ptr_array_new();
  plan->chapter_of_segment = g_new0(int, MAX(book->segments->len, 1));
  int level = split_level(book);
  plan_chapter(plan, 0);
  for (guint i = 0; i < book->segments->len; i++) {
    const DgSegment *seg = book->segments->pdata[i];
    const DgBlock *b = seg->blocks[0];
    DgXhtmlChapter *cur = plan->chapters->pdata[plan->chapters->len - 1];
    if (b->kind == DG_BLOCK_HEADING && b->level <= level && cur->last > cur->first) {
      plan_chapter(plan, i);
      cur = plan->chapters->pdata[plan->chapters->len - 1];
    }
    cur->last = i + 1;
    plan->chapter_of_segment[i] = (int)plan->chapters->len - 1;
  }
  plan_notes(plan, book);
  plan_pages(plan, book, pages);
  return plan;
}

void
dg_xhtml_plan_free(DgXhtmlPlan *plan)
{
  if (plan == NULL)
    return;
  for (guint i = 0; i < plan->chapters->len; i++) {
    DgXhtmlChapter *c = plan->chapters->pdata[i];
    g_free(c->file);
    g_free(c);
  }
  g_ptr_array_free(plan->chapters, TRUE);
  g_free(plan->chapter_of_segment);
  g_free(plan->chapter_of_note);
  g_free(plan->chapter_of_page);
  g_free(plan);
}

static const char *
chapter_file(const DgXhtmlPlan *plan, int chapter)
{
  const DgXhtmlChapter *c = plan->chapters->pdata[chapter];
  return c->file;
}

/* ---- inline content --------------------------------------------------- */

typedef struct {
  const DgBook *book;
  const DgXhtmlOptions *opts;
  const DgXhtmlPlan *plan;
  int chapter;               /* the document being written */
  gboolean in_note;          /* writing an aside: refs there get no id */
  guint8 *ref_done;          /* [notes * languages]: first ref id given */
} Ctx;

static gboolean
has_scheme(const char *url)
{
  const char *p = url;
  if (!g_ascii_isalpha(*p))
    return FALSE;
  while (g_ascii_isalnum(*p) || *p == '+' || *p == '-' || *p == '.')
    p++;
  return *p == ':';
}

/* The href a manuscript link may keep, or NULL to render it as text. */
static char *
link_href(const Ctx *c, const char *url)
{
  if (url == NULL || *url == '\0')
    return NULL;
  if (url[0] == '#') {
    for (guint i = 0; i < c->book->segments->len; i++) {
      const DgSegment *seg = c->book->segments->pdata[i];
      if (strcmp(seg->anchor, url + 1) == 0)
        return g_strdup_printf("%s%s", chapter_file(c->plan,
                               c->plan->chapter_of_segment[i]), url);
    }
    return NULL;
  }
  if (!has_scheme(url) || g_ascii_strncasecmp(url, "javascript:", 11) == 0)
    return NULL;
  return g_strdup(url);
}

static void
note_ref(GString *out, Ctx *c, const DgBlock *b, int note)
{
  const char *tag = c->book->languages[b->lang];
  int k = note + 1;
  int home = c->plan->chapter_of_note[note];
  g_string_append(out, "<sup><a epub:type=\"noteref\" role=\"doc-noteref\"");
  guint8 *done = &c->ref_done[(gsize)note * (gsize)c->book->n_languages + (gsize)b->lang];
  if (!c->in_note && home == c->chapter && !*done) {
    *done = 1;
    g_string_append_printf(out, " id=\"r%d-%s\"", k, tag);
  }
  g_string_append(out, " href=\"");
  if (home != c->chapter)
    dg_xhtml_escape(out, chapter_file(c->plan, home), -1);
  g_string_append_printf(out, "#n%d-%s\">%d</a></sup>", k, tag, k);
}

static void
inline_enter(GString *out, Ctx *c, const DgBlock *b, const DgInline *s)
{
  gsize len;
  const char *t = dg_inline_text(b, s, &len);
  switch (s->kind) {
  case DG_INLINE_TEXT:
  case DG_INLINE_SOFTBREAK:
    dg_xhtml_escape(out, t, (gssize)len);
    break;
  case DG_INLINE_CODE:
    g_string_append(out, "<code>");
    dg_xhtml_escape(out, t, (gssize)len);
    g_string_append(out, "</code>");
    break;
  case DG_INLINE_HARDBREAK: g_string_append(out, "<br/>"); break;
  case DG_INLINE_EMPH: g_string_append(out, "<em>"); break;
  case DG_INLINE_STRONG: g_string_append(out, "<strong>"); break;
  case DG_INLINE_STRIKE: g_string_append(out, "<s>"); break;
  case DG_INLINE_LINK: {
    g_autofree char *href = link_href(c, s->url);
    if (href == NULL) {
      g_string_append(out, "<span class=\"link\">");
      break;
    }
    g_string_append(out, "<a href=\"");
    dg_xhtml_escape(out, href, -1);
    g_string_append(out, "\">");
    break;
  }
  case DG_INLINE_NOTEREF:
    if (s->note >= 0 && (guint)s->note < c->book->notes->len)
      note_ref(out, c, b, s->note);
    break;
  }
}

static void
inline_exit(GString *out, Ctx *c, const DgInline *s)
{
  switch (s->kind) {
  case DG_INLINE_EMPH: g_string_append(out, "</em>"); break;
  case DG_INLINE_STRONG: g_string_append(out, "</strong>"); break;
  case DG_INLINE_STRIKE: g_string_append(out, "</s>"); break;
  case DG_INLINE_LINK: {
    g_autofree char *href = link_href(c, s->url);
    g_string_append(out, href ? "</a>" : "</span>");
    break;
  }
  default: break;
  }
}

static void
write_inlines(GString *out, Ctx *c, const DgBlock *b)
{
  DgInlineIter it;
  dg_inline_iter_init(&it, b);
  DgEvent ev;
  while ((ev = dg_inline_iter_next(&it)) != DG_EVENT_NONE) {
    const DgInline *s = dg_inline_iter_node(&it);
    /* The iterator reports an empty container as ENTER then EXIT. */
    if (ev == DG_EVENT_ENTER)
      inline_enter(out, c, b, s);
    else
      inline_exit(out, c, s);
  }
}

/* ---- blocks and pairs ------------------------------------------------- */

static void
write_block(GString *out, Ctx *c, const DgBlock *b)
{
  const DgBook *book = c->book;
  if (b->quote_depth > 0) {
    g_string_append_printf(out, "<blockquote class=\"q%d\"", clamp_depth(b->quote_depth));
    dg_xhtml_lang_attrs(out, book, b->lang);
    g_string_append_c(out, '>');
  }
  int h = CLAMP(b->level, 1, 6);
  switch (b->kind) {
  case DG_BLOCK_HEADING:
    g_string_append_printf(out, "<h%d", h);
    break;
  case DG_BLOCK_LIST_ITEM:
    if (b->ordered)
      g_string_append_printf(out, "<ol class=\"d%d\" start=\"%d\"",
                             clamp_depth(b->list_depth), b->number);
    else
      g_string_append_printf(out, "<ul class=\"d%d\"", clamp_depth(b->list_depth));
    dg_xhtml_lang_attrs(out, book, b->lang);
    g_string_append(out, "><li");
    break;
  case DG_BLOCK_CODE:
    g_string_append(out, "<pre");
    break;
  default:
    if (b->list_depth > 0)
      g_string_append_printf(out, "<p class=\"cont d%d\"", clamp_depth(b->list_depth));
    else
      g_string_append(out, "<p");
  }
  dg_xhtml_lang_attrs(out, book, b->lang);
  g_string_append_c(out, '>');
  switch (b->kind) {
  case DG_BLOCK_HEADING:
    write_inlines(out, c, b);
    g_string_append_printf(out, "</h%d>", h);
    break;
  case DG_BLOCK_LIST_ITEM:
    write_inlines(out, c, b);
    g_string_append(out, b->ordered ? "</li></ol>" : "</li></ul>");
    break;
  case DG_BLOCK_CODE:
    g_string_append(out, "<code>");
    dg_xhtml_escape(out, b->text, (gssize)b->text_len);
    g_string_append(out, "</code></pre>");
    break;
  default:
    write_inlines(out, c, b);
    g_string_append(out, "</p>");
  }
  if (b->quote_depth > 0)
    g_string_append(out, "</blockquote>");
}

static const char *
pair_class(const DgBlock *b)
{
  switch (b->kind) {
  case DG_BLOCK_HEADING: return "pair heading";
  case DG_BLOCK_LIST_ITEM: return "pair item";
  case DG_BLOCK_CODE: return "pair code";
  case DG_BLOCK_BREAK: return "pair break";
  default: return b->quote_depth > 0 ? "pair quote" : "pair";
  }
}

static void
write_segment(GString *out, Ctx *c, const DgSegment *seg)
{
  const DgBlock *first = seg->blocks[0];
  g_string_append_printf(out, "<div class=\"%s\" id=\"%s\">", pair_class(first),
                         seg->anchor);
  if (first->kind == DG_BLOCK_BREAK) {
    g_string_append(out, "<hr/></div>\n");
    return;
  }
  for (int l = 0; l < c->book->n_languages; l++)
    if (dg_xhtml_uses_lang(c->opts, l)) {
      g_string_append(out, "\n  ");
      write_block(out, c, seg->blocks[l]);
    }
  g_string_append(out, "\n</div>\n");
}

/* The print page starts in (from, to]: markers for each, in order. A
 * reading system jumps to the marker, so an empty span suffices; the
 * accessible name is the page number (DPUB-ARIA doc-pagebreak). */
static void
write_page_markers(GString *out, int from, int to)
{
  for (int p = from + 1; p <= to; p++)
    g_string_append_printf(out, "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\""
                           " id=\"page%d\" aria-label=\"%d\"></span>\n", p, p);
}

static int
page_before(const DgPageMap *map, guint i)
{
  int prev = 0;
  for (guint j = 0; j < i && j < (guint)map->n_segments; j++)
    prev = MAX(prev, MIN(map->page_of_segment[j], map->n_pages));
  return prev;
}

static void
write_note(GString *out, Ctx *c, guint k)
{
  const DgSegment *seg = c->book->notes->pdata[k];
  g_string_append(out, "<div class=\"pair note\">");
  for (int l = 0; l < c->book->n_languages; l++) {
    if (!dg_xhtml_uses_lang(c->opts, l))
      continue;
    const DgBlock *b = seg->blocks[l];
    const char *tag = c->book->languages[l];
    g_string_append_printf(out, "\n  <aside epub:type=\"footnote\" role=\"doc-footnote\""
                           " id=\"n%u-%s\"", k + 1, tag);
    dg_xhtml_lang_attrs(out, c->book, l);
    g_string_append(out, "><p");
    dg_xhtml_lang_attrs(out, c->book, l);
    g_string_append_c(out, '>');
    /* Back link only where its target was written (RSC-012 otherwise). */
    if (c->ref_done[(gsize)k * (gsize)c->book->n_languages + (gsize)l])
      g_string_append_printf(out, "<a class=\"back\" role=\"doc-backlink\" href=\"#r%u-%s\">%u</a> ",
                             k + 1, tag, k + 1);
    else
      g_string_append_printf(out, "<span class=\"back\">%u</span> ", k + 1);
    write_inlines(out, c, b);
    g_string_append(out, "</p></aside>");
  }
  g_string_append(out, "\n</div>\n");
}

static void
write_notes(GString *out, Ctx *c)
{
  gboolean any = FALSE;
  c->in_note = TRUE;
  for (guint k = 0; k < c->book->notes->len; k++) {
    if (c->plan->chapter_of_note[k] != c->chapter)
      continue;
    if (!any)
      g_string_append(out, "<div class=\"notes\">\n");
    any = TRUE;
    write_note(out, c, k);
  }
  if (any)
    g_string_append(out, "</div>\n");
  c->in_note = FALSE;
}

/* ---- documents -------------------------------------------------------- */

static void
lang_attrs_tag(GString *out, const char *tag)
{
  g_string_append(out, " lang=\"");
  dg_xhtml_escape(out, tag, -1);
  g_string_append(out, "\" xml:lang=\"");
  dg_xhtml_escape(out, tag, -1);
  g_string_append_c(out, '"');
}

static const char *
body_class(const DgXhtmlOptions *opts)
{
  if (opts->only_lang >= 0)
    return "single";
  return opts->stacked ? "interleaved" : "parallel";
}

static void
doc_open(GString *out, const DgBook *book, const DgXhtmlOptions *opts,
         const char *title, const char *css_href, const char *body_attrs)
{
  const char *tag = book->languages[dg_xhtml_first_lang(opts)];
  g_string_append(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                  "<html xmlns=\"http://www.w3.org/1999/xhtml\""
                  " xmlns:epub=\"http://www.idpf.org/2007/ops\"");
  lang_attrs_tag(out, tag);
  g_string_append(out, ">\n<head>\n<meta charset=\"UTF-8\"/>\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                  "<title");
  lang_attrs_tag(out, tag);
  g_string_append_c(out, '>');
  dg_xhtml_escape(out, title, -1);
  g_string_append(out, "</title>\n");
  if (css_href) {
    g_string_append(out, "<link rel=\"stylesheet\" type=\"text/css\" href=\"");
    dg_xhtml_escape(out, css_href, -1);
    g_string_append(out, "\"/>\n");
  }
  g_string_append_printf(out, "</head>\n<body class=\"%s\"%s>\n", body_class(opts),
                         body_attrs ? body_attrs : "");
}

static const char *
book_title(const DgBook *book, const DgXhtmlOptions *opts)
{
  const char *t = dg_book_get_meta(book, "title", dg_xhtml_first_lang(opts));
  return t ? t : book->id;
}

char *
dg_xhtml_chapter(const DgBook *book, const DgXhtmlOptions *opts,
                 const DgXhtmlPlan *plan, guint index, const char *css_href)
{
  g_return_val_if_fail(index < plan->chapters->len, NULL);
  const DgXhtmlChapter *ch = plan->chapters->pdata[index];
  GString *out = g_string_new(NULL);
  g_autofree char *title = NULL;
  if (ch->first < ch->last) {
    const DgSegment *seg = book->segments->pdata[ch->first];
    if (seg->blocks[0]->kind == DG_BLOCK_HEADING)
      title = dg_xhtml_plain_text(seg->blocks[dg_xhtml_first_lang(opts)]);
  }
  doc_open(out, book, opts, title && *title ? title : book_title(book, opts), css_href,
           " epub:type=\"bodymatter\"");
  g_string_append(out, "<section epub:type=\"chapter\">\n");
  Ctx c = { book, opts, plan, (int)index, FALSE, NULL };
  c.ref_done = g_new0(guint8, (gsize)MAX(book->notes->len, 1) * (gsize)book->n_languages);
  const DgPageMap *map = opts->pages;
  int prev = map ? page_before(map, ch->first) : 0;
  for (guint i = ch->first; i < ch->last; i++) {
    if (map && i < (guint)map->n_segments) {
      int page = MIN(map->page_of_segment[i], map->n_pages);
      write_page_markers(out, prev, page);
      prev = MAX(prev, page);
    }
    write_segment(out, &c, book->segments->pdata[i]);
  }
  if (map && index + 1 == plan->chapters->len)
    write_page_markers(out, prev, map->n_pages);
  write_notes(out, &c);
  g_free(c.ref_done);
  g_string_append(out, "</section>\n</body>\n</html>\n");
  return g_string_free(out, FALSE);
}

static void
meta_line(GString *out, const DgBook *book, int l, const char *key,
          const char *elem, const char *cls)
{
  const char *v = dg_book_get_meta(book, key, l);
  if (v == NULL || *v == '\0')
    return;
  g_string_append_printf(out, "<%s class=\"%s\"", elem, cls);
  dg_xhtml_lang_attrs(out, book, l);
  g_string_append_c(out, '>');
  dg_xhtml_escape(out, v, -1);
  g_string_append_printf(out, "</%s>\n", elem);
}

char *
dg_xhtml_titlepage(const DgBook *book, const DgXhtmlOptions *opts, const char *css_href)
{
  GString *out = g_string_new(NULL);
  doc_open(out, book, opts, book_title(book, opts), css_href, " epub:type=\"frontmatter\"");
  g_string_append(out, "<section class=\"titlepage\" epub:type=\"titlepage\">\n");
  for (int l = 0; l < book->n_languages; l++) {
    if (!dg_xhtml_uses_lang(opts, l))
      continue;
    g_string_append(out, "<div class=\"titleblock\"");
    dg_xhtml_lang_attrs(out, book, l);
    g_string_append(out, ">\n");
    if (dg_book_get_meta(book, "title", l))
      meta_line(out, book, l, "title", "h1", "title");
    else {
      g_string_append(out, "<h1 class=\"title\"");
      dg_xhtml_lang_attrs(out, book, l);
      g_string_append_c(out, '>');
      dg_xhtml_escape(out, book->id, -1);
      g_string_append(out, "</h1>\n");
    }
    meta_line(out, book, l, "subtitle", "p", "subtitle");
    meta_line(out, book, l, "author", "p", "author");
    meta_line(out, book, l, "publisher", "p", "publisher");
    g_string_append(out, "</div>\n");
  }
  g_string_append(out, "</section>\n</body>\n</html>\n");
  return g_string_free(out, FALSE);
}

char *
dg_xhtml_cover(const DgBook *book, const DgXhtmlOptions *opts, const char *image_href,
               const char *css_href)
{
  GString *out = g_string_new(NULL);
  const char *title = book_title(book, opts);
  doc_open(out, book, opts, title, css_href, " epub:type=\"cover\"");
  g_string_append(out, "<div class=\"cover\"><img src=\"");
  dg_xhtml_escape(out, image_href, -1);
  g_string_append(out, "\" alt=\"");
  dg_xhtml_escape(out, title, -1);
  g_string_append_c(out, '"');
  dg_xhtml_lang_attrs(out, book, dg_xhtml_first_lang(opts));
  g_string_append(out, "/></div>\n</body>\n</html>\n");
  return g_string_free(out, FALSE);
}

/* ---- navigation document ---------------------------------------------- */

int *
dg_xhtml_toc_depths(const DgBook *book)
{
  guint n = book->segments->len;
  int *depth = g_new0(int, MAX(n, 1));
  int stack[8];
  int top = 0;
  for (guint i = 0; i < n; i++) {
    const DgBlock *b = ((const DgSegment *)book->segments->pdata[i])->blocks[0];
    if (b->kind != DG_BLOCK_HEADING || b->quote_depth > 0 || b->list_depth > 0)
      continue;
    /* Ancestors are the open headings of a smaller level: an h3 after an
     * h1 nests one step, not two, because nav forbids an empty <li>. */
    while (top > 0 && stack[top - 1] >= b->level)
      top--;
    depth[i] = top + 1;
    if (top < (int)G_N_ELEMENTS(stack))
      stack[top++] = b->level;
  }
  return depth;
}

typedef struct {
  const char *toc, *landmarks, *pages, *cover, *title, *start;
} Labels;

static const Labels LABELS_ZH = { "目录", "导览", "页码", "封面", "书名页", "正文" };
static const Labels LABELS_EN = { "Contents", "Landmarks", "Pages", "Cover", "Title page",
                                  "Start of content" };

static const Labels *
labels_for(const char *tag, const char **label_tag)
{
  if (g_ascii_strncasecmp(tag, "zh", 2) == 0) {
    *label_tag = tag;
    return &LABELS_ZH;
  }
  *label_tag = g_ascii_strncasecmp(tag, "en", 2) == 0 ? tag : "en";
  return &LABELS_EN;
}

static void
nav_label(GString *out, const DgBook *book, const DgXhtmlOptions *opts,
          const DgSegment *seg)
{
  for (int l = 0; l < book->n_languages; l++) {
    if (!dg_xhtml_uses_lang(opts, l))
      continue;
    g_autofree char *text = dg_xhtml_plain_text(seg->blocks[l]);
    g_string_append(out, "<span");
    dg_xhtml_lang_attrs(out, book, l);
    g_string_append_c(out, '>');
    dg_xhtml_escape(out, text, -1);
    g_string_append(out, "</span>");
  }
}

static void
nav_toc(GString *out, const DgBook *book, const DgXhtmlOptions *opts,
        const DgXhtmlPlan *plan)
{
  g_autofree int *depth = dg_xhtml_toc_depths(book);
  int cur = 0;
  for (guint i = 0; i < book->segments->len; i++) {
    if (depth[i] == 0)
      continue;
    const DgSegment *seg = book->segments->pdata[i];
    if (cur == 0 || depth[i] > cur) {
      g_string_append(out, "<ol>");
      cur++;
    } else {
      g_string_append(out, "</li>\n");
      for (; cur > depth[i]; cur--)
        g_string_append(out, "</ol></li>\n");
    }
    g_string_append_printf(out, "<li><a href=\"%s#%s\">",
                           chapter_file(plan, plan->chapter_of_segment[i]), seg->anchor);
    nav_label(out, book, opts, seg);
    g_string_append(out, "</a>");
  }
  if (cur == 0) {
    /* A book without headings: the toc still may not be empty (RSC-005). */
    g_string_append_printf(out, "<ol><li><a href=\"%s\"", chapter_file(plan, 0));
    lang_attrs_tag(out, book->languages[dg_xhtml_first_lang(opts)]);
    g_string_append_c(out, '>');
    dg_xhtml_escape(out, book_title(book, opts), -1);
    g_string_append(out, "</a></li></ol>\n");
    return;
  }
  g_string_append(out, "</li>\n");
  for (; cur > 1; cur--)
    g_string_append(out, "</ol></li>\n");
  g_string_append(out, "</ol>\n");
}

static void
nav_heading(GString *out, const char *elem, const char *tag, const char *text)
{
  g_string_append_printf(out, "<%s", elem);
  lang_attrs_tag(out, tag);
  g_string_append_printf(out, ">%s</%s>\n", text, elem);
}

static void
nav_landmarks(GString *out, const Labels *lb, const char *tag, gboolean has_cover,
              const DgXhtmlPlan *plan)
{
  g_string_append(out, "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n");
  nav_heading(out, "h2", tag, lb->landmarks);
  g_string_append(out, "<ol");
  lang_attrs_tag(out, tag);
  g_string_append(out, ">\n");
  if (has_cover)
    g_string_append_printf(out, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">%s</a></li>\n",
                           lb->cover);
  g_string_append_printf(out, "<li><a epub:type=\"titlepage\" href=\"titlepage.xhtml\">%s</a></li>\n"
                         "<li><a epub:type=\"toc\" href=\"nav.xhtml#toc\">%s</a></li>\n"
                         "<li><a epub:type=\"bodymatter\" href=\"%s\">%s</a></li>\n"
                         "</ol>\n</nav>\n", lb->title, lb->toc, chapter_file(plan, 0),
                         lb->start);
}

static void
nav_page_list(GString *out, const Labels *lb, const char *tag, const DgXhtmlPlan *plan)
{
  g_string_append(out, "<nav epub:type=\"page-list\" id=\"page-list\" hidden=\"hidden\">\n");
  nav_heading(out, "h2", tag, lb->pages);
  g_string_append(out, "<ol");
  lang_attrs_tag(out, tag);
  g_string_append(out, ">\n");
  for (int p = 1; p <= plan->n_pages; p++)
    g_string_append_printf(out, "<li><a href=\"%s#page%d\">%d</a></li>\n",
                           chapter_file(plan, plan->chapter_of_page[p]), p, p);
  g_string_append(out, "</ol>\n</nav>\n");
}

char *
dg_xhtml_nav(const DgBook *book, const DgXhtmlOptions *opts, const DgXhtmlPlan *plan,
             gboolean has_cover, const char *css_href)
{
  GString *out = g_string_new(NULL);
  const char *tag = NULL;
  const Labels *lb = labels_for(book->languages[dg_xhtml_first_lang(opts)], &tag);
  doc_open(out, book, opts, lb->toc, css_href, NULL);
  g_string_append(out, "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\">\n");
  nav_heading(out, "h1", tag, lb->toc);
  nav_toc(out, book, opts, plan);
  g_string_append(out, "</nav>\n");
  nav_landmarks(out, lb, tag, has_cover, plan);
  if (plan->chapter_of_page)
    nav_page_list(out, lb, tag, plan);
  g_string_append(out, "</body>\n</html>\n");
  return g_string_free(out, FALSE);
}
