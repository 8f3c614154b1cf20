/* test_book.c — loading a book folder: book.ini, alignment, the dump.
 *
 * Alignment is the promise a bilingual book rests on: every mismatch
 * (kind, heading level, list or quote depth, an extra block on either
 * side or at the end) must be an error naming both files and lines. The
 * messages are asserted whole, because a person reads them to fix a
 * manuscript. The good sample book is compared with a golden dump
 * (tests/data/good.dump; DG_REGENERATE=1 rewrites it for review). */
#include "dgtest.h"
#include "book.h"

#include <glib/gstdio.h>
#include <string.h>

static void
test_golden_good_book(void **state)
{
  g_autofree char *dir = g_build_filename(DG_TEST_DATA, "books", "good", NULL);
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dg_book_load(dir, &e);
  if (book == NULL)
    fail_msg("%s", e->message);
  assert_string_equal(book->id, "good");
  assert_int_equal(book->warnings->len, 0);
  assert_int_equal(book->segments->len, 14);
  assert_int_equal(book->notes->len, 1);
  assert_string_equal(dg_book_get_meta(book, "title", 0), "双语样书");
  assert_string_equal(dg_book_get_meta(book, "title", 1), "A Bilingual Sample");
  /* Falls back to the plain key; absent localized keys give NULL. */
  assert_null(dg_book_get_meta(book, "subtitle", 0));
  assert_string_equal(book->date, "2019-10");
  g_autofree char *dump = dg_book_dump(book);
  dgtest_golden("good.dump", dump);
}

/* Every segment pairs blocks of the same shape, one per language. */
static void
test_segments_pair_languages(void **state)
{
  g_autofree char *dir = g_build_filename(DG_TEST_DATA, "books", "good", NULL);
  g_autoptr(DgBook) book = dg_book_load(dir, NULL);
  assert_non_null(book);
  for (guint i = 0; i < book->segments->len; i++) {
    const DgSegment *s = book->segments->pdata[i];
    assert_int_equal(s->index, (int)i);
    assert_int_equal(s->blocks[0]->lang, 0);
    assert_int_equal(s->blocks[1]->lang, 1);
    assert_int_equal(s->blocks[0]->kind, s->blocks[1]->kind);
    assert_non_null(strstr(s->blocks[0]->pos.file, "zh-Hans.md"));
    assert_non_null(strstr(s->blocks[1]->pos.file, "en.md"));
  }
}

/* ---- alignment errors -------------------------------------------------- */

static void
test_mismatch_kind(void **state)
{
  dgtest_load_fails(NULL, "# 标题\n\n段落\n", "# Title\n\n## Heading\n",
                    "book/en.md:3:1: error: level-2 heading has no counterpart "
                    "(book/zh-Hans.md:3:1 is a paragraph)");
}

static void
test_mismatch_heading_level(void **state)
{
  dgtest_load_fails(NULL, "## 标题\n", "# Title\n",
                    "book/en.md:1:1: error: level-1 heading has no counterpart "
                    "(book/zh-Hans.md:1:1 is a level-2 heading)");
}

static void
test_mismatch_list_depth(void **state)
{
  dgtest_load_fails(NULL, "- 一\n  - 二\n", "- one\n- two\n",
                    "book/en.md:2:3: error: bulleted list item has no counterpart "
                    "(book/zh-Hans.md:2:5 is a bulleted list item at list depth 2)");
  dgtest_load_fails(NULL, "1. 一\n", "- one\n",
                    "book/en.md:1:3: error: bulleted list item has no counterpart "
                    "(book/zh-Hans.md:1:4 is a numbered list item)");
}

static void
test_mismatch_quote_depth(void **state)
{
  dgtest_load_fails(NULL, "> 引文\n", "quote\n",
                    "book/en.md:1:1: error: paragraph has no counterpart "
                    "(book/zh-Hans.md:1:3 is a paragraph in a quote)");
  dgtest_load_fails(NULL, "> > 引文\n", "> quote\n",
                    "book/en.md:1:3: error: paragraph in a quote has no counterpart "
                    "(book/zh-Hans.md:1:5 is a paragraph in a quote (nested))");
}

