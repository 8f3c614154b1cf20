/* markdown.c — one CommonMark manuscript → flat DgBlocks.
 *
 * The model: cmark-gfm parses the file into its own tree; we walk that
 * tree once, depth-first, and emit one DgBlock per leaf block (heading,
 * paragraph, the first paragraph of a list item, code block, thematic
 * break), carrying the containers around it as depths. The aligner in
 * book.c then pairs blocks by index. Footnote definitions become NOTE
 * blocks in a separate list, numbered by first reference (cmark-gfm's
 * order), and each reference points at its note by that number.
 *
 * Inline content is flattened into one string per block plus spans over
 * it (see book.h). Soft line breaks are resolved here, once, because the
 * answer depends on the language: between two East Asian characters a
 * source newline is nothing (CSS Text 3 segment-break transformation);
 * elsewhere it is a space.
 *
 * What we refuse, with a position, rather than mis-publish: invalid UTF-8
 * and NUL bytes (cmark would replace them silently), raw HTML (it must
 * never reach the EPUB as markup, and has no meaning in print), images
 * and tables (not built yet), footnote definitions that nothing
 * references (cmark-gfm drops them silently: lost text).
 *
 * Positions: cmark-gfm 0.29 places blocks exactly but inlines only
 * roughly (breaks have no position, continuation lines forget the
 * whitespace and '>' markers stripped from them, a backslash break does
 * not advance the line). We keep an index of line starts and correct
 * inline positions against the source; see inline_pos().
 *
 * Rejected alternative: keeping cmark's nested tree in DgBook. Both
 * writers and the aligner want leaves in reading order; a nested tree
 * would make each of them flatten it again. */
#include "markdown.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <string.h>
/* cmark-gfm's public API gives no label for a footnote definition; its
 * node struct (installed with the -dev package) does. Used in one place. */
#include <cmark-gfm/node.h>

static char *
def_label(cmark_node *def)
{
  return g_strndup((const char *)def->as.literal.data, (gsize)def->as.literal.len);
}

typedef struct {
  DgBook *book;
  int lang;
  const char *path;
  gboolean east_asian;      /* language drops soft breaks between wide chars */
  GHashTable *note_index;   /* footnote label → index+1 (GINT_TO_POINTER) */
  GPtrArray *blocks;
  GPtrArray *notes;
  GError **error;
  const char *data;         /* the manuscript (after any BOM) */
  gsize len;
  GArray *lines;            /* gsize: byte offset where line i+1 starts */
} Reader;

/* Builds one block's text and spans. */
typedef struct {
  Reader *r;
  GString *text;
  DgInline *pending_soft;   /* soft break waiting to learn the next char */
  int depth;
  int line;                 /* source line of the node being read */
  int delta_line, delta;    /* column correction known for that line */
  gboolean after_break;     /* next node opens a continuation line */
  int next_col;             /* column just after the previous node */
} InlineBuilder;

static DgPos
node_pos(const Reader *r, cmark_node *node)
{
  DgPos pos = { r->path, cmark_node_get_start_line(node),
                cmark_node_get_start_column(node) };
  if (pos.line <= 0)
    pos.line = 1;
  return pos;
}

/* ---- UTF-8 ------------------------------------------------------------ */

/* Line ends as CommonMark counts them: LF, CRLF or a lone CR, so our
 * line numbers agree with cmark's. */
