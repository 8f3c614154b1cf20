/* paragraph.h — one paragraph of text in, measured and positioned lines out.
 *
 *     text + attributes + DgTextStyle + PangoContext + width  →  DgLines
 *
 * The paragraph builder behind the print engine's typeset interface: it
 * itemizes and shapes with Pango/HarfBuzz once, takes break opportunities
 * from Pango's UAX #14 analysis tailored by clreq (script.h), models the
 * paragraph as boxes, glue and penalties, lets linebreak.h choose the
 * breaks by total fit, and writes the justified positions back into the
 * glyph strings so a line draws with pango_cairo_show_glyph_item(). */
#pragma once
#include <pango/pango.h>

#include "hyphenate.h"
#include "script.h"
#include "shapecache.h"
#include "typeset.h"

G_BEGIN_DECLS

/* A longer paragraph is an error, never a hang. */
#define DG_PARAGRAPH_MAX_BYTES (4u * 1024u * 1024u)

typedef struct {
  PangoContext *context;          /* borrowed: 72 dpi, hint metrics off */
  const DgTextStyle *style;       /* family, size, indent, alignment */
  double width_pt;                /* the measure (the caller takes off left_em) */
  DgKinsoku kinsoku;              /* clreq strictness: the style's */
  const DgHyphenator *hyphenator; /* NULL: no hyphenation */
  DgShapeCache *shape_cache;      /* NULL: shape whole items, uncached */
} DgParagraphSpec;

/* Fills a spec with the style's kinsoku level, no hyphenator and no
 * shaping cache. */
void dg_paragraph_spec_init(DgParagraphSpec *spec, PangoContext *context,
                            const DgTextStyle *style, double width_pt);

/* Sets `text` (len bytes, or -1 for NUL-terminated). `attrs` (may be
 * NULL) are Pango attributes over the text — emphasis, code, links — on
 * top of the style's font. The result's `text` is a copy the runs index;
 * `block` is left NULL for the caller to fill. A line ending in a
 * hyphen gets an extra run whose one glyph maps to the text "-" stored
 * after the paragraph's terminating NUL, so the PDF copies out a real
 * hyphen that text extractors remove when they rejoin the word. */
DgLines *dg_paragraph_set(const char *text, gssize len, PangoAttrList *attrs,
                          const DgParagraphSpec *spec, GError **error);

/* Where the glyph cluster holding byte `index` starts on the line (the
 * pen position, from the line's left edge; for punctuation that lost
 * its blank half, where its ink box starts), or -1 if not on the line. */
double dg_line_x_of_index(const DgLine *line, gsize index);

G_END_DECLS
