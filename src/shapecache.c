/* shapecache.c — a word-level shaping cache in front of pango_shape.
 *
 * Model. HarfBuzz shapes a string in a font; for Latin, Greek, Cyrillic
 * and CJK text without font features, the glyphs of a word do not depend
 * on the words around it (no joining, no reordering across a space; CJK
 * characters are set one em each on their grid). So an item is cut into
 * words:
 *   - at every U+0020 or tab, which is a word of its own;
 *   - before and after every Han character and every mark of the CJK
 *     blocks, which is a word of one grapheme;
 *   - never before a combining mark, a variation selector or ZWJ/ZWNJ,
 *     nor after ZWJ/ZWNJ, so a grapheme cluster is never split.
 * Each word is shaped alone — with itself as context, never the
 * paragraph, so a word's glyphs are the same whether they come from the
 * cache or not and the output never depends on the order of a build —
 * and stored under (font, language, script, gravity, bytes).
 *
 * What it saves, measured with callgrind on content/cyberspace: pango_shape
 * over whole items cost ~115 M instructions (≈2,600 per cluster); with
 * the cache a cluster costs a hash lookup and a copy.
 *
 * What it costs: a kerning pair across a space (rare in EB Garamond,
 * absent in Noto CJK's horizontal forms) is lost — as in TeX, which
 * shapes word by word too. tests/unit/test_shapecache.c compares the
 * glyphs with whole-item shaping over the seed book.
 *
 * Rejected: caching whole paragraphs or pages (proves nothing on a book
 * whose paragraphs differ, issue 7), and caching per Pango item (items
 * are a sentence or a paragraph long: every one is new). */
#include "shapecache.h"

#include <string.h>

#include "script.h"

typedef struct {
  PangoFont *font;
  PangoLanguage *language;
  int script, gravity;
} WordFace;

/* Key: the face, then the word's bytes. */
typedef struct {
  guint hash;
  guint len;            /* bytes of data */
  char data[];          /* WordFace, then the word */
} Key;

typedef struct {
  int n;
  PangoGlyphInfo *glyphs;
  int *log_clusters;
} Word;

struct _DgShapeCache {
  GHashTable *words;    /* Key* → Word* */
  guint64 hits, misses;
};

static guint
key_hash(gconstpointer p)
{
  return ((const Key *)p)->hash;
}

static gboolean
key_equal(gconstpointer a, gconstpointer b)
{
  const Key *x = a, *y = b;
  return x->hash == y->hash && x->len == y->len && memcmp(x->data, y->data, x->len) == 0;
}

static void
word_free(gpointer p)
{
  Word *w = p;
  g_free(w->glyphs);
  g_free(w->log_clusters);
  g_free(w);
}

DgShapeCache *
dg_shape_cache_new(void)
{
  DgShapeCache *cache = g_new0(DgShapeCache, 1);
  cache->words = g_hash_table_new_full(key_hash, key_equal, g_free, word_free);
  return cache;
}

void
dg_shape_cache_free(DgShapeCache *cache)
{
  if (!cache)
    return;
  g_hash_table_destroy(cache->words);
  g_free(cache);
}

void
dg_shape_cache_stats(const DgShapeCache *cache, guint64 *hits, guint64 *misses)
{
  *hits = cache ? cache->hits : 0;
  *misses = cache ? cache->misses : 0;
}

/* --- which items may be cut into words ---------------------------------- */

static gboolean
word_safe_script(PangoScript s)
{
  switch (s) {
  case PANGO_SCRIPT_COMMON: case PANGO_SCRIPT_INHERITED: case PANGO_SCRIPT_LATIN:
  case PANGO_SCRIPT_GREEK: case PANGO_SCRIPT_CYRILLIC: case PANGO_SCRIPT_HAN:
  case PANGO_SCRIPT_HIRAGANA: case PANGO_SCRIPT_KATAKANA: case PANGO_SCRIPT_BOPOMOFO:
    return TRUE;
  default:
    return FALSE;
  }
}

/* Attributes pango_shape itself applies across characters. */
static gboolean
shaping_attrs(const PangoItem *item)
{
  for (GSList *l = item->analysis.extra_attrs; l; l = l->next) {
    switch (((const PangoAttribute *)l->data)->klass->type) {
    case PANGO_ATTR_FONT_FEATURES: case PANGO_ATTR_SHOW: case PANGO_ATTR_TEXT_TRANSFORM:
    case PANGO_ATTR_LETTER_SPACING:
      return TRUE;
    default:
      break;
    }
  }
  return FALSE;
}

static gboolean cluster_continues(gunichar c);

/* An item that starts inside a grapheme (a mark the font of the base
 * lacks, split off by font fallback) is shaped with the paragraph as
 * its context: HarfBuzz looks at the base before it. */
static gboolean
cacheable(const char *text, const PangoItem *item)
{
  return item->analysis.font != NULL && (item->analysis.level & 1) == 0
         && word_safe_script((PangoScript)item->analysis.script) && !shaping_attrs(item)
         && !cluster_continues(g_utf8_get_char(text + item->offset));
}

/* --- words ---------------------------------------------------------------- */

static gboolean
is_space(gunichar c)
{
  return c == ' ' || c == '\t';
}

static gboolean
is_joiner(gunichar c)
{
  return c == 0x200D || c == 0x200C;
}

/* Han characters and the marks of the CJK blocks. Curly quotes, dashes
 * and ellipses are shared with English ("country’s" kerns y’ and ’s in
 * EB Garamond), so they are not cut around; next to a Han character
 * they are cut anyway. */
