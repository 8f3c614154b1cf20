/* epub.c — the e-reader edition: documents → an EPUB 3.3 package → a zip.
 *
 * The package (EPUB 3.3 §3, OCF §4):
 *   mimetype                 first entry, stored, exactly application/epub+zip
 *   META-INF/container.xml   points at EPUB/package.opf
 *   EPUB/package.opf         metadata, manifest, spine
 *   EPUB/nav.xhtml toc.ncx   navigation (the NCX for EPUB 2 readers)
 *   EPUB/style.css           templates/epub-base.css + templates/<name>.css
 *   EPUB/cover.xhtml titlepage.xhtml c001.xhtml ...   (xhtml.c writes them)
 *   EPUB/images/cover.png EPUB/fonts/...              when there are any
 *
 * Reproducibility. Same input, same bytes: entries are added in a fixed
 * order with fixed compression (mimetype and PNG stored, the rest deflated
 * at level 9), a fixed DOS timestamp computed in UTC from the build epoch
 * (zip_file_set_mtime would go through localtime and make the bytes
 * depend on the machine's time zone), fixed Unix permissions, and no
 * random identifier: without one in book.ini the identifier is a
 * name-based (version 5, SHA-1) UUID of the book id. dcterms:modified is
 * the build epoch too, never the clock.
 *
 * Print correspondence. With a page map from the print side the documents
 * carry page-break markers, nav.xhtml a page-list, and the package names
 * its pagination source (EPUB Accessibility 1.1 §5: dc:source refined as
 * source-of pagination) and the printPageNumbers/pageNavigation features.
 * Without one, none of these appear: claiming page navigation without a
 * page-list would be false metadata. */
#include "epub.h"
#include "epubfont.h"
#include "output.h"
#include "xhtml.h"

#include <string.h>
#include <zip.h>

#define DG_EPUB_CSS "style.css"
#define DG_EPUB_COVER_IMAGE "images/cover.png"

typedef struct {
  char *name;                /* path inside the zip */
  GBytes *data;
  gboolean store;            /* stored: mimetype (OCF), already-compressed data */
} Entry;

typedef struct {
  const DgBook *book;
  const DgBuildOptions *opts;
  const DgPrintTwin *twin;
  DgXhtmlOptions xo;
  DgXhtmlPlan *plan;
  char *identifier;
  char *css;
  GPtrArray *fonts;          /* DgEpubFont* */
  GPtrArray *entries;        /* Entry* in zip order */
  GHashTable *chars;         /* every character the documents show */
} Pack;

static void
entry_free(gpointer p)
{
  Entry *e = p;
  g_free(e->name);
  g_bytes_unref(e->data);
  g_free(e);
}

static void
add_entry(Pack *pk, const char *name, GBytes *data, gboolean store)
{
  Entry *e = g_new0(Entry, 1);
  e->name = g_strdup(name);
  e->data = data;
  e->store = store;
  g_ptr_array_add(pk->entries, e);
}

/* Adds an owned string as an entry and records the characters it shows. */
static void
add_text(Pack *pk, const char *name, char *text)
{
  if (g_str_has_suffix(name, ".xhtml"))
    dg_epubfont_add_text(pk->chars, text);
  add_entry(pk, name, g_bytes_new_take(text, strlen(text)), FALSE);
}

static void
pack_clear(Pack *pk)
{
  dg_xhtml_plan_free(pk->plan);
  g_free(pk->identifier);
  g_free(pk->css);
  if (pk->fonts)
    g_ptr_array_free(pk->fonts, TRUE);
  g_ptr_array_free(pk->entries, TRUE);
  g_hash_table_destroy(pk->chars);
}

/* ---- identifier, dates ------------------------------------------------ */

