/* epubfont.c — @font-face rules → subset font files for the EPUB.
 *
 * Why subsets: a whole Noto Serif CJK face is over 20 MB; a book uses a
 * few thousand characters at most, and the EPUB spec lets a publisher
 * embed only what is needed. hb-subset keeps the glyphs of those
 * characters (plus what their layout features reach, e.g. vertical and
 * proportional forms) and rewrites the tables; CFF stays CFF, so the media
 * type follows the result's first four bytes ('OTTO' = font/otf).
 *
 * Which fonts: the stylesheet is the one declaration. A template that
 * wants embedding writes ordinary @font-face rules with src url(fonts/X);
 * we read family/weight/style from the rule, ask fontconfig for that face
 * (a pinned fonts.conf when the project has one) and refuse a family that
 * is not installed rather than ship a CSS rule pointing at nothing
 * (epubcheck RSC-007). The alternative, a separate list of files in the
 * template .ini, would say the same thing twice and drift.
 *
 * Obfuscation (IDPF font mangling) is not applied: it protects nothing
 * for OFL fonts and is a source of reader bugs; the spec makes it optional. */
#include "epubfont.h"
#include "error.h"

#include <fontconfig/fontconfig.h>
#include <hb-subset.h>
#include <hb.h>
#include <stdlib.h>
#include <string.h>

void
dg_epub_font_free(DgEpubFont *font)
{
  if (font == NULL)
    return;
  g_free(font->href);
  g_free(font->family);
  g_free(font->media_type);
  if (font->data)
    g_bytes_unref(font->data);
  g_free(font);
}

/* Elements that epub-base.css and the reading systems' defaults set
 * bold or italic. */
static const char *const bold_elements[] = { "h1", "h2", "h3", "h4", "h5", "h6", "strong",
                                             "b", "th", NULL };
static const char *const italic_elements[] = { "em", "i", "cite", "dfn", "var", NULL };

static gboolean
named(const char *name, gsize n, const char *const *list)
{
  for (int i = 0; list[i]; i++)
    if (strlen(list[i]) == n && g_ascii_strncasecmp(name, list[i], n) == 0)
      return TRUE;
  return FALSE;
}

/* One tag, `p` just after its '<' and `end` at its '>': opens or closes
 * a bold or italic element (the writer's XHTML is well formed, so depth
 * counting is exact; declarations, comments and empty tags change
 * nothing). */
static void
follow_tag(const char *p, const char *end, int *bold, int *italic)
{
  if (*p == '!' || *p == '?' || end[-1] == '/')
    return;
  int step = 1;
  if (*p == '/') {
    step = -1;
    p++;
  }
  gsize n = 0;
  while (p + n < end && g_ascii_isalnum(p[n]))
    n++;
  if (named(p, n, bold_elements))
    *bold = MAX(0, *bold + step);
  if (named(p, n, italic_elements))
    *italic = MAX(0, *italic + step);
}

void
dg_epubfont_add_text(GHashTable *chars, const char *text)
{
  int bold = 0, italic = 0;
  for (const char *p = text; p && *p; p = g_utf8_next_char(p)) {
    if (*p == '<') {
      const char *end = strchr(p, '>');
      if (end == NULL)
        return;
      follow_tag(p + 1, end, &bold, &italic);
      p = end;
      continue;
    }
    gunichar c = g_utf8_get_char(p);
    if (c <= 0x20)
      continue;
    gpointer key = GINT_TO_POINTER((gint)c);
    int flags = GPOINTER_TO_INT(g_hash_table_lookup(chars, key)) | DG_EPUB_CHAR_SEEN
                | (bold ? DG_EPUB_CHAR_BOLD : 0) | (italic ? DG_EPUB_CHAR_ITALIC : 0);
    g_hash_table_insert(chars, key, GINT_TO_POINTER(flags));
  }
}

static void
add_ascii(hb_set_t *set)
{
  /* Printable ASCII always: entities, numbers and CSS-generated text
   * (list markers, note numbers) use it without it being in the text. */
  for (hb_codepoint_t c = 0x20; c < 0x7F; c++)
    hb_set_add(set, c);
}

