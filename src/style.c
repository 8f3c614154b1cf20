/* style.c — template .ini → DgStyle.
 *
 * Model: a template is a small INI file of groups ([page], [columns],
 * [zh], [en], [headings], [notes], [code], [blocks]) whose every key is
 * declared once in a table with its type, its unit and its legal range.
 * Defaults come first (a complete A4 parallel book), the file overrides.
 *
 * Algorithm: we read the file line by line ourselves instead of through
 * GKeyFile. GKeyFile would parse the same syntax, but it forgets where a
 * key was written, and a template author deserves
 * "templates/x.ini:12: error: unknown key 'margn'" rather than a guess.
 * Every value is checked against its range at the place it was read.
 * Lengths are written in the unit the key names (-mm, -pt, -em) and are
 * stored in points: the rest of the print side never sees millimetres. */
#include "style.h"

#include <errno.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MM_TO_PT (72.0 / 25.4)

typedef enum {
  KEY_MM,                      /* millimetres, stored as points */
  KEY_PT,
  KEY_NUM,                     /* a plain number (ratios, em, scales) */
  KEY_INT,
  KEY_BOOL,
  KEY_STRING,
  KEY_SIZE,                    /* trim size: name or WxH mm */
  KEY_LAYOUT,
  KEY_OPEN,
  KEY_KINSOKU,                 /* none | basic | gb | strict (script.h) */
  KEY_INTENT,                  /* FOGRA39 | ... | none (pdfpost.h) */
} KeyType;

typedef struct {
  const char *group;
  const char *key;
  KeyType type;
  gsize offset;
  double min, max;
} KeyDef;

#define F(field) offsetof(DgStyle, field)
#define ZH(field) (offsetof(DgStyle, lang) + offsetof(DgLangStyle, field))
#define EN(field) (offsetof(DgStyle, lang) + sizeof(DgLangStyle) + offsetof(DgLangStyle, field))