/* RFC 4122 §4.3: name-based UUID, SHA-1, in the URL namespace. */
static char *
uuid_v5(const char *name)
{
  static const guint8 ns_url[16] = { 0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1,
                                     0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8 };
  g_autoptr(GChecksum) sha = g_checksum_new(G_CHECKSUM_SHA1);
  g_checksum_update(sha, ns_url, sizeof ns_url);
  g_checksum_update(sha, (const guchar *)name, (gssize)strlen(name));
  guint8 h[20];
  gsize n = sizeof h;
  g_checksum_get_digest(sha, h, &n);
  h[6] = (guint8)((h[6] & 0x0F) | 0x50);
  h[8] = (guint8)((h[8] & 0x3F) | 0x80);
  return g_strdup_printf("urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                         "%02x%02x%02x%02x%02x%02x", h[0], h[1], h[2], h[3], h[4], h[5],
                         h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
}

static char *
identifier(const DgBook *book, const DgXhtmlOptions *xo)
{
  if (book->identifier && *book->identifier)
    return g_strdup(book->identifier);
  /* A one-language edition is another publication: another identifier. */
  g_autofree char *name = xo->only_lang >= 0
    ? g_strdup_printf("https://diglot.invalid/book/%s/%s", book->id,
                      book->languages[xo->only_lang])
    : g_strdup_printf("https://diglot.invalid/book/%s", book->id);
  return uuid_v5(name);
}

static char *
format_epoch(gint64 epoch, const char *fmt)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(MAX(epoch, 0));
  return g_date_time_format(dt, fmt);
}

/* ---- package document ------------------------------------------------- */

static void
xml_elem(GString *out, const char *open, const char *value, const char *close)
{
  g_string_append(out, open);
  dg_xhtml_escape(out, value, -1);
  g_string_append(out, close);
}

static void
opf_titles(GString *out, Pack *pk)
{
  const DgBook *book = pk->book;
  int n = 0;
  for (int l = 0; l < book->n_languages; l++) {
    if (!dg_xhtml_uses_lang(&pk->xo, l))
      continue;
    const char *t = dg_book_get_meta(book, "title", l);
    if (t == NULL && n > 0)
      continue;
    g_string_append_printf(out, "    <dc:title id=\"title%d\" xml:lang=\"%s\">", ++n,
                           book->languages[l]);
    xml_elem(out, "", t ? t : book->id, "</dc:title>\n");
  }
  for (int l = 0; l < book->n_languages; l++)
    if (dg_xhtml_uses_lang(&pk->xo, l))
      g_string_append_printf(out, "    <dc:language>%s</dc:language>\n", book->languages[l]);
}

/* The author once, in the edition's first language; other scripts as
 * alternate-script refinements (EPUB 3.3 §D.3.2), not as more creators. */
static void
opf_creator(GString *out, Pack *pk)
{
  const DgBook *book = pk->book;
  int first = dg_xhtml_first_lang(&pk->xo);
  const char *a = dg_book_get_meta(book, "author", first);
  if (a == NULL)
    return;
  g_string_append_printf(out, "    <dc:creator id=\"creator\" xml:lang=\"%s\">",
                         book->languages[first]);
  xml_elem(out, "", a, "</dc:creator>\n");
  g_string_append(out, "    <meta refines=\"#creator\" property=\"role\" "
                  "scheme=\"marc:relators\">aut</meta>\n");
  for (int l = 0; l < book->n_languages; l++) {
    const char *o = dg_book_get_meta(book, "author", l);
    if (l == first || !dg_xhtml_uses_lang(&pk->xo, l) || o == NULL || strcmp(o, a) == 0)
      continue;
    g_string_append_printf(out, "    <meta refines=\"#creator\" property=\"alternate-script\""
                           " xml:lang=\"%s\">", book->languages[l]);
    xml_elem(out, "", o, "</meta>\n");
  }
}

/* A value in the edition's first language, else in any of its languages
 * (book.ini may give rights[en] alone). */
static const char *
edition_meta(Pack *pk, const char *key, int *lang)
{
  *lang = dg_xhtml_first_lang(&pk->xo);
  const char *v = dg_book_get_meta(pk->book, key, *lang);
  for (int l = 0; v == NULL && l < pk->book->n_languages; l++)
    if (dg_xhtml_uses_lang(&pk->xo, l) && (v = dg_book_get_meta(pk->book, key, l)))
      *lang = l;
  return v;
}

