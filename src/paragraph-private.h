/* paragraph-private.h — what paragraph.c (shaping, the item model) hands
 * to paragraph-lines.c (positioned runs). Not for other stages. */
#pragma once
#include "linebreak.h"
#include "paragraph.h"

/* One grapheme cluster as HarfBuzz shaped it: the unit the line breaker
 * moves and the justification never splits. */
typedef struct {
  int item;                  /* index into Para.items */
  int glyph0, glyph1;        /* glyphs [glyph0, glyph1) of that item */
  gsize start, end;          /* bytes of the text */
  gunichar first, last;      /* first and last character */
  double width_pt;           /* natural advance */
  double left_pt, right_pt;  /* blank halves `halt` can remove (P3–P5) */
  gboolean space;            /* white space: becomes glue */
  gboolean newline;          /* a hard line break */
} DgCluster;

/* What an item's tag means: the kind in the top bits, a cluster index
 * below. */
enum {
  TAG_BOX = 0,        /* the cluster itself */
  TAG_TAIL = 1,       /* glue drawn after cluster (its last glyph widens) */
  TAG_SPACE = 2,      /* a white-space cluster set as glue */
  TAG_INDENT = 3,     /* first-line indent */
  TAG_HYPHEN = 4,     /* hyphen penalty after cluster */
  TAG_OTHER = 5,      /* other penalties */
};
#define TAG(kind, cluster) (((guint32)(kind) << 28) | (guint32)(cluster))
#define TAG_KIND(tag) ((int)((tag) >> 28))
#define TAG_CLUSTER(tag) ((int)((tag) & 0x0FFFFFFFu))

typedef struct {
  const DgParagraphSpec *spec;
  char *text;                /* text, NUL, "-", NUL */
  gsize len;
  gsize hyphen_offset;       /* where the "-" is */
  double em_pt;
  double measure_pt;
  GPtrArray *items;          /* PangoItem*, owned */
  GPtrArray *glyphs;         /* PangoGlyphString*, owned, one per item */
  GArray *clusters;          /* DgCluster */
  GArray *lb;                /* DgLbItem */
  GHashTable *halt;          /* (font, glyph) → halted geometry */
} DgPara;

/* paragraph-lines.c: the chosen breaks → DgLines (takes para->text). */
DgLines *dg_para_emit_lines(DgPara *para, GArray *breaks);
