/* fuzz_import.c — libFuzzer harness for `diglot import`.
 *
 * dg_import_file reads a file and writes a folder, so the input is written
 * to raw.txt in a private temporary directory made once per process, and
 * the book is imported into a fresh book/ beside it. The importer promises
 * (import.h) that a raw text it accepts becomes a folder that loads
 * aligned by construction, so the harness loads it with dg_book_load and
 * requires success, the tree invariants of fuzz_check.h, and that no Han
 * character of the raw text was lost or invented on the way. A raw text it
 * refuses must get a positioned message naming the raw file. */
#include "fuzz_check.h"
#include "import.h"

#include <glib/gstdio.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *root, *raw_path, *book_dir;

static void clear_book(void);

/* At exit: the temporary directory goes, so replays under ctest leave
 * nothing behind in /dev/shm. */
static void
teardown(void)
{
  clear_book();
  g_unlink(raw_path);
  g_rmdir(root);
}

static void
setup(void)
{
  if (root != NULL)
    return;
  /* /dev/shm when there is one: the harness writes four files per input. */
  const char *base = g_file_test("/dev/shm", G_FILE_TEST_IS_DIR) ? "/dev/shm"
                                                                : g_get_tmp_dir();
  root = g_build_filename(base, "fuzz_import.XXXXXX", NULL);
  dg_fuzz_require(g_mkdtemp(root) != NULL);
  raw_path = g_build_filename(root, "raw.txt", NULL);
  book_dir = g_build_filename(root, "book", NULL);
  atexit(teardown);
}

/* Removes book/ and what the importer wrote into it. */
static void
clear_book(void)
{
  GDir *dir = g_dir_open(book_dir, 0, NULL);
  if (dir == NULL)
    return;
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL) {
    char *p = g_build_filename(book_dir, name, NULL);
    g_unlink(p);
    g_free(p);
  }
  g_dir_close(dir);
  g_rmdir(book_dir);
}

/* Han ideographs in [s, s + len): the importer moves text between
 * manuscripts and escapes ASCII, but never adds or drops an ideograph. */
static gsize
count_han(const char *s, gsize len)
{
  gsize n = 0;
  for (const char *p = s, *end = s + len; p < end; p = g_utf8_next_char(p))
    n += g_unichar_get_script(g_utf8_get_char(p)) == G_UNICODE_SCRIPT_HAN;
  return n;
}

static gsize
count_han_in_book(const DgBook *book)
{
  gsize n = 0;
  for (guint i = 0; i < book->segments->len; i++) {
    const DgSegment *seg = book->segments->pdata[i];
    for (int l = 0; l < book->n_languages; l++)
      n += count_han(seg->blocks[l]->text, seg->blocks[l]->text_len);
  }
  return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  setup();
  clear_book();
  dg_fuzz_require(g_file_set_contents(raw_path, (const char *)data, (gssize)size, NULL));
  DgImportOptions opts = { 0, { "zh-Hans", "en" }, "fuzz" };
  GPtrArray *warnings = g_ptr_array_new_with_free_func(g_free);
  GError *error = NULL;
  if (dg_import_file(raw_path, book_dir, &opts, warnings, &error)) {
    for (guint i = 0; i < warnings->len; i++)
      dg_fuzz_require(strstr(warnings->pdata[i], ": warning: ") != NULL);
    DgBook *book = dg_book_load(book_dir, &error);
    if (book == NULL)
      fprintf(stderr, "imported book does not load: %s\n", error->message);
    dg_fuzz_require(book != NULL);
    dg_fuzz_check_book(book);
    /* A neutral line (digits, symbols) is written to both manuscripts,
     * so a line without ideographs may count twice; Han pieces never. */
    gsize raw_han = count_han((const char *)data, size);
    dg_fuzz_require(count_han_in_book(book) == raw_han);
    dg_book_free(book);
  } else {
    dg_fuzz_require(error != NULL && strstr(error->message, ": error: ") != NULL);
    dg_fuzz_require(g_str_has_prefix(error->message, raw_path));
  }
  g_clear_error(&error);
  g_ptr_array_unref(warnings);
  return 0;
}