static void
opf_plain_meta(GString *out, Pack *pk)
{
  static const char *const keys[] = { "publisher", "rights", "description" };
  for (gsize k = 0; k < G_N_ELEMENTS(keys); k++) {
    int l;
    const char *v = edition_meta(pk, keys[k], &l);
    if (v == NULL)
      continue;
    g_string_append_printf(out, "    <dc:%s xml:lang=\"%s\">", keys[k], pk->book->languages[l]);
    g_autofree char *close = g_strdup_printf("</dc:%s>\n", keys[k]);
    xml_elem(out, "", v, close);
  }
  gint64 epoch = dg_build_epoch(pk->book, pk->opts);
  g_autofree char *date = pk->book->date ? g_strdup(pk->book->date)
                                         : format_epoch(epoch, "%Y-%m-%d");
  xml_elem(out, "    <dc:date>", date, "</dc:date>\n");
  g_autofree char *mod = format_epoch(epoch, "%Y-%m-%dT%H:%M:%SZ");
  g_string_append_printf(out, "    <meta property=\"dcterms:modified\">%s</meta>\n", mod);
}

/* The print edition the page-list follows: its ISBN when book.ini has
 * one, else a description naming the template it was typeset with. */
static void
opf_pagination_source(GString *out, Pack *pk)
{
  g_autofree char *v = g_key_file_get_value(pk->book->ini, "book", "print-isbn", NULL);
  g_autofree char *src = v ? g_strdup_printf("urn:isbn:%s", g_strstrip(v))
                           : g_strdup_printf("%s (print edition, diglot template %s)",
                                             pk->identifier,
                                             dg_build_template_name(pk->book, pk->opts));
  xml_elem(out, "    <dc:source id=\"print-source\">", src, "</dc:source>\n");
  g_string_append(out, "    <meta refines=\"#print-source\" property=\"source-of\">"
                  "pagination</meta>\n");
}

static void
a11y_meta(GString *out, const char *prop, const char *value)
{
  g_string_append_printf(out, "    <meta property=\"schema:%s\">%s</meta>\n", prop, value);
}

/* EPUB Accessibility 1.1 §2.2: discovery metadata. No dcterms:conformsTo:
 * nobody has evaluated this output against WCAG, so no claim is made. */
static void
opf_a11y(GString *out, Pack *pk)
{
  gboolean cover = pk->twin && pk->twin->cover_png;
  gboolean pages = pk->plan->chapter_of_page != NULL;
  a11y_meta(out, "accessMode", "textual");
  if (cover)
    a11y_meta(out, "accessMode", "visual");
  a11y_meta(out, "accessModeSufficient", "textual");
  a11y_meta(out, "accessibilityFeature", "structuralNavigation");
  a11y_meta(out, "accessibilityFeature", "tableOfContents");
  a11y_meta(out, "accessibilityFeature", "readingOrder");
  if (cover)
    a11y_meta(out, "accessibilityFeature", "alternativeText");
  if (pages) {
    a11y_meta(out, "accessibilityFeature", "printPageNumbers");
    a11y_meta(out, "accessibilityFeature", "pageNavigation");
  }
  a11y_meta(out, "accessibilityHazard", "none");
  g_string_append_printf(out, "    <meta property=\"schema:accessibilitySummary\">"
                         "Reflowable text in %s with its language marked on every block; "
                         "headings, a table of contents and footnotes are navigable%s.%s"
                         "</meta>\n",
                         pk->xo.only_lang >= 0 ? "one language" : "parallel translation",
                         pages ? ", and print page numbers are marked" : "",
                         cover ? " The cover is the only image and has a text alternative."
                               : " There are no images.");
}

