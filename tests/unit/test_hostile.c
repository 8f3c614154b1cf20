/* test_hostile.c — the reader against inputs written to break it.
 *
 * A publishing tool runs unattended in CI on text written by many hands,
 * so every input here must end, inside its time limit, in a correct book
 * or in a positioned error that names a limit (DG_MAX_*), never in a
 * crash, a hang, lost text or a stack overflow in cmark or in our code.
 * Each case measures its own time (HOSTILE_SECONDS, generous enough for
 * a busy shared machine); ctest's TIMEOUT is the backstop.
 *
 * Only the reader is covered here (book.ini, manuscripts, alignment); the
 * writers have their own hostile tests. */
#include "dgtest.h"
#include "book.h"

#include <string.h>

/* Sanitizers slow the reader down about tenfold; the limit is there to
 * catch a hang or a quadratic blow-up, not to benchmark. */
#if defined(__SANITIZE_ADDRESS__)
#define HOSTILE_SECONDS 40.0
#else
#define HOSTILE_SECONDS 10.0
#endif

static void
assert_fast(gint64 start, const char *what)
{
  double s = dgtest_seconds_since(start);
  if (s > HOSTILE_SECONDS)
    fail_msg("%s took %.1f s (limit %.0f s)", what, s, HOSTILE_SECONDS);
}

static const DgBlock *
blk(const DgBook *book, guint seg, int lang)
{
  assert_true(seg < book->segments->len);
  return ((const DgSegment *)book->segments->pdata[seg])->blocks[lang];
}

static char *
repeat(const char *unit, int n)
{
  GString *s = g_string_new(NULL);
  for (int i = 0; i < n; i++)
    g_string_append(s, unit);
  return g_string_free(s, FALSE);
}

/* Loads from memory with explicit lengths (texts may hold NUL). */
static DgBook *
load_len(const char *zh, gsize zl, const char *en, gsize el, GError **e)
{
  const char *texts[] = { zh, en };
  gsize lens[] = { zl, el };
  return dg_book_load_from_data("book", DGTEST_INI, strlen(DGTEST_INI), texts, lens, 2, e);
}

/* ---- size --------------------------------------------------------------- */

/* 300,000 Han characters, no punctuation, once as one line and once hard
 * wrapped every 50 characters (6,000 soft breaks to resolve). */
static void
test_huge_chinese_paragraph(void **state)
{
  static const char *const han[] = { "网", "络", "空", "间", "命", "运", "共", "同", "体" };
  GString *line = g_string_new(NULL), *wrapped = g_string_new(NULL);
  for (int i = 0; i < 300000; i++) {
    g_string_append(line, han[i % 9]);
    g_string_append(wrapped, han[i % 9]);
    if (i % 50 == 49)
      g_string_append_c(wrapped, '\n');
  }
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dgtest_load(NULL, line->str, wrapped->str, &e);
  assert_fast(t0, "300,000-character paragraph");
  assert_non_null(book);
  assert_int_equal(book->segments->len, 1);
  assert_int_equal(g_utf8_strlen(blk(book, 0, 0)->text, -1), 300000);
  /* Soft breaks between Han characters vanish: nothing lost, nothing added
   * (this "English" manuscript is Chinese text, still read as wide). */
  assert_string_equal(blk(book, 0, 1)->text, line->str);
  g_string_free(line, TRUE);
  g_string_free(wrapped, TRUE);
}

static void
test_long_english_word(void **state)
{
  g_autofree char *word = repeat("a", 6000);
  g_autofree char *en = g_strdup_printf("The word %s ends here.\n", word);
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(DgBook) book = dgtest_load(NULL, "一个很长的词。\n", en, NULL);
  assert_fast(t0, "6,000-character word");
  assert_non_null(book);
  assert_int_equal(blk(book, 0, 1)->text_len, strlen(en) - 1);
}

static void
test_punctuation_only(void **state)
{
  g_autofree char *zh = repeat("，。、；：？！……——“”‘’（）《》「」", 500);
  g_autofree char *en = repeat(".,;:!?'\"()/", 1000);
  g_autofree char *zh_md = g_strconcat(zh, "\n", NULL);
  g_autofree char *en_md = g_strconcat(en, "\n", NULL);
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dgtest_load(NULL, zh_md, en_md, &e);
  assert_fast(t0, "punctuation paragraph");
  if (book == NULL)
    fail_msg("%s", e->message);
  assert_string_equal(blk(book, 0, 0)->text, zh);
  assert_string_equal(blk(book, 0, 1)->text, en);
}

/* 10,000 segments load, and the tree grows linearly: ten times the
 * blocks costs ten times the nodes and text, no more. */