static gboolean
is_line_end(const char *data, gsize len, gsize i)
{
  return data[i] == '\n' || (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n'));
}

static void
line_col_of(const char *data, gsize off, int *line, int *col)
{
  *line = 1;
  gsize line_start = 0;
  for (gsize i = 0; i < off; i++)
    if (is_line_end(data, off + 1, i)) {   /* data[off] exists: the bad byte */
      (*line)++;
      line_start = i + 1;
    }
  *col = (int)(off - line_start) + 1;
}

gboolean
dg_utf8_check(const char *path, const char *data, gsize len, GError **error)
{
  const char *end = NULL;
  if (g_utf8_validate(data, (gssize)len, &end))
    return TRUE;
  gsize off = (gsize)(end - data);
  DgPos pos = { path, 0, 0 };
  line_col_of(data, off, &pos.line, &pos.col);
  if (off < len && data[off] == '\0')
    dg_set_error_at(error, DG_ERROR_INPUT, &pos, "NUL byte in text");
  else
    dg_set_error_at(error, DG_ERROR_INPUT, &pos,
                    "invalid UTF-8 (byte 0x%02X); save the file as UTF-8",
                    (unsigned)(guchar)data[off]);
  return FALSE;
}

/* ---- blocks ----------------------------------------------------------- */

static DgBlock *
block_new(Reader *r, DgBlockKind kind, cmark_node *node)
{
  DgBlock *b = dg_book_alloc(r->book, sizeof *b);
  b->kind = kind;
  b->lang = r->lang;
  b->note = -1;
  b->pos = node_pos(r, node);
  b->text = "";
  return b;
}

static DgInline *
span_new(InlineBuilder *ib, DgInlineKind kind, const DgPos *pos)
{
  DgInline *s = dg_book_alloc(ib->r->book, sizeof *s);
  s->kind = kind;
  s->start = s->end = ib->text->len;
  s->note = -1;
  s->pos = *pos;
  return s;
}

/* ---- inline positions ------------------------------------------------- */

static void
index_lines(Reader *r)
{
  r->lines = g_array_new(FALSE, FALSE, sizeof(gsize));
  gsize zero = 0;
  g_array_append_val(r->lines, zero);
  for (gsize i = 0; i < r->len; i++)
    if (is_line_end(r->data, r->len, i)) {
      gsize next = i + 1;
      g_array_append_val(r->lines, next);
    }
}

/* Column of the first text on `line`, past the indentation and '>'
 * markers of the containers around it: a continuation line of a
 * paragraph cannot itself start with '>' (that would open a quote). */
static int
content_col(const Reader *r, int line)
{
  if (line < 1 || (guint)line > r->lines->len)
    return 0;
  gsize start = g_array_index(r->lines, gsize, line - 1);
  gsize i = start;
  while (i < r->len && (r->data[i] == ' ' || r->data[i] == '\t' || r->data[i] == '>'))
    i++;
  return (int)(i - start) + 1;
}

/* The true position of inline node `n` (see the essay at the top): lines
 * are counted from the block's first line, one per break; the first node
 * after a break sits at its line's content column, and later nodes on
 * that line keep cmark's distances from it. */
static DgPos
inline_pos(InlineBuilder *ib, cmark_node *n)
{
  cmark_node_type t = cmark_node_get_type(n);
  DgPos pos = { ib->r->path, ib->line, ib->next_col };
  if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK) {
    ib->line++;
    ib->after_break = TRUE;
    return pos;
  }
  int cline = cmark_node_get_start_line(n), ccol = cmark_node_get_start_column(n);
  if (cline > ib->line)
    ib->line = cline;          /* something we do not model advanced it */
  pos.line = ib->line;
  pos.col = ccol;
  if (ib->after_break) {
    pos.col = content_col(ib->r, pos.line);
    ib->delta_line = pos.line;
    ib->delta = pos.col - ccol;
    ib->after_break = FALSE;
  } else if (pos.line == ib->delta_line) {
    pos.col = ccol + ib->delta;
  }
  if (pos.col < 1)
    pos.col = 0;               /* unknown rather than wrong */
  return pos;
}

/* After a node: remember where the next one starts on the same line. */
static void
inline_advance(InlineBuilder *ib, cmark_node *n, const DgPos *pos)
{
  if (cmark_node_get_start_line(n) == cmark_node_get_end_line(n) && pos->col > 0)
    ib->next_col = pos->col + cmark_node_get_end_column(n) -
                   cmark_node_get_start_column(n) + 1;
}

