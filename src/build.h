/* build.h — what `diglot build` and `diglot check` are asked to do.
 *
 * Plain data passed from main (which alone reads the command line and the
 * environment) down to the writers. */
#pragma once
#include "book.h"

G_BEGIN_DECLS

typedef struct {
  const char *data_dir;        /* holds templates/ and fonts/ */
  const char *template_name;   /* NULL: the book's, else "parallel-a4" */
  const char *layout;          /* NULL: the template's; parallel|interleaved|facing */
  const char *lang;            /* NULL: every language; else a one-language edition */
  gint64 source_date_epoch;    /* seconds; < 0: unset (use the book's date) */
} DgBuildOptions;

#define DG_DEFAULT_TEMPLATE "parallel-a4"

/* Where each print page starts, for the EPUB page-list: page_of_segment[i]
 * is the 1-based page on which body segment i begins. Produced by the
 * print side, consumed by the EPUB side; plain numbers only. */
typedef struct {
  int n_segments;
  int *page_of_segment;
  int n_pages;
} DgPageMap;

void dg_page_map_free(DgPageMap *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgPageMap, dg_page_map_free)

/* The template's name after options and book.ini are considered. */
const char *dg_build_template_name(const DgBook *book, const DgBuildOptions *opts);

/* The publication date as seconds since the epoch: SOURCE_DATE_EPOCH when
 * given, else the book's date at 00:00 UTC, else 0. Never the clock. */
gint64 dg_build_epoch(const DgBook *book, const DgBuildOptions *opts);

/* Validation without output: alignment already holds for a loaded book;
 * this adds what the print side can check (template, fonts, coverage). */
gboolean dg_build_check(const DgBook *book, const DgBuildOptions *opts,
                        GPtrArray *warnings, GError **error);

/* Writes the PDF and/or EPUB (either path may be NULL). */
gboolean dg_build(const DgBook *book, const DgBuildOptions *opts,
                  const char *pdf_path, const char *epub_path, GError **error);

/* What a build made, for `batch` progress and its report. */
typedef struct {
  int pdf_pages;               /* 0 when no PDF was written */
} DgBuildStats;

/* dg_build() that also fills `stats` (which may be NULL). */
gboolean dg_build_with_stats(const DgBook *book, const DgBuildOptions *opts,
                             const char *pdf_path, const char *epub_path,
                             DgBuildStats *stats, GError **error);

G_END_DECLS
