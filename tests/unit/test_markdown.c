/* test_markdown.c — the CommonMark reader: blocks, inlines, soft breaks,
 * positions, and every input it refuses.
 *
 * Books are loaded from memory (dgtest_load) so each case shows its two
 * manuscripts inline; the files are named book/zh-Hans.md and book/en.md
 * in messages. Where a case is about one language, both manuscripts get
 * the same text, which aligns by construction. */
#include "dgtest.h"
#include "book.h"

#include <string.h>

static const DgBlock *
blk(const DgBook *book, guint seg, int lang)
{
  assert_true(seg < book->segments->len);
  const DgSegment *s = book->segments->pdata[seg];
  return s->blocks[lang];
}

/* The n-th span (in iterator ENTER order) of a block. */
static const DgInline *
span_at(const DgBlock *b, int n)
{
  DgInlineIter it;
  dg_inline_iter_init(&it, b);
  DgEvent ev;
  while ((ev = dg_inline_iter_next(&it)) != DG_EVENT_NONE)
    if (ev == DG_EVENT_ENTER && n-- == 0)
      return dg_inline_iter_node(&it);
  fail_msg("block has fewer spans");
  return NULL;
}

/* The first TEXT span whose text starts with `prefix`. */
static const DgInline *
text_span(const DgBlock *b, const char *prefix)
{
  DgInlineIter it;
  dg_inline_iter_init(&it, b);
  while (dg_inline_iter_next(&it) != DG_EVENT_NONE) {
    const DgInline *s = dg_inline_iter_node(&it);
    gsize len;
    const char *t = dg_inline_text(b, s, &len);
    if (s->kind == DG_INLINE_TEXT && len >= strlen(prefix) &&
        strncmp(t, prefix, strlen(prefix)) == 0)
      return s;
  }
  fail_msg("no text span starting with '%s'", prefix);
  return NULL;
}

static DgBook *
load_same(const char *text)
{
  g_autoptr(GError) e = NULL;
  DgBook *book = dgtest_load(NULL, text, text, &e);
  if (book == NULL)
    fail_msg("load failed: %s", e->message);
  return book;
}

/* ---- blocks ------------------------------------------------------------ */

static void
test_block_kinds(void **state)
{
  g_autoptr(DgBook) book = load_same(
    "# One\n\nSetext\n------\n\npara\n\n3. three\n4. four\n\n- a\n  - b\n\n"
    "> q\n> > qq\n\n```\ncode\n```\n\n***\n");
  const struct { DgBlockKind kind; int level, list, quote, number; gboolean ord; } want[] = {
    { DG_BLOCK_HEADING, 1, 0, 0, 0, FALSE },
    { DG_BLOCK_HEADING, 2, 0, 0, 0, FALSE },
    { DG_BLOCK_PARAGRAPH, 0, 0, 0, 0, FALSE },
    { DG_BLOCK_LIST_ITEM, 0, 1, 0, 3, TRUE },
    { DG_BLOCK_LIST_ITEM, 0, 1, 0, 4, TRUE },
    { DG_BLOCK_LIST_ITEM, 0, 1, 0, 0, FALSE },
    { DG_BLOCK_LIST_ITEM, 0, 2, 0, 0, FALSE },
    { DG_BLOCK_PARAGRAPH, 0, 0, 1, 0, FALSE },
    { DG_BLOCK_PARAGRAPH, 0, 0, 2, 0, FALSE },
    { DG_BLOCK_CODE, 0, 0, 0, 0, FALSE },
    { DG_BLOCK_BREAK, 0, 0, 0, 0, FALSE },
  };
  assert_int_equal(book->segments->len, G_N_ELEMENTS(want));
  for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
    const DgBlock *b = blk(book, i, 1);
    assert_int_equal(b->kind, want[i].kind);
    assert_int_equal(b->level, want[i].level);
    assert_int_equal(b->list_depth, want[i].list);
    assert_int_equal(b->quote_depth, want[i].quote);
    assert_int_equal(b->number, want[i].number);
    assert_int_equal(b->ordered, want[i].ord);
    assert_int_equal(b->lang, 1);
  }
  assert_string_equal(blk(book, 9, 0)->text, "code");
}