static gboolean
is_wide(gunichar c, gboolean east_asian)
{
  /* Korean separates words with spaces: its line ends stay spaces. */
  if (g_unichar_get_script(c) == G_UNICODE_SCRIPT_HANGUL)
    return FALSE;
  if (g_unichar_iswide(c))
    return TRUE;
  /* In Chinese text the curly quotes and the ellipsis are full-width. */
  return east_asian && g_unichar_iswide_cjk(c) && c >= 0x2000;
}

/* First character of a node's subtree text, or 0. */
static gunichar
first_char(cmark_node *node)
{
  cmark_iter *it = cmark_iter_new(node);
  gunichar c = 0;
  cmark_event_type ev;
  while (c == 0 && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    cmark_node_type t = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER && (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)) {
      const char *lit = cmark_node_get_literal(n);
      if (lit && *lit)
        c = g_utf8_get_char(lit);
    }
  }
  cmark_iter_free(it);
  return c;
}

/* A soft break becomes " " unless both neighbours are East Asian wide. */
static void
resolve_soft(InlineBuilder *ib, gunichar next)
{
  DgInline *soft = ib->pending_soft;
  if (soft == NULL)
    return;
  ib->pending_soft = NULL;
  gunichar prev = 0;
  if (soft->start > 0) {
    const char *p = g_utf8_find_prev_char(ib->text->str, ib->text->str + soft->start);
    prev = p ? g_utf8_get_char(p) : 0;
  }
  /* A footnote mark has no text: "word\n[^1]" keeps its space in
   * English and drops it after a Han character. */
  if (next == 0)
    next = prev;
  gboolean ea = ib->r->east_asian;
  if (prev != 0 && is_wide(prev, ea) && is_wide(next, ea))
    return;
  g_string_append_c(ib->text, ' ');
  soft->end = soft->start + 1;
}

static void
append_child(DgInline *parent, DgInline **first_top, DgInline **last, DgInline *s)
{
  s->parent = parent;
  if (*last)
    (*last)->next = s;
  else if (parent)
    parent->first_child = s;
  else
    *first_top = s;
  *last = s;
}

static gboolean build_inlines(InlineBuilder *ib, cmark_node *first,
                              DgInline *parent, DgInline **first_top);

static gboolean
refuse(InlineBuilder *ib, const DgPos *pos, const char *what)
{
  dg_set_error_at(ib->r->error, DG_ERROR_INPUT, pos, "%s", what);
  return FALSE;
}

/* Schemes that run code when a reader follows the link: they must not
 * reach an EPUB reading system as a link target. */
static gboolean
url_is_dangerous(const char *url)
{
  static const char *const bad[] = { "javascript:", "vbscript:", "data:", "file:" };
  if (url == NULL)
    return FALSE;
  while (*url && g_ascii_isspace(*url))
    url++;
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++)
    if (g_ascii_strncasecmp(url, bad[i], strlen(bad[i])) == 0)
      return TRUE;
  return FALSE;
}

static const char *const RAW_HTML_MSG =
  "raw HTML is not allowed in a manuscript (escape '<' as '\\<' to print it as text)";

/* A footnote reference: its span points at the note by number. */
static DgInline *
build_noteref(InlineBuilder *ib, cmark_node *n, const DgPos *pos, gboolean *ok)
{
  /* cmark-gfm rewrites a reference's literal to its number; the label
   * lives on the definition it links to. */
  g_autofree char *label = n->parent_footnote_def ? def_label(n->parent_footnote_def)
                                                  : g_strdup("");
  gpointer idx = g_hash_table_lookup(ib->r->note_index, label);
  if (idx == NULL) {
    *ok = refuse(ib, pos, "footnote reference without a definition");
    return NULL;
  }
  DgInline *s = span_new(ib, DG_INLINE_NOTEREF, pos);
  s->note = GPOINTER_TO_INT(idx) - 1;
  return s;
}