GBytes *
dg_epubfont_subset_file(const char *path, int index, GHashTable *chars, int want,
                        GError **error)
{
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  DgPos pos = { path, 0, 0 };
  if (blob == NULL) {
    dg_set_error_at(error, DG_ERROR_FONT, &pos, "cannot read font file");
    return NULL;
  }
  hb_face_t *face = hb_face_create(blob, (unsigned)index);
  hb_blob_destroy(blob);
  hb_subset_input_t *input = hb_subset_input_create_or_fail();
  hb_set_t *set = hb_subset_input_unicode_set(input);
  add_ascii(set);
  GHashTableIter it;
  gpointer key, flags;
  g_hash_table_iter_init(&it, chars);
  while (g_hash_table_iter_next(&it, &key, &flags))
    if ((GPOINTER_TO_INT(flags) & want) == want)
      hb_set_add(set, (hb_codepoint_t)GPOINTER_TO_INT(key));
  hb_face_t *sub = hb_subset_or_fail(face, input);
  hb_subset_input_destroy(input);
  hb_face_destroy(face);
  if (sub == NULL) {
    dg_set_error_at(error, DG_ERROR_FONT, &pos, "hb-subset failed on face %d", index);
    return NULL;
  }
  hb_blob_t *out = hb_face_reference_blob(sub);
  unsigned len = 0;
  const char *data = hb_blob_get_data(out, &len);
  GBytes *bytes = g_bytes_new(data, len);
  hb_blob_destroy(out);
  hb_face_destroy(sub);
  return bytes;
}

/* ---- the @font-face rules ---------------------------------------------- */

typedef struct {
  char *family, *url;
  int weight;               /* CSS 100..900 */
  gboolean italic;
  DgPos pos;
} FaceRule;

static char *
descriptor(const char *body, const char *name)
{
  const char *p = body;
  gsize n = strlen(name);
  while ((p = strstr(p, name)) != NULL) {
    const char *q = p + n;
    gboolean starts = p == body || strchr(" \t\n\r{;", p[-1]) != NULL;
    while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
      q++;
    if (starts && *q == ':') {
      const char *end = strchr(q + 1, ';');
      g_autofree char *v = end ? g_strndup(q + 1, (gsize)(end - q - 1)) : g_strdup(q + 1);
      return g_strdup(g_strstrip(v));
    }
    p += n;
  }
  return NULL;
}

static char *
unquote(const char *s)
{
  gsize n = strlen(s);
  if (n >= 2 && (s[0] == '"' || s[0] == '\'') && s[n - 1] == s[0])
    return g_strndup(s + 1, n - 2);
  return g_strdup(s);
}

static char *
first_url(const char *src)
{
  const char *u = src ? strstr(src, "url(") : NULL;
  if (u == NULL)
    return NULL;
  const char *end = strchr(u + 4, ')');
  if (end == NULL)
    return NULL;
  g_autofree char *raw = g_strndup(u + 4, (gsize)(end - u - 4));
  return unquote(g_strstrip(raw));
}

static int
css_weight(const char *w)
{
  if (w == NULL || g_ascii_strcasecmp(w, "normal") == 0)
    return 400;
  if (g_ascii_strcasecmp(w, "bold") == 0)
    return 700;
  int v = atoi(w);
  return v >= 100 && v <= 900 ? v : 400;
}

static int
line_of(const char *text, const char *at)
{
  int line = 1;
  for (const char *p = text; p < at; p++)
    line += *p == '\n';
  return line;
}

static gboolean
parse_rule(const char *css, const char *at, const char *body, const char *css_path,
           FaceRule *r, GError **error)
{
  g_autofree char *family = descriptor(body, "font-family");
  g_autofree char *src = descriptor(body, "src");
  g_autofree char *weight = descriptor(body, "font-weight");
  g_autofree char *style = descriptor(body, "font-style");
  r->pos = (DgPos){ css_path, line_of(css, at), 1 };
  r->url = first_url(src);
  if (r->url == NULL || !g_str_has_prefix(r->url, "fonts/"))
    return TRUE;            /* not ours to embed: left as the author wrote it */
  if (family == NULL || strstr(r->url, "..") != NULL) {
    dg_set_error_at(error, DG_ERROR_INPUT, &r->pos,
                    "@font-face needs a font-family and a url(fonts/NAME) src");
    return FALSE;
  }
  r->family = unquote(family);
  r->weight = css_weight(weight);
  r->italic = style && (strstr(style, "italic") || strstr(style, "oblique"));
  return TRUE;
}

static FcConfig *
font_config(const char *fonts_conf)
{
  if (fonts_conf && g_file_test(fonts_conf, G_FILE_TEST_EXISTS)) {
    FcConfig *cfg = FcConfigCreate();
    if (FcConfigParseAndLoad(cfg, (const FcChar8 *)fonts_conf, FcTrue) &&
        FcConfigBuildFonts(cfg))
      return cfg;
    FcConfigDestroy(cfg);
  }
  return FcInitLoadConfigAndFonts();
}