static gboolean
cjk_unit(gunichar c)
{
  return dg_script_is_han(c) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF);
}

/* A character that belongs to the grapheme before it. */
static gboolean
cluster_continues(gunichar c)
{
  return g_unichar_ismark(c) || is_joiner(c) || (c >= 0xFE00 && c <= 0xFE0F)
         || (c >= 0xE0100 && c <= 0xE01EF);
}

/* May a word end between a and b? */
static gboolean
word_boundary(gunichar a, gunichar b)
{
  if (cluster_continues(b) || is_joiner(a))
    return FALSE;
  return is_space(a) || is_space(b) || cjk_unit(a) || cjk_unit(b);
}

/* The glyph string being filled: its storage is grown by
 * pango_glyph_string_set_size only when full (one call per word cost
 * more than the copy, measured), and num_glyphs set at the end. */
typedef struct {
  PangoGlyphString *gs;
  int used, cap;
} Out;

static void
append_glyphs(Out *out, const PangoGlyphInfo *glyphs, const int *clusters, int n, int offset)
{
  if (out->used + n > out->cap) {
    out->cap = MAX(out->used + n, 2 * out->cap);
    pango_glyph_string_set_size(out->gs, out->cap);
  }
  memcpy(out->gs->glyphs + out->used, glyphs, (gsize)n * sizeof *glyphs);
  for (int g = 0; g < n; g++)
    out->gs->log_clusters[out->used + g] = clusters[g] + offset;
  out->used += n;
}

/* Shapes one word alone (its own context) and appends it. */
static void
shape_word(const PangoItem *item, const char *word, int len, Out *out, int offset)
{
  PangoGlyphString *tmp = pango_glyph_string_new();
  pango_shape_with_flags(word, len, word, len, &item->analysis, tmp, PANGO_SHAPE_NONE);
  append_glyphs(out, tmp->glyphs, tmp->log_clusters, tmp->num_glyphs, offset);
  pango_glyph_string_free(tmp);
}

/* Fills `k` (room for the face and DG_SHAPE_CACHE_MAX_WORD_BYTES). */
static void
key_fill(Key *k, const PangoItem *item, const char *word, int len)
{
  WordFace face;
  memset(&face, 0, sizeof face);   /* padding bytes are hashed too */
  face.font = item->analysis.font;
  face.language = item->analysis.language;
  face.script = item->analysis.script;
  face.gravity = item->analysis.gravity;
  k->len = (guint)(sizeof face + (gsize)len);
  memcpy(k->data, &face, sizeof face);
  memcpy(k->data + sizeof face, word, (gsize)len);
  guint h = 2166136261u;   /* FNV-1a */
  for (guint i = 0; i < k->len; i++)
    h = (h ^ (guchar)k->data[i]) * 16777619u;
  k->hash = h;
}

static void
cached_word(DgShapeCache *cache, const PangoItem *item, const char *word, int len, Out *out,
            int offset)
{
  if (len > DG_SHAPE_CACHE_MAX_WORD_BYTES) {
    shape_word(item, word, len, out, offset);
    return;
  }
  union {
    Key key;
    char room[sizeof(Key) + sizeof(WordFace) + DG_SHAPE_CACHE_MAX_WORD_BYTES];
  } probe;
  key_fill(&probe.key, item, word, len);
  Word *w = g_hash_table_lookup(cache->words, &probe.key);
  if (w) {
    cache->hits++;
    append_glyphs(out, w->glyphs, w->log_clusters, w->n, offset);
    return;
  }
  cache->misses++;
  Key *k = g_memdup2(&probe.key, sizeof(Key) + probe.key.len);
  PangoGlyphString *tmp = pango_glyph_string_new();
  pango_shape_with_flags(word, len, word, len, &item->analysis, tmp, PANGO_SHAPE_NONE);
  w = g_new(Word, 1);
  w->n = tmp->num_glyphs;
  w->glyphs = g_memdup2(tmp->glyphs, (gsize)w->n * sizeof *w->glyphs);
  w->log_clusters = g_memdup2(tmp->log_clusters, (gsize)w->n * sizeof(int));
  pango_glyph_string_free(tmp);
  if (g_hash_table_size(cache->words) >= DG_SHAPE_CACHE_MAX_WORDS)
    g_hash_table_remove_all(cache->words);
  g_hash_table_insert(cache->words, k, w);
  append_glyphs(out, w->glyphs, w->log_clusters, w->n, offset);
}

void
dg_shape_cache_shape(DgShapeCache *cache, const char *text, gsize text_len,
                     const PangoItem *item, PangoGlyphString *glyphs)
{
  g_return_if_fail(text != NULL && item != NULL && glyphs != NULL);
  const char *s = text + item->offset;
  if (!cache || item->length <= 0 || !cacheable(text, item)) {
    pango_shape_with_flags(s, item->length, text, (int)text_len, &item->analysis, glyphs,
                           PANGO_SHAPE_NONE);
    return;
  }
  Out out = { glyphs, 0, item->num_chars + 4 };
  pango_glyph_string_set_size(glyphs, out.cap);
  const char *end = s + item->length, *word = s;
  gunichar prev = g_utf8_get_char(s);
  for (const char *p = g_utf8_next_char(s); p <= end; p = g_utf8_next_char(p)) {
    gunichar c = p < end ? g_utf8_get_char(p) : 0;
    if (p == end || word_boundary(prev, c)) {
      cached_word(cache, item, word, (int)(p - word), &out, (int)(word - s));
      word = p;
    }
    if (p == end)
      break;
    prev = c;
  }
  glyphs->num_glyphs = out.used;
}
