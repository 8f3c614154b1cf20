/* test_typeset.c — block + style + width → measured lines: widths,
 * indents, leading, note marks spliced into the text, links. */
#include "dgtest.h"
#include "fonts.h"
#include "style.h"
#include "typeset.h"

#include <math.h>
#include <string.h>

typedef struct {
  DgFonts *fonts;
  DgStyle *style;
  DgTypesetter *ts;
  DgBook *book;
  char *dir;
} Fixture;

static const char zh_md[] =
  "# 序言\n\n"
  "构建网络空间命运共同体，是人类命运共同体理念在网络空间的具体体现和重要实践，彰显了对人类"
  "共同福祉的高度关切，反映了国际社会的共同期待[^1]，为推动全球互联网发展治理贡献了中国智慧。\n\n"
  "[^1]: 注释。\n";
static const char en_md[] =
  "# Preface\n\n"
  "Building a community with a shared future in cyberspace is an embodiment and major "
  "practice of the vision[^1] of building a community with a shared future for mankind, "
  "see [the site](https://example.org/x).\n\n"
  "[^1]: A note.\n";

static int
setup(void **state)
{
  Fixture *f = g_new0(Fixture, 1);
  f->fonts = dg_fonts_new(DG_SOURCE_DIR, NULL);
  f->style = dg_style_load(DG_SOURCE_DIR, "parallel-a4", NULL);
  f->dir = dgtest_book(DGTEST_INI, zh_md, en_md);
  f->book = dg_book_load(f->dir, NULL);
  assert_non_null(f->book);
  f->ts = dg_typesetter_new(dg_fonts_get_font_map(f->fonts),
                            (const char *const *)f->book->languages, "DejaVu Sans Mono");
  *state = f;
  return 0;
}

static int
teardown(void **state)
{
  Fixture *f = *state;
  dg_typesetter_free(f->ts);
  dg_book_free(f->book);
  dg_style_free(f->style);
  dg_fonts_free(f->fonts);
  dgtest_rmtree(f->dir);
  g_free(f->dir);
  g_free(f);
  return 0;
}

static DgLines *
set(Fixture *f, int seg, int lang, double width)
{
  const DgSegment *s = f->book->segments->pdata[seg];
  DgTextStyle st = dg_style_text(f->style, f->book->languages[lang], s->blocks[lang], FALSE);
  g_autoptr(GError) e = NULL;
  DgLines *lines = dg_typeset_block(f->ts, s->blocks[lang], &st, width, &e);
  assert_non_null(lines);
  return lines;
}

/* Edges of a line's glyphs from the column's left edge, whoever broke
 * it: the line's x plus its runs' positions and advances. */
static double
line_left(const DgLine *line)
{
  const DgRun *run = line->runs->pdata[0];
  return line->x_pt + run->x_pt;
}

static double
line_right(const DgLine *line)
{
  double right = 0;
  for (guint r = 0; r < line->runs->len; r++) {
    const DgRun *run = line->runs->pdata[r];
    double w = pango_glyph_string_get_width(run->glyph_item->glyphs) / (double)PANGO_SCALE;
    right = MAX(right, line->x_pt + run->x_pt + w);
  }
  return right;
}

static void
test_chinese_paragraph(void **state)
{
  Fixture *f = *state;
  /* 20 em of 10.5 pt: pure Han lines fill the measure exactly */
  g_autoptr(DgLines) l = set(f, 1, 0, 210);
  assert_true(l->lines->len >= 3);
  assert_true(fabs(line_left(l->lines->pdata[0]) - 21) < 0.01); /* 2 em indent */
  for (guint i = 0; i + 1 < l->lines->len; i++) {
    const DgLine *line = l->lines->pdata[i];
    assert_true(line->leading_pt == 17.5);
    assert_int_equal(line->brk, DG_BREAK_NORMAL);
    /* justified: right edge at the measure (within 0.1 pt) */
    if (fabs(line_right(line) - 210) >= 0.1)
      print_error("line %u ends at %.3f\n", i, line_right(line));
    assert_true(fabs(line_right(line) - 210) < 0.1);
  }
  assert_int_equal(((DgLine *)l->lines->pdata[l->lines->len - 1])->brk, DG_BREAK_LAST);
  assert_true(fabs(dg_lines_height(l) - 17.5 * l->lines->len) < 1e-9);
}

static void
test_note_mark_and_link(void **state)
{
  Fixture *f = *state;
  g_autoptr(DgLines) zh = set(f, 1, 0, 210);
  /* the mark "1" is spliced in after 期待 and rides raised */
  assert_non_null(strstr(zh->text, "期待1，"));
  int notes = 0;
  for (guint i = 0; i < zh->lines->len; i++) {
    const DgLine *line = zh->lines->pdata[i];
    for (guint k = 0; k < line->notes->len; k++)
      notes++;
    for (guint k = 0; k < line->links->len; k++) {
      const DgLineLink *ln = &g_array_index(line->links, DgLineLink, k);
      assert_int_equal(ln->note, 0);
      assert_true(ln->x1_pt > ln->x0_pt && ln->x1_pt - ln->x0_pt < 10);
    }
  }
  assert_int_equal(notes, 1);
  g_autoptr(DgLines) en = set(f, 1, 1, 250);
  gboolean url = FALSE, raised = FALSE;
  for (guint i = 0; i < en->lines->len; i++) {
    const DgLine *line = en->lines->pdata[i];
    for (guint k = 0; k < line->links->len; k++)
      url = url || g_strcmp0(g_array_index(line->links, DgLineLink, k).url,
                             "https://example.org/x") == 0;
    for (guint r = 0; r < line->runs->len; r++)
      raised = raised || ((DgRun *)line->runs->pdata[r])->rise_pt > 2;
  }
  assert_true(url);
  assert_true(raised);
}

