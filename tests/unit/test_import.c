/* test_import.c — `diglot import`: splitting, pairing, recognising blocks,
 * one-sided lines, escaping, and the promise that no character is lost.
 *
 * Every test imports raw text into a temporary folder and then loads that
 * folder with dg_book_load, so what is checked is what a later stage
 * reads, not the Markdown as written. */
#include "dgtest.h"
#include "book.h"
#include "import.h"

#include <string.h>

typedef struct {
  char *root;
  char *dir;
  GPtrArray *warnings;
  DgBook *book;
} Imported;

static void
imported_free(Imported *im)
{
  dg_book_free(im->book);
  g_ptr_array_unref(im->warnings);
  dgtest_rmtree(im->root);
  g_free(im->root);
  g_free(im->dir);
}

/* Imports `raw` (skipping `skip` lines) and loads the result. */
static Imported
import_raw(const char *raw, int skip)
{
  Imported im = { dgtest_tmpdir(), NULL, g_ptr_array_new_with_free_func(g_free), NULL };
  dgtest_write(im.root, "raw.txt", raw);
  g_autofree char *raw_path = g_build_filename(im.root, "raw.txt", NULL);
  im.dir = g_build_filename(im.root, "book", NULL);
  DgImportOptions o = { skip, { "zh-Hans", "en" }, NULL };
  g_autoptr(GError) error = NULL;
  gboolean ok = dg_import_file(raw_path, im.dir, &o, im.warnings, &error);
  if (!ok)
    fail_msg("import failed: %s", error->message);
  im.book = dg_book_load(im.dir, &error);
  if (im.book == NULL)
    fail_msg("imported book does not load: %s", error->message);
  return im;
}

static const DgBlock *
block(const Imported *im, guint seg, int lang)
{
  assert_true(seg < im->book->segments->len);
  const DgSegment *s = im->book->segments->pdata[seg];
  return s->blocks[lang];
}

static int
count_warnings(const Imported *im, const char *what)
{
  int n = 0;
  for (guint i = 0; i < im->warnings->len; i++)
    n += strstr(im->warnings->pdata[i], what) != NULL;
  return n;
}

static void
assert_pair(const Imported *im, guint seg, DgBlockKind kind, const char *zh,
            const char *en)
{
  assert_int_equal(block(im, seg, 0)->kind, kind);
  assert_int_equal(block(im, seg, 1)->kind, kind);
  if (zh)
    assert_string_equal(block(im, seg, 0)->text, zh);
  if (en)
    assert_string_equal(block(im, seg, 1)->text, en);
}

/* ---- splitting ------------------------------------------------------------ */

static void
test_mixed_line_split_at_script_boundary(void **state)
{
  Imported im = import_raw(
    "世界互联网大会组委会Organizing Committee of the World Internet Conference\n"
    "构建网络空间命运共同体 应坚持以下原则: To build a community the "
    "following principles should be upheld:\n", 0);
  assert_int_equal(im.book->segments->len, 2);
  assert_pair(&im, 0, DG_BLOCK_HEADING, "世界互联网大会组委会",
              "Organizing Committee of the World Internet Conference");
  /* The colon closes the Chinese; the space between Han stays a space. */
  assert_pair(&im, 1, DG_BLOCK_PARAGRAPH, "构建网络空间命运共同体 应坚持以下原则:",
              "To build a community the following principles should be upheld:");
  assert_int_equal(im.warnings->len, 0);
  imported_free(&im);
}

static void
test_latin_inside_chinese_stays(void **state)
{
  Imported im = import_raw(
    "我们推进IPv6部署和World Wide Web建设“2015年”。\n"
    "We promote IPv6 and the Web.\n"
    "他说：中国。 One two three four five six seven eight 再见。\n", 0);
  assert_pair(&im, 0, DG_BLOCK_PARAGRAPH,
              "我们推进IPv6部署和World Wide Web建设“2015年”。",
              "We promote IPv6 and the Web.");
  /* A whole English sentence between Chinese is cut out: three pieces. */
  assert_int_equal(im.book->segments->len, 3);
  assert_pair(&im, 1, DG_BLOCK_PARAGRAPH, "他说：中国。",
              "One two three four five six seven eight");
  assert_string_equal(block(&im, 2, 0)->text, "再见。");
  assert_int_equal(count_warnings(&im, "counterpart"), 1);
  imported_free(&im);
}

