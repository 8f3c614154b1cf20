/* test_epub.c — the EPUB package: OCF rules, print twin (page-list and
 * cover), reproducibility, and epubcheck on the page-list path that the
 * command line cannot reach until the print side lands. */
#include "dgtest.h"
#include "epub.h"
#include "epubfont.h"

#include <cairo.h>
#include <hb.h>
#include <string.h>
#include <zip.h>

static DgBuildOptions
options(void)
{
  DgBuildOptions o = { DG_SOURCE_DIR, NULL, NULL, NULL, 1570000000 };
  return o;
}

static DgBook *
sample(void)
{
  g_autofree char *dir = g_build_filename(DG_TEST_DATA, "epub", "sample", NULL);
  g_autoptr(GError) e = NULL;
  DgBook *book = dg_book_load(dir, &e);
  assert_non_null(book);
  return book;
}

/* Segments start on pages 2, 2, 2, 3, 3, 3, ... (page 1 = title page);
 * one more page at the end, continuing the last segment. */
static DgPageMap *
made_up_map(const DgBook *book)
{
  DgPageMap *m = g_new0(DgPageMap, 1);
  m->n_segments = (int)book->segments->len;
  m->page_of_segment = g_new0(int, (gsize)m->n_segments);
  for (int i = 0; i < m->n_segments; i++)
    m->page_of_segment[i] = 2 + i / 3;
  m->n_pages = m->page_of_segment[m->n_segments - 1] + 1;
  return m;
}

static cairo_status_t
png_append(void *closure, const unsigned char *data, unsigned int len)
{
  g_byte_array_append(closure, data, len);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
made_up_png(void)
{
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 160, 240);
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 0.9, 0.85, 0.7);
  cairo_paint(cr);
  cairo_destroy(cr);
  GByteArray *a = g_byte_array_new();
  assert_int_equal(cairo_surface_write_to_png_stream(s, png_append, a), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(s);
  return g_byte_array_free_to_bytes(a);
}

static char *
entry(zip_t *za, const char *name)
{
  zip_stat_t st;
  assert_int_equal(zip_stat(za, name, 0, &st), 0);
  zip_file_t *f = zip_fopen(za, name, 0);
  assert_non_null(f);
  char *buf = g_malloc0(st.size + 1);
  assert_int_equal(zip_fread(f, buf, st.size), (zip_int64_t)st.size);
  zip_fclose(f);
  return buf;
}

static char *
write_epub(const DgBook *book, const DgPrintTwin *twin, const char *dir, const char *name)
{
  DgBuildOptions o = options();
  char *path = g_build_filename(dir, name, NULL);
  g_autoptr(GError) e = NULL;
  gboolean ok = dg_epub_write(book, &o, twin, path, &e);
  if (!ok)
    fail_msg("%s", e->message);
  return path;
}

