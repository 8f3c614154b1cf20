/* test_batch.c — catalogue builds: sharding, fingerprints, stamps, the JSON
 * report, and a catalogue with a broken book. */
#include "batch.h"
#include "dgtest.h"
#include "manifest.h"
#include "outdir.h"
#include "prune.h"
#include "report.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <string.h>

/* ---- sharding ------------------------------------------------------------ */

static void
test_shards_partition_exactly(void **state)
{
  for (int n = 1; n <= 5; n++) {
    int size[6] = { 0 };
    for (guint i = 0; i < 17; i++) {
      int owners = 0;
      for (int k = 1; k <= n; k++)
        if (dg_batch_in_shard(i, k, n)) {
          owners++;
          size[k]++;
        }
      assert_int_equal(owners, 1);
    }
    /* Balanced: shard sizes differ by at most one book. */
    for (int k = 1; k <= n; k++)
      assert_true(size[k] == 17 / n || size[k] == 17 / n + 1);
  }
  /* No sharding: everything. */
  assert_true(dg_batch_in_shard(5, 0, 0));
}

static void
test_list_books_sorted_and_filtered(void **state)
{
  g_autofree char *root = dgtest_tmpdir();
  g_autofree char *b = g_build_filename(root, "b", NULL);
  g_autofree char *a = g_build_filename(root, "a", NULL);
  g_autofree char *notes = g_build_filename(root, "notes", NULL);
  g_autofree char *hidden = g_build_filename(root, ".hidden", NULL);
  dgtest_write(b, "book.ini", DGTEST_INI);
  dgtest_write(a, "book.ini", DGTEST_INI);
  dgtest_write(notes, "readme.txt", "not a book");
  dgtest_write(hidden, "book.ini", DGTEST_INI);
  g_autoptr(GPtrArray) ids = dg_batch_list_books(root, NULL);
  assert_non_null(ids);
  assert_int_equal(ids->len, 2);
  assert_string_equal(ids->pdata[0], "a");
  assert_string_equal(ids->pdata[1], "b");
  dgtest_rmtree(root);
  g_autoptr(GError) e = NULL;
  assert_null(dg_batch_list_books("/nonexistent-catalogue", &e));
  assert_non_null(strstr(e->message, "/nonexistent-catalogue: error:"));
}

/* ---- fingerprints -------------------------------------------------------- */

static void
test_tree_digest_tracks_bytes_not_times(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  dgtest_write(dir, "en.md", "Hello.\n");
  dgtest_write(dir, "zh-Hans.md", "你好。\n");
  g_autofree char *d1 = dg_manifest_tree_digest(dir, NULL);
  assert_int_equal(strlen(d1), 64);
  /* Rewriting the same bytes (a new mtime) changes nothing. */
  dgtest_write(dir, "en.md", "Hello.\n");
  g_autofree char *d2 = dg_manifest_tree_digest(dir, NULL);
  assert_string_equal(d1, d2);
  /* Dotfiles (editor swap files, our stamps) are ignored. */
  dgtest_write(dir, ".en.md.swp", "junk");
  g_autofree char *d3 = dg_manifest_tree_digest(dir, NULL);
  assert_string_equal(d1, d3);
  /* One byte changes it. */
  dgtest_write(dir, "en.md", "Hello!\n");
  g_autofree char *d4 = dg_manifest_tree_digest(dir, NULL);
  assert_string_not_equal(d1, d4);
  /* So does a new file in a subfolder, even an empty one. */
  dgtest_write(dir, "en.md", "Hello.\n");
  g_autofree char *sub = g_build_filename(dir, "images", NULL);
  dgtest_write(sub, "x.png", "");
  g_autofree char *d5 = dg_manifest_tree_digest(dir, NULL);
  assert_string_not_equal(d1, d5);
  dgtest_rmtree(dir);
}

