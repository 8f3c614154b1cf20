/* pdfpost.c — the libqpdf post-pass over Cairo's PDF.
 *
 * Cairo 1.16 writes MediaBox only, no /Lang and no trailer /ID (measured:
 * the library does not contain the strings). A printer wants TrimBox and
 * BleedBox on every page, a screen reader wants /Lang. We read Cairo's
 * file with libqpdf's C API, set those keys, and write a new file with a
 * deterministic /ID (an MD5 of the content, so two builds of the same
 * input stay byte-identical) and object streams preserved, so the
 * structure tree, outline and annotations pass through untouched.
 *
 * What a printer's preflight asks for besides:
 * - Colour. Cairo paints everything in DeviceRGB (`0 0 0 rg`); a RIP
 *   makes RGB black a rich four-colour black that fringes small type.
 *   Neutral rg/RG become g/G in every page and form XObject
 *   (pdfgray.c says how, and why other colours stay RGB). Tiling
 *   patterns, Type 3 glyphs and annotation appearances are not
 *   rewritten: Cairo draws none of them in our books.
 * - Transparency. Cairo gives every page a /Group /S /Transparency even
 *   when nothing on it is transparent; preflight flags it and a RIP may
 *   flatten the page. We drop it when nothing the page can reach is
 *   transparent: no ExtGState with a soft mask, an alpha below 1 or a
 *   blend mode other than Normal, no image with a soft mask, no form
 *   with a transparency group of its own (conservative: kept then).
 * - An OutputIntent naming a registered printing condition (the
 *   template's output-intent, FOGRA39 by default) and /Trapped /False
 *   (nobody trapped the file); dates get the "D:" prefix ISO 32000
 *   requires and Cairo 1.16 leaves out.
 *
 * No PDF/X version is claimed (no GTS_PDFXVersion): of PDF/X-1a:2003 we
 * meet gray only colour (for the books diglot sets today), no
 * transparency, fonts embedded (Cairo always embeds subsets), TrimBox in
 * BleedBox in MediaBox, /ID, Title, CreationDate, ModDate, Trapped and a
 * registered OutputIntent. We do not meet: link annotations (contents,
 * footnotes, URLs) lie inside the BleedBox and URI links are actions,
 * both forbidden there; the header says PDF-1.5 (Cairo's default).
 * PDF/X-4 would also need an embedded ICC output profile and XMP
 * metadata. Claiming a version a preflight then refutes is worse than
 * claiming none.
 *
 * Rejected: appending an incremental update by hand. Cairo's classic
 * xref table makes it possible, but the /ID and the byte offsets are
 * easy to get subtly wrong; qpdf also checks the file as it reads it. */
#include "pdfpost.h"

#include <qpdf/qpdf-c.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "pdfgray.h"

/* Resources nest (forms in forms, tiling patterns, Type 3 fonts); a
 * chain deeper than this is taken as transparent rather than followed. */
#define DG_PDF_MAX_NESTING 32

/* OutputConditionIdentifier as the ICC characterization data registry
 * names it, and the condition in words (the /Info qpdf and Acrobat show). */
static const struct {
  const char *name;
  const char *info;
} intents[] = {
  [DG_INTENT_FOGRA39] = { "FOGRA39", "Coated FOGRA39 (ISO 12647-2:2004)" },
  [DG_INTENT_FOGRA51] = { "FOGRA51", "PSO Coated v3 (ISO 12647-2:2013)" },
  [DG_INTENT_FOGRA29] = { "FOGRA29", "Uncoated FOGRA29 (ISO 12647-2:2004)" },
  [DG_INTENT_FOGRA52] = { "FOGRA52", "PSO Uncoated v3 (ISO 12647-2:2013)" },
  [DG_INTENT_CGATS21_CRPC6] = { "CGATS21_CRPC6", "GRACoL 2013 (CGATS21-2, CRPC6)" },
  [DG_INTENT_NONE] = { "none", NULL },
};
G_STATIC_ASSERT(G_N_ELEMENTS(intents) == DG_INTENT_NONE + 1);

