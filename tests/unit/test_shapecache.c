/* test_shapecache.c — word-level shaping gives the glyphs whole-item
 * shaping gives: over the seed book and the stress text, in both
 * columns' fonts; grapheme clusters are never cut; the cache is used. */
#include "dgtest.h"
#include "shapecache.h"
#include "typeset.h"

#include <pango/pangocairo.h>
#include <string.h>

static PangoContext *
context_new(const char *lang)
{
  return dg_typeset_context_new(pango_cairo_font_map_get_default(), lang);
}

static GList *
itemize(PangoContext *ctx, const char *family, const char *text, PangoAttrList *extra)
{
  PangoAttrList *attrs = extra ? pango_attr_list_copy(extra) : pango_attr_list_new();
  PangoFontDescription *fd = pango_font_description_from_string(family);
  pango_font_description_set_size(fd, 11 * PANGO_SCALE);
  pango_attr_list_insert_before(attrs, pango_attr_font_desc_new(fd));
  pango_font_description_free(fd);
  GList *items = pango_itemize(ctx, text, 0, (int)strlen(text), attrs, NULL);
  pango_attr_list_unref(attrs);
  return items;
}

static gboolean
same_glyphs(const PangoGlyphString *a, const PangoGlyphString *b)
{
  if (a->num_glyphs != b->num_glyphs)
    return FALSE;
  for (int g = 0; g < a->num_glyphs; g++)
    if (a->glyphs[g].glyph != b->glyphs[g].glyph
        || a->glyphs[g].geometry.width != b->glyphs[g].geometry.width
        || a->glyphs[g].geometry.x_offset != b->glyphs[g].geometry.x_offset
        || a->glyphs[g].geometry.y_offset != b->glyphs[g].geometry.y_offset
        || a->log_clusters[g] != b->log_clusters[g])
      return FALSE;
  return TRUE;
}

/* Shapes every item of `text` whole and through `cache`; returns how
 * many items differ (and names the first). */
static int
compare_text(DgShapeCache *cache, PangoContext *ctx, const char *family, const char *text,
             PangoAttrList *extra)
{
  int differ = 0;
  GList *items = itemize(ctx, family, text, extra);
  for (GList *l = items; l; l = l->next) {
    PangoItem *item = l->data;
    PangoGlyphString *whole = pango_glyph_string_new(), *words = pango_glyph_string_new();
    pango_shape_with_flags(text + item->offset, item->length, text, (int)strlen(text),
                           &item->analysis, whole, PANGO_SHAPE_NONE);
    dg_shape_cache_shape(cache, text, strlen(text), item, words);
    if (!same_glyphs(whole, words) && differ++ == 0)
      print_message("differs: \"%.*s\"\n", MIN(item->length, 80), text + item->offset);
    pango_glyph_string_free(whole);
    pango_glyph_string_free(words);
  }
  g_list_free_full(items, (GDestroyNotify)pango_item_free);
  return differ;
}

static int
compare_file(DgShapeCache *cache, PangoContext *ctx, const char *family, const char *path)
{
  g_autofree char *text = NULL;
  assert_true(g_file_get_contents(path, &text, NULL, NULL));
  g_auto(GStrv) paras = g_strsplit(text, "\n", -1);
  int differ = 0;
  for (int i = 0; paras[i]; i++)
    if (*paras[i])
      differ += compare_text(cache, ctx, family, paras[i], NULL);
  return differ;
}

#define ZH_FAMILY "Noto Serif CJK SC"
#define EN_FAMILY "EB Garamond 12, Noto Serif CJK SC"

/* The seed book and the stress text, both columns: not one glyph moves,
 * and at least three words in four come from the cache. */
static void
test_same_as_whole(void **state)
{
  g_autoptr(DgShapeCache) cache = dg_shape_cache_new();
  PangoContext *zh = context_new("zh-cn"), *en = context_new("en");
  const char *books[] = { DG_TEST_DATA "/../../content/cyberspace",
                          DG_TEST_DATA "/typography/stress" };
  for (guint b = 0; b < G_N_ELEMENTS(books); b++) {
    g_autofree char *zp = g_build_filename(books[b], "zh-Hans.md", NULL);
    g_autofree char *ep = g_build_filename(books[b], "en.md", NULL);
    assert_int_equal(compare_file(cache, zh, ZH_FAMILY, zp), 0);
    assert_int_equal(compare_file(cache, en, EN_FAMILY, ep), 0);
  }
  guint64 hits, misses;
  dg_shape_cache_stats(cache, &hits, &misses);
  assert_true(misses > 500);
  assert_true(hits > 3 * misses);
  g_object_unref(zh);
  g_object_unref(en);
}

/* Combining marks, a variation selector after a Han character, ZWJ and
 * italic/bold runs: cut into words, still the same glyphs. */
static void
test_clusters_whole(void **state)
{
  g_autoptr(DgShapeCache) cache = dg_shape_cache_new();
  PangoContext *zh = context_new("zh-cn"), *en = context_new("en");
  const char *texts[] = {
    "cafe\u0301 na\u0308ive re\u0301sume\u0301 office affine “quoted” country’s",
    "葛\U000E0100城 辻\U000E0101 汉\u0301字 a\u200Db 网络空间「命运」——共同体……",
    "In 2019, IPv6 (RFC 8200) – see https://example.org/a_b?c=d#e.",
  };
  PangoAttrList *style = pango_attr_list_new();
  PangoAttribute *it = pango_attr_style_new(PANGO_STYLE_ITALIC);
  it->start_index = 3;
  it->end_index = 20;
  pango_attr_list_insert(style, it);
  for (guint i = 0; i < G_N_ELEMENTS(texts); i++) {
    assert_int_equal(compare_text(cache, zh, ZH_FAMILY, texts[i], NULL), 0);
    assert_int_equal(compare_text(cache, en, EN_FAMILY, texts[i], NULL), 0);
    assert_int_equal(compare_text(cache, en, EN_FAMILY, texts[i], style), 0);
  }
  pango_attr_list_unref(style);
  g_object_unref(zh);
  g_object_unref(en);
}

/* Font features (the `halt` probes) and right-to-left text bypass the
 * cache; a NULL cache shapes whole items. */
static void
test_bypass(void **state)
{
  g_autoptr(DgShapeCache) cache = dg_shape_cache_new();
  PangoContext *zh = context_new("zh-cn");
  PangoAttrList *feat = pango_attr_list_new();
  pango_attr_list_insert(feat, pango_attr_font_features_new("halt 1"));
  assert_int_equal(compare_text(cache, zh, ZH_FAMILY, "他说：「好。」", feat), 0);
  assert_int_equal(compare_text(cache, zh, ZH_FAMILY, "مرحبا بالعالم", NULL), 0);
  guint64 hits, misses;
  dg_shape_cache_stats(cache, &hits, &misses);
  assert_int_equal(hits + misses, 0);
  assert_int_equal(compare_text(NULL, zh, ZH_FAMILY, "网络 空间 network space", NULL), 0);
  pango_attr_list_unref(feat);
  g_object_unref(zh);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_same_as_whole),
    cmocka_unit_test(test_clusters_whole),
    cmocka_unit_test(test_bypass),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