static void
test_english_then_item_number(void **state)
{
  Imported im = import_raw("第一段。\nThe end of it. 2.第二项。\nThe second.\n", 0);
  assert_int_equal(im.book->segments->len, 2);
  assert_pair(&im, 0, DG_BLOCK_PARAGRAPH, "第一段。", "The end of it.");
  assert_pair(&im, 1, DG_BLOCK_LIST_ITEM, "第二项。", "The second.");
  assert_int_equal(block(&im, 1, 0)->number, 2);
  assert_int_equal(block(&im, 1, 1)->number, 2);
  imported_free(&im);
}

/* ---- blocks ------------------------------------------------------------- */

static void
test_headings(void **state)
{
  Imported im = import_raw(
    "携手构建网络空间命运共同体\nJointly Build a Community with a Shared Future\n"
    "\n"
    "序 言\nPreface\n"
    "正文 很长的一段。\nA body paragraph of the text.\n"
    "基本原则\nFundamental Principles\n", 0);
  assert_int_equal(im.book->segments->len, 4);
  assert_pair(&im, 0, DG_BLOCK_HEADING, "携手构建网络空间命运共同体",
              "Jointly Build a Community with a Shared Future");
  assert_int_equal(block(&im, 0, 0)->level, 1);
  assert_pair(&im, 1, DG_BLOCK_HEADING, "序 言", "Preface");
  assert_int_equal(block(&im, 1, 1)->level, 2);
  assert_pair(&im, 2, DG_BLOCK_PARAGRAPH, NULL, NULL);
  assert_pair(&im, 3, DG_BLOCK_HEADING, "基本原则", "Fundamental Principles");
  /* The first heading titles the book in each language. */
  assert_string_equal(dg_book_get_meta(im.book, "title", 0), "携手构建网络空间命运共同体");
  assert_string_equal(dg_book_get_meta(im.book, "title", 1),
                      "Jointly Build a Community with a Shared Future");
  imported_free(&im);
}

static void
test_numbered_items(void **state)
{
  Imported im = import_raw(
    "1.尊重网络主权。各国有权。\nRespecting sovereignty. Countries may.\n"
    "2、维护和平安全。\n2. Upholding peace and security.\n"
    "3.5亿人。\n350 million people.\n"
    "1.甲。\nOne.\n", 0);
  assert_int_equal(im.book->segments->len, 4);
  assert_pair(&im, 0, DG_BLOCK_LIST_ITEM, "尊重网络主权。各国有权。",
              "Respecting sovereignty. Countries may.");
  assert_pair(&im, 1, DG_BLOCK_LIST_ITEM, "维护和平安全。", "Upholding peace and security.");
  for (int l = 0; l < 2; l++) {
    assert_int_equal(block(&im, 0, l)->number, 1);
    assert_int_equal(block(&im, 1, l)->number, 2);
    assert_true(block(&im, 1, l)->ordered);
  }
  /* A decimal is not an item number. */
  assert_pair(&im, 2, DG_BLOCK_PARAGRAPH, "3.5亿人。", "350 million people.");
  /* A list that restarts keeps its own number. */
  assert_pair(&im, 3, DG_BLOCK_LIST_ITEM, "甲。", "One.");
  assert_int_equal(block(&im, 3, 0)->number, 1);
  imported_free(&im);
}

static void
test_restarted_list_right_after_another(void **state)
{
  Imported im = import_raw("1.甲。\nA.\n2.乙。\nB.\n1.丙。\nC.\n", 0);
  assert_int_equal(im.book->segments->len, 3);
  const int want[] = { 1, 2, 1 };
  for (guint i = 0; i < 3; i++)
    for (int l = 0; l < 2; l++)
      assert_int_equal(block(&im, i, l)->number, want[i]);
  imported_free(&im);
}

/* ---- one-sided lines --------------------------------------------------------- */