gboolean
dg_output_intent_from_name(const char *name, DgOutputIntent *intent)
{
  for (gsize i = 0; i < G_N_ELEMENTS(intents); i++)
    if (strcmp(name, intents[i].name) == 0) {
      *intent = (DgOutputIntent)i;
      return TRUE;
    }
  return FALSE;
}

const char *
dg_output_intent_names(void)
{
  return "FOGRA39, FOGRA51, FOGRA29, FOGRA52, CGATS21_CRPC6, none";
}

static gboolean
qpdf_failed(qpdf_data q, const char *path, GError **error)
{
  if (!qpdf_has_error(q))
    return FALSE;
  qpdf_error e = qpdf_get_error(q);
  g_set_error(error, DG_ERROR, DG_ERROR_IO, "%s: error: PDF post-pass: %s", path,
              e ? qpdf_get_error_full_text(q, e) : "unknown qpdf error");
  return TRUE;
}

static char *
box_string(const double b[4])
{
  char v[4][G_ASCII_DTOSTR_BUF_SIZE];
  for (int i = 0; i < 4; i++)
    g_ascii_formatd(v[i], sizeof v[i], "%.3f", b[i]);
  return g_strdup_printf("[%s %s %s %s]", v[0], v[1], v[2], v[3]);
}

static void
set_boxes(qpdf_data q, const DgPdfPost *post)
{
  g_autofree char *trim = box_string(post->trim);
  g_autofree char *bleed = box_string(post->bleed);
  int n = qpdf_get_num_pages(q);
  for (int i = 0; i < n; i++) {
    qpdf_oh page = qpdf_get_page_n(q, (size_t)i);
    qpdf_oh_replace_key(q, page, "/TrimBox", qpdf_oh_parse(q, trim));
    qpdf_oh_replace_key(q, page, "/BleedBox", qpdf_oh_parse(q, bleed));
  }
}

/* ---- colour: neutral RGB becomes gray ---- */

/* `data` with its neutral colours gray, or NULL: unchanged (`*error`
 * unset) or the tokenizer failed (`*error` set). */
static GBytes *
grayed(const unsigned char *data, size_t len, GError **error)
{
  DgGrayStats stats;
  GBytes *gray = dg_pdf_gray_content(data, len, &stats, error);
  if (gray && stats.rewritten == 0)
    g_clear_pointer(&gray, g_bytes_unref);
  return gray;
}

static void
replace_data(qpdf_data q, qpdf_oh stream, GBytes *data)
{
  gsize n = 0;
  const unsigned char *d = g_bytes_get_data(data, &n);
  /* no filter: the writer compresses it (qpdf_set_compress_streams) */
  qpdf_oh_replace_stream_data(q, stream, d, n, qpdf_oh_new_null(q), qpdf_oh_new_null(q));
}

static gboolean
gray_stream(qpdf_data q, qpdf_oh stream, GError **error)
{
  unsigned char *buf = NULL;
  size_t len = 0;
  QPDF_BOOL decoded = QPDF_FALSE;
  qpdf_oh_get_stream_data(q, stream, qpdf_dl_generalized, &decoded, &buf, &len);
  GError *e = NULL;
  /* a filter qpdf cannot undo leaves the stream as it is */
  g_autoptr(GBytes) gray = decoded && buf ? grayed(buf, len, &e) : NULL;
  free(buf);
  if (e) {
    g_propagate_error(error, e);
    return FALSE;
  }
  if (gray)
    replace_data(q, stream, gray);
  return TRUE;
}

/* A page's /Contents: one stream (Cairo's) or an array, which is read as
 * one (a token may run across the joins) and written back as one. */
static gboolean
gray_page(qpdf_data q, qpdf_oh page, GError **error)
{
  qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
  if (qpdf_oh_is_stream(q, contents))
    return gray_stream(q, contents, error);
  if (!qpdf_oh_is_array(q, contents))
    return TRUE;
  unsigned char *buf = NULL;
  size_t len = 0;
  qpdf_oh_get_page_content_data(q, page, &buf, &len);
  GError *e = NULL;
  g_autoptr(GBytes) gray = buf ? grayed(buf, len, &e) : NULL;
  free(buf);
  if (e) {
    g_propagate_error(error, e);
    return FALSE;
  }
  if (gray) {
    qpdf_oh stream = qpdf_oh_new_stream(q);
    replace_data(q, stream, gray);
    qpdf_oh_replace_key(q, page, "/Contents", stream);
  }
  return TRUE;
}