static void
opf_metadata(GString *out, Pack *pk)
{
  g_string_append(out, "  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
  xml_elem(out, "    <dc:identifier id=\"bookid\">", pk->identifier, "</dc:identifier>\n");
  opf_titles(out, pk);
  opf_creator(out, pk);
  opf_plain_meta(out, pk);
  if (pk->plan->chapter_of_page)
    opf_pagination_source(out, pk);
  opf_a11y(out, pk);
  if (pk->twin && pk->twin->cover_png)
    g_string_append(out, "    <meta name=\"cover\" content=\"cover-image\"/>\n");
  g_string_append(out, "  </metadata>\n");
}

static void
opf_item(GString *out, const char *id, const char *href, const char *type,
         const char *props)
{
  g_string_append_printf(out, "    <item id=\"%s\" href=\"", id);
  dg_xhtml_escape(out, href, -1);
  g_string_append_printf(out, "\" media-type=\"%s\"%s%s%s/>\n", type,
                         props ? " properties=\"" : "", props ? props : "",
                         props ? "\"" : "");
}

static void
opf_manifest(GString *out, Pack *pk, gboolean cover)
{
  const char *x = "application/xhtml+xml";
  g_string_append(out, "  <manifest>\n");
  opf_item(out, "nav", "nav.xhtml", x, "nav");
  opf_item(out, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
  opf_item(out, "css", DG_EPUB_CSS, "text/css", NULL);
  if (cover) {
    opf_item(out, "cover", "cover.xhtml", x, NULL);
    opf_item(out, "cover-image", DG_EPUB_COVER_IMAGE, "image/png", "cover-image");
  }
  opf_item(out, "titlepage", "titlepage.xhtml", x, NULL);
  for (guint i = 0; i < pk->plan->chapters->len; i++) {
    const DgXhtmlChapter *c = pk->plan->chapters->pdata[i];
    g_autofree char *id = g_strdup_printf("c%03u", i + 1);
    opf_item(out, id, c->file, x, NULL);
  }
  for (guint i = 0; i < pk->fonts->len; i++) {
    const DgEpubFont *f = pk->fonts->pdata[i];
    g_autofree char *id = g_strdup_printf("font%u", i + 1);
    opf_item(out, id, f->href, f->media_type, NULL);
  }
  g_string_append(out, "  </manifest>\n");
}

static char *
opf(Pack *pk)
{
  gboolean cover = pk->twin && pk->twin->cover_png;
  GString *out = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf(out, "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\""
                         " unique-identifier=\"bookid\" xml:lang=\"%s\" dir=\"ltr\">\n",
                         pk->book->languages[dg_xhtml_first_lang(&pk->xo)]);
  opf_metadata(out, pk);
  opf_manifest(out, pk, cover);
  g_string_append(out, "  <spine toc=\"ncx\">\n");
  if (cover)
    g_string_append(out, "    <itemref idref=\"cover\"/>\n");
  g_string_append(out, "    <itemref idref=\"titlepage\"/>\n    <itemref idref=\"nav\"/>\n");
  for (guint i = 0; i < pk->plan->chapters->len; i++)
    g_string_append_printf(out, "    <itemref idref=\"c%03u\"/>\n", i + 1);
  g_string_append(out, "  </spine>\n</package>\n");
  return g_string_free(out, FALSE);
}

/* ---- NCX (EPUB 2 readers) --------------------------------------------- */

static void
ncx_label(GString *out, Pack *pk, const DgSegment *seg)
{
  g_string_append(out, "<navLabel><text>");
  gboolean first = TRUE;
  for (int l = 0; l < pk->book->n_languages; l++) {
    if (!dg_xhtml_uses_lang(&pk->xo, l))
      continue;
    g_autofree char *t = dg_xhtml_plain_text(seg->blocks[l]);
    if (!first)
      g_string_append(out, " / ");
    dg_xhtml_escape(out, t, -1);
    first = FALSE;
  }
  g_string_append(out, "</text></navLabel>");
}

static void
ncx_nav_map(GString *out, Pack *pk, const int *depth, int *max_depth)
{
  const DgBook *book = pk->book;
  int cur = 0, order = 0;
  for (guint i = 0; i < book->segments->len; i++) {
    if (depth[i] == 0)
      continue;
    for (; cur >= depth[i]; cur--)
      g_string_append(out, "</navPoint>\n");
    const DgSegment *seg = book->segments->pdata[i];
    const DgXhtmlChapter *c = pk->plan->chapters->pdata[pk->plan->chapter_of_segment[i]];
    ++order;
    g_string_append_printf(out, "<navPoint id=\"np%d\" playOrder=\"%d\">", order, order);
    ncx_label(out, pk, seg);
    g_string_append_printf(out, "<content src=\"%s#%s\"/>\n", c->file, seg->anchor);
    cur = depth[i];
    *max_depth = MAX(*max_depth, cur);
  }
  for (; cur > 0; cur--)
    g_string_append(out, "</navPoint>\n");
  if (order == 0) {
    const DgXhtmlChapter *c = pk->plan->chapters->pdata[0];
    g_string_append_printf(out, "<navPoint id=\"np1\" playOrder=\"1\"><navLabel><text>");
    dg_xhtml_escape(out, pk->book->id, -1);
    g_string_append_printf(out, "</text></navLabel><content src=\"%s\"/></navPoint>\n", c->file);
    *max_depth = 1;
  }
}

static char *
ncx(Pack *pk)
{
  g_autofree int *depth = dg_xhtml_toc_depths(pk->book);
  GString *map = g_string_new(NULL);
  int max_depth = 1;
  ncx_nav_map(map, pk, depth, &max_depth);
  GString *out = g_string_new("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append(out, "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n"
                  "<head>\n");
  xml_elem(out, "<meta name=\"dtb:uid\" content=\"", pk->identifier, "\"/>\n");
  g_string_append_printf(out, "<meta name=\"dtb:depth\" content=\"%d\"/>\n"
                         "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                         "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n",
                         max_depth);
  const char *title = dg_book_get_meta(pk->book, "title", dg_xhtml_first_lang(&pk->xo));
  xml_elem(out, "<docTitle><text>", title ? title : pk->book->id, "</text></docTitle>\n");
  g_string_append_printf(out, "<navMap>\n%s</navMap>\n</ncx>\n", map->str);
  g_string_free(map, TRUE);
  return g_string_free(out, FALSE);
}

/* ---- stylesheet, documents -------------------------------------------- */

static gboolean
read_css(const char *path, GString *css, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(path, &text, NULL, &local)) {
    DgPos pos = { path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_INPUT, &pos, "cannot read the EPUB stylesheet: %s",
                    local->message);
    return FALSE;
  }
  g_string_append_printf(css, "/* %s */\n%s\n", strrchr(path, '/') ? strrchr(path, '/') + 1
                                                                   : path, text);
  return TRUE;
}

/* One stylesheet: the shared base, then the template's own rules. */
static gboolean
load_css(Pack *pk, char **template_path, GError **error)
{
  const char *name = dg_build_template_name(pk->book, pk->opts);
  g_autofree char *css_name = g_strdup_printf("%s.css", name);
  g_autofree char *base = g_build_filename(pk->opts->data_dir, "templates", "epub-base.css",
                                           NULL);
  *template_path = g_build_filename(pk->opts->data_dir, "templates", css_name, NULL);
  GString *css = g_string_new("@charset \"UTF-8\";\n");
  gboolean ok = read_css(base, css, error) && read_css(*template_path, css, error);
  pk->css = g_string_free(css, !ok);
  return ok;
}

static void
add_documents(Pack *pk)
{
  const DgBook *book = pk->book;
  gboolean cover = pk->twin && pk->twin->cover_png;
  add_text(pk, "EPUB/nav.xhtml", dg_xhtml_nav(book, &pk->xo, pk->plan, cover, DG_EPUB_CSS));
  add_text(pk, "EPUB/toc.ncx", ncx(pk));
  if (cover)
    add_text(pk, "EPUB/cover.xhtml",
             dg_xhtml_cover(book, &pk->xo, DG_EPUB_COVER_IMAGE, DG_EPUB_CSS));
  add_text(pk, "EPUB/titlepage.xhtml", dg_xhtml_titlepage(book, &pk->xo, DG_EPUB_CSS));
  for (guint i = 0; i < pk->plan->chapters->len; i++) {
    const DgXhtmlChapter *c = pk->plan->chapters->pdata[i];
    g_autofree char *name = g_strdup_printf("EPUB/%s", c->file);
    add_text(pk, name, dg_xhtml_chapter(book, &pk->xo, pk->plan, i, DG_EPUB_CSS));
  }
}

/* Every entry in its final order: mimetype, container, package first (a
 * reading system streaming the zip finds them at once), then the rest. */
static gboolean
assemble(Pack *pk, GError **error)
{
  static const char mimetype[] = "application/epub+zip";
  static const char container[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "  <rootfiles>\n"
    "    <rootfile full-path=\"EPUB/package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
    "  </rootfiles>\n</container>\n";
  g_autofree char *css_path = NULL;
  if (!load_css(pk, &css_path, error))
    return FALSE;
  add_entry(pk, "mimetype", g_bytes_new_static(mimetype, sizeof mimetype - 1), TRUE);
  add_entry(pk, "META-INF/container.xml",
            g_bytes_new_static(container, sizeof container - 1), FALSE);
  guint opf_at = pk->entries->len;
  add_documents(pk);
  g_autofree char *fonts_conf = g_build_filename(pk->opts->data_dir, "fonts", "fonts.conf",
                                                 NULL);
  pk->fonts = dg_epubfont_from_css(pk->css, css_path, fonts_conf, pk->chars, error);
  if (pk->fonts == NULL)
    return FALSE;
  /* The package document lists the fonts, so it is made last and moved
   * to its place in the order. */
  char *package = opf(pk);
  add_entry(pk, "EPUB/package.opf", g_bytes_new_take(package, strlen(package)), FALSE);
  Entry *e = g_ptr_array_steal_index(pk->entries, pk->entries->len - 1);
  g_ptr_array_insert(pk->entries, (gint)opf_at, e);
  add_entry(pk, "EPUB/" DG_EPUB_CSS, g_bytes_new_take(g_strdup(pk->css), strlen(pk->css)),
            FALSE);
  if (pk->twin && pk->twin->cover_png)
    add_entry(pk, "EPUB/" DG_EPUB_COVER_IMAGE, g_bytes_ref(pk->twin->cover_png), TRUE);
  for (guint i = 0; i < pk->fonts->len; i++) {
    const DgEpubFont *f = pk->fonts->pdata[i];
    g_autofree char *name = g_strdup_printf("EPUB/%s", f->href);
    add_entry(pk, name, g_bytes_ref(f->data), FALSE);
  }
  return TRUE;
}

/* ---- the zip ---------------------------------------------------------- */

/* MS-DOS date and time fields of `epoch` in UTC; DOS time starts in 1980. */
static void
dos_time(gint64 epoch, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(MAX(epoch, 315532800));
  *dtime = (zip_uint16_t)((g_date_time_get_hour(dt) << 11) |
                          (g_date_time_get_minute(dt) << 5) |
                          (g_date_time_get_second(dt) / 2));
  *ddate = (zip_uint16_t)(((g_date_time_get_year(dt) - 1980) << 9) |
                          (g_date_time_get_month(dt) << 5) |
                          g_date_time_get_day_of_month(dt));
}

static gboolean
zip_fail(GError **error, const char *path, zip_error_t *ze)
{
  DgPos pos = { path, 0, 0 };
  dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot write the EPUB: %s",
                  zip_error_strerror(ze));
  return FALSE;
}

static gboolean
add_to_zip(zip_t *za, const Entry *e, zip_uint16_t dtime, zip_uint16_t ddate)
{
  gsize len;
  const void *data = g_bytes_get_data(e->data, &len);
  zip_source_t *src = zip_source_buffer(za, data, len, 0);
  if (src == NULL)
    return FALSE;
  zip_int64_t idx = zip_file_add(za, e->name, src, ZIP_FL_ENC_UTF_8);
  if (idx < 0) {
    zip_source_free(src);
    return FALSE;
  }
  zip_uint64_t i = (zip_uint64_t)idx;
  return zip_set_file_compression(za, i, e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                  e->store ? 0 : 9) == 0 &&
         zip_file_set_dostime(za, i, dtime, ddate, 0) == 0 &&
         zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX,
                                          (zip_uint32_t)0100644 << 16) == 0;
}