/* An item that opens with a nested list still has its own (empty) block,
 * so its number survives and both languages pair item by item. */
static void
test_item_starting_with_list(void **state)
{
  g_autoptr(DgBook) book = load_same("1. - inner\n   - inner2\n\n   after\n2. second\n");
  assert_int_equal(book->segments->len, 5);
  const DgBlock *outer = blk(book, 0, 0);
  assert_int_equal(outer->kind, DG_BLOCK_LIST_ITEM);
  assert_int_equal(outer->number, 1);
  assert_string_equal(outer->text, "");
  assert_int_equal(blk(book, 1, 0)->list_depth, 2);
  assert_int_equal(blk(book, 2, 0)->list_depth, 2);
  /* The item's later paragraph is a paragraph inside the list. */
  assert_int_equal(blk(book, 3, 0)->kind, DG_BLOCK_PARAGRAPH);
  assert_int_equal(blk(book, 3, 0)->list_depth, 1);
  assert_int_equal(blk(book, 4, 0)->number, 2);
}

/* "序 言": a two-character heading letter-spaced by its author keeps
 * the space; only soft line breaks are resolved by the reader. */
static void
test_letter_spaced_heading(void **state)
{
  g_autoptr(DgBook) book = dgtest_load(NULL, "# 序 言\n", "# Preface\n", NULL);
  assert_non_null(book);
  assert_string_equal(blk(book, 0, 0)->text, "序 言");
  assert_int_equal(blk(book, 0, 0)->level, 1);
}

/* ---- inlines ---------------------------------------------------------- */

static void
test_inline_tree(void **state)
{
  g_autoptr(DgBook) book = load_same(
    "a *em **strong** x* `co de` [link *in*](https://e.org/x) ~~del~~ end\n");
  const DgBlock *b = blk(book, 0, 0);
  assert_string_equal(b->text, "a em strong x co de link in del end");
  const DgInline *em = span_at(b, 1);
  assert_int_equal(em->kind, DG_INLINE_EMPH);
  gsize len;
  const char *t = dg_inline_text(b, em, &len);
  assert_int_equal(len, strlen("em strong x"));
  assert_memory_equal(t, "em strong x", len);
  const DgInline *strong = em->first_child->next;
  assert_int_equal(strong->kind, DG_INLINE_STRONG);
  assert_ptr_equal(strong->parent, em);
  t = dg_inline_text(b, strong, &len);
  assert_memory_equal(t, "strong", len);
  const DgInline *code = em->next->next;
  assert_int_equal(code->kind, DG_INLINE_CODE);
  t = dg_inline_text(b, code, &len);
  assert_memory_equal(t, "co de", len);
  const DgInline *link = code->next->next;
  assert_int_equal(link->kind, DG_INLINE_LINK);
  assert_string_equal(link->url, "https://e.org/x");
  assert_int_equal(link->next->next->kind, DG_INLINE_STRIKE);
}

/* ENTER and EXIT balance, containers only get EXIT, order is reading
 * order: the one event stream both writers switch on. */
static void
test_iterator_events(void **state)
{
  g_autoptr(DgBook) book = load_same("*a **b***c\n");
  const DgBlock *b = blk(book, 0, 0);
  GString *trace = g_string_new(NULL);
  DgInlineIter it;
  dg_inline_iter_init(&it, b);
  DgEvent ev;
  while ((ev = dg_inline_iter_next(&it)) != DG_EVENT_NONE)
    g_string_append_printf(trace, "%s%s ", ev == DG_EVENT_ENTER ? "+" : "-",
                           dg_inline_kind_name(dg_inline_iter_node(&it)->kind));
  assert_string_equal(trace->str, "+emph +text +strong +text -strong -emph +text ");
  g_string_free(trace, TRUE);
  assert_int_equal(dg_inline_iter_next(&it), DG_EVENT_NONE);
}

