/* fuzz_ini.c — libFuzzer harness for the book.ini reader.
 *
 * The input is the text of book.ini; every language it may list gets the
 * same small manuscript, so a key file that parses goes on through the
 * manuscripts, the aligner, the metadata lookups and the dump. */
#include "fuzz_check.h"

#include <stdint.h>

static const char MANUSCRIPT[] = "# 标题 Title\n\n正文 text[^1]。\n\n[^1]: 注 note\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *texts[DG_MAX_LANGUAGES];
  gsize lens[DG_MAX_LANGUAGES];
  for (int i = 0; i < DG_MAX_LANGUAGES; i++) {
    texts[i] = MANUSCRIPT;
    lens[i] = sizeof MANUSCRIPT - 1;
  }
  GError *error = NULL;
  DgBook *book = dg_book_load_from_data("fuzz", (const char *)data, size, texts, lens,
                                        DG_MAX_LANGUAGES, &error);
  if (book) {
    dg_fuzz_require(book->n_languages >= 1 && book->n_languages <= DG_MAX_LANGUAGES);
    for (int l = 0; l < book->n_languages; l++) {
      const char *title = dg_book_get_meta(book, "title", l);
      dg_fuzz_require(title != NULL && strlen(title) <= DG_MAX_META_BYTES);
      dg_fuzz_require(dg_book_lang_index(book, book->languages[l]) == l);
    }
    for (guint i = 0; i < book->warnings->len; i++)
      dg_fuzz_require(strstr(book->warnings->pdata[i], ": warning: ") != NULL);
    dg_fuzz_check_book(book);
  } else {
    dg_fuzz_require(error != NULL && strstr(error->message, ": error: ") != NULL);
  }
  g_clear_error(&error);
  dg_book_free(book);
  return 0;
}
