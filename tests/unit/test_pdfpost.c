/* test_pdfpost.c — the libqpdf post-pass: TrimBox and BleedBox on every
 * page, /Lang in the catalog, the structure tree kept, a deterministic
 * /ID (two passes over the same input give the same bytes); neutral RGB
 * made gray token by token, the page group dropped only where nothing is
 * transparent, the output intent and /Trapped. */
#include "dgtest.h"
#include "pdfgray.h"
#include "pdfpost.h"

#include <cairo-pdf.h>
#include <qpdf/qpdf-c.h>
#include <stdlib.h>
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

/* The post-pass over the PDF `make` writes, opened with qpdf; the
 * temporary folder is removed at once (qpdf has read the file). */
static qpdf_data
posted(void (*make)(const char *), const DgPdfPost *post)
{
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *in = g_build_filename(dir, "in.pdf", NULL);
  g_autofree char *out = g_build_filename(dir, "out.pdf", NULL);
  make(in);
  g_autoptr(GError) e = NULL;
  assert_true(dg_pdf_post(in, out, post, &e));
  qpdf_data q = qpdf_init();
  qpdf_read(q, out, NULL);
  assert_false(qpdf_has_error(q));
  dgtest_rmtree(dir);
  return q;
}

static void
test_boxes_lang_structure(void **state)
{
  DgPdfPost post
      = { { 10, 10, 190, 290 }, { 5, 5, 195, 295 }, "zh-Hans", DG_INTENT_FOGRA39 };
  qpdf_data q = posted(make_pdf, &post);
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
}

static void
test_deterministic(void **state)
{
  g_autofree char *dir = dgtest_tmpdir();
  g_autofree char *in = g_build_filename(dir, "in.pdf", NULL);
  g_autofree char *a = g_build_filename(dir, "a.pdf", NULL);
  g_autofree char *b = g_build_filename(dir, "b.pdf", NULL);
  make_pdf(in);
  DgPdfPost post
      = { { 10, 10, 190, 290 }, { 10, 10, 190, 290 }, NULL, DG_INTENT_FOGRA39 };
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
  DgPdfPost post = { { 0, 0, 1, 1 }, { 0, 0, 1, 1 }, NULL, DG_INTENT_NONE };
  g_autoptr(GError) e = NULL;
  assert_false(dg_pdf_post(in, out, &post, &e));
  assert_int_equal(e->code, DG_ERROR_IO);
  assert_non_null(strstr(e->message, "bad.pdf: error: PDF post-pass"));
  dgtest_rmtree(dir);
}

/* The content rewritten by dg_pdf_gray_content, with its counts. */
static void
expect_gray(const char *in, const char *out, int rewritten, int kept)
{
  DgGrayStats st = { -1, -1 };
  g_autoptr(GError) e = NULL;
  g_autoptr(GBytes) b = dg_pdf_gray_content(in, strlen(in), &st, &e);
  assert_non_null(b);
  gsize n = 0;
  const char *d = g_bytes_get_data(b, &n);
  g_autofree char *got = g_strndup(d ? d : "", n);
  assert_string_equal(got, out);
  assert_int_equal(st.rewritten, rewritten);
  assert_int_equal(st.kept, kept);
}