/* ---- what a page reaches through its resources ---- */

typedef struct {
  qpdf_data q;
  GHashTable *seen;            /* object ids walked for this page */
  GHashTable *grayed;          /* form XObjects already rewritten (any page) */
  gboolean transparent;
  GError *error;
} Walk;

/* The values of a dictionary (or a stream's dictionary). qpdf's C API
 * has one key iterator per document, so a walk collects before it recurses. */
static GArray *
dict_values(qpdf_data q, qpdf_oh oh)
{
  GArray *v = g_array_new(FALSE, FALSE, sizeof(qpdf_oh));
  qpdf_oh dict = qpdf_oh_is_stream(q, oh) ? qpdf_oh_get_dict(q, oh) : oh;
  if (!qpdf_oh_is_dictionary(q, dict))
    return v;
  qpdf_oh_begin_dict_key_iter(q, dict);
  while (qpdf_oh_dict_more_keys(q)) {
    qpdf_oh val = qpdf_oh_get_key(q, dict, qpdf_oh_dict_next_key(q));
    g_array_append_val(v, val);
  }
  return v;
}

/* TRUE the first time an indirect object is met in `set` (a direct one
 * cannot be part of a cycle). */
static gboolean
first_visit(qpdf_data q, GHashTable *set, qpdf_oh oh)
{
  int id = qpdf_oh_get_object_id(q, oh);
  return id == 0 || g_hash_table_add(set, GINT_TO_POINTER(id));
}

static qpdf_oh
key_of(qpdf_data q, qpdf_oh oh, const char *key)
{
  qpdf_oh dict = qpdf_oh_is_stream(q, oh) ? qpdf_oh_get_dict(q, oh) : oh;
  return qpdf_oh_get_key_if_dict(q, dict, key);
}

static gboolean
number_below_one(qpdf_data q, qpdf_oh oh)
{
  double v = 1;
  return qpdf_oh_get_value_as_number(q, oh, &v) && v < 1;
}

/* ISO 32000-1 11.6: a soft mask, a constant alpha below 1 or a blend
 * mode other than Normal (Compatible is its old name) is transparency. */
static gboolean
gstate_transparent(qpdf_data q, qpdf_oh gs)
{
  qpdf_oh smask = key_of(q, gs, "/SMask");
  qpdf_oh bm = key_of(q, gs, "/BM");
  return (!qpdf_oh_is_null(q, smask) && !qpdf_oh_is_name_and_equals(q, smask, "/None"))
         || number_below_one(q, key_of(q, gs, "/CA"))
         || number_below_one(q, key_of(q, gs, "/ca"))
         || (!qpdf_oh_is_null(q, bm) && !qpdf_oh_is_name_and_equals(q, bm, "/Normal")
             && !qpdf_oh_is_name_and_equals(q, bm, "/Compatible"));
}

/* A page or a form with /Group << /S /Transparency >> (the only kind). */
static gboolean
has_transparency_group(qpdf_data q, qpdf_oh oh)
{
  return qpdf_oh_is_name_and_equals(q, key_of(q, key_of(q, oh, "/Group"), "/S"),
                                    "/Transparency");
}

static gboolean
has_soft_mask(qpdf_data q, qpdf_oh image)
{
  double in_data = 0;
  return !qpdf_oh_is_null(q, key_of(q, image, "/SMask"))
         || (qpdf_oh_get_value_as_number(q, key_of(q, image, "/SMaskInData"), &in_data)
             && in_data != 0);
}

static void walk_resources(Walk *w, qpdf_oh res, int depth);

static void
walk_form(Walk *w, qpdf_oh form, int depth)
{
  qpdf_data q = w->q;
  /* a group of its own: kept as a page group would be, to be safe */
  if (has_transparency_group(q, form))
    w->transparent = TRUE;
  if (w->error == NULL && first_visit(q, w->grayed, form))
    gray_stream(q, form, &w->error);
  walk_resources(w, key_of(q, form, "/Resources"), depth + 1);
}