static void
test_ten_thousand_segments(void **state)
{
  gsize nodes[2], bytes[2];
  const int counts[2] = { 1000, 10000 };
  for (int k = 0; k < 2; k++) {
    GString *zh = g_string_new(NULL), *en = g_string_new(NULL);
    for (int i = 0; i < counts[k]; i++) {
      g_string_append_printf(zh, "## 第%d节\n\n第%d段*强调*[^n%d]。\n\n", i, i, i);
      g_string_append_printf(en, "## Section %d\n\nParagraph %d *emph*[^n%d].\n\n", i, i, i);
    }
    for (int i = 0; i < counts[k]; i++) {
      g_string_append_printf(zh, "[^n%d]: 注%d\n\n", i, i);
      g_string_append_printf(en, "[^n%d]: note %d\n\n", i, i);
    }
    gint64 t0 = g_get_monotonic_time();
    g_autoptr(GError) e = NULL;
    g_autoptr(DgBook) book = dgtest_load(NULL, zh->str, en->str, &e);
    assert_fast(t0, "10,000 segments");
    if (book == NULL)
      fail_msg("%s", e->message);
    assert_int_equal(book->segments->len, 2 * counts[k]);
    assert_int_equal(book->notes->len, counts[k]);
    nodes[k] = book->allocs->len;
    g_autofree char *dump = dg_book_dump(book);
    bytes[k] = strlen(dump);
    g_string_free(zh, TRUE);
    g_string_free(en, TRUE);
  }
  assert_true(nodes[1] <= 11 * nodes[0]);
  assert_true(nodes[1] >= 9 * nodes[0]);
  assert_true(bytes[1] <= 12 * bytes[0]);
}

/* A mismatch at the very end of a long book is still found and named. */
static void
test_long_book_mismatch_at_end(void **state)
{
  g_autofree char *body = repeat("段落\n\n", 10000);
  g_autofree char *en = repeat("para\n\n", 10000);
  g_autofree char *zh = g_strconcat(body, "# 多余\n", NULL);
  gint64 t0 = g_get_monotonic_time();
  dgtest_load_fails(NULL, zh, en,
                    "book/zh-Hans.md:20001:1: error: level-1 heading has no counterpart "
                    "(book/en.md ends after 10000 blocks, at line 19999)");
  assert_fast(t0, "mismatch after 10,000 blocks");
}

/* ---- depth -------------------------------------------------------------- */

static void
test_deep_quotes(void **state)
{
  g_autofree char *q = repeat("> ", 3000);
  g_autofree char *zh = g_strconcat(q, "深\n", NULL);
  g_autofree char *msg = g_strdup_printf(
    "book/zh-Hans.md:1:%d: error: quotes and lists nested too deeply (limit %d)",
    2 * DG_MAX_NESTING + 1, DG_MAX_NESTING);
  gint64 t0 = g_get_monotonic_time();
  dgtest_load_fails(NULL, zh, "deep\n", msg);
  /* Also as 3,000 lines, each one level deeper. */
  GString *lines = g_string_new(NULL);
  for (int i = 1; i <= 3000; i++) {
    for (int j = 0; j < i; j++)
      g_string_append(lines, ">");
    g_string_append(lines, " 行\n");
  }
  dgtest_load_fails_with(NULL, lines->str, "deep\n", "nested too deeply (limit 32)");
  assert_fast(t0, "3,000 nested quotes");
  g_string_free(lines, TRUE);
}

static void
test_deep_lists(void **state)
{
  g_autofree char *l = repeat("- ", 3000);
  g_autofree char *en = g_strconcat(l, "deep\n", NULL);
  gint64 t0 = g_get_monotonic_time();
  g_autofree char *msg = g_strdup_printf(
    "book/en.md:1:%d: error: quotes and lists nested too deeply (limit %d)",
    2 * DG_MAX_NESTING + 1, DG_MAX_NESTING);
  dgtest_load_fails(NULL, "深\n", en, msg);
  /* 3,000 lines, each item nested under the one before (indented by
   * 2 more spaces each time), and numbered lists the same way. */
  GString *bul = g_string_new(NULL), *num = g_string_new(NULL);
  for (int i = 0; i < 3000; i++) {
    for (int j = 0; j < i; j++) {
      g_string_append(bul, "  ");
      g_string_append(num, "   ");
    }
    g_string_append(bul, "- item\n");
    g_string_append(num, "1. item\n");
  }
  dgtest_load_fails(NULL, "深\n", bul->str,
                    "book/en.md:33:65: error: quotes and lists nested too deeply (limit 32)");
  dgtest_load_fails(NULL, "深\n", num->str,
                    "book/en.md:33:97: error: quotes and lists nested too deeply (limit 32)");
  assert_fast(t0, "3,000 nested lists");
  g_string_free(bul, TRUE);
  g_string_free(num, TRUE);
}

/* Inputs that made CommonMark parsers quadratic or deeply recursive
 * (cmark's own pathological test list): bracket and emphasis runs. */