static void
test_gray_content(void **state)
{
  /* what Cairo writes */
  expect_gray("q\n0 0 0 rg /a0 gs\nBT\n(x)Tj\nET\n0 0 0 RG 0.25 w\nQ\n",
              "q\n0 g /a0 gs\nBT\n(x)Tj\nET\n0 G 0.25 w\nQ\n", 2, 0);
  /* equal in value, not in spelling; the first spelling is kept */
  expect_gray("0.5 .5 0.50 rg", "0.5 g", 1, 0);
  expect_gray("1 1 1 RG\n", "1 G\n", 1, 0);
  /* a colour stays RGB */
  expect_gray("1 0 0 rg 0.2 0.2 0.3 RG", "1 0 0 rg 0.2 0.2 0.3 RG", 0, 2);
  /* strings and comments are not operators */
  expect_gray("(0 0 0 rg) Tj % 0 0 0 rg\n<30> Tj", "(0 0 0 rg) Tj % 0 0 0 rg\n<30> Tj", 0,
              0);
  expect_gray("(a\\) 0 0 0 rg) Tj 0 0 0 rg", "(a\\) 0 0 0 rg) Tj 0 g", 1, 0);
  /* inline image data is not content */
  expect_gray("BI /W 8 /H 1 /CS /G /BPC 8 ID 0 0 0 rg EI 0 0 0 rg",
              "BI /W 8 /H 1 /CS /G /BPC 8 ID 0 0 0 rg EI 0 g", 1, 0);
  expect_gray("BI /W 1 /H 1 /CS /RGB /BPC 8 ID abc EI",
              "BI /W 1 /H 1 /CS /RGB /BPC 8 ID abc EI", 0, 1);
  /* sc relies on the space rg set: that side keeps its rg */
  expect_gray("0 0 0 rg 0 0 0 RG 1 0 0 sc", "0 0 0 rg 0 G 1 0 0 sc", 1, 2);
  expect_gray("0 0 0 RG /P0 SCN 0 0 0 rg", "0 0 0 RG /P0 SCN 0 g", 1, 2);
  expect_gray("/DeviceGray cs 0.5 sc /Pattern CS", "/DeviceGray cs 0.5 sc /Pattern CS", 0,
              2);
  /* the wrong number of operands is not ours to mend */
  expect_gray("0 0 rg 0 0 0 0 RG /x 0 0 rg", "0 0 rg 0 0 0 0 RG /x 0 0 rg", 0, 3);
  expect_gray("", "", 0, 0);
}

/* The lexical rules of PDF 1.7 §7.2 that decide what is an operand, and
 * where inline image data ends: input, output, rewritten, kept. */
static const struct {
  const char *in, *out;
  int rewritten, kept;
} lexical[] = {
  /* names compare decoded; a bad #xx matches nothing, so is another space */
  { "/Device#47ray cs 0 0 0 rg /C#53 /RGB ID x EI",
    "/Device#47ray cs 0 g /C#53 /RGB ID x EI", 1, 1 },
  { "/Device#4 cs /DeviceGr#61y CS /DeviceGray#00 cs",
    "/Device#4 cs /DeviceGr#61y CS /DeviceGray#00 cs", 0, 2 },
  /* numbers as the standard spells them; `1e0` and `.` are operators */
  { "+1 1. 1.0 rg -0. 0 -.0 RG", "+1 g -0. G", 2, 0 },
  { "1e0 1 1 rg . .5 .5 rg", "1e0 1 1 rg . .5 .5 rg", 0, 2 },
  /* true and null are operands, not operators */
  { "true 0 0 rg null 0 0 0 rg", "true 0 0 rg null 0 0 0 rg", 0, 2 },
  /* nested parentheses, an escaped backslash, a string left open */
  { "(a(b)c) Tj 0 0 0 rg (x\\\\) Tj (0 0 0 rg", "(a(b)c) Tj 0 g (x\\\\) Tj (0 0 0 rg", 1,
    0 },
  /* hex strings; a bad byte ends a bad one, which keeps its bytes */
  { "<0a 1F> Tj 0 0 0 rg <zz 0 0 0 rg", "<0a 1F> Tj 0 g <zz 0 g", 2, 0 },
  /* a comment runs to the end of its line or of the stream */
  { "0 0 0 rg % 0 0 0 rg", "0 g % 0 0 0 rg", 1, 0 },
  { "0 %x\n 0 0 rg", "0 g", 1, 0 },
  /* stray closing delimiters are (bad) operands */
  { "0 0 0 rg) 0 0 0 rg", "0 g) 0 0 0 rg", 1, 1 },
  /* vertical tab is a regular character (§7.2.2), so this is one operator */
  { "0 0 0\vrg", "0 0 0\vrg", 0, 0 },
  { "0 0 0 rg 1 1 1 sh /P0 cs /DeviceCMYK CS /Pattern cs",
    "0 g 1 1 1 sh /P0 cs /DeviceCMYK CS /Pattern cs", 1, 3 },
  /* EI counts only followed by a delimiter; the tokens after it must
   * look like content (`d0` does not), as qpdf reads it */
  { "BI /W 1 /H 1 /CS /G ID \x01"
    "EI\x02 EI d0 EI 0 0 0 rg",
    "BI /W 1 /H 1 /CS /G ID \x01"
    "EI\x02 EI d0 EI 0 g",
    1, 0 },
  { "BI /W 1 /CS [/Indexed /RGB 1 <00ff>] ID x EI",
    "BI /W 1 /CS [/Indexed /RGB 1 <00ff>] ID x EI", 0, 1 },
  /* no EI, or none after the data: the rest of the stream is the image */
  { "BI /W 1 /H 1 /CS /G ID x 0 0 0 rg", "BI /W 1 /H 1 /CS /G ID x 0 0 0 rg", 0, 0 },
  { "BI /CS /G ID EI 0 0 0 rg", "BI /CS /G ID EI 0 0 0 rg", 0, 0 },
  { "0 0 0 rg BI ID", "0 g BI ID", 1, 0 },
};