static void
walk_xobject(Walk *w, qpdf_oh x, int depth)
{
  qpdf_data q = w->q;
  if (!qpdf_oh_is_stream(q, x) || !first_visit(q, w->seen, x))
    return;
  qpdf_oh subtype = key_of(q, x, "/Subtype");
  if (qpdf_oh_is_name_and_equals(q, subtype, "/Form"))
    walk_form(w, x, depth);
  else if (qpdf_oh_is_name_and_equals(q, subtype, "/Image") && has_soft_mask(q, x))
    w->transparent = TRUE;
}

static void
walk_pattern(Walk *w, qpdf_oh p, int depth)
{
  qpdf_data q = w->q;
  if (!first_visit(q, w->seen, p))
    return;
  /* a tiling pattern paints with resources; a shading pattern may name a gstate */
  walk_resources(w, key_of(q, p, "/Resources"), depth + 1);
  qpdf_oh gs = key_of(q, p, "/ExtGState");
  if (qpdf_oh_is_dictionary(q, gs) && gstate_transparent(q, gs))
    w->transparent = TRUE;
}

/* Calls `fn` on every value of res[key]. */
static void
each(Walk *w, qpdf_oh res, const char *key, int depth, void (*fn)(Walk *, qpdf_oh, int))
{
  g_autoptr(GArray) v = dict_values(w->q, key_of(w->q, res, key));
  for (guint i = 0; i < v->len; i++)
    fn(w, g_array_index(v, qpdf_oh, i), depth);
}

static void
walk_gstate(Walk *w, qpdf_oh gs, int depth)
{
  if (gstate_transparent(w->q, gs))
    w->transparent = TRUE;
}

/* Type 3 glyphs are content with resources of their own. */
static void
walk_font(Walk *w, qpdf_oh font, int depth)
{
  if (first_visit(w->q, w->seen, font))
    walk_resources(w, key_of(w->q, font, "/Resources"), depth + 1);
}

static void
walk_resources(Walk *w, qpdf_oh res, int depth)
{
  if (!qpdf_oh_is_dictionary(w->q, res))
    return;
  if (depth > DG_PDF_MAX_NESTING) {
    w->transparent = TRUE;
    return;
  }
  each(w, res, "/ExtGState", depth, walk_gstate);
  each(w, res, "/XObject", depth, walk_xobject);
  each(w, res, "/Pattern", depth, walk_pattern);
  each(w, res, "/Font", depth, walk_font);
}

/* /Resources may be inherited from the page tree. */
static qpdf_oh
page_resources(qpdf_data q, qpdf_oh page)
{
  for (int i = 0; i < DG_PDF_MAX_NESTING && qpdf_oh_is_dictionary(q, page); i++) {
    if (qpdf_oh_has_key(q, page, "/Resources"))
      return qpdf_oh_get_key(q, page, "/Resources");
    page = qpdf_oh_get_key(q, page, "/Parent");
  }
  return qpdf_oh_new_null(q);
}

/* Grays the page and the forms it draws; drops its transparency group
 * when nothing it reaches is transparent. */
static gboolean
print_page(Walk *w, qpdf_oh page, GError **error)
{
  qpdf_data q = w->q;
  if (!gray_page(q, page, error))
    return FALSE;
  g_hash_table_remove_all(w->seen);
  w->transparent = FALSE;
  walk_resources(w, page_resources(q, page), 0);
  if (w->error) {
    g_propagate_error(error, g_steal_pointer(&w->error));
    return FALSE;
  }
  if (!w->transparent && has_transparency_group(q, page))
    qpdf_oh_remove_key(q, page, "/Group");
  return TRUE;
}

static gboolean
print_pages(qpdf_data q, GError **error)
{
  Walk w = { q, g_hash_table_new(NULL, NULL), g_hash_table_new(NULL, NULL), FALSE, NULL };
  gboolean ok = TRUE;
  int n = qpdf_get_num_pages(q);
  for (int i = 0; ok && i < n; i++)
    ok = print_page(&w, qpdf_get_page_n(q, (size_t)i), error);
  g_hash_table_unref(w.seen);
  g_hash_table_unref(w.grayed);
  return ok;
}

