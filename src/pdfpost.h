/* pdfpost.h — what Cairo 1.16 cannot write, added after it: TrimBox and
 * BleedBox on every page, the catalog's /Lang, a deterministic /ID, gray
 * instead of neutral RGB, no page transparency group where nothing is
 * transparent, an output intent and the Info keys a printer asks for. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* The registered printing condition the file is prepared for (the ICC
 * characterization registry's names), or none. */
typedef enum {
  DG_INTENT_FOGRA39,           /* the default: 0 in a zeroed DgPdfPost */
  DG_INTENT_FOGRA51,
  DG_INTENT_FOGRA29,
  DG_INTENT_FOGRA52,
  DG_INTENT_CGATS21_CRPC6,
  DG_INTENT_NONE,
} DgOutputIntent;

typedef struct {
  double trim[4];              /* x0 y0 x1 y1 in PDF units (origin bottom left) */
  double bleed[4];             /* equal to trim when there is no bleed */
  const char *lang;            /* BCP 47 tag for the catalog's /Lang, or NULL */
  DgOutputIntent intent;
} DgPdfPost;

/* "FOGRA39" … "none" → intent; FALSE if unknown. */
gboolean dg_output_intent_from_name(const char *name, DgOutputIntent *intent);
/* The names dg_output_intent_from_name accepts, for messages: "FOGRA39, …, none". */
const char *dg_output_intent_names(void);

/* Reads `in_path` (Cairo's output), writes `out_path`. Keeps the
 * structure tree, outline and links; same input, same bytes. */
gboolean dg_pdf_post(const char *in_path, const char *out_path, const DgPdfPost *post,
                     GError **error);

G_END_DECLS