static void
test_soft_breaks(void **state)
{
  g_autoptr(DgBook) book = dgtest_load(
    NULL, "中文\n继续，\n好 ok\nabc\n中文\n*强调*\n注[^1]\n[^1]\n\n[^1]: 注\n",
    "one\ntwo[^1]\n[^1]\n\n[^1]: n\n", NULL);
  assert_non_null(book);
  /* Between Han (and full-width punctuation) nothing; next to Latin a space. */
  assert_string_equal(blk(book, 0, 0)->text, "中文继续，好 ok abc 中文强调注");
  /* A soft break before a footnote mark: kept in English, dropped after Han. */
  const DgBlock *en = blk(book, 0, 1);
  assert_string_equal(en->text, "one two ");
  const DgBlock *zh = blk(book, 0, 0);
  assert_int_equal(span_at(zh, 1)->kind, DG_INLINE_SOFTBREAK);
  assert_int_equal(span_at(zh, 1)->end - span_at(zh, 1)->start, 0);
}

/* A link whose text ends in a line break: the break's space stays
 * inside the link (fuzz_markdown found it outside). */
static void
test_soft_break_ending_link(void **state)
{
  g_autoptr(DgBook) book = load_same("[a\r\t](u)x\n");
  const DgBlock *b = blk(book, 0, 0);
  const DgInline *link = span_at(b, 0);
  assert_int_equal(link->kind, DG_INLINE_LINK);
  for (const DgInline *c = link->first_child; c; c = c->next)
    assert_true(c->start >= link->start && c->end <= link->end);
  assert_string_equal(b->text, "a x");
}

static void
test_hard_breaks(void **state)
{
  g_autoptr(DgBook) book = load_same("one  \ntwo\\\nthree\n");
  const DgBlock *b = blk(book, 0, 0);
  assert_string_equal(b->text, "one\ntwo\nthree");
  assert_int_equal(span_at(b, 1)->kind, DG_INLINE_HARDBREAK);
  assert_int_equal(span_at(b, 3)->kind, DG_INLINE_HARDBREAK);
}

static void
test_footnotes(void **state)
{
  g_autoptr(DgBook) book = load_same(
    "x[^b] y[^a] z[^b]\n\n[^a]: first A\n\n    second para\n\n[^b]: B[^a]\n");
  /* Numbered by first reference: b is note 0, a is note 1. */
  assert_int_equal(book->notes->len, 2);
  const DgSegment *n0 = book->notes->pdata[0];
  assert_string_equal(n0->blocks[0]->label, "b");
  assert_string_equal(n0->anchor, "n1");
  const DgBlock *a = ((DgSegment *)book->notes->pdata[1])->blocks[0];
  assert_string_equal(a->text, "first A\nsecond para");
  assert_int_equal(a->kind, DG_BLOCK_NOTE);
  const DgBlock *body = blk(book, 0, 0);
  assert_int_equal(span_at(body, 1)->kind, DG_INLINE_NOTEREF);
  assert_int_equal(span_at(body, 1)->note, 0);
  assert_int_equal(span_at(body, 3)->note, 1);
  assert_int_equal(span_at(body, 5)->note, 0);
  /* A note's own reference to another note. */
  const DgBlock *b = n0->blocks[0];
  assert_int_equal(span_at(b, 1)->kind, DG_INLINE_NOTEREF);
  assert_int_equal(span_at(b, 1)->note, 1);
  /* Positions point at the "[^" that opens the definition. */
  assert_int_equal(b->pos.line, 7);
  assert_int_equal(b->pos.col, 1);
}

/* ---- positions ---------------------------------------------------------- */

