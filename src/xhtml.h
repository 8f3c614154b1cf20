/* xhtml.h — the book tree as EPUB 3 content documents (XHTML 5, XML syntax).
 *
 * The EPUB writer asks this stage for text: chapter documents, the title
 * page, the cover page and the navigation document. Nothing here zips,
 * reads files or knows about fonts; everything is a pure function of the
 * const book, a plan (which segment goes into which file) and options. */
#pragma once
#include "book.h"
#include "build.h"

G_BEGIN_DECLS

typedef struct {
  gboolean stacked;          /* interleaved layout: pairs always stacked */
  int only_lang;             /* -1: every language; else one-language edition */
  const DgPageMap *pages;    /* print page starts, or NULL: no markers */
} DgXhtmlOptions;

typedef struct {
  char *file;                /* "c001.xhtml", relative to the package dir */
  guint first, last;         /* body segments [first, last) */
} DgXhtmlChapter;

/* Where every segment, note and print page lands. Computed once so links
 * between documents (noterefs, toc, page-list) agree with the documents. */
typedef struct {
  GPtrArray *chapters;       /* DgXhtmlChapter* in reading order */
  int *chapter_of_segment;   /* [segments->len] */
  int *chapter_of_note;      /* [notes->len]: the chapter holding its aside */
  int *chapter_of_page;      /* [n_pages + 1], index 0 unused; NULL w/o map */
  int n_pages;
} DgXhtmlPlan;

DgXhtmlPlan *dg_xhtml_plan_new(const DgBook *book, const DgPageMap *pages);
void dg_xhtml_plan_free(DgXhtmlPlan *plan);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgXhtmlPlan, dg_xhtml_plan_free)

/* Appends `s` (len bytes, or up to NUL when len < 0) escaped for XML text
 * and attribute values. Characters XML 1.0 forbids (C0 controls other
 * than tab/LF/CR, U+FFFE/U+FFFF) and invalid UTF-8 become U+FFFD. */
void dg_xhtml_escape(GString *out, const char *s, gssize len);

/* ` lang="T" xml:lang="T"` for language `lang` of the book. */
void dg_xhtml_lang_attrs(GString *out, const DgBook *book, int lang);

/* The block's text as one line of plain text (hard breaks as spaces),
 * for <title>, toc labels and the NCX. Owned. */
char *dg_xhtml_plain_text(const DgBlock *block);

/* Chapter `index` of the plan as a complete XHTML document. */
char *dg_xhtml_chapter(const DgBook *book, const DgXhtmlOptions *opts,
                       const DgXhtmlPlan *plan, guint index, const char *css_href);

/* The title page: title, subtitle, author in every language of the edition. */
char *dg_xhtml_titlepage(const DgBook *book, const DgXhtmlOptions *opts,
                         const char *css_href);

/* A page holding only the cover image. */
char *dg_xhtml_cover(const DgBook *book, const DgXhtmlOptions *opts,
                     const char *image_href, const char *css_href);

/* nav.xhtml: toc (from headings), landmarks, and a page-list when the
 * plan has print pages. `has_cover` adds the cover landmark. */
char *dg_xhtml_nav(const DgBook *book, const DgXhtmlOptions *opts,
                   const DgXhtmlPlan *plan, gboolean has_cover, const char *css_href);

/* The languages of the edition in order (first = the document language). */
int dg_xhtml_first_lang(const DgXhtmlOptions *opts);
gboolean dg_xhtml_uses_lang(const DgXhtmlOptions *opts, int lang);

/* The depth of each heading in the toc (levels normalized so that a jump
 * from h1 to h3 nests one step, as nav's nested <ol> requires), or 0 for
 * a segment that is not a heading. Owned array of segments->len. */
int *dg_xhtml_toc_depths(const DgBook *book);

G_END_DECLS
