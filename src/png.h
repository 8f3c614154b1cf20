/* png.h — a gray image as PNG bytes (the EPUB cover drawn by pdf.c). */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* `height` rows of `width` 8-bit gray pixels (0 black, 255 white), rows
 * `stride` bytes apart → a PNG file. NULL only if zlib fails. */
GBytes *dg_png_encode_gray(const guint8 *pixels, int width, int height, int stride);

G_END_DECLS
