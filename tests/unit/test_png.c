/* test_png.c — the gray PNG encoder of the EPUB cover: a valid file
 * (signature, chunk CRCs, IHDR) whose pixels cairo reads back exactly. */
#include "dgtest.h"
#include "png.h"

#include <cairo.h>
#include <string.h>

typedef struct {
  const guint8 *data;
  gsize len, at;
} Reader;

static cairo_status_t
read_bytes(void *closure, unsigned char *data, unsigned int length)
{
  Reader *r = closure;
  if (r->at + length > r->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy(data, r->data + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

static void
test_round_trip(void **state)
{
  (void)state;
  enum { W = 37, H = 23, STRIDE = 40 };
  guint8 pixels[H * STRIDE];
  for (int y = 0; y < H; y++)
    for (int x = 0; x < STRIDE; x++)
      pixels[y * STRIDE + x] = (guint8)(x < W ? (x * 7 + y * 13) & 0xFF : 0xAA);
  g_autoptr(GBytes) png = dg_png_encode_gray(pixels, W, H, STRIDE);
  assert_non_null(png);
  gsize len;
  const guint8 *d = g_bytes_get_data(png, &len);
  assert_memory_equal(d, "\x89PNG\r\n\x1a\n", 8);
  assert_memory_equal(d + 12, "IHDR", 4);
  assert_int_equal(d[24], 8);   /* bit depth */
  assert_int_equal(d[25], 0);   /* gray */
  /* cairo (libpng) checks the CRCs and the zlib stream as it reads */
  Reader r = { d, len, 0 };
  cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_bytes, &r);
  assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
  assert_int_equal(cairo_image_surface_get_width(s), W);
  assert_int_equal(cairo_image_surface_get_height(s), H);
  const guint8 *px = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s);
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      guint32 argb;
      memcpy(&argb, px + y * stride + 4 * x, 4);
      assert_int_equal(argb & 0xFF, pixels[y * STRIDE + x]);   /* blue = gray */
    }
  cairo_surface_destroy(s);
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_round_trip),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
