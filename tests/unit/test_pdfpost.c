/* test_pdfpost.c — the libqpdf post-pass: TrimBox and BleedBox on every
 * page, /Lang in the catalog, the structure tree kept, a deterministic
 * /ID (two passes over the same input give the same bytes). */
#include "dgtest.h"
#include "pdfpost.h"

#include <cairo-pdf.h>
#include <qpdf/qpdf-c.h>
#include <string.h>

/* A two-page tagged PDF from Cairo, 200 × 300 pt. */
static void
make_pdf(const char *path)
{
  cairo_surface_t *s = cairo_pdf_surface_create(path, 200, 300);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, "2019-10-01T00:00:00Z");
  cairo_t *cr = cairo_create(s);
  cairo_tag_begin(cr, "Document", NULL);
  for (int i = 0; i < 2; i++) {
    cairo_tag_begin(cr, "P", NULL);
    cairo_rectangle(cr, 50, 50, 20, 20);
    cairo_fill(cr);
    cairo_tag_end(cr, "P");
    cairo_show_page(cr);
  }
  cairo_tag_end(cr, "Document");
  cairo_destroy(cr);
  cairo_surface_finish(s);
  assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(s);
}

static char *
key_of(qpdf_data q, qpdf_oh dict, const char *key)
{
  return g_strdup(qpdf_oh_unparse(q, qpdf_oh_get_key(q, dict, key)));
}

static void
test_boxes_lang_structure(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *in = g_build_filename(dir, "in.pdf", NULL);
  g_autofree char *out = g_build_filename(dir, "out.pdf", NULL);
  make_pdf(in);
  DgPdfPost post = { { 10, 10, 190, 290 }, { 5, 5, 195, 295 }, "zh-Hans" };
  g_autoptr(GError) e = NULL;
  assert_true(dg_pdf_post(in, out, &post, &e));
  qpdf_data q = qpdf_init();
  qpdf_read(q, out, NULL);
  assert_false(qpdf_has_error(q));
  assert_int_equal(qpdf_get_num_pages(q), 2);
  for (int i = 0; i < 2; i++) {
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    g_autofree char *trim = key_of(q, page, "/TrimBox");
    g_autofree char *bleed = key_of(q, page, "/BleedBox");
    assert_string_equal(trim, "[ 10.000 10.000 190.000 290.000 ]");
    assert_string_equal(bleed, "[ 5.000 5.000 195.000 295.000 ]");
  }
  qpdf_oh root = qpdf_get_root(q);
  g_autofree char *lang = key_of(q, root, "/Lang");
  assert_string_equal(lang, "(zh-Hans)");
  assert_true(qpdf_oh_has_key(q, root, "/StructTreeRoot"));
  assert_true(qpdf_oh_has_key(q, qpdf_get_trailer(q), "/ID"));
  qpdf_cleanup(&q);
  dgtest_rmtree(dir);
}

static void
test_deterministic(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *in = g_build_filename(dir, "in.pdf", NULL);
  g_autofree char *a = g_build_filename(dir, "a.pdf", NULL);
  g_autofree char *b = g_build_filename(dir, "b.pdf", NULL);
  make_pdf(in);
  DgPdfPost post = { { 10, 10, 190, 290 }, { 10, 10, 190, 290 }, NULL };
  assert_true(dg_pdf_post(in, a, &post, NULL));
  assert_true(dg_pdf_post(in, b, &post, NULL));
  g_autofree char *x = NULL, *y = NULL;
  gsize nx = 0, ny = 0;
  assert_true(g_file_get_contents(a, &x, &nx, NULL));
  assert_true(g_file_get_contents(b, &y, &ny, NULL));
  assert_int_equal(nx, ny);
  assert_memory_equal(x, y, nx);
  dgtest_rmtree(dir);
}

static void
test_bad_input(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  dgtest_write(dir, "bad.pdf", "not a pdf at all");
  g_autofree char *in = g_build_filename(dir, "bad.pdf", NULL);
  g_autofree char *out = g_build_filename(dir, "out.pdf", NULL);
  DgPdfPost post = { { 0, 0, 1, 1 }, { 0, 0, 1, 1 }, NULL };
  g_autoptr(GError) e = NULL;
  assert_false(dg_pdf_post(in, out, &post, &e));
  assert_int_equal(e->code, DG_ERROR_IO);
  assert_non_null(strstr(e->message, "bad.pdf: error: PDF post-pass"));
  dgtest_rmtree(dir);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_boxes_lang_structure),
    cmocka_unit_test(test_deterministic),
    cmocka_unit_test(test_bad_input),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
