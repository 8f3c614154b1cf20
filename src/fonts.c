/* fonts.c — the pinned font set and glyph coverage.
 *
 * Model: diglot never asks the machine's default fontconfig setup for a
 * font. It builds a private FcConfig from fonts/fonts.conf, which lists
 * the Debian font directories the templates use and fonts/ itself, and
 * hands it to a PangoCairo font map. So the fonts a PDF is set in are an
 * input of the build, like the manuscripts: a machine with extra fonts
 * produces the same bytes, and a machine missing one fails loudly.
 *
 * Checks: a family named by a template must match by name (fontconfig
 * always returns *something*, so we compare the family it returns);
 * otherwise the error names the package from fonts/MANIFEST. Coverage is
 * the union of the charsets of every face of every family in a list,
 * computed once per list and cached: a character outside it would print
 * as a box, so it is an error at its source position.
 *
 * Rejected: letting Pango's own fallback decide. It silently picks any
 * installed font (AR PL ZenKai appeared for Han text in English runs on
 * this machine), which is exactly the dependence on the machine we avoid. */
#include "fonts.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <string.h>

struct _DgFonts {
  FcConfig *config;
  PangoFontMap *font_map;
  GHashTable *packages;        /* family → "package (file)" */
  GHashTable *coverage;        /* family list → FcCharSet* */
};

void
dg_fonts_free(DgFonts *fonts)
{
  if (fonts == NULL)
    return;
  g_clear_object(&fonts->font_map);
  if (fonts->config)
    FcConfigDestroy(fonts->config);
  g_clear_pointer(&fonts->packages, g_hash_table_unref);
  g_clear_pointer(&fonts->coverage, g_hash_table_unref);
  g_free(fonts);
}

static void
load_manifest(DgFonts *fonts, const char *path)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return;
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (int i = 0; lines[i]; i++) {
    if (lines[i][0] == '#')
      continue;
    g_auto(GStrv) f = g_strsplit(lines[i], "|", 3);
    if (g_strv_length(f) != 3)
      continue;
    g_hash_table_insert(fonts->packages, g_strdup(g_strstrip(f[0])),
                        g_strdup_printf("package %s (%s)", g_strstrip(f[1]),
                                        g_strstrip(f[2])));
  }
}

DgFonts *
dg_fonts_new(const char *data_dir, GError **error)
{
  g_autofree char *conf = g_build_filename(data_dir, "fonts", "fonts.conf", NULL);
  g_autofree char *manifest = g_build_filename(data_dir, "fonts", "MANIFEST", NULL);
  g_autoptr(DgFonts) fonts = g_new0(DgFonts, 1);
  fonts->packages = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  fonts->coverage = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify)FcCharSetDestroy);
  fonts->config = FcConfigCreate();
  if (!g_file_test(conf, G_FILE_TEST_IS_REGULAR)
      || !FcConfigParseAndLoad(fonts->config, (const FcChar8 *)conf, FcTrue)
      || !FcConfigBuildFonts(fonts->config)) {
    g_set_error(error, DG_ERROR, DG_ERROR_FONT,
                "%s: error: cannot load the font configuration", conf);
    return NULL;
  }
  load_manifest(fonts, manifest);
  /* Pango's font map calls FcInit() on creation, which loads the
   * machine's whole default configuration (measured: 25 M instructions,
   * a tenth of typesetting the seed book) only for us never to use it.
   * With ours made current, FcInit() finds a configuration and returns;
   * Cairo's own pattern lookups then see the pinned fonts too. */
  FcConfigSetCurrent(fonts->config);
  fonts->font_map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
  pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(fonts->font_map), fonts->config);
  return g_steal_pointer(&fonts);
}

PangoFontMap *
dg_fonts_get_font_map(DgFonts *fonts)
{
  return fonts->font_map;
}

/* The family fontconfig actually has for `family`, compared by name. */
static gboolean
family_installed(DgFonts *fonts, const char *family)
{
  FcPattern *pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
  FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, NULL);
  FcFontSet *set = FcFontList(fonts->config, pat, os);
  gboolean found = set != NULL && set->nfont > 0;
  if (set)
    FcFontSetDestroy(set);
  FcObjectSetDestroy(os);
  FcPatternDestroy(pat);
  return found;
}