/* ---- output intent and document information ---- */

static void
set_output_intent(qpdf_data q, DgOutputIntent intent)
{
  if (intent == DG_INTENT_NONE)
    return;
  qpdf_oh oi = qpdf_oh_new_dictionary(q);
  qpdf_oh_replace_key(q, oi, "/Type", qpdf_oh_new_name(q, "/OutputIntent"));
  qpdf_oh_replace_key(q, oi, "/S", qpdf_oh_new_name(q, "/GTS_PDFX"));
  qpdf_oh_replace_key(q, oi, "/OutputConditionIdentifier",
                      qpdf_oh_new_string(q, intents[intent].name));
  const char *info = intents[intent].info;
  qpdf_oh_replace_key(q, oi, "/OutputCondition", qpdf_oh_new_string(q, info));
  /* a registered condition: the RIP brings the profile, none is embedded */
  const char *registry = "http://www.color.org";
  qpdf_oh_replace_key(q, oi, "/RegistryName", qpdf_oh_new_string(q, registry));
  qpdf_oh_replace_key(q, oi, "/Info", qpdf_oh_new_string(q, info));
  qpdf_oh list = qpdf_oh_new_array(q);
  qpdf_oh_append_item(q, list, oi);
  qpdf_oh_replace_key(q, qpdf_get_root(q), "/OutputIntents", list);
}

/* Cairo 1.16 writes "(20191002070640Z)"; ISO 32000-1 7.9.4 wants "D:" first. */
static void
fix_date(qpdf_data q, qpdf_oh info, const char *key)
{
  qpdf_oh date = qpdf_oh_get_key(q, info, key);
  if (!qpdf_oh_is_string(q, date))
    return;
  const char *v = qpdf_oh_get_utf8_value(q, date);
  if (g_str_has_prefix(v, "D:"))
    return;
  g_autofree char *fixed = g_strconcat("D:", v, NULL);
  qpdf_oh_replace_key(q, info, key, qpdf_oh_new_string(q, fixed));
}

static void
set_info(qpdf_data q)
{
  qpdf_oh info = qpdf_oh_get_key(q, qpdf_get_trailer(q), "/Info");
  if (!qpdf_oh_is_dictionary(q, info))
    return;
  /* nobody trapped this file; PDF/X accepts True or False, never Unknown */
  qpdf_oh_replace_key(q, info, "/Trapped", qpdf_oh_new_name(q, "/False"));
  fix_date(q, info, "/CreationDate");
  fix_date(q, info, "/ModDate");
}

gboolean
dg_pdf_post(const char *in_path, const char *out_path, const DgPdfPost *post,
            GError **error)
{
  qpdf_data q = qpdf_init();
  qpdf_set_suppress_warnings(q, QPDF_TRUE);
  gboolean ok = FALSE;
  qpdf_read(q, in_path, NULL);
  if (qpdf_failed(q, in_path, error))
    goto out;
  set_boxes(q, post);
  if (post->lang)
    qpdf_oh_replace_key(q, qpdf_get_root(q), "/Lang",
                        qpdf_oh_new_unicode_string(q, post->lang));
  GError *e = NULL;
  if (!print_pages(q, &e)) {
    g_set_error(error, DG_ERROR, DG_ERROR_IO, "%s: error: PDF post-pass: %s", in_path,
                e->message);
    g_error_free(e);
    goto out;
  }
  set_output_intent(q, post->intent);
  set_info(q);
  if (qpdf_failed(q, in_path, error))
    goto out;
  qpdf_init_write(q, out_path);
  qpdf_set_deterministic_ID(q, QPDF_TRUE);
  qpdf_set_object_stream_mode(q, qpdf_o_preserve);
  /* streams we did not touch keep their bytes; the ones we rewrote are
   * unfiltered and get compressed */
  qpdf_set_stream_data_mode(q, qpdf_s_preserve);
  qpdf_set_compress_streams(q, QPDF_TRUE);
  qpdf_write(q);
  ok = !qpdf_failed(q, out_path, error);
out:
  qpdf_cleanup(&q);
  return ok;
}