static DgInline *
build_container(InlineBuilder *ib, cmark_node *n, const DgPos *pos, gboolean *ok)
{
  cmark_node_type t = cmark_node_get_type(n);
  DgInlineKind k = t == CMARK_NODE_EMPH ? DG_INLINE_EMPH
                 : t == CMARK_NODE_STRONG ? DG_INLINE_STRONG
                 : t == CMARK_NODE_LINK ? DG_INLINE_LINK : DG_INLINE_STRIKE;
  const char *url = cmark_node_get_url(n);
  if (k == DG_INLINE_LINK && url && !g_utf8_validate(url, -1, NULL)) {
    *ok = refuse(ib, pos, "the Markdown parser garbled this link target");
    return NULL;
  }
  if (k == DG_INLINE_LINK && url_is_dangerous(url)) {
    *ok = refuse(ib, pos, "link target runs a script or embeds data; "
                          "only ordinary links are allowed");
    return NULL;
  }
  DgInline *s = span_new(ib, k, pos);
  if (k == DG_INLINE_LINK)
    s->url = dg_book_intern(ib->r->book, url, -1);
  return s;
}

/* One inline node: appends its text and returns its span (or NULL for a
 * node that contributes no span, with *ok telling whether that was an
 * error). */
static DgInline *
build_inline(InlineBuilder *ib, cmark_node *n, gboolean *ok)
{
  cmark_node_type t = cmark_node_get_type(n);
  const char *lit = cmark_node_get_literal(n);
  DgPos pos = inline_pos(ib, n);
  DgInline *s = NULL;
  *ok = TRUE;
  if (t != CMARK_NODE_SOFTBREAK)
    resolve_soft(ib, first_char(n));
  switch (t) {
  case CMARK_NODE_TEXT:
  case CMARK_NODE_CODE:
    /* cmark-gfm 0.29 can garble a literal when footnote brackets and
     * link brackets interleave (found by fuzz_markdown): text cut inside
     * a character. Refuse it rather than publish mangled bytes. */
    if (lit && !g_utf8_validate(lit, -1, NULL)) {
      *ok = refuse(ib, &pos, "the Markdown parser garbled the text here "
                             "(unbalanced '[' or '[^'); escape the brackets as '\\['");
      return NULL;
    }
    s = span_new(ib, t == CMARK_NODE_TEXT ? DG_INLINE_TEXT : DG_INLINE_CODE, &pos);
    g_string_append(ib->text, lit ? lit : "");
    return s;
  case CMARK_NODE_SOFTBREAK:
    s = span_new(ib, DG_INLINE_SOFTBREAK, &pos);
    ib->pending_soft = s;
    return s;
  case CMARK_NODE_LINEBREAK:
    s = span_new(ib, DG_INLINE_HARDBREAK, &pos);
    g_string_append_c(ib->text, '\n');
    return s;
  case CMARK_NODE_FOOTNOTE_REFERENCE:
    return build_noteref(ib, n, &pos, ok);
  case CMARK_NODE_HTML_INLINE:
    *ok = refuse(ib, &pos, RAW_HTML_MSG);
    return NULL;
  case CMARK_NODE_IMAGE:
    *ok = refuse(ib, &pos, "images are not supported yet");
    return NULL;
  case CMARK_NODE_EMPH:
  case CMARK_NODE_STRONG:
  case CMARK_NODE_LINK:
    return build_container(ib, n, &pos, ok);
  default:
    if (strcmp(cmark_node_get_type_string(n), "strikethrough") == 0)
      return build_container(ib, n, &pos, ok);
    *ok = refuse(ib, &pos, "unsupported inline element");
    return NULL;
  }
}