static void
test_pathological_inline_runs(void **state)
{
  static const struct { const char *open, *mid, *close; } runs[] = {
    { "[", "x", "]" },            /* nested brackets */
    { "*a **a ", "b", "" },       /* unclosed emphasis */
    { "[a](<b", "", "" },         /* unclosed link destinations */
    { "`", "x", "" },             /* backtick runs */
    { "[^", "x", "]" },           /* footnote-looking brackets */
    { "~~a ", "x", "" },          /* strikethrough openers */
    { "<", "a", "" },             /* would-be HTML/autolinks */
  };
  for (gsize i = 0; i < G_N_ELEMENTS(runs); i++) {
    g_autofree char *a = repeat(runs[i].open, 20000);
    g_autofree char *c = repeat(runs[i].close, 20000);
    g_autofree char *text = g_strconcat("p ", a, runs[i].mid, c, "\n", NULL);
    gint64 t0 = g_get_monotonic_time();
    g_autoptr(GError) e = NULL;
    g_autoptr(DgBook) book = dgtest_load(NULL, text, text, &e);
    assert_fast(t0, runs[i].open);
    /* Either a book whose text kept every character or a positioned error. */
    if (book == NULL)
      assert_true(g_str_has_prefix(e->message, "book/zh-Hans.md:1:"));
    else
      assert_true(blk(book, 0, 0)->text_len > 0);
  }
}

/* ---- bytes -------------------------------------------------------------- */

static void
test_invalid_utf8_late(void **state)
{
  g_autofree char *body = repeat("第一段。\r\n", 10000);
  g_autofree char *zh = g_strconcat(body, "坏\x80\n", NULL);
  gint64 t0 = g_get_monotonic_time();
  dgtest_load_fails(NULL, zh, "x\n",
                    "book/zh-Hans.md:10001:4: error: invalid UTF-8 (byte 0x80); save the file as UTF-8");
  assert_fast(t0, "late invalid UTF-8");
}

static void
test_nul_bytes(void **state)
{
  const char zh[] = "# 标题\n\n\0\0\0\n";
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = load_len(zh, sizeof zh - 1, "# T\n", 4, &e);
  assert_null(book);
  assert_string_equal(e->message, "book/zh-Hans.md:3:1: error: NUL byte in text");
  /* In book.ini too. */
  const char ini[] = "[book]\nlanguages=en\ntitle=a\0b\n";
  const char *texts[] = { "x\n" };
  gsize lens[] = { 2 };
  g_clear_error(&e);
  assert_null(dg_book_load_from_data("book", ini, sizeof ini - 1, texts, lens, 1, &e));
  assert_string_equal(e->message, "book/book.ini:3:8: error: NUL byte in text");
}

static void
test_empty_files(void **state)
{
  dgtest_load_fails("", "x\n", "x\n", "book/book.ini: error: book.ini has no [book] group");
  dgtest_load_fails(NULL, "", "", "book/zh-Hans.md:1:1: error: manuscript is empty");
  dgtest_load_fails(NULL, "\r\n\r\n", "x\n", "book/zh-Hans.md:1:1: error: manuscript is empty");
}

/* Binary data as a manuscript: an image, and seeded random bytes. */
static void
test_binary_manuscript(void **state)
{
  const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = load_len(png, sizeof png - 1, "x\n", 2, &e);
  assert_null(book);
  assert_string_equal(e->message,
                      "book/zh-Hans.md:1:1: error: invalid UTF-8 (byte 0x89); save the file as UTF-8");
  GRand *rand = g_rand_new_with_seed(6);
  for (int round = 0; round < 50; round++) {
    gsize len = 1 + g_rand_int_range(rand, 0, 65536);
    g_autofree char *bin = g_malloc(len);
    for (gsize i = 0; i < len; i++)
      bin[i] = (char)g_rand_int_range(rand, 0, 256);
    g_clear_error(&e);
    DgBook *b = load_len(bin, len, bin, len, &e);
    assert_null(b);             /* random bytes are never valid UTF-8 */
    assert_true(g_str_has_prefix(e->message, "book/zh-Hans.md:"));
    assert_non_null(strstr(e->message, ": error: "));
  }
  g_rand_free(rand);
}

/* ---- markup ------------------------------------------------------------- */