static gboolean
family_matches(FcPattern *match, const char *family)
{
  FcChar8 *f = NULL;
  for (int i = 0; FcPatternGetString(match, FC_FAMILY, i, &f) == FcResultMatch; i++)
    if (g_ascii_strcasecmp((const char *)f, family) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
face_fits(FcPattern *p, const FaceRule *r)
{
  double weight = 0;
  int slant = FC_SLANT_ROMAN;
  FcPatternGetDouble(p, FC_WEIGHT, 0, &weight);
  FcPatternGetInteger(p, FC_SLANT, 0, &slant);
  double want = FcWeightFromOpenTypeDouble(r->weight);
  return family_matches(p, r->family) && ABS(weight - want) <= 30 &&
         (slant != FC_SLANT_ROMAN) == r->italic;
}

/* The file and face index for the rule: the first face in fontconfig's
 * order of preference that has the family, weight and slant asked for.
 * FcFontMatch alone is not enough: it happily returns a regular face to
 * be emboldened, and an embedded "bold" that is regular is a lie. */
static gboolean
find_face(FcConfig *cfg, const FaceRule *r, char **path, int *index)
{
  FcPattern *pat = FcPatternCreate();
  FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)r->family);
  FcPatternAddDouble(pat, FC_WEIGHT, FcWeightFromOpenTypeDouble(r->weight));
  FcPatternAddInteger(pat, FC_SLANT, r->italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  FcConfigSubstitute(cfg, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult res;
  FcFontSet *set = FcFontSort(cfg, pat, FcFalse, NULL, &res);
  FcPatternDestroy(pat);
  gboolean ok = FALSE;
  for (int i = 0; set && !ok && i < set->nfont; i++) {
    FcChar8 *file = NULL;
    ok = face_fits(set->fonts[i], r) &&
         FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) == FcResultMatch &&
         FcPatternGetInteger(set->fonts[i], FC_INDEX, 0, index) == FcResultMatch;
    if (ok)
      *path = g_strdup((const char *)file);
  }
  if (set)
    FcFontSetDestroy(set);
  return ok;
}

static DgEpubFont *
embed(FcConfig *cfg, const FaceRule *r, GHashTable *chars, GError **error)
{
  g_autofree char *path = NULL;
  int index = 0;
  if (!find_face(cfg, r, &path, &index)) {
    dg_set_error_at(error, DG_ERROR_FONT, &r->pos,
                    "font '%s' (weight %d%s) is not installed", r->family, r->weight,
                    r->italic ? ", italic" : "");
    return NULL;
  }
  int want = (r->weight >= 600 ? DG_EPUB_CHAR_BOLD : 0) | (r->italic ? DG_EPUB_CHAR_ITALIC : 0);
  GBytes *data = dg_epubfont_subset_file(path, index, chars, want, error);
  if (data == NULL)
    return NULL;
  DgEpubFont *f = g_new0(DgEpubFont, 1);
  gsize len;
  const char *d = g_bytes_get_data(data, &len);
  f->media_type = g_strdup(len >= 4 && memcmp(d, "OTTO", 4) == 0 ? "font/otf" : "font/ttf");
  f->href = g_strdup(r->url);
  f->family = g_strdup(r->family);
  f->data = data;
  return f;
}

static gboolean
already(GPtrArray *fonts, const char *href)
{
  for (guint i = 0; i < fonts->len; i++)
    if (strcmp(((DgEpubFont *)fonts->pdata[i])->href, href) == 0)
      return TRUE;
  return FALSE;
}

GPtrArray *
dg_epubfont_from_css(const char *css, const char *css_path, const char *fonts_conf,
                     GHashTable *chars, GError **error)
{
  GPtrArray *fonts = g_ptr_array_new_with_free_func((GDestroyNotify)dg_epub_font_free);
  FcConfig *cfg = NULL;
  gboolean ok = TRUE;
  for (const char *at = strstr(css, "@font-face"); ok && at; at = strstr(at + 1, "@font-face")) {
    const char *open = strchr(at, '{'), *close = open ? strchr(open, '}') : NULL;
    if (close == NULL)
      break;
    g_autofree char *body = g_strndup(open + 1, (gsize)(close - open - 1));
    FaceRule r = { 0 };
    ok = parse_rule(css, at, body, css_path, &r, error);
    if (ok && r.family && !already(fonts, r.url)) {
      if (cfg == NULL)
        cfg = font_config(fonts_conf);
      DgEpubFont *f = embed(cfg, &r, chars, error);
      ok = f != NULL;
      if (f)
        g_ptr_array_add(fonts, f);
    }
    g_free(r.family);
    g_free(r.url);
  }
  if (cfg)
    FcConfigDestroy(cfg);
  if (!ok) {
    g_ptr_array_free(fonts, TRUE);
    return NULL;
  }
  return fonts;
}