static gboolean
build_inlines(InlineBuilder *ib, cmark_node *first, DgInline *parent,
              DgInline **first_top)
{
  DgInline *last = NULL;
  for (cmark_node *n = first; n; n = cmark_node_next(n)) {
    gboolean ok;
    DgInline *s = build_inline(ib, n, &ok);
    if (!ok)
      return FALSE;
    append_child(parent, first_top, &last, s);
    if (dg_inline_is_container(s->kind) && cmark_node_first_child(n)) {
      if (++ib->depth > DG_MAX_INLINE_NESTING)
        return refuse(ib, &s->pos, "inline markup nested too deeply (limit "
                                   G_STRINGIFY(DG_MAX_INLINE_NESTING) ")");
      if (!build_inlines(ib, cmark_node_first_child(n), s, first_top))
        return FALSE;
      ib->depth--;
      /* A soft break that ends a link's text must be resolved inside the
       * link, or its space would fall outside the parent's range (found
       * by fuzz_markdown). */
      if (ib->pending_soft && ib->pending_soft->parent == s)
        resolve_soft(ib, cmark_node_next(n) ? first_char(cmark_node_next(n)) : 0);
    }
    if (s->kind != DG_INLINE_SOFTBREAK && s->kind != DG_INLINE_HARDBREAK)
      inline_advance(ib, n, &s->pos);
    if (s->kind != DG_INLINE_SOFTBREAK)
      s->end = ib->text->len;
  }
  return TRUE;
}

/* Fills a block's text and spans from the inline children of `node`.
 * `text` may already hold earlier content (multi-paragraph notes). */
static gboolean
fill_inlines(Reader *r, cmark_node *node, GString *text, DgInline **first_top)
{
  DgPos start = node_pos(r, node);
  InlineBuilder ib = { r, text, NULL, 0, start.line, 0, 0, FALSE, start.col };
  DgInline *tail = NULL;
  for (DgInline *s = *first_top; s; s = s->next)
    tail = s;
  DgInline *fresh = NULL;
  if (!build_inlines(&ib, cmark_node_first_child(node), NULL, &fresh))
    return FALSE;
  resolve_soft(&ib, 0);
  if (tail)
    tail->next = fresh;
  else
    *first_top = fresh;
  return TRUE;
}

static void
finish_text(Reader *r, DgBlock *b, GString *text)
{
  b->text = dg_book_intern(r->book, text->str, (gssize)text->len);
  b->text_len = text->len;
}

static gboolean
leaf_with_inlines(Reader *r, DgBlock *b, cmark_node *node)
{
  g_autoptr(GString) text = g_string_new(NULL);
  if (!fill_inlines(r, node, text, &b->inlines))
    return FALSE;
  finish_text(r, b, text);
  return TRUE;
}

typedef struct {
  int quote_depth;
  int list_depth;
  gboolean in_item_first;   /* next paragraph is the item's first */
  gboolean ordered;
  int number;
} Ctx;

static gboolean walk_blocks(Reader *r, cmark_node *first, Ctx ctx);

static gboolean
refuse_block(Reader *r, cmark_node *node, const char *what)
{
  DgPos pos = node_pos(r, node);
  dg_set_error_at(r->error, DG_ERROR_INPUT, &pos, "%s", what);
  return FALSE;
}

static DgBlock *
leaf_block(Reader *r, cmark_node *n, Ctx *ctx)
{
  cmark_node_type t = cmark_node_get_type(n);
  DgBlockKind kind;
  switch (t) {
  case CMARK_NODE_HEADING: kind = DG_BLOCK_HEADING; break;
  case CMARK_NODE_CODE_BLOCK: kind = DG_BLOCK_CODE; break;
  case CMARK_NODE_THEMATIC_BREAK: kind = DG_BLOCK_BREAK; break;
  default:
    kind = ctx->in_item_first ? DG_BLOCK_LIST_ITEM : DG_BLOCK_PARAGRAPH;
    break;
  }
  DgBlock *b = block_new(r, kind, n);
  b->quote_depth = ctx->quote_depth;
  b->list_depth = ctx->list_depth;
  if (kind == DG_BLOCK_HEADING)
    b->level = cmark_node_get_heading_level(n);
  if (ctx->in_item_first) {
    b->ordered = ctx->ordered;
    b->number = ctx->number;
    ctx->in_item_first = FALSE;
  }
  return b;
}