static const KeyDef keys[] = {
  { "page", "size", KEY_SIZE, 0, 0, 0 },
  { "page", "inside-mm", KEY_MM, F(inside_pt), 0, 100 },
  { "page", "outside-mm", KEY_MM, F(outside_pt), 0, 100 },
  { "page", "top-mm", KEY_MM, F(top_pt), 0, 100 },
  { "page", "bottom-mm", KEY_MM, F(bottom_pt), 0, 100 },
  { "page", "bleed-mm", KEY_MM, F(bleed_pt), 0, 10 },
  { "page", "crop-marks", KEY_BOOL, F(crop_marks), 0, 0 },
  { "page", "layout", KEY_LAYOUT, F(layout), 0, 0 },
  { "page", "chapter-open", KEY_OPEN, F(chapter_open), 0, 0 },
  { "page", "title-page", KEY_BOOL, F(title_page), 0, 0 },
  { "page", "contents", KEY_BOOL, F(contents), 0, 0 },
  { "page", "running-heads", KEY_BOOL, F(running_heads), 0, 0 },
  { "page", "folios", KEY_BOOL, F(folios), 0, 0 },
  { "page", "head-size-pt", KEY_PT, F(head_size_pt), 5, 24 },
  { "page", "output-intent", KEY_INTENT, F(output_intent), 0, 0 },
  { "columns", "gap-mm", KEY_MM, F(column_gap_pt), 0, 50 },
  { "columns", "ratio", KEY_NUM, F(column_ratio), 0.2, 0.8 },
  { "columns", "ratio-min", KEY_NUM, F(column_ratio_min), 0.2, 0.8 },
  { "columns", "ratio-max", KEY_NUM, F(column_ratio_max), 0.2, 0.8 },
  { "columns", "balance", KEY_BOOL, F(balance_columns), 0, 0 },
  { "columns", "pair-space-pt", KEY_PT, F(pair_space_pt), 0, 72 },
  { "zh", "family", KEY_STRING, ZH(family), 0, 0 },
  { "zh", "heading-family", KEY_STRING, ZH(heading_family), 0, 0 },
  { "zh", "size-pt", KEY_PT, ZH(size_pt), 5, 36 },
  { "zh", "leading-pt", KEY_PT, ZH(leading_pt), 5, 72 },
  { "zh", "indent-em", KEY_NUM, ZH(indent_em), 0, 6 },
  { "zh", "heading-weight", KEY_INT, ZH(heading_weight), 100, 1000 },
  { "zh", "hyphenate", KEY_BOOL, ZH(hyphenate), 0, 0 },
  { "zh", "kinsoku", KEY_KINSOKU, ZH(kinsoku), 0, 0 },
  { "zh", "interleaved-scale", KEY_NUM, ZH(interleaved_scale), 0.5, 1.5 },
  { "zh", "expansion-pct", KEY_NUM, ZH(expansion_pct), 0, 5 },
  { "zh", "protrusion", KEY_BOOL, ZH(protrusion), 0, 0 },
  { "en", "family", KEY_STRING, EN(family), 0, 0 },
  { "en", "heading-family", KEY_STRING, EN(heading_family), 0, 0 },
  { "en", "size-pt", KEY_PT, EN(size_pt), 5, 36 },
  { "en", "leading-pt", KEY_PT, EN(leading_pt), 5, 72 },
  { "en", "indent-em", KEY_NUM, EN(indent_em), 0, 6 },
  { "en", "heading-weight", KEY_INT, EN(heading_weight), 100, 1000 },
  { "en", "hyphenate", KEY_BOOL, EN(hyphenate), 0, 0 },
  { "en", "kinsoku", KEY_KINSOKU, EN(kinsoku), 0, 0 },
  { "en", "interleaved-scale", KEY_NUM, EN(interleaved_scale), 0.5, 1.5 },
  { "en", "expansion-pct", KEY_NUM, EN(expansion_pct), 0, 5 },
  { "en", "protrusion", KEY_BOOL, EN(protrusion), 0, 0 },
  { "headings", "scale-1", KEY_NUM, F(heading_scale[0]), 0.5, 4 },
  { "headings", "scale-2", KEY_NUM, F(heading_scale[1]), 0.5, 4 },
  { "headings", "scale-3", KEY_NUM, F(heading_scale[2]), 0.5, 4 },
  { "headings", "before-1-pt", KEY_PT, F(heading_before_pt[0]), 0, 200 },
  { "headings", "before-2-pt", KEY_PT, F(heading_before_pt[1]), 0, 200 },
  { "headings", "before-3-pt", KEY_PT, F(heading_before_pt[2]), 0, 200 },
  { "headings", "after-1-pt", KEY_PT, F(heading_after_pt[0]), 0, 100 },
  { "headings", "after-2-pt", KEY_PT, F(heading_after_pt[1]), 0, 100 },
  { "headings", "after-3-pt", KEY_PT, F(heading_after_pt[2]), 0, 100 },
  { "headings", "span-level", KEY_INT, F(heading_span_level), 0, 3 },
  { "notes", "scale", KEY_NUM, F(note_scale), 0.5, 1 },
  { "code", "family", KEY_STRING, F(code_family), 0, 0 },
  { "blocks", "quote-indent-em", KEY_NUM, F(quote_indent_em), 0, 10 },
  { "blocks", "list-indent-em", KEY_NUM, F(list_indent_em), 0, 10 },
};

/* Named trim sizes in millimetres; "16k" is the Chinese 16开 (185×260). */
static const struct {
  const char *name;
  double w_mm, h_mm;
} sizes[] = {
  { "A4", 210, 297 }, { "A5", 148, 210 }, { "B5", 176, 250 },
  { "16k", 185, 260 }, { "letter", 215.9, 279.4 },
};