static void
test_one_sided_lines_are_kept_and_reported(void **state)
{
  Imported im = import_raw(
    "Jointly Build a Community\n"
    "序 言\n"
    "第一段 正文。\nThe first paragraph.\n"
    "October 2019 was a month.\n"
    "第二段没有翻译。\n", 0);
  assert_int_equal(im.book->segments->len, 5);
  assert_pair(&im, 0, DG_BLOCK_HEADING, NULL, "Jointly Build a Community");
  assert_true(g_str_has_prefix(block(&im, 0, 0)->text, DG_IMPORT_MISSING " (raw.txt:1"));
  assert_pair(&im, 1, DG_BLOCK_HEADING, "序 言", NULL);
  assert_true(g_str_has_prefix(block(&im, 1, 1)->text, DG_IMPORT_MISSING " (raw.txt:2"));
  assert_pair(&im, 3, DG_BLOCK_PARAGRAPH, NULL, "October 2019 was a month.");
  assert_pair(&im, 4, DG_BLOCK_PARAGRAPH, "第二段没有翻译。", NULL);
  assert_true(g_str_has_prefix(block(&im, 4, 1)->text, DG_IMPORT_MISSING " (raw.txt:6"));
  assert_int_equal(count_warnings(&im, "counterpart"), 4);
  assert_non_null(strstr(im.warnings->pdata[0], "raw.txt:1:1: warning: heading-like "
                                                "line has no zh-Hans counterpart"));
  assert_non_null(strstr(im.warnings->pdata[2], "raw.txt:5:1: warning: paragraph has "
                                                "no zh-Hans counterpart"));
  assert_non_null(strstr(im.warnings->pdata[3], "raw.txt:6:1: warning: paragraph has "
                                                "no en counterpart"));
  /* The Chinese title is borrowed from the English heading, with a word. */
  assert_non_null(strstr(im.warnings->pdata[4], "no zh-Hans title found"));
  assert_string_equal(dg_book_get_meta(im.book, "title", 0), "Jointly Build a Community");
  imported_free(&im);
}

static void
test_neutral_line_goes_to_both(void **state)
{
  Imported im = import_raw("中文。\nChinese.\n2019\n", 0);
  assert_int_equal(im.book->segments->len, 2);
  assert_pair(&im, 1, DG_BLOCK_PARAGRAPH, "2019", "2019");
  assert_int_equal(count_warnings(&im, "counterpart"), 0);
  imported_free(&im);
}

static void
test_bom_crlf_and_skip(void **state)
{
  Imported im = import_raw("\xEF\xBB\xBFnoise 噪音 noise\r\n\r\n中文 正文。\r\nChinese text.\r\n", 1);
  assert_int_equal(im.book->segments->len, 1);
  assert_pair(&im, 0, DG_BLOCK_PARAGRAPH, "中文 正文。", "Chinese text.");
  imported_free(&im);
}

/* A lone CR (old Mac dumps, or a stray one mid-line) ends a line, as it
 * does for the CommonMark reader; kept inside a piece it made "中文\r- x"
 * read back as a paragraph plus a list item (found by fuzz_import). */
static void
test_lone_cr_ends_a_line(void **state)
{
  Imported im = import_raw("中文。\r- English text here.\r正文\r\n2\r", 0);
  assert_int_equal(im.book->segments->len, 3);
  assert_pair(&im, 0, DG_BLOCK_PARAGRAPH, "中文。", "- English text here.");
  assert_int_equal(block(&im, 1, 0)->pos.line, 3);
  assert_string_equal(block(&im, 2, 1)->text, "2");
  imported_free(&im);
}

/* ---- escaping ------------------------------------------------------------- */

static const char *const HOSTILE[] = {
  "1. not a list", "2) neither", "1.尊重", "# not a heading", "- not a bullet",
  "+ plus", "> not a quote", "*emph* and _under_ and **strong**",
  "[link](http://x) and ![img](y)", "<b>html</b> & &amp; &copy;", "`code`",
  "a \\ backslash\\", "~~strike~~ ~one~", "| a | b |", "---", "***", "___",
  "C# and a closing #", "two  spaces", "[^1] note", "[foo]: /url",
  "<http://auto.link>", "10) ten", "===", "a\\*b", "end\\", "&#42; &#x2A;",
};