/* Raw HTML must never reach an EPUB as markup: refused wherever it is. */
static void
test_script_and_event_attributes(void **state)
{
  static const struct { const char *md; const char *where; } cases[] = {
    { "<script>alert(1)</script>\n", "book/en.md:1:1: error: raw HTML" },
    { "para\n\n<div onmouseover=\"steal()\">x</div>\n", "book/en.md:3:1: error: raw HTML" },
    { "a <img src=x onerror=alert(1)> b\n", "book/en.md:1:3: error: raw HTML" },
    { "- item <svg onload=alert(1)>\n", "book/en.md:1:8: error: raw HTML" },
    { "> quote\n> <a href=\"#\" onclick=\"x()\">y</a>\n", "book/en.md:2:3: error: raw HTML" },
    { "<!-- a comment hiding <script> -->\n", "book/en.md:1:1: error: raw HTML" },
    { "x[^1]\n\n[^1]: note <script>x</script>\n", "book/en.md:3:12: error: raw HTML" },
    { "[click](javascript:alert(document.cookie))\n", "book/en.md:1:1: error: link target" },
    { "<javascript:alert(1)>\n", "book/en.md:1:1: error: link target" },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++)
    dgtest_load_fails_with(NULL, "段落[^1]\n\n[^1]: 注\n", cases[i].md, cases[i].where);
  /* Written as text, the same characters are just text. */
  g_autoptr(DgBook) book = dgtest_load(NULL, "x\n", "\\<script>alert(1)\\</script>\n", NULL);
  assert_non_null(book);
  assert_string_equal(blk(book, 0, 1)->text, "<script>alert(1)</script>");
}

/* ---- book.ini ------------------------------------------------------------ */

static void
test_ini_absurd_values(void **state)
{
  gint64 t0 = g_get_monotonic_time();
  GString *langs = g_string_new("[book]\ntitle=t\nlanguages=");
  for (int i = 0; i < 10000; i++)
    g_string_append_printf(langs, "x%d;", i);
  g_string_append_c(langs, '\n');
  dgtest_load_fails(langs->str, "x\n", "x\n", "book/book.ini:3: error: more than 4 languages");
  g_string_free(langs, TRUE);

  g_autofree char *big = repeat("标", 340000);   /* 1 MB, under the file limit */
  g_autofree char *ini = g_strdup_printf("[book]\nlanguages=zh-Hans;en\ntitle[en]=T\n"
                                         "title[zh-Hans]=%s\n", big);
  dgtest_load_fails(ini, "x\n", "x\n",
                    "book/book.ini:4: error: value of 'title[zh-Hans]' is longer than 8192 bytes");
  g_autofree char *huge = g_strdup_printf("[book]\nlanguages=en\ntitle=%s%s\n", big, big);
  dgtest_load_fails(huge, "x\n", NULL, "book/book.ini: error: book.ini larger than 1024 KiB");

  dgtest_load_fails("[book]\nlanguages=en\ntitle=t\ndate=99999-01-01\n", "x\n", NULL,
                    "book/book.ini:4: error: date '99999-01-01' is not YYYY, YYYY-MM or YYYY-MM-DD");
  g_autofree char *tag = repeat("a", 100);
  g_autofree char *long_tag = g_strdup_printf("[book]\ntitle=t\nlanguages=%s\n", tag);
  dgtest_load_fails_with(long_tag, "x\n", NULL, "is not a BCP 47 language tag");
  assert_fast(t0, "absurd book.ini");
}

/* Thousands of duplicate or unknown keys: every one is reported with its
 * line, and the report does not turn quadratic. */
static void
test_ini_many_duplicates(void **state)
{
  GString *ini = g_string_new("[book]\nlanguages=en\n");
  for (int i = 0; i < 5000; i++)
    g_string_append_printf(ini, "title=t%d\nunknown%d=x\n", i, i);
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dgtest_load(ini->str, "x\n", NULL, &e);
  assert_fast(t0, "10,000 duplicate and unknown keys");
  if (book == NULL)
    fail_msg("%s", e->message);
  assert_string_equal(dg_book_get_meta(book, "title", 0), "t4999");
  assert_int_equal(book->warnings->len, 5000 + 4999);
  assert_string_equal(book->warnings->pdata[0],
                      "book/book.ini:4: warning: unknown key 'unknown0' in [book]");
  assert_string_equal(book->warnings->pdata[9998],
                      "book/book.ini:10001: warning: key 'title' repeats line 3; the last one counts");
  g_string_free(ini, TRUE);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_huge_chinese_paragraph),
    cmocka_unit_test(test_long_english_word),
    cmocka_unit_test(test_punctuation_only),
    cmocka_unit_test(test_ten_thousand_segments),
    cmocka_unit_test(test_long_book_mismatch_at_end),
    cmocka_unit_test(test_deep_quotes),
    cmocka_unit_test(test_deep_lists),
    cmocka_unit_test(test_pathological_inline_runs),
    cmocka_unit_test(test_invalid_utf8_late),
    cmocka_unit_test(test_nul_bytes),
    cmocka_unit_test(test_empty_files),
    cmocka_unit_test(test_binary_manuscript),
    cmocka_unit_test(test_script_and_event_attributes),
    cmocka_unit_test(test_ini_absurd_values),
    cmocka_unit_test(test_ini_many_duplicates),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
