/* build.c — one book → its editions: the orchestration of `diglot build`.
 *
 * The only place that knows both writers exist: it asks the print side
 * for one composition of the book, draws the PDF, the page map the EPUB
 * page-list needs and the cover from it, and hands the map (plain
 * numbers) and the cover (PNG bytes) to the EPUB side. An EPUB alone
 * still typesets the book: its page-list names print pages. */
#include "build.h"
#include "epub.h"
#include "output.h"
#include "pdf.h"

/* 1600 px wide: what the stores ask of a cover image. */
#define DG_COVER_WIDTH_PX 1600

#include <stdio.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

void
dg_page_map_free(DgPageMap *map)
{
  if (map == NULL)
    return;
  g_free(map->page_of_segment);
  g_free(map);
}

const char *
dg_build_template_name(const DgBook *book, const DgBuildOptions *opts)
{
  if (opts->template_name)
    return opts->template_name;
  if (book->template_name)
    return book->template_name;
  return DG_DEFAULT_TEMPLATE;
}

gint64
dg_build_epoch(const DgBook *book, const DgBuildOptions *opts)
{
  if (opts->source_date_epoch >= 0)
    return opts->source_date_epoch;
  if (book->date == NULL)
    return 0;
  int y = 1970, m = 1, d = 1;
  sscanf(book->date, "%d-%d-%d", &y, &m, &d);
  g_autoptr(GDateTime) dt = g_date_time_new_utc(y, m, d, 0, 0, 0);
  return dt ? g_date_time_to_unix(dt) : 0;
}

gboolean
dg_build_check(const DgBook *book, const DgBuildOptions *opts,
               GPtrArray *warnings, GError **error)
{
  if (opts->lang && dg_book_lang_index(book, opts->lang) < 0) {
    g_set_error(error, DG_ERROR, DG_ERROR_USAGE,
                "diglot: error: --lang %s: the book has no such language", opts->lang);
    return FALSE;
  }
  return dg_pdf_check(book, opts, warnings, error);
}

gboolean
dg_build(const DgBook *book, const DgBuildOptions *opts, const char *pdf_path,
         const char *epub_path, GError **error)
{
  return dg_build_with_stats(book, opts, pdf_path, epub_path, NULL, error);
}

/* The print side's part of an EPUB: where segments start in print, and
 * the title page as the cover, both from the composition of the PDF. */
static gboolean
print_twin(DgComposition *comp, DgPageMap **map, GBytes **cover, GError **error)
{
  *map = dg_pdf_page_map(comp);
  *cover = dg_pdf_cover_png(comp, DG_COVER_WIDTH_PX, error);
  return *cover != NULL;
}

gboolean
dg_build_with_stats(const DgBook *book, const DgBuildOptions *opts,
                    const char *pdf_path, const char *epub_path,
                    DgBuildStats *build_stats, GError **error)
{
  if (opts->lang && dg_book_lang_index(book, opts->lang) < 0) {
    g_set_error(error, DG_ERROR, DG_ERROR_USAGE,
                "diglot: error: --lang %s: the book has no such language", opts->lang);
    return FALSE;
  }
  /* One composition (template, fonts, coverage check, every line) serves
   * the PDF, the EPUB's page-list and its cover. It is freed before the
   * EPUB is written, so the two never hold their memory at once. */
  g_autoptr(DgComposition) comp = dg_pdf_compose(book, opts, error);
  if (comp == NULL)
    return FALSE;
  g_autoptr(DgPageMap) map = NULL;
  g_autoptr(GBytes) cover = NULL;
  if (epub_path && !print_twin(comp, &map, &cover, error))
    return FALSE;
  /* Both outputs or neither: with an EPUB to write as well, the PDF goes
   * to a staging file beside its final path and is moved into place only
   * once the EPUB is committed, so a build that fails in the EPUB (a
   * missing stylesheet, an --epub directory that does not exist) leaves
   * an earlier PDF as it was. Freeing the staging file removes it. */
  g_autoptr(DgOutput) staged = NULL;
  if (pdf_path && epub_path && (staged = dg_output_new(pdf_path, error)) == NULL)
    return FALSE;
  if (pdf_path) {
    DgPdfStats stats = { 0 };
    const char *target = staged ? dg_output_get_temp_path(staged) : pdf_path;
    if (!dg_pdf_write(comp, opts, target, &stats, error))
      return FALSE;
    if (build_stats)
      build_stats->pdf_pages = stats.pages;
  }
  g_clear_pointer(&comp, dg_composition_free);
  if (epub_path == NULL)
    return TRUE;
#ifdef __GLIBC__
  /* glibc keeps the freed composition's pages; the EPUB would grow the
   * process past them (peak RSS of PDF + EPUB at 40x: 160 → 151 MB) */
  malloc_trim(0);
#endif
  DgPrintTwin twin = { map, cover };
  if (!dg_epub_write(book, opts, &twin, epub_path, error))
    return FALSE;
  return staged == NULL || dg_output_commit(staged, error);
}