static void
set_defaults(DgStyle *s)
{
  s->trim_width_pt = 210 * MM_TO_PT;
  s->trim_height_pt = 297 * MM_TO_PT;
  s->inside_pt = 20 * MM_TO_PT;
  s->outside_pt = 18 * MM_TO_PT;
  s->top_pt = 22 * MM_TO_PT;
  s->bottom_pt = 24 * MM_TO_PT;
  s->bleed_pt = 3 * MM_TO_PT;
  s->crop_marks = TRUE;
  s->marks_room_pt = 10 * MM_TO_PT;
  s->layout = DG_LAYOUT_PARALLEL;
  s->column_gap_pt = 8 * MM_TO_PT;
  s->column_ratio = 0.5;
  s->column_ratio_min = 0.36;
  s->column_ratio_max = 0.5;
  s->balance_columns = TRUE;
  s->pair_space_pt = 7;
  s->chapter_open = DG_OPEN_ANY;
  s->title_page = s->contents = s->running_heads = s->folios = TRUE;
  s->head_size_pt = 8.5;
  s->output_intent = DG_INTENT_FOGRA39;
  DgLangStyle *zh = &s->lang[DG_SCRIPT_HAN], *en = &s->lang[DG_SCRIPT_LATIN];
  zh->family = g_strdup("Noto Serif CJK SC");
  zh->heading_family = g_strdup("Noto Serif CJK SC");
  zh->size_pt = 10.5;
  zh->leading_pt = 17.5;
  zh->indent_em = 2;
  zh->heading_weight = 700;
  zh->interleaved_scale = 1;
  en->family = g_strdup("EB Garamond 12, Noto Serif CJK SC");
  en->heading_family = g_strdup("EB Garamond 12, Noto Serif CJK SC");
  en->size_pt = 10.5;
  en->leading_pt = 13.5;
  en->indent_em = 0;
  en->heading_weight = 700;
  en->hyphenate = TRUE;
  en->interleaved_scale = 0.92;
  /* pdfTeX's microtype expands by up to 2% (stretch=20); Chinese glyphs
   * stay on their grid (clreq: adjust between characters, never them) */
  en->expansion_pct = 2;
  /* Chinese punctuation is compressed (clreq), never hung */
  en->protrusion = TRUE;
  double scale[3] = { 1.55, 1.25, 1.1 }, before[3] = { 18, 12, 8 }, after[3] = { 10, 6, 4 };
  for (int i = 0; i < 3; i++) {
    s->heading_scale[i] = scale[i];
    s->heading_before_pt[i] = before[i];
    s->heading_after_pt[i] = after[i];
  }
  s->note_scale = 0.8;
  s->code_family = g_strdup("DejaVu Sans Mono, Noto Sans Mono CJK SC");
  s->quote_indent_em = 2;
  s->list_indent_em = 1.6;
}

void
dg_style_free(DgStyle *style)
{
  if (style == NULL)
    return;
  for (int i = 0; i < DG_N_SCRIPTS; i++) {
    g_free(style->lang[i].family);
    g_free(style->lang[i].heading_family);
  }
  g_free(style->code_family);
  g_free(style->key_pos);
  g_free(style->path);
  g_free(style);
}

static const KeyDef *
find_key(const char *group, const char *key)
{
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
    if (strcmp(keys[i].group, group) == 0 && strcmp(keys[i].key, key) == 0)
      return &keys[i];
  return NULL;
}