static void
test_gray_lexical(void **state)
{
  for (gsize i = 0; i < G_N_ELEMENTS(lexical); i++)
    expect_gray(lexical[i].in, lexical[i].out, lexical[i].rewritten, lexical[i].kept);
}

/* Whatever the bytes: a result, and the input itself when nothing was
 * rewritten (rg/RG absent implies that). */
static void
expect_gray_safe(const guchar *in, gsize n)
{
  DgGrayStats st = { -1, -1 };
  g_autoptr(GBytes) b = dg_pdf_gray_content(in, n, &st, NULL);
  assert_non_null(b);
  gsize m = 0;
  const guchar *out = g_bytes_get_data(b, &m);
  gboolean rg = FALSE;
  for (gsize i = 0; i + 1 < n; i++)
    rg |= (in[i] == 'r' && in[i + 1] == 'g') || (in[i] == 'R' && in[i + 1] == 'G');
  assert_true(st.rewritten >= 0 && st.kept >= 0);
  assert_true(rg || st.rewritten == 0);
  if (st.rewritten == 0) {
    assert_int_equal(m, n);
    assert_true(n == 0 || memcmp(out, in, n) == 0);
  } else {
    assert_true(m < n);
  }
}

static void
test_gray_random(void **state)
{
  static const char *const alphabet[] = {
    "0",   "1",  ".5", "-0.",  "+1",   "1e3",       "-",          ".",    " ",  "\n",
    "\r",  "\t", "%",  "(",    ")",    "\\",        "<",          ">",    "<<", ">>",
    "[",   "]",  "{",  "}",    "/",    "#",         "#4",         "/CS",  "/G", "/RGB",
    "rg",  "RG", "g",  "sc",   "SCN",  "sh",        "cs",         "BI",   "ID", "EI",
    "EI ", "T*", "d0", "true", "null", "0 0 0 rg ", "1 1 1 RG\n", "<30>",
  };
  GRand *rand = g_rand_new_with_seed(2019);
  for (int k = 0; k < 2000; k++) {
    GByteArray *b = g_byte_array_new();
    gsize len = (gsize)g_rand_int_range(rand, 0, 201);
    while (b->len < len) {
      if (g_rand_int_range(rand, 0, 8) == 0) {
        guint8 c = (guint8)g_rand_int_range(rand, 0, 256);
        g_byte_array_append(b, &c, 1);
      } else {
        const char *t = alphabet[g_rand_int_range(rand, 0, G_N_ELEMENTS(alphabet))];
        g_byte_array_append(b, (const guint8 *)t, (guint)strlen(t));
      }
    }
    expect_gray_safe(b->data, MIN(b->len, len));
    g_byte_array_unref(b);
  }
  g_rand_free(rand);
  /* every prefix of a stream, cut inside each kind of token */
  static const char stream[] = "q 0 0 0 rg /F#31 1 Tf (a\\)(b)) Tj <0a1f> Tj % c\n"
                               "BI /W 1 /H 1 /CS /RGB ID \xff"
                               "EI\x01 EI 1 1 1 RG Q";
  for (gsize n = 0; n <= sizeof stream - 1; n++)
    expect_gray_safe((const guchar *)stream, n);
}