/* Each hostile text as a paragraph, a heading and a list item. */
static void
test_escape_round_trip(void **state)
{
  GString *md = g_string_new(NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(HOSTILE); i++) {
    g_autofree char *e = dg_import_escape(HOSTILE[i]);
    g_string_append_printf(md, "%s\n\n## %s\n\n%zu) %s\n\n", e, e, i + 1, e);
  }
  g_autofree char *dir = dgtest_book(NULL, md->str, md->str);
  g_string_free(md, TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(DgBook) book = dg_book_load(dir, &error);
  if (book == NULL)
    fail_msg("%s", error->message);
  assert_int_equal(book->segments->len, 3 * G_N_ELEMENTS(HOSTILE));
  const DgBlockKind kinds[] = { DG_BLOCK_PARAGRAPH, DG_BLOCK_HEADING, DG_BLOCK_LIST_ITEM };
  for (guint i = 0; i < book->segments->len; i++) {
    const DgBlock *b = ((DgSegment *)book->segments->pdata[i])->blocks[0];
    assert_int_equal(b->kind, kinds[i % 3]);
    if (strcmp(b->text, HOSTILE[i / 3]) != 0)
      fail_msg("'%s' came back as '%s'", HOSTILE[i / 3], b->text);
  }
  g_autofree char *root = g_path_get_dirname(dir);
  dgtest_rmtree(root);
}

/* The same texts through the whole importer. */
static void
test_import_escapes(void **state)
{
  GString *raw = g_string_new(NULL);
  guint n = 0;
  for (gsize i = 0; i < G_N_ELEMENTS(HOSTILE); i++)
    if (g_str_is_ascii(HOSTILE[i]))       /* Han would start a new piece */
      g_string_append_printf(raw, "中文%u。\nCase %u: %s\n", n++, (guint)i, HOSTILE[i]);
  Imported im = import_raw(raw->str, 0);
  g_string_free(raw, TRUE);
  assert_int_equal(im.book->segments->len, n);
  for (guint i = 0, seg = 0; i < G_N_ELEMENTS(HOSTILE); i++) {
    if (!g_str_is_ascii(HOSTILE[i]))
      continue;
    g_autofree char *want = g_strdup_printf("Case %u: %s", i, HOSTILE[i]);
    assert_string_equal(block(&im, seg++, 1)->text, want);
  }
  assert_int_equal(count_warnings(&im, "counterpart"), 0);
  imported_free(&im);
}

/* ---- no character lost: the corpus ------------------------------------------ */

static gboolean
is_han(gunichar c)
{
  return g_unichar_get_script(c) == G_UNICODE_SCRIPT_HAN;
}

static gboolean
is_latin(gunichar c)
{
  return g_unichar_isalpha(c) && g_unichar_get_script(c) == G_UNICODE_SCRIPT_LATIN;
}

/* Adds each character of `s` that `pred` accepts to `counts`; returns
 * how many. */
static int
tally(GHashTable *counts, const char *s, gboolean (*pred)(gunichar))
{
  int n = 0;
  for (const char *p = s; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!pred(c))
      continue;
    gpointer key = GUINT_TO_POINTER(c);
    g_hash_table_insert(counts, key,
                        GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(counts, key)) + 1));
    n++;
  }
  return n;
}

static void
assert_same_tally(GHashTable *a, GHashTable *b)
{
  GHashTableIter it;
  gpointer k, v;
  assert_int_equal(g_hash_table_size(a), g_hash_table_size(b));
  g_hash_table_iter_init(&it, a);
  while (g_hash_table_iter_next(&it, &k, &v))
    if (g_hash_table_lookup(b, k) != v)
      fail_msg("U+%04X: %d in the raw text, %d imported", GPOINTER_TO_UINT(k),
               GPOINTER_TO_INT(v), GPOINTER_TO_INT(g_hash_table_lookup(b, k)));
}

/* Tallies one manuscript's characters, skipping the placeholder blocks. */
static int
tally_book(GHashTable *counts, const DgBook *book, int lang, gboolean (*pred)(gunichar))
{
  int n = 0;
  for (guint i = 0; i < book->segments->len; i++) {
    const DgBlock *b = ((DgSegment *)book->segments->pdata[i])->blocks[lang];
    if (!g_str_has_prefix(b->text, DG_IMPORT_MISSING))
      n += tally(counts, b->text, pred);
  }
  return n;
}