static int
count(const char *hay, const char *needle)
{
  int n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

static void
test_ocf_mimetype_first_stored(void **state)
{
  g_autoptr(DgBook) book = sample();
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *path = write_epub(book, NULL, dir, "a.epub");
  /* OCF 3.3 §4.3: bytes 30.. of the file are "mimetype" then its content,
   * which only holds when the entry is first, stored, without extra field. */
  g_autofree char *raw = NULL;
  gsize len;
  assert_true(g_file_get_contents(path, &raw, &len, NULL));
  assert_true(len > 58);
  assert_memory_equal(raw + 30, "mimetypeapplication/epub+zip", 28);
  zip_t *za = zip_open(path, ZIP_RDONLY, NULL);
  assert_non_null(za);
  assert_string_equal(zip_get_name(za, 0, 0), "mimetype");
  zip_stat_t st;
  assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
  assert_int_equal(st.comp_method, ZIP_CM_STORE);
  assert_int_equal(zip_file_extra_fields_count(za, 0, ZIP_FL_LOCAL | ZIP_FL_CENTRAL), 0);
  assert_string_equal(zip_get_name(za, 1, 0), "META-INF/container.xml");
  g_autofree char *opf = entry(za, "EPUB/package.opf");
  /* No print twin: no page-list claims. */
  assert_null(strstr(opf, "printPageNumbers"));
  assert_null(strstr(opf, "source-of"));
  assert_null(strstr(opf, "cover-image"));
  assert_non_null(strstr(opf, "<meta property=\"dcterms:modified\">2019-10-02T07:06:40Z</meta>"));
  g_autofree char *nav = entry(za, "EPUB/nav.xhtml");
  assert_null(strstr(nav, "page-list"));
  zip_close(za);
  dgtest_rmtree(dir);
}

static void
test_same_bytes_twice(void **state)
{
  g_autoptr(DgBook) book = sample();
  g_autofree char *dir = dgtest_tmpdir();
  g_autoptr(DgPageMap) map = made_up_map(book);
  g_autoptr(GBytes) png = made_up_png();
  DgPrintTwin twin = { map, png };
  g_autofree char *a = write_epub(book, &twin, dir, "a.epub");
  g_autofree char *b = write_epub(book, &twin, dir, "b.epub");
  g_autofree char *da = NULL, *db = NULL;
  gsize la, lb;
  assert_true(g_file_get_contents(a, &da, &la, NULL));
  assert_true(g_file_get_contents(b, &db, &lb, NULL));
  assert_int_equal(la, lb);
  assert_memory_equal(da, db, la);
  dgtest_rmtree(dir);
}

static void
test_page_list_and_cover(void **state)
{
  g_autoptr(DgBook) book = sample();
  g_autofree char *dir = dgtest_tmpdir();
  g_autoptr(DgPageMap) map = made_up_map(book);
  g_autoptr(GBytes) png = made_up_png();
  DgPrintTwin twin = { map, png };
  g_autofree char *path = write_epub(book, &twin, dir, "p.epub");
  zip_t *za = zip_open(path, ZIP_RDONLY, NULL);
  g_autofree char *opf = entry(za, "EPUB/package.opf");
  assert_non_null(strstr(opf, "properties=\"cover-image\""));
  assert_non_null(strstr(opf, "property=\"source-of\">pagination</meta>"));
  assert_non_null(strstr(opf, ">printPageNumbers<"));
  assert_non_null(strstr(opf, ">pageNavigation<"));
  g_autofree char *nav = entry(za, "EPUB/nav.xhtml");
  assert_non_null(strstr(nav, "epub:type=\"page-list\""));
  assert_int_equal(count(nav, "#page"), map->n_pages);
  /* Every page in the list has its marker, exactly once, in some chapter. */
  GString *all = g_string_new(NULL);
  for (int c = 1;; c++) {
    g_autofree char *name = g_strdup_printf("EPUB/c%03d.xhtml", c);
    if (zip_name_locate(za, name, 0) < 0)
      break;
    g_autofree char *doc = entry(za, name);
    g_string_append(all, doc);
  }
  for (int p = 1; p <= map->n_pages; p++) {
    g_autofree char *id = g_strdup_printf("id=\"page%d\"", p);
    assert_int_equal(count(all->str, id), 1);
  }
  /* Page 2 starts at the first segment: its marker comes before s1. */
  assert_true(strstr(all->str, "id=\"page2\"") < strstr(all->str, "id=\"s1\""));
  g_string_free(all, TRUE);
  zip_stat_t st;
  assert_int_equal(zip_stat(za, "EPUB/images/cover.png", 0, &st), 0);
  assert_int_equal(st.size, g_bytes_get_size(png));
  zip_close(za);

  /* And the whole package passes epubcheck with nothing to report. */
  g_autofree char *jar = g_strdup("/usr/share/java/epubcheck.jar");
  assert_true(g_file_test(jar, G_FILE_TEST_EXISTS));
  const char *argv[] = { "java", "-jar", jar, path, NULL };
  g_autofree char *out = NULL, *err = NULL;
  int wait = 0;
  assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                           &out, &err, &wait, NULL));
  if (strstr(out, "Messages: 0 fatals / 0 errors / 0 warnings") == NULL)
    fail_msg("epubcheck:\n%s\n%s", out, err);
  dgtest_rmtree(dir);
}

static void
test_page_map_must_fit(void **state)
{
  g_autoptr(DgBook) book = sample();
  g_autofree char *dir = dgtest_tmpdir();
  g_autoptr(DgPageMap) map = made_up_map(book);
  map->n_segments--;                   /* a map of another book */
  DgPrintTwin twin = { map, NULL };
  DgBuildOptions o = options();
  g_autofree char *path = g_build_filename(dir, "bad.epub", NULL);
  g_autoptr(GError) e = NULL;
  assert_false(dg_epub_write(book, &o, &twin, path, &e));
  assert_non_null(strstr(e->message, "page map does not fit"));
  assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
  dgtest_rmtree(dir);
}