/* One side has an extra block in the middle: the extra one is blamed. */
static void
test_mismatch_extra_block(void **state)
{
  dgtest_load_fails(NULL, "# 标题\n\n多余的段落\n\n## 小节\n\n正文\n",
                    "# Title\n\n## Section\n\nBody\n",
                    "book/zh-Hans.md:3:1: error: paragraph has no counterpart "
                    "(book/en.md:3:1 is a level-2 heading)");
  dgtest_load_fails(NULL, "# 标题\n\n## 小节\n\n正文\n",
                    "# Title\n\nan extra paragraph\n\n## Section\n\nBody\n",
                    "book/en.md:3:1: error: paragraph has no counterpart "
                    "(book/zh-Hans.md:3:1 is a level-2 heading)");
}

static void
test_mismatch_at_end(void **state)
{
  dgtest_load_fails(NULL, "一\n\n二\n\n三\n", "one\n\ntwo\n",
                    "book/zh-Hans.md:5:1: error: paragraph has no counterpart "
                    "(book/en.md ends after 2 blocks, at line 3)");
  dgtest_load_fails(NULL, "一\n", "one\n\n- two\n",
                    "book/en.md:3:3: error: bulleted list item has no counterpart "
                    "(book/zh-Hans.md ends after 1 blocks, at line 1)");
}

static void
test_mismatch_notes(void **state)
{
  dgtest_load_fails(NULL, "一[^1]二[^2]\n\n[^1]: 注一\n\n[^2]: 注二\n",
                    "one[^1] two\n\n[^1]: note\n",
                    "book/zh-Hans.md:5:1: error: footnote has no counterpart "
                    "(book/en.md ends after 1 blocks, at line 3)");
}

/* ---- book.ini ---------------------------------------------------------- */

static void
test_ini_missing_file(void **state)
{
  g_autofree char *root = dgtest_tmpdir();
  g_autofree char *dir = g_build_filename(root, "nobook", NULL);
  dgtest_write(dir, "zh-Hans.md", "x\n");
  g_autoptr(GError) e = NULL;
  assert_null(dg_book_load(dir, &e));
  g_autofree char *prefix = g_strdup_printf("%s/book.ini: error: cannot read book.ini: ", dir);
  assert_true(g_str_has_prefix(e->message, prefix));
  g_clear_error(&e);
  g_autofree char *missing = g_build_filename(root, "absent", NULL);
  assert_null(dg_book_load(missing, &e));
  g_autofree char *want = g_strdup_printf("%s: error: not a book folder", missing);
  assert_string_equal(e->message, want);
  dgtest_rmtree(root);
}

static void
test_ini_errors(void **state)
{
  dgtest_load_fails("[other]\nx=1\n", "x\n", "x\n",
                    "book/book.ini: error: book.ini has no [book] group");
  dgtest_load_fails("[book]\ntitle=x\n", "x\n", "x\n",
                    "book/book.ini:1: error: [book] needs 'languages', e.g. languages=zh-Hans;en");
  dgtest_load_fails("[book]\ntitle=x\nlanguages=zh-Hans;en_US\n", "x\n", "x\n",
                    "book/book.ini:3: error: 'en_US' is not a BCP 47 language tag");
  dgtest_load_fails("[book]\ntitle=x\nlanguages=zh-Hans;EN;en\n", "x\n", "x\n",
                    "book/book.ini:3: error: language 'en' listed twice");
  dgtest_load_fails("[book]\nlanguages=zh-Hans;en\ntitle[zh-Hans]=标题\n", "x\n", "x\n",
                    "book/book.ini:1: error: no title for 'en' (add title[en]=...)");
  dgtest_load_fails("[book]\nlanguages=zh-Hans;en\ntitle=t\ndate=2019-02-30\n", "x\n", "x\n",
                    "book/book.ini:4: error: date '2019-02-30' is not YYYY, YYYY-MM or YYYY-MM-DD");
  const char *bad_dates[] = { "2019-1-01", "2019-10-1x", "+019", "19", "2019-13", "2019/10/01" };
  for (gsize i = 0; i < G_N_ELEMENTS(bad_dates); i++) {
    g_autofree char *ini = g_strdup_printf("[book]\nlanguages=en\ntitle=t\ndate=%s\n",
                                           bad_dates[i]);
    dgtest_load_fails_with(ini, "x\n", NULL, "book/book.ini:4: error: date '");
  }
  dgtest_load_fails("[book]\nlanguages=en\ntitle=t\ntemplate=../../etc/passwd\n", "x\n", NULL,
                    "book/book.ini:4: error: template must be a name from templates/, without a path");
  dgtest_load_fails("[book]\nlanguages=en\nthis line is not a key\n", "x\n", NULL,
                    "book/book.ini:3: error: Key file contains line “this line is not a key” "
                    "which is not a key-value pair, group, or comment");
}