static gboolean
emit_leaf(Reader *r, cmark_node *n, Ctx *ctx)
{
  DgBlock *b = leaf_block(r, n, ctx);
  cmark_node_type t = cmark_node_get_type(n);
  if (t == CMARK_NODE_CODE_BLOCK) {
    const char *lit = cmark_node_get_literal(n);
    if (lit && !g_utf8_validate(lit, -1, NULL))
      return refuse_block(r, n, "the Markdown parser garbled this code block");
    gsize len = lit ? strlen(lit) : 0;
    while (len > 0 && lit[len - 1] == '\n')
      len--;
    b->text = dg_book_intern(r->book, lit ? lit : "", (gssize)len);
    b->text_len = len;
  } else if (t != CMARK_NODE_THEMATIC_BREAK && !leaf_with_inlines(r, b, n)) {
    return FALSE;
  }
  g_ptr_array_add(r->blocks, b);
  return TRUE;
}

static gboolean
walk_list(Reader *r, cmark_node *list, Ctx ctx)
{
  ctx.list_depth++;
  ctx.ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
  int number = cmark_node_get_list_start(list);
  for (cmark_node *item = cmark_node_first_child(list); item;
       item = cmark_node_next(item), number++) {
    Ctx ic = ctx;
    ic.in_item_first = TRUE;
    ic.number = ctx.ordered ? number : 0;
    cmark_node *first = cmark_node_first_child(item);
    if (first == NULL || cmark_node_get_type(first) != CMARK_NODE_PARAGRAPH) {
      /* An empty item, or one that opens with a nested list, quote or
       * heading: an empty item block keeps its number and its pairing. */
      g_ptr_array_add(r->blocks, leaf_block(r, item, &ic));
    }
    if (!walk_blocks(r, cmark_node_first_child(item), ic))
      return FALSE;
  }
  return TRUE;
}

static gboolean
walk_blocks(Reader *r, cmark_node *first, Ctx ctx)
{
  for (cmark_node *n = first; n; n = cmark_node_next(n)) {
    cmark_node_type t = cmark_node_get_type(n);
    if (ctx.quote_depth + ctx.list_depth >= DG_MAX_NESTING &&
        (t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST))
      return refuse_block(r, n, "quotes and lists nested too deeply (limit "
                                G_STRINGIFY(DG_MAX_NESTING) ")");
    gboolean ok = TRUE;
    switch (t) {
    case CMARK_NODE_BLOCK_QUOTE: {
      Ctx qc = ctx;
      qc.quote_depth++;
      qc.in_item_first = FALSE;
      ok = walk_blocks(r, cmark_node_first_child(n), qc);
      break;
    }
    case CMARK_NODE_LIST:
      ok = walk_list(r, n, ctx);
      ctx.in_item_first = FALSE;
      break;
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
    case CMARK_NODE_CODE_BLOCK:
    case CMARK_NODE_THEMATIC_BREAK:
      ok = emit_leaf(r, n, &ctx);
      break;
    case CMARK_NODE_FOOTNOTE_DEFINITION:
      break;                       /* read before the body, see read_notes */
    case CMARK_NODE_HTML_BLOCK:
      return refuse_block(r, n, RAW_HTML_MSG);
    default:
      if (strcmp(cmark_node_get_type_string(n), "table") == 0)
        return refuse_block(r, n, "tables are not supported yet");
      return refuse_block(r, n, "unsupported block element");
    }
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

/* ---- footnotes -------------------------------------------------------- */

/* Joins the paragraphs of a footnote definition with hard breaks. */
static gboolean
note_text(Reader *r, DgBlock *b, cmark_node *def)
{
  g_autoptr(GString) text = g_string_new(NULL);
  for (cmark_node *p = cmark_node_first_child(def); p; p = cmark_node_next(p)) {
    if (cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
      return refuse_block(r, p, "a footnote may hold only paragraphs");
    if (text->len > 0) {
      DgInline *br = dg_book_alloc(r->book, sizeof *br);
      br->kind = DG_INLINE_HARDBREAK;
      br->start = text->len;
      br->end = text->len + 1;
      br->note = -1;
      br->pos = node_pos(r, p);
      g_string_append_c(text, '\n');
      DgInline *tail = b->inlines;
      while (tail && tail->next)
        tail = tail->next;
      if (tail) tail->next = br; else b->inlines = br;
    }
    if (!fill_inlines(r, p, text, &b->inlines))
      return FALSE;
  }
  finish_text(r, b, text);
  return TRUE;
}

static gboolean
read_notes(Reader *r, cmark_node *doc)
{
  for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) != CMARK_NODE_FOOTNOTE_DEFINITION)
      continue;
    g_autofree char *label = def_label(n);
    DgBlock *b = block_new(r, DG_BLOCK_NOTE, n);
    /* cmark-gfm places a definition after its label; point at the '['. */
    b->pos.col = content_col(r, b->pos.line);
    b->note = (int)r->notes->len;
    b->label = dg_book_intern(r->book, label, -1);
    g_hash_table_insert(r->note_index, g_strdup(label),
                        GINT_TO_POINTER(b->note + 1));
    g_ptr_array_add(r->notes, b);
  }
  /* Second pass: the notes' own text may reference other notes. */
  guint i = 0;
  for (cmark_node *n = cmark_node_first_child(doc); n; n = cmark_node_next(n))
    if (cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_DEFINITION &&
        !note_text(r, r->notes->pdata[i++], n))
      return FALSE;
  return TRUE;
}

