/* style.h — a print template (templates/<name>.ini) as a plain value.
 *
 * DgStyle holds numbers and names only: page geometry in points, the
 * layout mode, per-language text settings, heading scales. It knows
 * nothing of Pango or Cairo; typeset.c turns a DgTextStyle into font
 * descriptions, paginate.c and pdf.c read the geometry. */
#pragma once
#include <glib.h>

#include "error.h"
#include "pdfpost.h"
#include "typeset.h"

G_BEGIN_DECLS

typedef enum {
  DG_LAYOUT_PARALLEL,          /* two columns on one page */
  DG_LAYOUT_FACING,            /* first language on versos, second on rectos */
  DG_LAYOUT_INTERLEAVED,       /* one column, block then translation */
} DgLayout;

typedef enum {
  DG_OPEN_ANY,                 /* chapters run on */
  DG_OPEN_NEW_PAGE,            /* a level-1 heading starts a new page */
  DG_OPEN_RIGHT,               /* ... a new right-hand (odd) page */
} DgChapterOpen;

/* The script families the templates style separately. */
typedef enum {
  DG_SCRIPT_HAN,               /* zh-*: Noto Serif CJK SC, 2 em indent */
  DG_SCRIPT_LATIN,             /* everything else */
  DG_N_SCRIPTS
} DgScript;

typedef struct {
  char *family;                /* body family list */
  char *heading_family;        /* headings (may equal family) */
  double size_pt;
  double leading_pt;
  double indent_em;            /* paragraph first-line indent */
  int heading_weight;
  gboolean hyphenate;
  DgKinsoku kinsoku;           /* clreq strictness: none, basic, gb, strict */
  double interleaved_scale;    /* size factor of the second language in interleaved */
  double expansion_pct;        /* glyph expansion a loose justified line may use */
  gboolean protrusion;         /* punctuation hangs into the margins */
} DgLangStyle;

/* Where a key of the template was written (line 0: left at its default). */
typedef struct {
  int line, col;
} DgStyleKeyPos;

/* Running heads and folios sit in the margins at these distances from the
 * text area (baselines); style.c refuses margins that cannot hold them and
 * pdf.c draws them there. */
#define DG_HEAD_DROP_PT 16.0         /* running head baseline above the text area */
#define DG_FOLIO_DROP_PT 26.0        /* folio baseline below the text area */
/* Contents pages set their entries below a title of this height; with
 * contents on, the text area must also hold DG_STYLE_CONTENTS_ROWS
 * entries (both languages stacked) under it. */
#define DG_CONTENTS_TITLE_PT 54.0     /* room for "目录 / Contents" */
#define DG_STYLE_CONTENTS_ROWS 2
/* The narrowest text column, in characters of its body type: the 2-em
 * Chinese paragraph indent plus the longest run clreq forbids to split,
 * an opening bracket, a character, a closing bracket and a comma
 * (「网」，). A column narrower than its own first-line indent plus this
 * run cannot set a first line without ink past its edge. */
#define DG_STYLE_MIN_COLUMN_EM 6.0
#define DG_STYLE_MIN_RUN_EM 4.0

typedef struct {
  char *path;                  /* the file it was read from */
  DgStyleKeyPos *key_pos;      /* per key of style.c's table, for positioned errors */
  double trim_width_pt, trim_height_pt;
  double inside_pt, outside_pt, top_pt, bottom_pt;
  double bleed_pt;
  gboolean crop_marks;
  double marks_room_pt;        /* slug around the bleed for crop marks */
  DgLayout layout;
  double column_gap_pt;
  double column_ratio;         /* share of the body width for the first language */
  double column_ratio_min, column_ratio_max;
  gboolean balance_columns;    /* choose the ratio per book within [min, max] */
  double pair_space_pt;        /* between segments */
  DgChapterOpen chapter_open;
  gboolean title_page, contents, running_heads, folios;
  double head_size_pt;         /* running heads and folios */
  DgOutputIntent output_intent; /* the printing condition named in the PDF */
  DgLangStyle lang[DG_N_SCRIPTS];
  double heading_scale[3];     /* levels 1-3, factor on the body size */
  double heading_before_pt[3], heading_after_pt[3];
  int heading_span_level;      /* parallel: headings of this level or above span both columns, centred (0: none) */
  double note_scale;           /* footnote size / body size */
  char *code_family;
  double quote_indent_em, list_indent_em;
} DgStyle;

/* Reads templates/<name>.ini from data_dir. A bad key or value is a
 * positioned error: "templates/x.ini:12: error: unknown key 'margn'". */
DgStyle *dg_style_load(const char *data_dir, const char *name, GError **error);
/* Parses template text (for tests); `path` names it in errors. */
DgStyle *dg_style_parse(const char *text, const char *path, GError **error);
void dg_style_free(DgStyle *style);
/* The text columns the composition will set are wide enough for their
 * type: each at least DG_STYLE_MIN_COLUMN_EM, and its first-line indent
 * plus DG_STYLE_MIN_RUN_EM, characters of its body size. `scripts` are
 * the languages shown, in column order; with `n_columns` 1 they share
 * the whole measure (interleaved: the second at its interleaved scale).
 * The error names the last-written key the measure depends on. */
gboolean dg_style_check_measure(const DgStyle *style, DgLayout layout, int n_columns,
                                const DgScript *scripts, int n_scripts, GError **error);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgStyle, dg_style_free)

DgScript dg_script_of_lang(const char *tag);
const char *dg_layout_name(DgLayout layout);
/* "parallel" | "facing" | "interleaved" → layout; FALSE if unknown. */
gboolean dg_layout_from_name(const char *name, DgLayout *layout);

/* How a block of language `tag` is set. `secondary` selects the
 * interleaved translation's reduced face. Strings in the result are
 * borrowed from the style. */
DgTextStyle dg_style_text(const DgStyle *style, const char *tag, const DgBlock *block,
                          gboolean secondary);
/* Footnote text in language `tag`. */
DgTextStyle dg_style_note(const DgStyle *style, const char *tag);

/* Every family the template names, NULL-terminated (borrowed strings). */
GPtrArray *dg_style_families(const DgStyle *style);

G_END_DECLS