static gboolean
write_zip(Pack *pk, const char *temp, const char *path, GError **error)
{
  int zerr = 0;
  zip_t *za = zip_open(temp, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
  if (za == NULL) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, zerr);
    gboolean r = zip_fail(error, path, &ze);
    zip_error_fini(&ze);
    return r;
  }
  zip_uint16_t dtime, ddate;
  dos_time(dg_build_epoch(pk->book, pk->opts), &dtime, &ddate);
  for (guint i = 0; i < pk->entries->len; i++)
    if (!add_to_zip(za, pk->entries->pdata[i], dtime, ddate)) {
      zip_fail(error, path, zip_get_error(za));
      zip_discard(za);
      return FALSE;
    }
  if (zip_close(za) != 0) {
    zip_fail(error, path, zip_get_error(za));
    zip_discard(za);
    return FALSE;
  }
  return TRUE;
}

/* ---- entry point ------------------------------------------------------ */

static gboolean
check_page_map(const DgBook *book, const DgPageMap *map, GError **error)
{
  gboolean ok = map->n_segments == (int)book->segments->len && map->n_pages >= 1;
  for (int i = 0; ok && i < map->n_segments; i++)
    ok = map->page_of_segment[i] >= 1 && map->page_of_segment[i] <= map->n_pages &&
         (i == 0 || map->page_of_segment[i] >= map->page_of_segment[i - 1]);
  if (!ok) {
    DgPos pos = { book->ini_path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_INPUT, &pos,
                    "the print page map does not fit the book (%d segments, %d pages)",
                    map->n_segments, map->n_pages);
  }
  return ok;
}

