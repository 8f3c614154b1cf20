/* fuzz_markdown.c — libFuzzer harness for the manuscript reader and the
 * aligner.
 *
 * The input is split at its first NUL byte into a Chinese and an English
 * manuscript (NUL is refused inside a manuscript anyway, so it is free as
 * a separator). Without a NUL, both languages get the same text: that
 * aligns by construction, so the fuzzer spends its time deep in the tree
 * and the dump rather than on mismatch errors. A book that loads must
 * keep the invariants in fuzz_check.h; one that fails must say where. */
#include "fuzz_check.h"

#include <stdint.h>

static const char INI[] =
  "[book]\nlanguages=zh-Hans;en\ntitle[zh-Hans]=测试\ntitle[en]=Test\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  DgBook *book = dg_fuzz_book(data, size, INI, sizeof INI - 1, &error);
  if (book) {
    dg_fuzz_check_book(book);
  } else {
    /* Every failure is a positioned message naming a file of the book. */
    dg_fuzz_require(error != NULL && strstr(error->message, ": error: ") != NULL);
    dg_fuzz_require(g_str_has_prefix(error->message, "fuzz/"));
  }
  g_clear_error(&error);
  dg_book_free(book);
  return 0;
}
