/* hb_floor.c — the shaping floor: HarfBuzz alone over a book's text.
 *
 * `make bench` compares diglot's wall time with the least work any
 * typesetter of this text must do: turning every paragraph's characters
 * into positioned glyphs once, with the fonts the templates use. This
 * program does only that — hb_shape() on each paragraph of each
 * manuscript, Chinese with the CJK face, English with the Latin face, no
 * itemisation, line breaking, font fallback or output — and prints the
 * time of a cold pass (fonts just opened, shape plans not yet cached: what
 * one diglot process pays) and of the best of a few warm passes.
 *
 * Paragraphs are the manuscript's blank-line separated blocks with their
 * Markdown block markers removed; inline markup characters are left in,
 * a few bytes per paragraph, which is noise next to the text.
 *
 * Usage: hb_floor BOOK_DIR ZH_FONT[:INDEX] EN_FONT[:INDEX] [PASSES]
 * Last line of output, for scripts: "floor_ms=<cold> warm_ms=<best> glyphs=<n>". */
#define _POSIX_C_SOURCE 200809L
#include <glib.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct {
  hb_font_t *font;
  hb_language_t lang;
  GPtrArray *paragraphs;   /* char* */
} Manuscript;

static double
now_ms(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static hb_font_t *
open_font(const char *spec)
{
  g_autofree char *path = g_strdup(spec);
  unsigned index = 0;
  char *colon = strrchr(path, ':');
  if (colon) {
    *colon = '\0';
    index = (unsigned)atoi(colon + 1);
  }
  hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
  if (blob == NULL) {
    fprintf(stderr, "hb_floor: cannot read font %s\n", path);
    exit(1);
  }
  hb_face_t *face = hb_face_create(blob, index);
  hb_font_t *font = hb_font_create(face);
  hb_face_destroy(face);
  hb_blob_destroy(blob);
  return font;
}

/* Drops "#", "1.", "-", ">" block markers from the start of a line. */
static const char *
skip_marker(const char *line)
{
  const char *p = line;
  while (*p == '#' || *p == '>')
    p++;
  if (p == line) {
    while (g_ascii_isdigit(*p))
      p++;
    if (p > line && (*p == '.' || *p == ')'))
      p++;
    else if (*line == '-' || *line == '*' || *line == '+')
      p = line + 1;
    else
      p = line;
  }
  while (*p == ' ')
    p++;
  return p;
}

static GPtrArray *
read_paragraphs(const char *path, const char *joiner)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL)) {
    fprintf(stderr, "hb_floor: cannot read %s\n", path);
    exit(1);
  }
  GPtrArray *paras = g_ptr_array_new_with_free_func(g_free);
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  GString *cur = NULL;
  for (gsize i = 0; lines[i]; i++) {
    const char *line = g_strstrip(lines[i]);
    if (*line == '\0') {
      if (cur)
        g_ptr_array_add(paras, g_string_free(cur, FALSE));
      cur = NULL;
      continue;
    }
    if (cur == NULL) {
      cur = g_string_new(skip_marker(line));
    } else {
      g_string_append(cur, joiner);
      g_string_append(cur, line);
    }
  }
  if (cur)
    g_ptr_array_add(paras, g_string_free(cur, FALSE));
  return paras;
}

static unsigned
shape_all(const Manuscript *ms, int n, hb_buffer_t *buf)
{
  unsigned glyphs = 0;
  for (int m = 0; m < n; m++) {
    for (guint i = 0; i < ms[m].paragraphs->len; i++) {
      const char *p = ms[m].paragraphs->pdata[i];
      hb_buffer_reset(buf);
      hb_buffer_add_utf8(buf, p, -1, 0, -1);
      hb_buffer_set_language(buf, ms[m].lang);
      hb_buffer_guess_segment_properties(buf);
      hb_shape(ms[m].font, buf, NULL, 0);
      glyphs += hb_buffer_get_length(buf);
    }
  }
  return glyphs;
}

int
main(int argc, char **argv)
{
  if (argc < 4) {
    fprintf(stderr, "usage: hb_floor BOOK_DIR ZH_FONT[:INDEX] EN_FONT[:INDEX] [PASSES]\n");
    return 2;
  }
  int passes = argc > 4 ? atoi(argv[4]) : 5;
  double t0 = now_ms();
  g_autofree char *zh = g_build_filename(argv[1], "zh-Hans.md", NULL);
  g_autofree char *en = g_build_filename(argv[1], "en.md", NULL);
  Manuscript ms[2] = {
    { open_font(argv[2]), hb_language_from_string("zh-Hans", -1), read_paragraphs(zh, "") },
    { open_font(argv[3]), hb_language_from_string("en", -1), read_paragraphs(en, " ") },
  };
  hb_buffer_t *buf = hb_buffer_create();
  double t1 = now_ms();
  unsigned glyphs = shape_all(ms, 2, buf);
  double cold = now_ms() - t1;
  double best = cold;
  for (int i = 1; i < passes; i++) {
    double t = now_ms();
    shape_all(ms, 2, buf);
    best = MIN(best, now_ms() - t);
  }
  printf("hb_floor: %u + %u paragraphs, %u glyphs; setup %.1f ms, cold pass %.1f ms, "
         "best of %d warm passes %.1f ms\n", ms[0].paragraphs->len, ms[1].paragraphs->len,
         glyphs, t1 - t0, cold, passes - 1, best);
  printf("floor_ms=%.1f warm_ms=%.1f glyphs=%u\n", cold, best, glyphs);
  hb_buffer_destroy(buf);
  for (int m = 0; m < 2; m++) {
    hb_font_destroy(ms[m].font);
    g_ptr_array_unref(ms[m].paragraphs);
  }
  return 0;
}