gboolean
dg_fonts_require(DgFonts *fonts, const char *families, const char *where,
                 GError **error)
{
  g_auto(GStrv) list = g_strsplit(families, ",", -1);
  for (int i = 0; list[i]; i++) {
    const char *family = g_strstrip(list[i]);
    if (*family == '\0' || family_installed(fonts, family))
      continue;
    const char *pkg = g_hash_table_lookup(fonts->packages, family);
    g_set_error(error, DG_ERROR, DG_ERROR_FONT,
                "%s: error: font '%s' is not installed; it is provided by %s", where,
                family, pkg ? pkg : "no package listed in fonts/MANIFEST (put the file in fonts/)");
    return FALSE;
  }
  return TRUE;
}

static void
add_family_charset(DgFonts *fonts, FcCharSet *all, const char *family)
{
  FcPattern *pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)family);
  FcObjectSet *os = FcObjectSetBuild(FC_CHARSET, NULL);
  FcFontSet *set = FcFontList(fonts->config, pat, os);
  for (int i = 0; set && i < set->nfont; i++) {
    FcCharSet *cs = NULL;
    if (FcPatternGetCharSet(set->fonts[i], FC_CHARSET, 0, &cs) == FcResultMatch)
      FcCharSetMerge(all, cs, NULL);
  }
  if (set)
    FcFontSetDestroy(set);
  FcObjectSetDestroy(os);
  FcPatternDestroy(pat);
}

static FcCharSet *
coverage_of(DgFonts *fonts, const char *families)
{
  FcCharSet *all = g_hash_table_lookup(fonts->coverage, families);
  if (all)
    return all;
  all = FcCharSetCreate();
  g_auto(GStrv) list = g_strsplit(families, ",", -1);
  for (int i = 0; list[i]; i++)
    add_family_charset(fonts, all, g_strstrip(list[i]));
  g_hash_table_insert(fonts->coverage, g_strdup(families), all);
  return all;
}

/* Characters that are never drawn as glyphs: controls, format marks,
 * line and paragraph separators. Pango renders them invisible. */
static gboolean
needs_glyph(gunichar c)
{
  if (c == ' ' || c == 0xA0)
    return TRUE;
  switch (g_unichar_type(c)) {
  case G_UNICODE_CONTROL:
  case G_UNICODE_FORMAT:
  case G_UNICODE_LINE_SEPARATOR:
  case G_UNICODE_PARAGRAPH_SEPARATOR:
    return FALSE;
  default:
    return !g_unichar_isspace(c);
  }
}

gboolean
dg_fonts_covers(DgFonts *fonts, const char *families, gunichar c)
{
  return !needs_glyph(c) || FcCharSetHasChar(coverage_of(fonts, families), c);
}

/* The source position of byte `off` of the block's text: the innermost
 * text span holding it, plus the bytes before it on that span's line. */
static DgPos
position_of(const DgBlock *block, gsize off)
{
  DgPos pos = block->pos;
  DgInlineIter it;
  dg_inline_iter_init(&it, block);
  DgEvent ev;
  while ((ev = dg_inline_iter_next(&it)) != DG_EVENT_NONE) {
    const DgInline *n = dg_inline_iter_node(&it);
    if (ev != DG_EVENT_ENTER || n->kind != DG_INLINE_TEXT || off < n->start
        || off >= n->end || n->pos.line <= 0)
      continue;
    pos = n->pos;
    if (pos.col > 0)
      pos.col += (int)(off - n->start);
  }
  return pos;
}

gboolean
dg_fonts_check_block(DgFonts *fonts, const char *families, const DgBlock *block,
                     GError **error)
{
  /* the charset once per block, not once per character: looking it up
   * hashes the family list, which cost more than the test itself */
  const FcCharSet *all = coverage_of(fonts, families);
  for (const char *p = block->text; *p; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (FcCharSetHasChar(all, c) || !needs_glyph(c))
      continue;
    DgPos pos = position_of(block, (gsize)(p - block->text));
    char buf[8] = { 0 };
    g_unichar_to_utf8(c, buf);
    dg_set_error_at(error, DG_ERROR_FONT, &pos, "no font covers U+%04X '%s' (fonts: %s)",
                    c, buf, families);
    return FALSE;
  }
  return TRUE;
}
