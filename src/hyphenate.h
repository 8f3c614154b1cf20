/* hyphenate.h — English hyphenation points from libhyphen's patterns.
 *
 * (Named hyphenate, not hyphen: src/ is on the include path and a
 * "hyphen.h" here would hide libhyphen's own <hyphen.h>.)
 *
 * A DgHyphenator wraps one pattern dictionary (Debian hyphen-en-us:
 * /usr/share/hyphen/hyph_en_US.dic, Liang's TeX patterns in UTF-8) and
 * answers, for one word, after which bytes a hyphen may go. Loading costs
 * about 38 M instructions, so one is made per build and shared read-only. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

#define DG_HYPHEN_EN_US_DIC "/usr/share/hyphen/hyph_en_US.dic"
/* TeX's \lefthyphenmin and \righthyphenmin for English (issue 4). */
#define DG_HYPHEN_LEFT_MIN 2
#define DG_HYPHEN_RIGHT_MIN 3
/* Words longer than this are not looked up (libhyphen's own limit is
 * about the same; a 5,000-letter "word" is not English). */
#define DG_HYPHEN_MAX_WORD 100

typedef struct _DgHyphenator DgHyphenator;

/* Loads a dictionary; NULL with a DG_ERROR_IO error naming the file. */
DgHyphenator *dg_hyphenator_new(const char *dic_path, int left_min, int right_min,
                                GError **error);
void dg_hyphenator_free(DgHyphenator *hy);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgHyphenator, dg_hyphenator_free)

/* Byte offsets into `word` (len bytes) after which a hyphen may go, in
 * increasing order, honouring the left/right minimums. Only words made
 * of ASCII letters are hyphenated; anything else gets no points. */
GArray *dg_hyphenator_points(const DgHyphenator *hy, const char *word, gsize len);

/* "hy-phen-ation": the word with '-' at each point (for tests, goldens). */
char *dg_hyphenator_show(const DgHyphenator *hy, const char *word);

G_END_DECLS