static gboolean
known_group(const char *group)
{
  for (gsize i = 0; i < G_N_ELEMENTS(keys); i++)
    if (strcmp(keys[i].group, group) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
parse_number(const char *v, double *out)
{
  char *end = NULL;
  errno = 0;
  *out = g_ascii_strtod(v, &end);
  /* strtod reads "nan" and "inf", which no range check would catch */
  return errno == 0 && end != v && *end == '\0' && isfinite(*out);
}

static gboolean
parse_size(DgStyle *s, const char *v)
{
  for (gsize i = 0; i < G_N_ELEMENTS(sizes); i++)
    if (g_ascii_strcasecmp(v, sizes[i].name) == 0) {
      s->trim_width_pt = sizes[i].w_mm * MM_TO_PT;
      s->trim_height_pt = sizes[i].h_mm * MM_TO_PT;
      return TRUE;
    }
  double w, h;
  char tail[8];
  if (sscanf(v, "%lfx%lf%7s", &w, &h, tail) == 3 && strcmp(tail, "mm") == 0
      && w >= 50 && w <= 1000 && h >= 50 && h <= 1000) {
    s->trim_width_pt = w * MM_TO_PT;
    s->trim_height_pt = h * MM_TO_PT;
    return TRUE;
  }
  return FALSE;
}

/* Stores `v` into the field `k` describes; FALSE with a reason if bad. */
static gboolean
store(DgStyle *s, const KeyDef *k, const char *v, char **why)
{
  char *field = (char *)s + k->offset;
  double d;
  switch (k->type) {
  case KEY_MM:
  case KEY_PT:
  case KEY_NUM:
  case KEY_INT:
    if (!parse_number(v, &d)) {
      *why = g_strdup_printf("'%s' is not a number", v);
      return FALSE;
    }
    /* written so that NaN ("nan" parses as a number) is out of range too */
    if (!(d >= k->min && d <= k->max)) {
      *why = g_strdup_printf("%s=%s is out of range [%g, %g]", k->key, v, k->min, k->max);
      return FALSE;
    }
    if (k->type == KEY_INT)
      *(int *)field = (int)d;
    else
      *(double *)field = k->type == KEY_MM ? d * MM_TO_PT : d;
    return TRUE;
  case KEY_BOOL:
    if (strcmp(v, "true") == 0 || strcmp(v, "false") == 0) {
      *(gboolean *)field = strcmp(v, "true") == 0;
      return TRUE;
    }
    *why = g_strdup_printf("'%s' is not true or false", v);
    return FALSE;
  case KEY_STRING:
    if (*v == '\0') {
      *why = g_strdup_printf("%s must not be empty", k->key);
      return FALSE;
    }
    g_free(*(char **)field);
    *(char **)field = g_strdup(v);
    return TRUE;
  case KEY_SIZE:
    if (parse_size(s, v))
      return TRUE;
    *why = g_strdup_printf("unknown page size '%s' (A4, A5, B5, 16k, letter or WxHmm)", v);
    return FALSE;
  case KEY_LAYOUT:
    if (dg_layout_from_name(v, (DgLayout *)field))
      return TRUE;
    *why = g_strdup_printf("unknown layout '%s' (parallel, facing, interleaved)", v);
    return FALSE;
  case KEY_OPEN: {
    static const char *const names[] = { "any", "new-page", "right", NULL };
    for (int i = 0; names[i]; i++)
      if (strcmp(v, names[i]) == 0) {
        *(DgChapterOpen *)field = (DgChapterOpen)i;
        return TRUE;
      }
    *why = g_strdup_printf("unknown chapter-open '%s' (any, new-page, right)", v);
    return FALSE;
  }
  case KEY_KINSOKU:
    if (dg_kinsoku_from_string(v, (DgKinsoku *)field))
      return TRUE;
    *why = g_strdup_printf("unknown kinsoku level '%s' (none, basic, gb, strict)", v);
    return FALSE;
  case KEY_INTENT:
    if (dg_output_intent_from_name(v, (DgOutputIntent *)field))
      return TRUE;
    *why = g_strdup_printf("unknown output-intent '%s' (%s)", v, dg_output_intent_names());
    return FALSE;
  }
  return FALSE;
}

static gboolean
fail(GError **error, const char *path, int line, int col, char *msg)
{
  DgPos pos = { path, line, col };
  dg_set_error_at(error, DG_ERROR_INPUT, &pos, "%s", msg);
  g_free(msg);
  return FALSE;
}

/* One "key = value" line inside `group`. */
static gboolean
parse_assignment(DgStyle *s, const char *group, char *line, const char *path,
                 int lineno, GError **error)
{
  char *eq = strchr(line, '=');
  int indent = (int)strspn(line, " \t");
  if (eq == NULL)
    return fail(error, path, lineno, indent + 1, g_strdup("expected 'key = value'"));
  if (*group == '\0')
    return fail(error, path, lineno, indent + 1, g_strdup("key outside a [group]"));
  *eq = '\0';
  /* g_strchug moves bytes, so find the value's column before stripping */
  char *value = eq + 1 + strspn(eq + 1, " \t");
  g_strchomp(value);
  char *key = g_strstrip(line);
  const KeyDef *k = find_key(group, key);
  if (k == NULL)
    return fail(error, path, lineno, indent + 1,
                g_strdup_printf("unknown key '%s' in [%s]", key, group));
  char *why = NULL;
  if (!store(s, k, value, &why)) {
    int col = (int)(value - line) + 1;
    return fail(error, path, lineno, col, why);
  }
  s->key_pos[k - keys] = (DgStyleKeyPos){ lineno, indent + 1 };
  return TRUE;
}

/* A rule over several keys is broken by the one written last: that is
 * where the author made the template impossible, so the error points at
 * its key. `names` are "group/key", NULL-terminated. (Defaults obey every
 * rule, so at least one of them was written.) */
static gboolean
fail_at_keys(const DgStyle *s, GError **error, char *msg, const char *const *names)
{
  DgStyleKeyPos last = { 0, 0 };
  for (int i = 0; names[i]; i++) {
    const char *slash = strchr(names[i], '/');
    g_autofree char *group = g_strndup(names[i], (gsize)(slash - names[i]));
    const KeyDef *k = find_key(group, slash + 1);
    g_assert(k != NULL);
    DgStyleKeyPos pos = s->key_pos[k - keys];
    if (pos.line > last.line)
      last = pos;
  }
  return fail(error, s->path, last.line, last.col, msg);
}

#define KEYS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static gboolean
check_margins(const DgStyle *s, GError **error)
{
  double body_w = s->trim_width_pt - s->inside_pt - s->outside_pt;
  double body_h = s->trim_height_pt - s->top_pt - s->bottom_pt;
  if (body_w < 72)
    return fail_at_keys(s, error,
                        g_strdup_printf("the text area is %.1f mm wide; the margins must leave "
                                        "at least one inch (25.4 mm)", body_w / MM_TO_PT),
                        KEYS("page/size", "page/inside-mm", "page/outside-mm"));
  if (body_h < 72)
    return fail_at_keys(s, error,
                        g_strdup_printf("the text area is %.1f mm high; the margins must leave "
                                        "at least one inch (25.4 mm)", body_h / MM_TO_PT),
                        KEYS("page/size", "page/top-mm", "page/bottom-mm"));
  /* The running head's baseline is DG_HEAD_DROP_PT above the text area
   * and its capitals and ideographs rise up to one em above that. */
  double head_pt = DG_HEAD_DROP_PT + s->head_size_pt;
  if (s->running_heads && s->top_pt < head_pt)
    return fail_at_keys(s, error,
                        g_strdup_printf("top-mm is %.1f mm: running heads in %g pt type need "
                                        "%.1f mm of top margin (or running-heads = false)",
                                        s->top_pt / MM_TO_PT, s->head_size_pt, head_pt / MM_TO_PT),
                        KEYS("page/top-mm", "page/running-heads", "page/head-size-pt"));
  /* The folio (head size + 1 pt) hangs its descenders below its baseline,
   * DG_FOLIO_DROP_PT under the text area; half an em bounds them. */
  double folio_pt = DG_FOLIO_DROP_PT + (s->head_size_pt + 1) * 0.5;
  if (s->folios && s->bottom_pt < folio_pt)
    return fail_at_keys(s, error,
                        g_strdup_printf("bottom-mm is %.1f mm: folios in %g pt type need "
                                        "%.1f mm of bottom margin (or folios = false)",
                                        s->bottom_pt / MM_TO_PT, s->head_size_pt + 1,
                                        folio_pt / MM_TO_PT),
                        KEYS("page/bottom-mm", "page/folios", "page/head-size-pt"));
  /* an entry is a row of both titles, each a line of its body leading,
   * 9 pt apart (compose.c); rows do not split across pages */
  double row_pt = s->lang[DG_SCRIPT_HAN].leading_pt + s->lang[DG_SCRIPT_LATIN].leading_pt + 9;
  double contents_pt = DG_CONTENTS_TITLE_PT + DG_STYLE_CONTENTS_ROWS * row_pt;
  if (s->contents && body_h < contents_pt)
    return fail_at_keys(s, error,
                        g_strdup_printf("the text area is %.1f mm high; a contents page needs "
                                        "%.1f mm (or contents = false)", body_h / MM_TO_PT,
                                        contents_pt / MM_TO_PT),
                        KEYS("page/size", "page/top-mm", "page/bottom-mm", "page/contents",
                             "zh/leading-pt", "en/leading-pt"));
  return TRUE;
}

static gboolean
check_whole(const DgStyle *s, GError **error)
{
  if (!check_margins(s, error))
    return FALSE;
  if (s->column_ratio_min > s->column_ratio_max)
    return fail_at_keys(s, error, g_strdup("[columns] ratio-min is larger than ratio-max"),
                        KEYS("columns/ratio-min", "columns/ratio-max"));
  for (int i = 0; i < DG_N_SCRIPTS; i++)
    if (s->lang[i].leading_pt < s->lang[i].size_pt) {
      gboolean zh = i == DG_SCRIPT_HAN;
      return fail_at_keys(s, error,
                          g_strdup_printf("[%s] leading-pt is smaller than size-pt",
                                          zh ? "zh" : "en"),
                          zh ? KEYS("zh/size-pt", "zh/leading-pt")
                             : KEYS("en/size-pt", "en/leading-pt"));
    }
  return TRUE;
}

/* One column of `width_pt` set in script `sc`, `scale` times its size. */
static gboolean
check_column(const DgStyle *s, DgScript sc, double width_pt, double scale, GError **error)
{
  const DgLangStyle *ls = &s->lang[sc];
  double size = ls->size_pt * scale;
  double need = MAX(DG_STYLE_MIN_COLUMN_EM, ls->indent_em + DG_STYLE_MIN_RUN_EM);
  if (width_pt >= need * size - 1e-6)
    return TRUE;
  gboolean zh = sc == DG_SCRIPT_HAN;
  g_autofree char *why = ls->indent_em + DG_STYLE_MIN_RUN_EM > DG_STYLE_MIN_COLUMN_EM
    ? g_strdup_printf(" (its %g em first-line indent and %g more)", ls->indent_em,
                      DG_STYLE_MIN_RUN_EM)
    : g_strdup("");
  return fail_at_keys(s, error,
                      g_strdup_printf("the [%s] text column is %.1f em wide at %g pt; it must "
                                      "hold at least %g characters%s", zh ? "zh" : "en",
                                      width_pt / size, size, need, why),
                      zh ? KEYS("page/size", "page/inside-mm", "page/outside-mm", "page/layout",
                                "columns/gap-mm", "columns/ratio", "columns/ratio-min",
                                "columns/ratio-max", "columns/balance", "zh/size-pt",
                                "zh/indent-em", "zh/interleaved-scale")
                         : KEYS("page/size", "page/inside-mm", "page/outside-mm", "page/layout",
                                "columns/gap-mm", "columns/ratio", "columns/ratio-min",
                                "columns/ratio-max", "columns/balance", "en/size-pt",
                                "en/indent-em", "en/interleaved-scale"));
}

gboolean
dg_style_check_measure(const DgStyle *style, DgLayout layout, int n_columns,
                       const DgScript *scripts, int n_scripts, GError **error)
{
  g_return_val_if_fail(style != NULL && scripts != NULL, FALSE);
  double body_w = style->trim_width_pt - style->inside_pt - style->outside_pt;
  for (int i = 0; i < n_scripts; i++) {
    double width = body_w, scale = 1;
    if (layout == DG_LAYOUT_PARALLEL && n_columns == 2) {
      /* the narrowest each column can be: compose.c balances the first
       * column's share within [ratio-min, ratio-max] */
      double w = body_w - style->column_gap_pt;
      double share0 = style->balance_columns ? style->column_ratio_min : style->column_ratio;
      double share1 = 1 - (style->balance_columns ? style->column_ratio_max : style->column_ratio);
      width = w * (i == 0 ? share0 : share1);
    } else if (layout == DG_LAYOUT_INTERLEAVED && i > 0) {
      scale = style->lang[scripts[i]].interleaved_scale;
    }
    if (!check_column(style, scripts[i], width, scale, error))
      return FALSE;
  }
  return TRUE;
}

DgStyle *
dg_style_parse(const char *text, const char *path, GError **error)
{
  g_autoptr(DgStyle) s = g_new0(DgStyle, 1);
  set_defaults(s);
  s->path = g_strdup(path);
  s->key_pos = g_new0(DgStyleKeyPos, G_N_ELEMENTS(keys));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  char group[64] = "";
  for (int i = 0; lines[i]; i++) {
    char *line = lines[i];
    g_strchomp(line);
    char *p = line + strspn(line, " \t");
    if (*p == '\0' || *p == '#' || *p == ';')
      continue;
    if (*p == '[') {
      char *close = strchr(p, ']');
      if (close == NULL || close[1] != '\0')
        return fail(error, path, i + 1, (int)(p - line) + 1, g_strdup("malformed [group] line")),
               NULL;
      *close = '\0';
      if (!known_group(p + 1))
        return fail(error, path, i + 1, (int)(p - line) + 2,
                    g_strdup_printf("unknown group [%s]", p + 1)), NULL;
      g_strlcpy(group, p + 1, sizeof group);
      continue;
    }
    if (!parse_assignment(s, group, line, path, i + 1, error))
      return NULL;
  }
  if (!check_whole(s, error))
    return NULL;
  return g_steal_pointer(&s);
}

DgStyle *
dg_style_load(const char *data_dir, const char *name, GError **error)
{
  g_autofree char *file = g_strconcat(name, ".ini", NULL);
  g_autofree char *path = g_build_filename(data_dir, "templates", file, NULL);
  g_autofree char *text = NULL;
  if (strchr(name, '/') != NULL || !g_file_get_contents(path, &text, NULL, NULL)) {
    g_set_error(error, DG_ERROR, DG_ERROR_INPUT,
                "%s: error: no such template '%s' (looked in %s/templates)", path, name,
                data_dir);
    return NULL;
  }
  return dg_style_parse(text, path, error);
}

DgScript
dg_script_of_lang(const char *tag)
{
  return g_ascii_strncasecmp(tag, "zh", 2) == 0 ? DG_SCRIPT_HAN : DG_SCRIPT_LATIN;
}

const char *
dg_layout_name(DgLayout layout)
{
  static const char *const names[] = { "parallel", "facing", "interleaved" };
  return names[layout];
}

gboolean
dg_layout_from_name(const char *name, DgLayout *layout)
{
  for (int i = 0; i <= DG_LAYOUT_INTERLEAVED; i++)
    if (strcmp(name, dg_layout_name((DgLayout)i)) == 0) {
      *layout = (DgLayout)i;
      return TRUE;
    }
  return FALSE;
}

static void
style_heading(const DgStyle *style, const DgLangStyle *ls, int level, DgTextStyle *t)
{
  int i = CLAMP(level, 1, 3) - 1;
  t->family = ls->heading_family;
  t->size_pt *= style->heading_scale[i];
  t->leading_pt = MAX(t->leading_pt, t->size_pt * 1.35);
  t->weight = level <= 2 ? ls->heading_weight : 600;
  t->indent_em = 0;
  t->align = DG_ALIGN_LEFT;
  t->hyphenate = FALSE;
  t->space_before_pt = style->heading_before_pt[i];
  t->space_after_pt = style->heading_after_pt[i];
}

DgTextStyle
dg_style_text(const DgStyle *style, const char *tag, const DgBlock *block,
              gboolean secondary)
{
  const DgLangStyle *ls = &style->lang[dg_script_of_lang(tag)];
  double scale = secondary ? ls->interleaved_scale : 1;
  DgTextStyle t = {
    .family = ls->family, .size_pt = ls->size_pt * scale,
    .leading_pt = ls->leading_pt * scale, .weight = 400,
    .indent_em = ls->indent_em, .align = DG_ALIGN_JUSTIFY, .hyphenate = ls->hyphenate,
    .kinsoku = ls->kinsoku, .expansion = ls->expansion_pct / 100,
    .protrusion = ls->protrusion,
  };
  if (block == NULL)
    return t;
  double depth_em = block->quote_depth * style->quote_indent_em;
  switch (block->kind) {
  case DG_BLOCK_HEADING:
    style_heading(style, ls, block->level, &t);
    break;
  case DG_BLOCK_LIST_ITEM:
    depth_em += block->list_depth * style->list_indent_em;
    t.indent_em = 0;
    break;
  case DG_BLOCK_CODE:
    t.family = style->code_family;
    t.size_pt *= 0.85;
    t.indent_em = 0;
    t.align = DG_ALIGN_LEFT;
    t.hyphenate = FALSE;
    break;
  default:
    break;
  }
  if (block->quote_depth > 0 && block->kind != DG_BLOCK_HEADING) {
    t.size_pt *= 0.95;
    t.leading_pt *= 0.95;
  }
  t.left_em = depth_em;
  return t;
}

DgTextStyle
dg_style_note(const DgStyle *style, const char *tag)
{
  const DgLangStyle *ls = &style->lang[dg_script_of_lang(tag)];
  DgTextStyle t = {
    .family = ls->family, .size_pt = ls->size_pt * style->note_scale,
    .leading_pt = ls->leading_pt * style->note_scale, .weight = 400,
    .align = DG_ALIGN_JUSTIFY, .hyphenate = ls->hyphenate, .kinsoku = ls->kinsoku,
    .expansion = ls->expansion_pct / 100, .protrusion = ls->protrusion,
  };
  return t;
}

GPtrArray *
dg_style_families(const DgStyle *style)
{
  GPtrArray *a = g_ptr_array_new();
  for (int i = 0; i < DG_N_SCRIPTS; i++) {
    g_ptr_array_add(a, style->lang[i].family);
    g_ptr_array_add(a, style->lang[i].heading_family);
  }
  g_ptr_array_add(a, style->code_family);
  g_ptr_array_add(a, NULL);
  return a;
}