/* Footnote labels match as CommonMark link labels do: case-folded, with
 * runs of white space collapsed. */
static char *
label_key(const char *label, gsize len)
{
  g_autofree char *folded = g_utf8_casefold(label, (gssize)len);
  g_auto(GStrv) words = g_strsplit_set(g_strstrip(folded), " \t\r\n", -1);
  GString *key = g_string_new(NULL);
  for (char **w = words; *w; w++)
    if (**w)
      g_string_append_printf(key, key->len ? " %s" : "%s", *w);
  return g_string_free(key, FALSE);
}

/* Lines that lie in code blocks: "[^x]:" there is code, not a note. */
static guint8 *
code_lines(Reader *r, cmark_node *doc)
{
  guint8 *in_code = g_new0(guint8, r->lines->len + 2);
  cmark_iter *it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_CODE_BLOCK)
      continue;
    int from = MAX(cmark_node_get_start_line(n), 1);
    int to = MAX(cmark_node_get_end_line(n), from);
    for (int l = from; l <= to && (guint)l <= r->lines->len; l++)
      in_code[l] = 1;
  }
  cmark_iter_free(it);
  return in_code;
}

/* If `line` opens with "[^label]:" (after container markers and a list
 * marker), returns the label's key. */
static char *
line_note_label(const Reader *r, int line)
{
  gsize i = g_array_index(r->lines, gsize, line - 1);
  const char *d = r->data;
  while (i < r->len && strchr(" \t>", d[i]) && d[i])
    i++;
  if (i < r->len && strchr("-+*", d[i]) && d[i] && i + 1 < r->len && d[i + 1] == ' ')
    i += 2;
  else {
    gsize j = i;
    while (j < r->len && j - i < 9 && g_ascii_isdigit(d[j]))
      j++;
    if (j > i && j + 1 < r->len && (d[j] == '.' || d[j] == ')') && d[j + 1] == ' ')
      i = j + 2;
  }
  while (i < r->len && (d[i] == ' ' || d[i] == '\t'))
    i++;
  if (i + 2 >= r->len || d[i] != '[' || d[i + 1] != '^')
    return NULL;
  gsize j = i + 2;
  while (j < r->len && j - i < 1000 && !strchr("[]\n\r", d[j]))
    j++;
  if (j + 1 >= r->len || d[j] != ']' || d[j + 1] != ':' || j == i + 2)
    return NULL;
  return label_key(d + i + 2, j - i - 2);
}

