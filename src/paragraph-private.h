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
  /* A Western glyph, off the CJK grid (not white space, not Chinese, no
   * halt blank): what glyph expansion may widen and protrusion may hang.
   * Chinese glyphs and full-width punctuation keep their widths. */
  gboolean western;
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
  TAG_DISC_PRE = 6,   /* a ligature's first half, up to the hyphen (DgDisc index) */
  TAG_DISC = 7,       /* the hyphen penalty inside a ligature (DgDisc index) */
  TAG_DISC_POST = 8,  /* the ligature's second half, reshaped (DgDisc index) */
};
#define TAG(kind, cluster) (((guint32)(kind) << 28) | (guint32)(cluster))
#define TAG_KIND(tag) ((int)((tag) >> 28))
#define TAG_CLUSTER(tag) ((int)((tag) & 0x0FFFFFFFu))

/* A hyphenation point inside a ligature cluster ("ef|fi" in the ffi of
 * "efficient"): each half reshaped on its own, so a broken line ends in
 * "f-" and the next starts with "fi", while the unbroken word keeps its
 * ligature. */
typedef struct {
  int cluster;
  gsize split;                  /* byte after which the hyphen goes */
  PangoGlyphString *pre, *post; /* owned */
} DgDisc;

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
  GArray *discs;             /* DgDisc: hyphens inside ligatures */
} DgPara;

/* paragraph-lines.c: the chosen breaks → DgLines (takes para->text). */
DgLines *dg_para_emit_lines(DgPara *para, GArray *breaks);
