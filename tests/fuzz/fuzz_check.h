/* fuzz_check.h — invariants of a loaded DgBook, shared by the harnesses.
 *
 * A fuzzer only finds what crashes, so the harnesses turn the tree's
 * promises (book.h) into aborts: every span lies inside its block's text,
 * children inside parents, the iterator's ENTER/EXIT events balance, and
 * every segment has one block per language with that language. */
#pragma once
#include "book.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Names the broken invariant before aborting, so a crash file explains
 * itself when replayed. */
#define dg_fuzz_require(cond)                                                \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                               \
    }                                                                        \
  } while (0)

static inline void
dg_fuzz_check_block(const DgBook *book, const DgBlock *b, int lang)
{
  dg_fuzz_require(b != NULL && b->lang == lang && b->text != NULL);
  dg_fuzz_require(strlen(b->text) == b->text_len);
  dg_fuzz_require(g_utf8_validate(b->text, (gssize)b->text_len, NULL));
  dg_fuzz_require(b->quote_depth + b->list_depth <= DG_MAX_NESTING);
  DgInlineIter it;
  dg_inline_iter_init(&it, b);
  DgEvent ev;
  int depth = 0;
  while ((ev = dg_inline_iter_next(&it)) != DG_EVENT_NONE) {
    const DgInline *s = dg_inline_iter_node(&it);
    dg_fuzz_require(s->start <= s->end && s->end <= b->text_len);
    if (s->parent)
      dg_fuzz_require(s->parent->start <= s->start && s->end <= s->parent->end);
    if (s->kind == DG_INLINE_NOTEREF)
      dg_fuzz_require(s->note >= 0 && (guint)s->note < book->notes->len);
    if (dg_inline_is_container(s->kind))
      depth += ev == DG_EVENT_ENTER ? 1 : -1;
    dg_fuzz_require(depth >= 0 && depth <= DG_MAX_INLINE_NESTING);
  }
  dg_fuzz_require(depth == 0);
}

static inline void
dg_fuzz_check_book(const DgBook *book)
{
  GPtrArray *lists[] = { book->segments, book->notes };
  for (int k = 0; k < 2; k++)
    for (guint i = 0; i < lists[k]->len; i++) {
      const DgSegment *seg = lists[k]->pdata[i];
      dg_fuzz_require(seg->index == (int)i && seg->anchor != NULL);
      for (int l = 0; l < book->n_languages; l++)
        dg_fuzz_check_block(book, seg->blocks[l], l);
    }
  dg_fuzz_require(book->segments->len > 0);
  char *dump = dg_book_dump(book);
  dg_fuzz_require(g_utf8_validate(dump, -1, NULL));
  g_free(dump);
}

/* Reads fuzz bytes as a two-language book: the input is split at its
 * first NUL into the Chinese and the English manuscript (NUL is refused
 * inside a manuscript, so it is free as a separator); without one, both
 * languages get the same text, which aligns by construction. */
static inline DgBook *
dg_fuzz_book(const uint8_t *data, size_t size, const char *ini, size_t ini_len,
             GError **error)
{
  const char *text = (const char *)data;
  const char *nul = memchr(text, '\0', size);
  const char *texts[2] = { text, nul ? nul + 1 : text };
  gsize lens[2] = { nul ? (gsize)(nul - text) : size,
                    nul ? size - (gsize)(nul - text) - 1 : size };
  return dg_book_load_from_data("fuzz", ini, ini_len, texts, lens, 2, error);
}