/* cmark-gfm silently drops definitions nothing refers to; look for the
 * "[^label]:" lines ourselves so such text is reported, not lost. */
static gboolean
check_unreferenced_notes(Reader *r, cmark_node *doc)
{
  g_autoptr(GHashTable) known = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < r->notes->len; i++) {
    const DgBlock *b = r->notes->pdata[i];
    if (b->lang == r->lang)
      g_hash_table_add(known, label_key(b->label, strlen(b->label)));
  }
  g_autofree guint8 *in_code = code_lines(r, doc);
  for (guint line = 1; line <= r->lines->len; line++) {
    if (in_code[line])
      continue;
    g_autofree char *key = line_note_label(r, (int)line);
    if (key && !g_hash_table_contains(known, key)) {
      DgPos pos = { r->path, (int)line, content_col(r, (int)line) };
      dg_set_error_at(r->error, DG_ERROR_INPUT, &pos,
                      "footnote [^%s] is defined but never referenced", key);
      return FALSE;
    }
  }
  return TRUE;
}

/* ---- entry points ----------------------------------------------------- */

static cmark_parser *
parser_new(void)
{
  cmark_gfm_core_extensions_ensure_registered();
  cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8);
  const char *exts[] = { "table", "strikethrough" };
  for (gsize i = 0; i < G_N_ELEMENTS(exts); i++) {
    cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
    if (e)
      cmark_parser_attach_syntax_extension(p, e);
  }
  return p;
}

static gboolean
is_east_asian_tag(const char *tag)
{
  return g_str_has_prefix(tag, "zh") || g_str_has_prefix(tag, "ja");
}

gboolean
dg_markdown_parse(DgBook *book, int lang, const char *path, const char *data,
                  gsize len, GPtrArray *blocks, GPtrArray *notes, GError **error)
{
  if (len > DG_MAX_MANUSCRIPT_BYTES) {
    DgPos pos = { path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_INPUT, &pos, "manuscript larger than %u MiB",
                    DG_MAX_MANUSCRIPT_BYTES >> 20);
    return FALSE;
  }
  /* A UTF-8 BOM is accepted and ignored; columns on line 1 count from
   * after it, as an editor shows them. */
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  if (!dg_utf8_check(path, data, len, error))
    return FALSE;
  Reader r = { book, lang, path, is_east_asian_tag(book->languages[lang]),
               g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
               blocks, notes, error, data, len, NULL };
  index_lines(&r);
  cmark_parser *p = parser_new();
  cmark_parser_feed(p, data, len);
  cmark_node *doc = cmark_parser_finish(p);
  guint before = blocks->len;
  gboolean ok = read_notes(&r, doc) && check_unreferenced_notes(&r, doc) &&
                walk_blocks(&r, cmark_node_first_child(doc), (Ctx){ 0 });
  if (ok && blocks->len == before) {
    DgPos pos = { path, 1, 1 };
    dg_set_error_at(error, DG_ERROR_INPUT, &pos, "manuscript is empty");
    ok = FALSE;
  }
  cmark_node_free(doc);
  cmark_parser_free(p);
  g_hash_table_unref(r.note_index);
  g_array_free(r.lines, TRUE);
  return ok;
}

gboolean
dg_markdown_read(DgBook *book, int lang, const char *path, GPtrArray *blocks,
                 GPtrArray *notes, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(path, &data, &len, &local)) {
    DgPos pos = { path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot read manuscript: %s",
                    local->message);
    return FALSE;
  }
  return dg_markdown_parse(book, lang, path, data, len, blocks, notes, error);
}