static gboolean
edition_options(const DgBook *book, const DgBuildOptions *opts, const DgPrintTwin *twin,
                DgXhtmlOptions *xo, GError **error)
{
  xo->only_lang = -1;
  if (opts->lang) {
    xo->only_lang = dg_book_lang_index(book, opts->lang);
    if (xo->only_lang < 0) {
      g_set_error(error, DG_ERROR, DG_ERROR_USAGE,
                  "diglot: error: --lang %s: the book has no such language", opts->lang);
      return FALSE;
    }
  }
  /* Without --layout the template's name says it (interleaved-a5). */
  const char *layout = opts->layout ? opts->layout : dg_build_template_name(book, opts);
  xo->stacked = g_str_has_prefix(layout, "interleaved");
  xo->pages = twin ? twin->pages : NULL;
  return xo->pages == NULL || check_page_map(book, xo->pages, error);
}

gboolean
dg_epub_write(const DgBook *book, const DgBuildOptions *opts, const DgPrintTwin *twin,
              const char *path, GError **error)
{
  g_return_val_if_fail(book != NULL && opts != NULL && path != NULL, FALSE);
  Pack pk = { book, opts, twin, { 0 }, NULL, NULL, NULL, NULL, NULL, NULL };
  if (!edition_options(book, opts, twin, &pk.xo, error))
    return FALSE;
  pk.plan = dg_xhtml_plan_new(book, pk.xo.pages);
  pk.identifier = identifier(book, &pk.xo);
  pk.entries = g_ptr_array_new_with_free_func(entry_free);
  pk.chars = g_hash_table_new(g_direct_hash, g_direct_equal);
  gboolean ok = assemble(&pk, error);
  g_autoptr(DgOutput) out = ok ? dg_output_new(path, error) : NULL;
  ok = out && write_zip(&pk, dg_output_get_temp_path(out), path, error) &&
       dg_output_commit(out, error);
  pack_clear(&pk);
  return ok;
}