static void
test_corpus_loses_nothing(void **state)
{
  g_autofree char *path = g_build_filename(DG_TEST_DATA, "cyberspace-raw.txt", NULL);
  g_autofree char *raw = NULL;
  assert_true(g_file_get_contents(path, &raw, NULL, NULL));
  const char *body = strchr(raw, '\n') + 1;          /* line 1 is page noise */
  Imported im = import_raw(raw, 1);
  g_autoptr(GHashTable) raw_han = g_hash_table_new(NULL, NULL);
  g_autoptr(GHashTable) raw_latin = g_hash_table_new(NULL, NULL);
  g_autoptr(GHashTable) zh_han = g_hash_table_new(NULL, NULL);
  g_autoptr(GHashTable) en_latin = g_hash_table_new(NULL, NULL);
  g_autoptr(GHashTable) stray = g_hash_table_new(NULL, NULL);
  int n_han = tally(raw_han, body, is_han);
  int n_latin = tally(raw_latin, body, is_latin);
  assert_int_equal(tally_book(zh_han, im.book, 0, is_han), n_han);
  assert_int_equal(tally_book(en_latin, im.book, 1, is_latin), n_latin);
  assert_same_tally(raw_han, zh_han);
  assert_same_tally(raw_latin, en_latin);
  /* Nothing crossed over: no Latin letter in Chinese, no Han in English. */
  assert_int_equal(tally_book(stray, im.book, 0, is_latin), 0);
  assert_int_equal(tally_book(stray, im.book, 1, is_han), 0);
  assert_int_equal(n_han, 3504);                /* counted once, by hand */
  assert_int_equal(n_latin, 14805);
  /* 26 pairs, 7 one-sided lines (title, preface, signature, headings). */
  assert_int_equal(im.book->segments->len, 33);
  assert_int_equal(im.warnings->len, 8);     /* + the borrowed Chinese title */
  imported_free(&im);
}

/* ---- errors --------------------------------------------------------------- */

static void
test_refuses_to_overwrite(void **state)
{
  Imported im = import_raw("中文。\nChinese.\n", 0);
  g_autofree char *raw_path = g_build_filename(im.root, "raw.txt", NULL);
  g_autofree char *zh = g_build_filename(im.dir, "zh-Hans.md", NULL);
  assert_true(g_file_set_contents(zh, "# 手改的\n", -1, NULL));
  g_autoptr(GError) error = NULL;
  assert_false(dg_import_file(raw_path, im.dir, NULL, NULL, &error));
  assert_non_null(strstr(error->message, "zh-Hans.md: error: already exists"));
  g_autofree char *kept = NULL;
  assert_true(g_file_get_contents(zh, &kept, NULL, NULL));
  assert_string_equal(kept, "# 手改的\n");
  imported_free(&im);
}

static void
test_bad_inputs(void **state)
{
  g_autofree char *root = dgtest_tmpdir();
  g_autofree char *out = g_build_filename(root, "book", NULL);
  g_autofree char *bad = g_build_filename(root, "bad.txt", NULL);
  g_autoptr(GError) error = NULL;
  dgtest_write(root, "bad.txt", "中文。\nbad \xff byte\n");
  assert_false(dg_import_file(bad, out, NULL, NULL, &error));
  assert_non_null(strstr(error->message, "bad.txt:2:5: error: invalid UTF-8"));
  g_clear_error(&error);
  dgtest_write(root, "bad.txt", "noise\n\n  \n");
  DgImportOptions skip = { 1, { NULL, NULL }, NULL };
  assert_false(dg_import_file(bad, out, &skip, NULL, &error));
  assert_non_null(strstr(error->message, "no text to import"));
  g_clear_error(&error);
  g_autofree char *missing = g_build_filename(root, "missing.txt", NULL);
  assert_false(dg_import_file(missing, out, NULL, NULL, &error));
  assert_int_equal(error->code, DG_ERROR_IO);
  /* Nothing was written by the failed imports. */
  assert_false(g_file_test(out, G_FILE_TEST_EXISTS));
  dgtest_rmtree(root);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_mixed_line_split_at_script_boundary),
    cmocka_unit_test(test_latin_inside_chinese_stays),
    cmocka_unit_test(test_english_then_item_number),
    cmocka_unit_test(test_headings),
    cmocka_unit_test(test_numbered_items),
    cmocka_unit_test(test_restarted_list_right_after_another),
    cmocka_unit_test(test_one_sided_lines_are_kept_and_reported),
    cmocka_unit_test(test_neutral_line_goes_to_both),
    cmocka_unit_test(test_bom_crlf_and_skip),
    cmocka_unit_test(test_lone_cr_ends_a_line),
    cmocka_unit_test(test_escape_round_trip),
    cmocka_unit_test(test_import_escapes),
    cmocka_unit_test(test_corpus_loses_nothing),
    cmocka_unit_test(test_refuses_to_overwrite),
    cmocka_unit_test(test_bad_inputs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
