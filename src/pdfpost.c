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
 * Rejected: appending an incremental update by hand. Cairo's classic
 * xref table makes it possible, but the /ID and the byte offsets are
 * easy to get subtly wrong; qpdf also checks the file as it reads it. */
#include "pdfpost.h"

#include <qpdf/qpdf-c.h>

#include "error.h"

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
  if (qpdf_failed(q, in_path, error))
    goto out;
  qpdf_init_write(q, out_path);
  qpdf_set_deterministic_ID(q, QPDF_TRUE);
  qpdf_set_object_stream_mode(q, qpdf_o_preserve);
  qpdf_set_stream_data_mode(q, qpdf_s_preserve);
  qpdf_write(q);
  ok = !qpdf_failed(q, out_path, error);
out:
  qpdf_cleanup(&q);
  return ok;
}
