/* hyphenate.c — libhyphen behind a small value-returning interface.
 *
 * Model: hyphenation points are a property of the word alone, so the
 * answer is a list of byte offsets and the caller decides what a break
 * there costs (the line breaker's flagged penalty). libhyphen returns an
 * odd digit after each letter that may be followed by a hyphen; we
 * lowercase the word first because the patterns are lowercase.
 *
 * Only ASCII-letter words are looked up: the en-US patterns know no other
 * letters, and a word with digits, apostrophes or accents is safer left
 * whole than broken at a wrong place.
 *
 * Rejected: inserting U+00AD into the text and letting Pango break there.
 * Pango would then both choose the breaks greedily and draw the hyphen
 * in the U+00AD cluster, which copies out of the PDF as a soft hyphen and
 * splits the word for search (measured, pango-cairo-measured.md §5). */
#include "hyphenate.h"

#include <hyphen.h>
#include <string.h>

#include "error.h"

struct _DgHyphenator {
  HyphenDict *dict;
  int left_min, right_min;
  /* Memo: lowercase word → GArray of points. Words recur (a book says
   * "the", "cyberspace" and "international" hundreds of times) and
   * libhyphen costs ~3,000 instructions a word. The table is behind a
   * pointer, so the const DgHyphenator callers hold is unchanged by a
   * lookup from the outside; like the PangoContext it serves, one
   * hyphenator is used by one thread. */
  GHashTable *memo;
};

/* Words are forgotten all at once past this many, so memory stays
 * bounded whatever the book. */
#define MEMO_MAX_WORDS 50000

DgHyphenator *
dg_hyphenator_new(const char *dic_path, int left_min, int right_min, GError **error)
{
  g_return_val_if_fail(dic_path != NULL, NULL);
  HyphenDict *dict = hnj_hyphen_load(dic_path);
  if (!dict) {
    DgPos pos = { dic_path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos,
                    "cannot load hyphenation patterns (Debian package hyphen-en-us)");
    return NULL;
  }
  DgHyphenator *hy = g_new0(DgHyphenator, 1);
  hy->dict = dict;
  hy->left_min = MAX(left_min, 1);
  hy->right_min = MAX(right_min, 1);
  hy->memo = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, (GDestroyNotify)g_array_unref);
  return hy;
}

void
dg_hyphenator_free(DgHyphenator *hy)
{
  if (!hy)
    return;
  hnj_hyphen_free(hy->dict);
  g_hash_table_destroy(hy->memo);
  g_free(hy);
}

static gboolean
ascii_word(const char *word, gsize len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalpha(word[i]))
      return FALSE;
  return TRUE;
}

/* libhyphen's answer for one lowercase word of `len` ASCII letters. */
static GArray *
lookup(const DgHyphenator *hy, const char *lower, gsize len)
{
  GArray *points = g_array_new(FALSE, FALSE, sizeof(gsize));
  char hyphens[DG_HYPHEN_MAX_WORD + 5];
  char **rep = NULL;
  int *pos = NULL, *cut = NULL;
  if (hnj_hyphen_hyphenate3(hy->dict, lower, (int)len, hyphens, NULL, &rep, &pos, &cut,
                            hy->left_min, hy->right_min, 0, 0) == 0) {
    /* hyphens[i] odd: a hyphen may follow letter i. Re-check the minimums
     * ourselves; they are the contract of this function. */
    for (gsize i = (gsize)hy->left_min - 1; i + (gsize)hy->right_min < len; i++)
      if (hyphens[i] & 1) {
        gsize after = i + 1;
        g_array_append_val(points, after);
      }
  }
  if (rep) {
    for (gsize i = 0; i < len; i++)
      free(rep[i]);
    free(rep);
  }
  free(pos);
  free(cut);
  return points;
}

GArray *
dg_hyphenator_points(const DgHyphenator *hy, const char *word, gsize len)
{
  g_return_val_if_fail(hy != NULL && word != NULL, g_array_new(FALSE, FALSE, sizeof(gsize)));
  if (len < (gsize)(hy->left_min + hy->right_min) || len > DG_HYPHEN_MAX_WORD
      || !ascii_word(word, len))
    return g_array_new(FALSE, FALSE, sizeof(gsize));
  char lower[DG_HYPHEN_MAX_WORD + 1];
  for (gsize i = 0; i < len; i++)
    lower[i] = g_ascii_tolower(word[i]);
  lower[len] = '\0';
  GArray *known = g_hash_table_lookup(hy->memo, lower);
  if (known == NULL) {
    known = lookup(hy, lower, len);
    if (g_hash_table_size(hy->memo) >= MEMO_MAX_WORDS)
      g_hash_table_remove_all(hy->memo);
    g_hash_table_insert(hy->memo, g_strdup(lower), known);
  }
  /* the caller owns what it gets: a copy */
  GArray *points = g_array_sized_new(FALSE, FALSE, sizeof(gsize), known->len);
  g_array_append_vals(points, known->data, known->len);
  return points;
}

char *
dg_hyphenator_show(const DgHyphenator *hy, const char *word)
{
  gsize len = strlen(word);
  g_autoptr(GArray) points = dg_hyphenator_points(hy, word, len);
  GString *s = g_string_new(NULL);
  gsize from = 0;
  for (guint i = 0; i < points->len; i++) {
    gsize at = g_array_index(points, gsize, i);
    g_string_append_len(s, word + from, (gssize)(at - from));
    g_string_append_c(s, '-');
    from = at;
  }
  g_string_append(s, word + from);
  return g_string_free(s, FALSE);
}