static void
test_inline_positions(void **state)
{
  g_autoptr(DgBook) book = load_same(
    "ab *cd*\n  ef `g`\n\n> x **y**\n>  z w\n\n- a\n  b *c*\n\nh\\\ni\n");
  const DgBlock *p = blk(book, 0, 0);
  assert_int_equal(text_span(p, "ab")->pos.line, 1);
  assert_int_equal(text_span(p, "ab")->pos.col, 1);
  assert_int_equal(text_span(p, "cd")->pos.col, 5);
  /* Continuation lines: leading spaces count. */
  assert_int_equal(text_span(p, "ef")->pos.line, 2);
  assert_int_equal(text_span(p, "ef")->pos.col, 3);
  /* cmark places a code span at its content (after the backtick), on
   * the first line as on later ones. */
  const DgInline *code = span_at(p, 5);
  assert_int_equal(code->kind, DG_INLINE_CODE);
  assert_int_equal(code->pos.line, 2);
  assert_int_equal(code->pos.col, 7);
  /* The soft break sits at the end of line 1. */
  assert_int_equal(span_at(p, 3)->kind, DG_INLINE_SOFTBREAK);
  assert_int_equal(span_at(p, 3)->pos.line, 1);
  assert_int_equal(span_at(p, 3)->pos.col, 8);
  /* In a quote, '>' and spaces count. */
  const DgBlock *q = blk(book, 1, 0);
  assert_int_equal(q->pos.line, 4);
  assert_int_equal(q->pos.col, 3);
  assert_int_equal(text_span(q, "z")->pos.line, 5);
  assert_int_equal(text_span(q, "z")->pos.col, 4);
  const DgBlock *li = blk(book, 2, 0);
  assert_int_equal(text_span(li, "b")->pos.col, 3);
  assert_int_equal(text_span(li, "c")->pos.col, 6);
  /* A backslash hard break moves to the next line (cmark does not). */
  const DgBlock *h = blk(book, 3, 0);
  assert_int_equal(text_span(h, "i")->pos.line, 11);
  assert_int_equal(text_span(h, "i")->pos.col, 1);
}

/* CRLF files: same lines and columns as LF, and no CR in any text. */
static void
test_crlf_positions(void **state)
{
  const char *lf = "# T\n\nab *cd*\n  ef\n\n```\nx\ny\n```\n\n- a\n- b\n";
  g_autofree char *crlf = NULL;
  {
    g_auto(GStrv) parts = g_strsplit(lf, "\n", -1);
    crlf = g_strjoinv("\r\n", parts);
  }
  g_autoptr(DgBook) a = load_same(lf);
  g_autoptr(DgBook) b = load_same(crlf);
  assert_int_equal(a->segments->len, b->segments->len);
  for (guint i = 0; i < a->segments->len; i++) {
    const DgBlock *x = blk(a, i, 0), *y = blk(b, i, 0);
    assert_string_equal(x->text, y->text);
    assert_null(strchr(y->text, '\r'));
    assert_int_equal(x->pos.line, y->pos.line);
    assert_int_equal(x->pos.col, y->pos.col);
  }
  assert_int_equal(text_span(blk(b, 1, 0), "ef")->pos.line, 4);
  assert_int_equal(text_span(blk(b, 1, 0), "ef")->pos.col, 3);
  /* A lone CR is a line end too, as in CommonMark. */
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) c = dgtest_load(NULL, "a\r\rb\xff\n", "a\n", &e);
  assert_null(c);
  assert_string_equal(e->message,
                      "book/zh-Hans.md:3:2: error: invalid UTF-8 (byte 0xFF); save the file as UTF-8");
}

static void
test_bom(void **state)
{
  g_autoptr(DgBook) book = dgtest_load(NULL, "\xEF\xBB\xBF# 标题\n", "\xEF\xBB\xBF# T\n", NULL);
  assert_non_null(book);
  assert_string_equal(blk(book, 0, 0)->text, "标题");
  assert_int_equal(blk(book, 0, 0)->pos.col, 1);
  /* Columns on line 1 count from after the BOM, as editors show them. */
  dgtest_load_fails(NULL, "\xEF\xBB\xBF" "ab\xC3", "x\n",
                    "book/zh-Hans.md:1:3: error: invalid UTF-8 (byte 0xC3); save the file as UTF-8");
}