static void
test_heading_and_text(void **state)
{
  Fixture *f = *state;
  g_autoptr(DgLines) h = set(f, 0, 1, 250);
  assert_int_equal(h->lines->len, 1);
  assert_true(h->space_before_pt > 0);
  DgTextStyle st = dg_style_text(f->style, "en", NULL, FALSE);
  st.align = DG_ALIGN_CENTER;
  g_autoptr(DgLines) t = dg_typeset_text(f->ts, 1, "Contents", &st, 300, NULL);
  assert_int_equal(t->lines->len, 1);
  const DgLine *line = t->lines->pdata[0];
  /* centred: equal room on both sides */
  assert_true(fabs(line_left(line) - (300 - line_right(line))) < 0.5);
  assert_true(line_left(line) > 100);
  assert_null(t->block);
}

static void
test_draws(void **state)
{
  Fixture *f = *state;
  g_autoptr(DgLines) l = set(f, 1, 1, 250);
  cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 300, 120);
  cairo_t *cr = cairo_create(s);
  for (guint i = 0; i < l->lines->len; i++)
    dg_line_draw(l->lines->pdata[i], cr, 10, 20 + 14 * i);
  cairo_destroy(cr);
  cairo_surface_flush(s);
  /* something was drawn where the first line is */
  const unsigned char *px = cairo_image_surface_get_data(s);
  int stride = cairo_image_surface_get_stride(s), inked = 0;
  for (int y = 10; y < 22; y++)
    for (int x = 10; x < 250; x++)
      inked += px[y * stride + x] > 0;
  cairo_surface_destroy(s);
  assert_true(inked > 100);
}

/* Printable characters of s[0, n): no spaces, soft hyphens, breaks. */
static GString *
ink_text(const char *s, gsize n)
{
  GString *out = g_string_new(NULL);
  for (const char *p = s; p < s + n; p = g_utf8_next_char(p)) {
    gunichar c = g_utf8_get_char(p);
    if (!g_unichar_isspace(c) && c != 0xAD && c != 0x200B)
      g_string_append_unichar(out, c);
  }
  return out;
}

/* Lines tile the text: each starts where the last ended (only spaces
 * between), the runs of a line hold exactly its range's characters (a
 * hyphen added at a hyphen break), and the last line ends the text.
 * Checked for every block of the mini book at widths from 20 pt (two
 * characters) to 240 pt: a break must never drop a cluster. */
static gboolean
lines_cover_text(const DgLines *l, double width, guint seg, int lang)
{
  gsize pos = 0, len = strlen(l->text);
  for (guint i = 0; i < l->lines->len; i++) {
    const DgLine *line = l->lines->pdata[i];
    if (line->runs->len == 0 && line->start == line->end)
      continue; /* an empty last line, below the 4-em floor of a quote */
    g_autoptr(GString) gap = ink_text(l->text + pos, line->start > pos ? line->start - pos : 0);
    g_autoptr(GString) runs = g_string_new(NULL);
    for (guint r = 0; r < line->runs->len; r++) {
      const DgRun *run = line->runs->pdata[r];
      g_string_append_len(runs, run->text + run->glyph_item->item->offset,
                          run->glyph_item->item->length);
    }
    g_autoptr(GString) drawn = ink_text(runs->str, runs->len);
    g_autoptr(GString) range = ink_text(l->text + line->start, line->end - line->start);
    gboolean hyphen = line->brk == DG_BREAK_HYPHEN && drawn->len > range->len
                      && strncmp(drawn->str, range->str, range->len) == 0;
    if (line->start < pos || gap->len > 0 || (strcmp(drawn->str, range->str) != 0 && !hyphen)) {
      print_error("segment %u lang %d at %.1f pt, line %u [%zu, %zu) after %zu: drew \"%s\" "
                  "for \"%s\"\n", seg, lang, width, i, line->start, line->end, pos, drawn->str,
                  range->str);
      return FALSE;
    }
    pos = line->end;
  }
  g_autoptr(GString) tail = ink_text(l->text + MIN(pos, len), len - MIN(pos, len));
  if (tail->len > 0)
    print_error("segment %u lang %d at %.1f pt: \"%s\" after the last line\n", seg, lang,
                width, tail->str);
  return tail->len == 0;
}

static void
test_lines_cover_text(void **state)
{
  Fixture *f = *state;
  g_autofree char *dir = g_build_filename(DG_TEST_DATA, "print", "mini", NULL);
  g_autoptr(DgBook) book = dg_book_load(dir, NULL);
  assert_non_null(book);
  g_autoptr(DgTypesetter) ts
    = dg_typesetter_new(dg_fonts_get_font_map(f->fonts), (const char *const *)book->languages,
                        "DejaVu Sans Mono");
  for (double w = 20; w <= 240; w += 1.3)
    for (guint s = 0; s < book->segments->len; s++)
      for (int lang = 0; lang < 2; lang++) {
        const DgBlock *b = ((const DgSegment *)book->segments->pdata[s])->blocks[lang];
        DgTextStyle st = dg_style_text(f->style, book->languages[lang], b, FALSE);
        g_autoptr(DgLines) l = dg_typeset_block(ts, b, &st, w, NULL);
        assert_non_null(l);
        assert_true(lines_cover_text(l, w, s, lang));
      }
}

int
main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_chinese_paragraph),
    cmocka_unit_test(test_note_mark_and_link),
    cmocka_unit_test(test_heading_and_text),
    cmocka_unit_test(test_draws),
    cmocka_unit_test(test_lines_cover_text),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