static void
test_tree_digest_names_matter(void **state)
{
  g_autofree char *a = dgtest_tmpdir();
  g_autofree char *b = dgtest_tmpdir();
  dgtest_write(a, "en.md", "same bytes");
  dgtest_write(b, "fr.md", "same bytes");
  g_autofree char *da = dg_manifest_tree_digest(a, NULL);
  g_autofree char *db = dg_manifest_tree_digest(b, NULL);
  assert_string_not_equal(da, db);
  /* A missing tree hashes as an empty one, not an error. */
  g_autofree char *missing = dg_manifest_tree_digest("/nonexistent-tree", NULL);
  assert_string_equal(missing,
                      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  dgtest_rmtree(a);
  dgtest_rmtree(b);
}

static void
test_combine_is_unambiguous(void **state)
{
  const char *p1[] = { "ab", "c", NULL };
  const char *p2[] = { "a", "bc", NULL };
  const char *p3[] = { "ab", "c", NULL };
  g_autofree char *c1 = dg_manifest_combine(p1);
  g_autofree char *c2 = dg_manifest_combine(p2);
  g_autofree char *c3 = dg_manifest_combine(p3);
  assert_string_not_equal(c1, c2);
  assert_string_equal(c1, c3);
}

static void
test_font_files_digest_follows_the_files(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *font = g_build_filename(dir, "X.otf", NULL);
  g_autofree char *manifest = g_build_filename(dir, "MANIFEST", NULL);
  g_autofree char *text = g_strdup_printf("# family | package | file\nX | fonts-x | %s\n", font);
  dgtest_write(dir, "MANIFEST", text);
  dgtest_write(dir, "X.otf", "OTTO v1");
  g_autofree char *d1 = dg_manifest_font_files_digest(manifest);
  g_autofree char *d2 = dg_manifest_font_files_digest(manifest);
  assert_string_equal(d1, d2);
  /* An upgraded font (other size) changes it; so does a missing one. */
  dgtest_write(dir, "X.otf", "OTTO v1.1");
  g_autofree char *d3 = dg_manifest_font_files_digest(manifest);
  assert_string_not_equal(d1, d3);
  g_unlink(font);
  g_autofree char *d4 = dg_manifest_font_files_digest(manifest);
  assert_string_not_equal(d3, d4);
  dgtest_rmtree(dir);
}

/* ---- stamps -------------------------------------------------------------- */

#define FP_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define FP_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void
test_stamp_round_trip_and_currency(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *pdf = g_build_filename(dir, "my book.pdf", NULL);
  g_autofree char *stamp_path = g_build_filename(dir, ".my book.stamp", NULL);
  dgtest_write(dir, "my book.pdf", "%PDF-1.5 twelve");
  g_autoptr(DgStamp) s = dg_stamp_new();
  dg_stamp_set(s, "my book.pdf", FP_A, NULL, 15, 8);
  assert_true(dg_stamp_save(s, stamp_path, NULL));
  g_autoptr(DgStamp) r = dg_stamp_load(stamp_path);
  const DgStampEntry *e = dg_stamp_lookup(r, "my book.pdf");
  assert_non_null(e);
  assert_string_equal(e->fingerprint, FP_A);
  assert_int_equal(e->size, 15);
  assert_int_equal(e->pages, 8);
  assert_true(dg_stamp_is_current(r, pdf, FP_A));
  /* Other inputs, or the output changed behind our back: not current. */
  assert_false(dg_stamp_is_current(r, pdf, FP_B));
  dgtest_write(dir, "my book.pdf", "%PDF-1.5 truncat");
  assert_false(dg_stamp_is_current(r, pdf, FP_A));
  g_unlink(pdf);
  assert_false(dg_stamp_is_current(r, pdf, FP_A));
  dgtest_rmtree(dir);
}

static void
test_stamp_ignores_garbage(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *path = g_build_filename(dir, ".x.stamp", NULL);
  dgtest_write(dir, ".x.stamp",
               DG_STAMP_FORMAT "\n"
               "short 1 2 " FP_B " x.pdf\n"
               FP_A " -5 2 " FP_B " x.epub\n"
               FP_A " 10 notanumber " FP_B " y.pdf\n"
               FP_A " 10 3 nothex y.epub\n"
               FP_B " 10 3 " FP_A " z.pdf\n");
  g_autoptr(DgStamp) s = dg_stamp_load(path);
  assert_null(dg_stamp_lookup(s, "x.pdf"));
  assert_null(dg_stamp_lookup(s, "x.epub"));
  assert_null(dg_stamp_lookup(s, "y.pdf"));
  assert_null(dg_stamp_lookup(s, "y.epub"));
  assert_non_null(dg_stamp_lookup(s, "z.pdf"));
  assert_string_equal(dg_stamp_lookup(s, "z.pdf")->digest, FP_A);
  /* A stamp of another format version is ignored whole. */
  dgtest_write(dir, ".x.stamp", "diglot-stamp 0\n" FP_B " 10 3 " FP_A " z.pdf\n");
  g_autoptr(DgStamp) old = dg_stamp_load(path);
  assert_null(dg_stamp_lookup(old, "z.pdf"));
  dgtest_rmtree(dir);
}

static void
test_stamp_digest_proves_ownership(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *pdf = g_build_filename(dir, "x.pdf", NULL);
  dgtest_write(dir, "x.pdf", "%PDF-1.5 ours");
  g_autofree char *digest = dg_manifest_file_digest(pdf, NULL);
  g_autoptr(DgStamp) s = dg_stamp_new();
  dg_stamp_set(s, "x.pdf", FP_A, digest, 13, 1);
  assert_true(dg_stamp_is_ours(s, pdf));
  /* Same size, other bytes: the user's file now, not ours. */
  dgtest_write(dir, "x.pdf", "%PDF-1.5 mine");
  assert_false(dg_stamp_is_ours(s, pdf));
  /* A version-1 entry (no digest) can only go by size. */
  dg_stamp_set(s, "x.pdf", FP_A, NULL, 13, 1);
  assert_true(dg_stamp_is_ours(s, pdf));
  dg_stamp_set(s, "x.pdf", FP_A, NULL, 14, 1);
  assert_false(dg_stamp_is_ours(s, pdf));
  /* Saved and read back, an unknown digest stays unknown. */
  g_autofree char *path = g_build_filename(dir, ".x.stamp", NULL);
  assert_true(dg_stamp_save(s, path, NULL));
  g_autoptr(DgStamp) r = dg_stamp_load(path);
  assert_null(dg_stamp_lookup(r, "x.pdf")->digest);
  dgtest_rmtree(dir);
}

/* ---- pruning and the output folder ----------------------------------------- */

static void
test_output_edition_names(void **state)
{
  const char *cases[][3] = {
    { "a", "a.pdf", "" },         { "a", "a.epub", "" },
    { "a", "a.en.pdf", "en" },    { "a", "a.interleaved.epub", "interleaved" },
    { "a.b", "a.b.pdf", "" },     { "a", "a.b.c.pdf", "b.c" },
    { "a", "ab.pdf", NULL },      { "a", "a.txt", NULL },
    { "a", "a..pdf", NULL },      { "a", "a./../x.pdf", NULL },
    { "a", "b.pdf", NULL },       { "a", "a.pdf.bak", NULL },
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autofree char *e = dg_prune_output_edition(cases[i][0], cases[i][1]);
    if (cases[i][2] == NULL)
      assert_null(e);
    else
      assert_string_equal(e, cases[i][2]);
  }
}

static int
count_entries(const char *dir)
{
  g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
  int n = 0;
  while (g_dir_read_name(d))
    n++;
  return n;
}

static void
test_dead_runs_removed_live_kept(void **state)
{
  g_autofree char *out = dgtest_tmpdir();
  /* A live run: kept, with what is staged in it. */
  g_autoptr(DgRun) live = dg_run_new(out, NULL);
  assert_non_null(live);
  g_autofree char *book = g_build_filename(dg_run_get_dir(live), "b", NULL);
  dgtest_write(book, "b.pdf", "staged");
  /* A dead run: its lock file exists but nobody holds it. */
  g_autofree char *dead = g_build_filename(out, DG_RUN_PREFIX "DEAD01", "b", NULL);
  dgtest_write(dead, "b.pdf", "left by a killed batch");
  dgtest_write(out, DG_RUN_PREFIX "DEAD01.lock", "");
  /* A run folder whose lock is gone (a removal cut short). */
  g_autofree char *cut = g_build_filename(out, DG_RUN_PREFIX "CUT001", NULL);
  dgtest_write(cut, "x", "");
  /* A look-alike (a book's stamp), and a lock that another open file holds. */
  dgtest_write(out, DG_RUN_PREFIX "x.stamp", "a stamp of book 'diglot-run-x'");
  dgtest_write(out, DG_RUN_PREFIX "HELD01.lock", "");
  g_autofree char *held = g_build_filename(out, DG_RUN_PREFIX "HELD01.lock", NULL);
  int fd = open(held, O_RDWR);
  assert_int_equal(flock(fd, LOCK_EX), 0);
  g_autoptr(GPtrArray) removed = dg_outdir_remove_dead_runs(out);
  assert_int_equal(removed->len, 2);
  assert_true(g_ptr_array_find_with_equal_func(removed, DG_RUN_PREFIX "DEAD01", g_str_equal, NULL));
  assert_true(g_ptr_array_find_with_equal_func(removed, DG_RUN_PREFIX "CUT001", g_str_equal, NULL));
  assert_true(g_file_test(book, G_FILE_TEST_IS_DIR));
  g_autofree char *stamp = g_build_filename(out, DG_RUN_PREFIX "x.stamp", NULL);
  assert_true(g_file_test(stamp, G_FILE_TEST_EXISTS));
  assert_true(g_file_test(held, G_FILE_TEST_EXISTS));
  close(fd);
  /* Once the holder is gone, so is its lock. */
  g_autoptr(GPtrArray) again = dg_outdir_remove_dead_runs(out);
  assert_int_equal(again->len, 1);
  assert_false(g_file_test(held, G_FILE_TEST_EXISTS));
  /* Freeing the live run leaves nothing of it. */
  g_clear_pointer(&live, dg_run_free);
  assert_int_equal(count_entries(out), 1);   /* the look-alike stamp */
  dgtest_rmtree(out);
}

/* ---- the report ---------------------------------------------------------- */

static void
test_json_escaping(void **state)
{
  g_autoptr(GString) s = g_string_new(NULL);
  dg_json_append_string(s, "a\"b\\c\nd\te\x01 中文");
  assert_string_equal(s->str, "\"a\\\"b\\\\c\\nd\\te\\u0001 中文\"");
  g_string_truncate(s, 0);
  dg_json_append_string(s, "bad \xff utf8");
  assert_string_equal(s->str, "\"bad \xef\xbf\xbd utf8\"");
  g_string_truncate(s, 0);
  dg_json_append_string(s, NULL);
  assert_string_equal(s->str, "null");
}

static void
test_report_json_shape(void **state)
{
  g_autoptr(DgBatchResult) r = dg_batch_result_new("content", "out");
  r->jobs = 2;
  r->shard_index = 1;
  r->shard_count = 2;
  r->seconds = 1.5;
  DgBookResult *a = dg_book_result_new("alpha");
  a->status = DG_BOOK_BUILT;
  a->seconds = 0.25;
  DgOutputResult *o = dg_book_result_add_output(a, "alpha.pdf", "pdf", NULL);
  o->built = TRUE;
  o->bytes = 1234;
  o->pages = 8;
  dg_book_result_add_output(a, "alpha.epub", "epub", NULL)->bytes = 99;
  g_ptr_array_add(r->books, a);
  DgBookResult *b = dg_book_result_new("broken");
  b->status = DG_BOOK_FAILED;
  g_ptr_array_add(b->errors, g_strdup("broken/en.md:3:1: error: \"x\" has no counterpart"));
  g_ptr_array_add(r->books, b);
  dg_batch_result_add_pruned(r, "gone", "gone.pdf", "its book is no longer in the catalogue",
                             TRUE);
  dg_batch_result_add_pruned(r, "gone", "gone.epub", "kept", FALSE);
  g_ptr_array_add(r->dead_runs, g_strdup(".diglot-run-Ab12Cd"));
  g_autofree char *json = dg_report_json(r);
  g_autofree char *expected = g_strdup_printf(
    "{\n  \"diglot\": \"%s\",\n  \"content_dir\": \"content\",\n  \"out_dir\": \"out\",\n"
    "  \"jobs\": 2,\n  \"shard\": {\"index\": 1, \"count\": 2},\n  \"seconds\": 1.500,\n"
    "  \"summary\": {\"built\": 1, \"skipped\": 0, \"failed\": 1, \"pruned\": 1},\n"
    "  \"pruned\": [\n    {\"book\": \"gone\", \"file\": \"gone.pdf\", \"removed\": true,"
    " \"reason\": \"its book is no longer in the catalogue\"},\n"
    "    {\"book\": \"gone\", \"file\": \"gone.epub\", \"removed\": false,"
    " \"reason\": \"kept\"}\n  ],\n"
    "  \"dead_runs\": [\".diglot-run-Ab12Cd\"],\n  \"books\": [\n"
    "    {\"id\": \"alpha\", \"status\": \"built\", \"seconds\": 0.250, \"load_seconds\": 0.000,"
    " \"build_seconds\": 0.000, \"pages\": 8,\n      \"outputs\": [\n"
    "        {\"file\": \"alpha.pdf\", \"format\": \"pdf\", \"edition\": null, \"built\": true,"
    " \"bytes\": 1234, \"pages\": 8},\n"
    "        {\"file\": \"alpha.epub\", \"format\": \"epub\", \"edition\": null, \"built\": false,"
    " \"bytes\": 99, \"pages\": 0}\n      ],\n      \"errors\": [],\n      \"warnings\": []},\n"
    "    {\"id\": \"broken\", \"status\": \"failed\", \"seconds\": 0.000, \"load_seconds\": 0.000,"
    " \"build_seconds\": 0.000, \"pages\": 0,\n      \"outputs\": [],\n"
    "      \"errors\": [\"broken/en.md:3:1: error: \\\"x\\\" has no counterpart\"],\n"
    "      \"warnings\": []}\n  ]\n}\n", DG_VERSION);
  assert_string_equal(json, expected);
}

/* ---- a catalogue with a broken book ---------------------------------------- */

static void
collect(const char *line, gboolean is_error, gpointer data)
{
  g_ptr_array_add(data, g_strdup_printf("%s%s", is_error ? "E " : "O ", line));
}

static DgBatchResult *
run_catalogue(const char *out, GPtrArray *lines, gboolean *ok)
{
  g_autofree char *content = g_build_filename(DG_TEST_DATA, "catalogue", NULL);
  DgBatchOptions o = { content, out, 2, 0, 0, FALSE, TRUE, TRUE, NULL, { 0 }, FALSE };
  o.build.data_dir = DG_SOURCE_DIR;
  o.build.source_date_epoch = 1570000000;
  DgBatchResult *r = NULL;
  g_autoptr(GError) e = NULL;
  *ok = dg_batch_run_full(&o, collect, lines, &r, &e);
  assert_non_null(r);
  if (!*ok)
    assert_non_null(strstr(e->message, "books failed"));
  return r;
}

static void
test_broken_book_does_not_stop_others(void **state)
{
  g_autofree char *tmp = dgtest_tmpdir();
  g_autofree char *out = g_build_filename(tmp, "new", "out", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
  gboolean ok = TRUE;
  g_autoptr(DgBatchResult) r = run_catalogue(out, lines, &ok);
  assert_false(ok);
  assert_true(g_file_test(out, G_FILE_TEST_IS_DIR));  /* created */
  assert_int_equal(r->books->len, 3);
  const DgBookResult *broken = r->books->pdata[2];
  assert_string_equal(broken->id, "broken");
  assert_int_equal(broken->status, DG_BOOK_FAILED);
  assert_int_equal(broken->errors->len, 1);
  assert_non_null(strstr(broken->errors->pdata[0], "broken/zh-Hans.md:5:1: error:"));
  /* Its name heads its error, both on stderr, in that order. */
  guint head = 0;
  while (head < lines->len && !strstr(lines->pdata[head], "E broken: FAILED"))
    head++;
  assert_true(head + 1 < lines->len);
  assert_non_null(strstr(lines->pdata[head + 1], "E "));
  assert_non_null(strstr(lines->pdata[head + 1], "broken/zh-Hans.md:5:1: error:"));
  /* The good books were attempted: each either built both outputs or
   * failed for a reason of its own, not the broken book's. */
  for (guint i = 0; i < 2; i++) {
    const DgBookResult *b = r->books->pdata[i];
    if (b->status == DG_BOOK_BUILT) {
      g_autofree char *pdf = g_strdup_printf("%s/%s.pdf", out, b->id);
      assert_true(g_file_test(pdf, G_FILE_TEST_IS_REGULAR));
    } else {
      assert_int_equal(b->errors->len, 1);
      assert_null(strstr(b->errors->pdata[0], "broken"));
    }
  }
  /* Nothing at all for the broken book, and no staging folder left. */
  g_autoptr(GDir) d = g_dir_open(out, 0, NULL);
  const char *name;
  while ((name = g_dir_read_name(d)) != NULL) {
    assert_null(strstr(name, "broken"));
    assert_null(strstr(name, ".build-"));
  }
  dgtest_rmtree(tmp);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_shards_partition_exactly),
    cmocka_unit_test(test_list_books_sorted_and_filtered),
    cmocka_unit_test(test_tree_digest_tracks_bytes_not_times),
    cmocka_unit_test(test_tree_digest_names_matter),
    cmocka_unit_test(test_combine_is_unambiguous),
    cmocka_unit_test(test_font_files_digest_follows_the_files),
    cmocka_unit_test(test_stamp_round_trip_and_currency),
    cmocka_unit_test(test_stamp_ignores_garbage),
    cmocka_unit_test(test_stamp_digest_proves_ownership),
    cmocka_unit_test(test_output_edition_names),
    cmocka_unit_test(test_dead_runs_removed_live_kept),
    cmocka_unit_test(test_json_escaping),
    cmocka_unit_test(test_report_json_shape),
    cmocka_unit_test(test_broken_book_does_not_stop_others),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