static void
test_ini_language_without_manuscript(void **state)
{
  dgtest_load_fails(NULL, "x\n", NULL,
                    "book/book.ini: error: language 'en' is listed but book/en.md does not exist");
  g_autofree char *dir = dgtest_book(NULL, "x\n", NULL);
  g_autoptr(GError) e = NULL;
  assert_null(dg_book_load(dir, &e));
  assert_non_null(strstr(e->message, "error: language 'en' is listed but "));
  assert_non_null(strstr(e->message, "/en.md does not exist"));
  g_autofree char *root = g_path_get_dirname(dir);
  dgtest_rmtree(root);
}

static void
test_ini_warnings(void **state)
{
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dgtest_load(
    "[book]\nlanguages=zh-Hans;en\ntitle[zh-Hans]=书\ntitle[en]=Book\n"
    "margn=3\ndate[en]=2019\ntitle[en]=Book Two\n[extra]\nk=v\n",
    "x\n", "x\n", &e);
  assert_non_null(book);
  assert_int_equal(book->warnings->len, 4);
  assert_string_equal(book->warnings->pdata[0],
                      "book/book.ini:5: warning: unknown key 'margn' in [book]");
  assert_string_equal(book->warnings->pdata[1],
                      "book/book.ini:6: warning: key 'date' cannot be localized");
  assert_string_equal(book->warnings->pdata[2], "book/book.ini:8: warning: unknown group [extra]");
  assert_string_equal(book->warnings->pdata[3],
                      "book/book.ini:7: warning: key 'title[en]' repeats line 4; the last one counts");
  assert_string_equal(dg_book_get_meta(book, "title", 1), "Book Two");
}

/* A BOM and CRLF in book.ini and both manuscripts, read from files. */
static void
test_bom_crlf_files(void **state)
{
  g_autofree char *dir = dgtest_book(
    "\xEF\xBB\xBF[book]\r\nlanguages=zh-Hans;en\r\ntitle[zh-Hans]=书\r\ntitle[en]=Book\r\n"
    "date=2019-10-01\r\n",
    "\xEF\xBB\xBF# 标题\r\n\r\n第一行\r\n第二行\r\n",
    "\xEF\xBB\xBF# Title\r\n\r\nline one\r\nline two\r\n");
  g_autoptr(GError) e = NULL;
  g_autoptr(DgBook) book = dg_book_load(dir, &e);
  if (book == NULL)
    fail_msg("%s", e->message);
  assert_string_equal(book->languages[1], "en");
  assert_string_equal(book->date, "2019-10-01");
  assert_string_equal(dg_book_get_meta(book, "title", 1), "Book");
  const DgSegment *p = book->segments->pdata[1];
  assert_string_equal(p->blocks[0]->text, "第一行第二行");
  assert_string_equal(p->blocks[1]->text, "line one line two");
  assert_int_equal(p->blocks[1]->pos.line, 3);
  assert_int_equal(p->blocks[1]->pos.col, 1);
  g_autofree char *root = g_path_get_dirname(dir);
  dgtest_rmtree(root);
}

static void
test_book_id(void **state)
{
  g_autofree char *dir = dgtest_book(NULL, "x\n", "x\n");
  g_autofree char *slash = g_strconcat(dir, "/", NULL);
  g_autoptr(DgBook) book = dg_book_load(slash, NULL);
  assert_non_null(book);
  assert_string_equal(book->id, "book");
  g_autofree char *root = g_path_get_dirname(dir);
  dgtest_rmtree(root);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_golden_good_book),
    cmocka_unit_test(test_segments_pair_languages),
    cmocka_unit_test(test_mismatch_kind),
    cmocka_unit_test(test_mismatch_heading_level),
    cmocka_unit_test(test_mismatch_list_depth),
    cmocka_unit_test(test_mismatch_quote_depth),
    cmocka_unit_test(test_mismatch_extra_block),
    cmocka_unit_test(test_mismatch_at_end),
    cmocka_unit_test(test_mismatch_notes),
    cmocka_unit_test(test_ini_missing_file),
    cmocka_unit_test(test_ini_errors),
    cmocka_unit_test(test_ini_language_without_manuscript),
    cmocka_unit_test(test_ini_warnings),
    cmocka_unit_test(test_bom_crlf_files),
    cmocka_unit_test(test_book_id),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