/* ---- refusals ----------------------------------------------------------- */

static void
test_invalid_utf8(void **state)
{
  dgtest_load_fails(NULL, "# 标题\n\n正文\xE4\xB8 坏\n", "x\n",
                    "book/zh-Hans.md:3:7: error: invalid UTF-8 (byte 0xE4); save the file as UTF-8");
  dgtest_load_fails(NULL, "# T\n", "ok\n\n\xC0\xAF overlong\n",
                    "book/en.md:3:1: error: invalid UTF-8 (byte 0xC0); save the file as UTF-8");
  /* A UTF-16 surrogate encoded in UTF-8 (CESU) is not UTF-8 either. */
  dgtest_load_fails_with(NULL, "x \xED\xA0\x80\n", "x\n", "book/zh-Hans.md:1:3: error: invalid UTF-8");
}

static void
test_nul_byte(void **state)
{
  const char zh[] = "ab\ncd\0ef\n";
  const char *texts[] = { zh, "x\n" };
  gsize lens[] = { sizeof zh - 1, 2 };
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dg_book_load_from_data("book", DGTEST_INI, strlen(DGTEST_INI),
                                                  texts, lens, 2, &e);
  assert_null(book);
  assert_string_equal(e->message, "book/zh-Hans.md:2:3: error: NUL byte in text");
}

static void
test_empty_manuscripts(void **state)
{
  dgtest_load_fails(NULL, "", "x\n", "book/zh-Hans.md:1:1: error: manuscript is empty");
  dgtest_load_fails(NULL, "x\n", "  \n\n\t\n", "book/en.md:1:1: error: manuscript is empty");
  dgtest_load_fails(NULL, "\xEF\xBB\xBF", "x\n", "book/zh-Hans.md:1:1: error: manuscript is empty");
}

static void
test_raw_html_refused(void **state)
{
  dgtest_load_fails(NULL, "para\n\n<script>alert(1)</script>\n", "x\n",
                    "book/zh-Hans.md:3:1: error: raw HTML is not allowed in a manuscript "
                    "(escape '<' as '\\<' to print it as text)");
  dgtest_load_fails(NULL, "x\n", "text <b onclick=\"steal()\">bold</b>\n",
                    "book/en.md:1:6: error: raw HTML is not allowed in a manuscript "
                    "(escape '<' as '\\<' to print it as text)");
  dgtest_load_fails_with(NULL, "x\n", "a\n  b <img src=x onerror=alert(1)>\n",
                         "book/en.md:2:5: error: raw HTML");
  /* Escaped, it is text. */
  g_autoptr(DgBook) book = load_same("\\<script> &lt;b&gt;\n");
  assert_string_equal(blk(book, 0, 0)->text, "<script> <b>");
}

static void
test_dangerous_links(void **state)
{
  dgtest_load_fails_with(NULL, "[x](javascript:alert(1))\n", "x\n",
                         "book/zh-Hans.md:1:1: error: link target runs a script");
  dgtest_load_fails_with(NULL, "x\n", "see <JavaScript:alert(1)>\n",
                         "book/en.md:1:5: error: link target runs a script");
  dgtest_load_fails_with(NULL, "x\n", "[x]( vbscript:x)\n", "link target runs a script");
  dgtest_load_fails_with(NULL, "x\n", "[x](data:text/html,<b>)\n", "link target runs a script");
}

static void
test_unsupported(void **state)
{
  dgtest_load_fails(NULL, "x ![a](b.png)\n", "x\n",
                    "book/zh-Hans.md:1:3: error: images are not supported yet");
  dgtest_load_fails(NULL, "| a |\n|---|\n| 1 |\n", "x\n",
                    "book/zh-Hans.md:1:1: error: tables are not supported yet");
}

