/* shapecache.h — word-level shaping, cached for the whole build.
 *
 *     PangoItem of a paragraph  →  PangoGlyphString (as pango_shape gives)
 *
 * The paragraph builder shapes every item it itemizes; most of what it
 * shapes it has shaped before (English words recur, and a Chinese book
 * uses a few thousand characters over and over). This module cuts an
 * item into words — at spaces, and around every CJK character — shapes
 * each word alone once per (font, language, script) and copies the
 * glyphs out of the cache afterwards. One cache per typesetter; not
 * thread-safe (neither is the PangoContext it serves). */
#pragma once
#include <pango/pango.h>

G_BEGIN_DECLS

/* Words longer than this are shaped but not kept (a URL, a hostile
 * 6,000-letter "word": kept, it would only cost memory). */
#define DG_SHAPE_CACHE_MAX_WORD_BYTES 64
/* The cache is emptied when it holds this many words, so memory stays
 * bounded whatever the book (a 300,000-character paragraph of distinct
 * characters included). */
#define DG_SHAPE_CACHE_MAX_WORDS 65536

typedef struct _DgShapeCache DgShapeCache;

DgShapeCache *dg_shape_cache_new(void);
void dg_shape_cache_free(DgShapeCache *cache);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgShapeCache, dg_shape_cache_free)

/* Shapes `item` of `text` (the whole paragraph, `text_len` bytes) into
 * `glyphs`, word by word through `cache`. log_clusters are relative to
 * the item, as pango_shape gives them. Items whose shaping can depend on
 * what surrounds a word (joining and Indic scripts, right-to-left runs,
 * font features or text transforms in the attributes) are shaped whole,
 * as is everything when `cache` is NULL. */
void dg_shape_cache_shape(DgShapeCache *cache, const char *text, gsize text_len,
                          const PangoItem *item, PangoGlyphString *glyphs);

/* Words found and words shaped so far (for tests and the benchmark). */
void dg_shape_cache_stats(const DgShapeCache *cache, guint64 *hits, guint64 *misses);

G_END_DECLS