static void
test_intent_names(void **state)
{
  DgOutputIntent i = DG_INTENT_NONE;
  assert_true(dg_output_intent_from_name("FOGRA39", &i));
  assert_int_equal(i, DG_INTENT_FOGRA39);
  assert_true(dg_output_intent_from_name("none", &i));
  assert_int_equal(i, DG_INTENT_NONE);
  assert_false(dg_output_intent_from_name("fogra39", &i));
  assert_false(dg_output_intent_from_name("", &i));
  assert_non_null(strstr(dg_output_intent_names(), "CGATS21_CRPC6"));
}

/* Four pages: black text and a black stroke, and a gray group Cairo
 * draws as a form XObject; a red square; black at half opacity; an
 * image with an alpha channel. */
static void
square(cairo_t *cr, double r, double g, double b, double a)
{
  cairo_set_source_rgba(cr, r, g, b, a);
  cairo_rectangle(cr, 50, 50, 20, 20);
  cairo_fill(cr);
}

static void
make_colour_pdf(const char *path)
{
  cairo_surface_t *s = cairo_pdf_surface_create(path, 200, 300);
  cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE,
                                 "2019-10-01T00:00:00Z");
  cairo_t *cr = cairo_create(s);
  cairo_set_source_rgb(cr, 0, 0, 0);
  cairo_move_to(cr, 20, 40);
  cairo_show_text(cr, "0 0 0 rg");
  cairo_rectangle(cr, 10, 10, 30, 30);
  cairo_stroke(cr);
  cairo_push_group(cr);
  square(cr, 0.5, 0.5, 0.5, 1);
  cairo_pop_group_to_source(cr);
  cairo_paint(cr);
  cairo_show_page(cr);
  square(cr, 1, 0, 0, 1);
  cairo_show_page(cr);
  square(cr, 0, 0, 0, 0.5);
  cairo_show_page(cr);
  /* an opaque colour through an image with an alpha channel: a soft mask */
  cairo_surface_t *img = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 4, 4);
  cairo_t *ic = cairo_create(img);
  cairo_set_source_rgba(ic, 0, 0, 0, 0.25);
  cairo_paint(ic);
  cairo_destroy(ic);
  cairo_set_source_surface(cr, img, 50, 50);
  cairo_paint(cr);
  cairo_surface_destroy(img);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(s);
  assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy(s);
}

static char *
page_content(qpdf_data q, int n)
{
  unsigned char *buf = NULL;
  size_t len = 0;
  qpdf_oh_get_page_content_data(q, qpdf_get_page_n(q, (size_t)n), &buf, &len);
  char *s = g_strndup((const char *)buf, len);
  free(buf);
  return s;
}

static char *
first_form_content(qpdf_data q, qpdf_oh page)
{
  qpdf_oh res = qpdf_oh_get_key(q, page, "/Resources");
  qpdf_oh xobjects = qpdf_oh_get_key(q, res, "/XObject");
  qpdf_oh_begin_dict_key_iter(q, xobjects);
  assert_true(qpdf_oh_dict_more_keys(q));
  qpdf_oh form = qpdf_oh_get_key(q, xobjects, qpdf_oh_dict_next_key(q));
  unsigned char *buf = NULL;
  size_t len = 0;
  qpdf_oh_get_stream_data(q, form, qpdf_dl_generalized, NULL, &buf, &len);
  char *s = g_strndup((const char *)buf, len);
  free(buf);
  return s;
}