static void
test_footnote_errors(void **state)
{
  dgtest_load_fails(NULL, "text\n\n[^lost]: nobody points here\n", "x\n",
                    "book/zh-Hans.md:3:1: error: footnote [^lost] is defined but never referenced");
  /* cmark-gfm drops it even inside a quote: still reported. */
  dgtest_load_fails(NULL, "text\n\n> [^q]: quoted\n", "x\n",
                    "book/zh-Hans.md:3:3: error: footnote [^q] is defined but never referenced");
  /* Code is code: no note there. */
  g_autoptr(DgBook) book = load_same("```\n[^c]: code\n```\n\n    [^d]: indented\n");
  assert_int_equal(book->segments->len, 2);
  /* Labels match case-insensitively, as CommonMark labels do. */
  g_autoptr(DgBook) b2 = load_same("x[^Note]\n\n[^note]: n\n");
  assert_int_equal(b2->notes->len, 1);
  /* A note may hold only paragraphs. */
  dgtest_load_fails_with(NULL, "x[^1]\n\n[^1]: n\n\n    - list\n", "x\n",
                         "a footnote may hold only paragraphs");
}

static void
test_nesting_limit(void **state)
{
  /* DG_MAX_NESTING levels are allowed; one more is refused where it
   * opens. */
  GString *deep = g_string_new(NULL);
  for (int i = 0; i <= DG_MAX_NESTING; i++)
    g_string_append(deep, "> ");
  g_string_append(deep, "too deep\n");
  g_autofree char *msg = g_strdup_printf(
    "book/zh-Hans.md:1:%d: error: quotes and lists nested too deeply (limit %d)",
    2 * DG_MAX_NESTING + 1, DG_MAX_NESTING);
  dgtest_load_fails(NULL, deep->str, "x\n", msg);
  g_string_erase(deep, 0, 2);
  g_autoptr(DgBook) book = load_same(deep->str);
  assert_int_equal(blk(book, 0, 0)->quote_depth, DG_MAX_NESTING);
  /* Lists and quotes count together. */
  g_string_truncate(deep, 0);
  for (int i = 0; i <= DG_MAX_NESTING / 2; i++)
    g_string_append(deep, "> - ");
  g_string_append(deep, "x\n");
  dgtest_load_fails_with(NULL, deep->str, "x\n", "nested too deeply (limit 32)");
  g_string_free(deep, TRUE);
  /* Inline nesting has its own limit. */
  GString *em = g_string_new(NULL);
  const int n = DG_MAX_INLINE_NESTING + 6;
  for (int i = 0; i < n; i++)
    g_string_append(em, i % 2 ? "_a " : "*a ");   /* *a _a *a ... x_*_* */
  g_string_append(em, "x");
  for (int i = n - 1; i >= 0; i--)
    g_string_append(em, i % 2 ? "_" : "*");
  dgtest_load_fails_with(NULL, em->str, "x\n", "inline markup nested too deeply (limit 64)");
  g_string_free(em, TRUE);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_block_kinds),
    cmocka_unit_test(test_item_starting_with_list),
    cmocka_unit_test(test_letter_spaced_heading),
    cmocka_unit_test(test_inline_tree),
    cmocka_unit_test(test_iterator_events),
    cmocka_unit_test(test_soft_breaks),
    cmocka_unit_test(test_soft_break_ending_link),
    cmocka_unit_test(test_hard_breaks),
    cmocka_unit_test(test_footnotes),
    cmocka_unit_test(test_inline_positions),
    cmocka_unit_test(test_crlf_positions),
    cmocka_unit_test(test_bom),
    cmocka_unit_test(test_invalid_utf8),
    cmocka_unit_test(test_nul_byte),
    cmocka_unit_test(test_empty_manuscripts),
    cmocka_unit_test(test_raw_html_refused),
    cmocka_unit_test(test_dangerous_links),
    cmocka_unit_test(test_unsupported),
    cmocka_unit_test(test_footnote_errors),
    cmocka_unit_test(test_nesting_limit),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
