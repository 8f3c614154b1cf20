/* fuzz_template.c — libFuzzer harness for the print template reader.
 *
 * The input is the text of a template (templates/<name>.ini). style.h
 * promises that every value is checked against its range where it is
 * read, so a template that parses must give a DgStyle the print side can
 * use without checking again: finite numbers inside the ranges of the key
 * table, a text area of at least an inch, leading no smaller than the
 * size, non-empty family names, and text styles with finite positive
 * sizes for every kind of block. A template that fails must say where. */
#include "fuzz_check.h"
#include "style.h"

#include <math.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MM (72.0 / 25.4)

static int
in_range(double v, double lo, double hi)
{
  return isfinite(v) && v >= lo && v <= hi;
}

static void
check_text_style(const DgTextStyle *t)
{
  dg_fuzz_require(t->family != NULL && *t->family != '\0');
  dg_fuzz_require(in_range(t->size_pt, 1, 500) && in_range(t->leading_pt, 1, 2000));
  dg_fuzz_require(in_range(t->indent_em, 0, 100) && in_range(t->left_em, 0, 1000));
  dg_fuzz_require(in_range(t->space_before_pt, 0, 1000));
  dg_fuzz_require(in_range(t->space_after_pt, 0, 1000));
}

static void
check_style(const DgStyle *s)
{
  dg_fuzz_require(in_range(s->trim_width_pt, 50 * MM - 0.01, 1000 * MM + 0.01));
  dg_fuzz_require(in_range(s->trim_height_pt, 50 * MM - 0.01, 1000 * MM + 0.01));
  double margins[] = { s->inside_pt, s->outside_pt, s->top_pt, s->bottom_pt };
  for (gsize i = 0; i < G_N_ELEMENTS(margins); i++)
    dg_fuzz_require(in_range(margins[i], 0, 100 * MM + 0.01));
  dg_fuzz_require(s->trim_width_pt - s->inside_pt - s->outside_pt >= 72);
  dg_fuzz_require(s->trim_height_pt - s->top_pt - s->bottom_pt >= 72);
  dg_fuzz_require(in_range(s->bleed_pt, 0, 10 * MM + 0.01));
  dg_fuzz_require(in_range(s->column_gap_pt, 0, 50 * MM + 0.01));
  dg_fuzz_require(in_range(s->column_ratio, 0.2, 0.8));
  dg_fuzz_require(s->column_ratio_min <= s->column_ratio_max);
  dg_fuzz_require(in_range(s->head_size_pt, 5, 24) && in_range(s->pair_space_pt, 0, 72));
  dg_fuzz_require(s->layout <= DG_LAYOUT_INTERLEAVED && s->chapter_open <= DG_OPEN_RIGHT);
  for (int i = 0; i < DG_N_SCRIPTS; i++) {
    const DgLangStyle *l = &s->lang[i];
    dg_fuzz_require(l->family && *l->family && l->heading_family && *l->heading_family);
    dg_fuzz_require(in_range(l->size_pt, 5, 36) && l->leading_pt >= l->size_pt);
    dg_fuzz_require(in_range(l->leading_pt, 5, 72) && in_range(l->indent_em, 0, 6));
    dg_fuzz_require(l->heading_weight >= 100 && l->heading_weight <= 1000);
    dg_fuzz_require(in_range(l->interleaved_scale, 0.5, 1.5));
  }
  for (int i = 0; i < 3; i++)
    dg_fuzz_require(in_range(s->heading_scale[i], 0.5, 4));
  dg_fuzz_require(in_range(s->note_scale, 0.5, 1) && s->code_family && *s->code_family);
  dg_fuzz_require(in_range(s->quote_indent_em, 0, 10) && in_range(s->list_indent_em, 0, 10));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  /* A file is read whole and handed over as a string: text after a NUL is
   * invisible to the reader, exactly as for g_file_get_contents. */
  char *text = g_strndup((const char *)data, size);
  GError *error = NULL;
  DgStyle *s = dg_style_parse(text, "templates/fuzz.ini", &error);
  if (s != NULL) {
    check_style(s);
    static const DgBlockKind kinds[] = { DG_BLOCK_PARAGRAPH, DG_BLOCK_HEADING,
                                         DG_BLOCK_LIST_ITEM, DG_BLOCK_CODE };
    static const char *const tags[] = { "zh-Hans", "en" };
    for (gsize k = 0; k < G_N_ELEMENTS(kinds); k++)
      for (int t = 0; t < 2; t++)
        for (int level = 1; level <= 3; level++) {
          DgBlock b = { .kind = kinds[k], .level = level, .quote_depth = 2,
                        .list_depth = 3, .text = "" };
          DgTextStyle ts = dg_style_text(s, tags[t], &b, level == 2);
          check_text_style(&ts);
        }
    for (int t = 0; t < 2; t++) {
      DgTextStyle ts = dg_style_note(s, tags[t]);
      check_text_style(&ts);
    }
    GPtrArray *families = dg_style_families(s);
    dg_fuzz_require(families->len == 2 * DG_N_SCRIPTS + 2);
    g_ptr_array_free(families, TRUE);
  } else {
    dg_fuzz_require(error != NULL && strstr(error->message, ": error: ") != NULL);
    dg_fuzz_require(g_str_has_prefix(error->message, "templates/fuzz.ini"));
  }
  g_clear_error(&error);
  dg_style_free(s);
  g_free(text);
  return 0;
}
