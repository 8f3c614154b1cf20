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
} Reader;

/* Builds one block's text and spans. */
typedef struct {
  Reader *r;
  GString *text;
  DgInline *pending_soft;   /* soft break waiting to learn the next char */
  int depth;
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

static void
line_col_of(const char *data, gsize off, int *line, int *col)
{
  *line = 1;
  gsize line_start = 0;
  for (gsize i = 0; i < off; i++)
    if (data[i] == '\n') {
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
span_new(InlineBuilder *ib, DgInlineKind kind, cmark_node *node)
{
  DgInline *s = dg_book_alloc(ib->r->book, sizeof *s);
  s->kind = kind;
  s->start = s->end = ib->text->len;
  s->note = -1;
  s->pos = node_pos(ib->r, node);
  return s;
}

static gboolean
is_wide(gunichar c, gboolean east_asian)
{
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
  if (next == 0)
    return;                       /* a break at the end: nothing */
  gunichar prev = 0;
  if (soft->start > 0) {
    const char *p = g_utf8_find_prev_char(ib->text->str, ib->text->str + soft->start);
    prev = p ? g_utf8_get_char(p) : 0;
  }
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
refuse(InlineBuilder *ib, cmark_node *node, const char *what)
{
  DgPos pos = node_pos(ib->r, node);
  dg_set_error_at(ib->r->error, DG_ERROR_INPUT, &pos, "%s", what);
  return FALSE;
}

static const char *const RAW_HTML_MSG =
  "raw HTML is not allowed in a manuscript (escape '<' as '\\<' to print it as text)";

/* One inline node: appends its text and returns its span (or NULL for a
 * node that contributes no span, with *ok telling whether that was an
 * error). */
static DgInline *
build_inline(InlineBuilder *ib, cmark_node *n, gboolean *ok)
{
  cmark_node_type t = cmark_node_get_type(n);
  const char *lit = cmark_node_get_literal(n);
  DgInline *s = NULL;
  *ok = TRUE;
  if (t != CMARK_NODE_SOFTBREAK)
    resolve_soft(ib, first_char(n));
  switch (t) {
  case CMARK_NODE_TEXT:
  case CMARK_NODE_CODE:
    s = span_new(ib, t == CMARK_NODE_TEXT ? DG_INLINE_TEXT : DG_INLINE_CODE, n);
    g_string_append(ib->text, lit ? lit : "");
    break;
  case CMARK_NODE_SOFTBREAK:
    s = span_new(ib, DG_INLINE_SOFTBREAK, n);
    ib->pending_soft = s;
    break;
  case CMARK_NODE_LINEBREAK:
    s = span_new(ib, DG_INLINE_HARDBREAK, n);
    g_string_append_c(ib->text, '\n');
    break;
  case CMARK_NODE_EMPH:
  case CMARK_NODE_STRONG:
  case CMARK_NODE_LINK: {
    DgInlineKind k = t == CMARK_NODE_EMPH ? DG_INLINE_EMPH
                   : t == CMARK_NODE_STRONG ? DG_INLINE_STRONG : DG_INLINE_LINK;
    s = span_new(ib, k, n);
    if (k == DG_INLINE_LINK)
      s->url = dg_book_intern(ib->r->book, cmark_node_get_url(n), -1);
    break;
  }
  case CMARK_NODE_FOOTNOTE_REFERENCE: {
    /* cmark-gfm rewrites a reference's literal to its number; the label
     * lives on the definition it links to. */
    g_autofree char *label = n->parent_footnote_def ? def_label(n->parent_footnote_def)
                                                    : g_strdup("");
    gpointer idx = g_hash_table_lookup(ib->r->note_index, label);
    if (idx == NULL) {
      *ok = refuse(ib, n, "footnote reference without a definition");
      return NULL;
    }
    s = span_new(ib, DG_INLINE_NOTEREF, n);
    s->note = GPOINTER_TO_INT(idx) - 1;
    break;
  }
  case CMARK_NODE_HTML_INLINE:
    *ok = refuse(ib, n, RAW_HTML_MSG);
    return NULL;
  case CMARK_NODE_IMAGE:
    *ok = refuse(ib, n, "images are not supported yet");
    return NULL;
  default:
    if (strcmp(cmark_node_get_type_string(n), "strikethrough") == 0) {
      s = span_new(ib, DG_INLINE_STRIKE, n);
      break;
    }
    *ok = refuse(ib, n, "unsupported inline element");
    return NULL;
  }
  return s;
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
        return refuse(ib, n, "inline markup nested too deeply (limit "
                              G_STRINGIFY(DG_MAX_INLINE_NESTING) ")");
      if (!build_inlines(ib, cmark_node_first_child(n), s, first_top))
        return FALSE;
      ib->depth--;
    }
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
  InlineBuilder ib = { r, text, NULL, 0 };
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

/* cmark-gfm silently drops definitions nothing refers to; count the
 * "[^label]:" lines ourselves so such text is reported, not lost. */
static gboolean
check_unreferenced_notes(Reader *r, const char *data, gsize len)
{
  int line = 1;
  for (gsize i = 0; i < len; i++) {
    gboolean at_line_start = (i == 0 || data[i - 1] == '\n');
    if (data[i] == '\n')
      line++;
    if (!at_line_start || data[i] != '[' || i + 2 >= len || data[i + 1] != '^')
      continue;
    gsize j = i + 2;
    while (j < len && data[j] != ']' && data[j] != '\n')
      j++;
    if (j + 1 >= len || data[j] != ']' || data[j + 1] != ':')
      continue;
    g_autofree char *label = g_strndup(data + i + 2, j - i - 2);
    if (!g_hash_table_contains(r->note_index, label)) {
      DgPos pos = { r->path, line, 1 };
      dg_set_error_at(r->error, DG_ERROR_INPUT, &pos,
                      "footnote [^%s] is defined but never referenced", label);
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
  if (!dg_utf8_check(path, data, len, error))
    return FALSE;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;                     /* a UTF-8 BOM is accepted and ignored */
    len -= 3;
  }
  Reader r = { book, lang, path, is_east_asian_tag(book->languages[lang]),
               g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
               blocks, notes, error };
  cmark_parser *p = parser_new();
  cmark_parser_feed(p, data, len);
  cmark_node *doc = cmark_parser_finish(p);
  guint before = blocks->len;
  gboolean ok = read_notes(&r, doc) && check_unreferenced_notes(&r, data, len) &&
                walk_blocks(&r, cmark_node_first_child(doc), (Ctx){ 0 });
  if (ok && blocks->len == before) {
    DgPos pos = { path, 1, 1 };
    dg_set_error_at(error, DG_ERROR_INPUT, &pos, "manuscript is empty");
    ok = FALSE;
  }
  cmark_node_free(doc);
  cmark_parser_free(p);
  g_hash_table_unref(r.note_index);
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