/* "0 0 0 rg" in `content` as an operator, not inside a string */
static gboolean
has_op(const char *content, const char *op)
{
  g_autofree char *nl = g_strconcat("\n", op, NULL);
  g_autofree char *sp = g_strconcat(" ", op, NULL);
  return strstr(content, nl) || strstr(content, sp);
}

static void
test_colour_and_groups(void **state)
{
  DgPdfPost post = { { 10, 10, 190, 290 }, { 5, 5, 195, 295 }, NULL, DG_INTENT_FOGRA39 };
  qpdf_data q = posted(make_colour_pdf, &post);
  g_autofree char *black = page_content(q, 0);
  g_autofree char *red = page_content(q, 1);
  g_autofree char *alpha = page_content(q, 2);
  assert_false(has_op(black, "rg\n") || has_op(black, "RG\n"));
  assert_true(has_op(black, "0 g") && has_op(black, "0 G"));
  assert_true(has_op(red, "1 0 0 rg"));
  /* black at half opacity is still made gray; its page keeps the group */
  assert_true(has_op(alpha, "0 g"));
  qpdf_oh p0 = qpdf_get_page_n(q, 0), p1 = qpdf_get_page_n(q, 1),
          p2 = qpdf_get_page_n(q, 2);
  /* Cairo drew the group as a form XObject without a group of its own:
   * opaque, and its gray is gray too */
  assert_false(qpdf_oh_has_key(q, p0, "/Group"));
  g_autofree char *form = first_form_content(q, p0);
  assert_non_null(strstr(form, "0.5 g"));
  assert_null(strstr(form, "rg"));
  assert_false(qpdf_oh_has_key(q, p1, "/Group"));
  assert_true(qpdf_oh_has_key(q, p2, "/Group"));
  assert_true(qpdf_oh_has_key(q, qpdf_get_page_n(q, 3), "/Group"));
  qpdf_oh root = qpdf_get_root(q);
  g_autofree char *intents = key_of(q, root, "/OutputIntents");
  assert_non_null(strstr(intents, "/OutputConditionIdentifier (FOGRA39)"));
  assert_non_null(strstr(intents, "/S /GTS_PDFX"));
  assert_non_null(strstr(intents, "/RegistryName (http://www.color.org)"));
  qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
  g_autofree char *trapped = key_of(q, info, "/Trapped");
  assert_string_equal(trapped, "/False");
  g_autofree char *created = key_of(q, info, "/CreationDate");
  assert_true(g_str_has_prefix(created, "(D:2019"));
  /* no version is claimed: see pdfpost.c */
  assert_false(qpdf_oh_has_key(q, info, "/GTS_PDFXVersion"));
  qpdf_cleanup(&q);
}

static void
test_no_intent(void **state)
{
  DgPdfPost post = { { 10, 10, 190, 290 }, { 10, 10, 190, 290 }, NULL, DG_INTENT_NONE };
  qpdf_data q = posted(make_pdf, &post);
  assert_false(qpdf_oh_has_key(q, qpdf_get_root(q), "/OutputIntents"));
  /* a page painted in black alone loses its group */
  assert_false(qpdf_oh_has_key(q, qpdf_get_page_n(q, 0), "/Group"));
  qpdf_cleanup(&q);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_boxes_lang_structure),
    cmocka_unit_test(test_deterministic),
    cmocka_unit_test(test_bad_input),
    cmocka_unit_test(test_gray_content),
    cmocka_unit_test(test_gray_lexical),
    cmocka_unit_test(test_gray_random),
    cmocka_unit_test(test_intent_names),
    cmocka_unit_test(test_colour_and_groups),
    cmocka_unit_test(test_no_intent),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