static void
test_font_subset_is_small(void **state)
{
  /* A subset holds the characters asked for and is a small fraction of
   * the >20 MB collection. */
  g_autoptr(GHashTable) chars = g_hash_table_new(g_direct_hash, g_direct_equal);
  dg_epubfont_add_text(chars, "<p>网络空间命运共同体</p>");
  assert_false(g_hash_table_contains(chars, GINT_TO_POINTER('p')));
  assert_true(g_hash_table_contains(chars, GINT_TO_POINTER(0x7F51)));
  const char *css = "@font-face { font-family: \"Noto Serif CJK SC\"; "
                    "src: url(fonts/sc.otf); }\n";
  g_autoptr(GError) e = NULL;
  GPtrArray *fonts = dg_epubfont_from_css(css, "t.css", NULL, chars, &e);
  assert_non_null(fonts);
  assert_int_equal(fonts->len, 1);
  DgEpubFont *f = fonts->pdata[0];
  assert_string_equal(f->media_type, "font/otf");
  assert_string_equal(f->href, "fonts/sc.otf");
  assert_true(g_bytes_get_size(f->data) < 200 * 1024);
  g_ptr_array_free(fonts, TRUE);
  /* A family that is not installed is an error at the rule's line. */
  const char *bad = "\n@font-face { font-family: NoSuchFamilyXyz; src: url(fonts/x.otf); }";
  assert_null(dg_epubfont_from_css(bad, "t.css", NULL, chars, &e));
  assert_non_null(strstr(e->message, "t.css:2:1: error: font 'NoSuchFamilyXyz'"));
}

static gboolean
face_has(GBytes *font, gunichar c)
{
  hb_blob_t *blob = hb_blob_create(g_bytes_get_data(font, NULL), (unsigned)g_bytes_get_size(font),
                                   HB_MEMORY_MODE_READONLY, NULL, NULL);
  hb_face_t *face = hb_face_create(blob, 0);
  hb_set_t *set = hb_set_create();
  hb_face_collect_unicodes(face, set);
  gboolean has = hb_set_has(set, c);
  hb_set_destroy(set);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return has;
}

/* Each face holds what is set in it: the bold face the characters of
 * headings and <strong>, the italic face those of <em>, the regular
 * face everything (a reader synthesises missing styles from it). */
static void
test_font_subset_per_face(void **state)
{
  g_autoptr(GHashTable) chars = g_hash_table_new(g_direct_hash, g_direct_equal);
  dg_epubfont_add_text(chars, "<?xml version=\"1.0\"?><h2 class=\"x\">标题<br/>章</h2>"
                              "<p>网络<em>空间</em><strong>命运</strong></p>");
  int f = GPOINTER_TO_INT(g_hash_table_lookup(chars, GINT_TO_POINTER(0x7AE0)));   /* 章 */
  assert_int_equal(f, DG_EPUB_CHAR_SEEN | DG_EPUB_CHAR_BOLD);
  f = GPOINTER_TO_INT(g_hash_table_lookup(chars, GINT_TO_POINTER(0x7F51)));       /* 网 */
  assert_int_equal(f, DG_EPUB_CHAR_SEEN);
  f = GPOINTER_TO_INT(g_hash_table_lookup(chars, GINT_TO_POINTER(0x7A7A)));       /* 空 */
  assert_int_equal(f, DG_EPUB_CHAR_SEEN | DG_EPUB_CHAR_ITALIC);
  const char *css = "@font-face { font-family: \"Noto Serif CJK SC\"; src: url(fonts/r.otf); }\n"
                    "@font-face { font-family: \"Noto Serif CJK SC\"; font-weight: bold; "
                    "src: url(fonts/b.otf); }\n";
  g_autoptr(GError) e = NULL;
  GPtrArray *fonts = dg_epubfont_from_css(css, "t.css", NULL, chars, &e);
  assert_non_null(fonts);
  assert_int_equal(fonts->len, 2);
  GBytes *regular = ((DgEpubFont *)fonts->pdata[0])->data;
  GBytes *bold = ((DgEpubFont *)fonts->pdata[1])->data;
  const gunichar all[] = { 0x6807, 0x7AE0, 0x7F51, 0x7A7A, 0x547D };   /* 标章网空命 */
  for (guint i = 0; i < G_N_ELEMENTS(all); i++)
    assert_true(face_has(regular, all[i]));
  assert_true(face_has(bold, 0x6807) && face_has(bold, 0x7AE0) && face_has(bold, 0x547D));
  assert_false(face_has(bold, 0x7F51));
  assert_false(face_has(bold, 0x7A7A));
  assert_true(face_has(bold, 'A'));   /* ASCII always: CSS-generated text */
  assert_true(g_bytes_get_size(bold) < g_bytes_get_size(regular));
  g_ptr_array_free(fonts, TRUE);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_ocf_mimetype_first_stored),
    cmocka_unit_test(test_same_bytes_twice),
    cmocka_unit_test(test_page_list_and_cover),
    cmocka_unit_test(test_page_map_must_fit),
    cmocka_unit_test(test_font_subset_is_small),
    cmocka_unit_test(test_font_subset_per_face),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
