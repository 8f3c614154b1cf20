/* fuzz_xhtml.c — libFuzzer harness for the EPUB content documents.
 *
 * The input is read as two manuscripts exactly as in fuzz_markdown.c
 * (split at the first NUL; without one both languages get the same text,
 * which aligns by construction). A book that loads is written through
 * every function of xhtml.h — each chapter of the plan, the title page,
 * the cover page and nav.xhtml, with a made-up print page map — in the
 * three kinds of edition (both languages side by side, stacked, one
 * language). Every document must be well-formed XML (checked with
 * GMarkup, which knows only the five predefined entities, as EPUB's XML
 * syntax requires), carry no script, no event attribute and no link to a
 * script scheme, and give each id once. */
#include "fuzz_check.h"
#include "xhtml.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char INI[] = "[book]\nlanguages=zh-Hans;en\ntitle[zh-Hans]=测试\n"
                          "title[en]=Test &amp; <b>\nauthor[en]=A \"B\"\n";

static void
start_element(GMarkupParseContext *ctx, const char *name, const char **attr_names,
              const char **attr_values, gpointer user_data, GError **error)
{
  GHashTable *ids = user_data;
  dg_fuzz_require(g_ascii_strcasecmp(name, "script") != 0);
  for (int i = 0; attr_names[i]; i++) {
    const char *a = attr_names[i], *v = attr_values[i];
    dg_fuzz_require(g_ascii_strncasecmp(a, "on", 2) != 0);
    if (strcmp(a, "id") == 0) {
      if (!g_hash_table_add(ids, g_strdup(v)))
        fprintf(stderr, "duplicate id '%s'\n", v);
      dg_fuzz_require(g_hash_table_contains(ids, v) && *v != '\0');
    }
    if (strcmp(a, "href") == 0 || strcmp(a, "src") == 0) {
      const char *p = v + strspn(v, " \t\r\n");
      dg_fuzz_require(g_ascii_strncasecmp(p, "javascript:", 11) != 0);
      dg_fuzz_require(g_ascii_strncasecmp(p, "vbscript:", 9) != 0);
      dg_fuzz_require(g_ascii_strncasecmp(p, "data:", 5) != 0);
    }
  }
}

/* One document: well-formed, safe, unique ids. */
static void
check_document(char *doc)
{
  dg_fuzz_require(doc != NULL && g_utf8_validate(doc, -1, NULL));
  dg_fuzz_require(g_str_has_prefix(doc, "<?xml"));
  GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  GMarkupParser parser = { start_element, NULL, NULL, NULL, NULL };
  GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, ids, NULL);
  GError *error = NULL;
  gboolean ok = g_markup_parse_context_parse(ctx, doc, -1, &error) &&
                g_markup_parse_context_end_parse(ctx, &error);
  if (!ok)
    fprintf(stderr, "not well-formed: %s\n%s\n", error->message, doc);
  dg_fuzz_require(ok);
  g_markup_parse_context_free(ctx);
  g_hash_table_destroy(ids);
  g_free(doc);
}

/* A print page map: a new page every third segment. */
static DgPageMap *
page_map(const DgBook *book)
{
  DgPageMap *m = g_new0(DgPageMap, 1);
  m->n_segments = (int)book->segments->len;
  m->page_of_segment = g_new(int, MAX(m->n_segments, 1));
  for (int i = 0; i < m->n_segments; i++)
    m->page_of_segment[i] = i / 3 + 1;
  m->n_pages = m->n_segments / 3 + 2;   /* a continuation page after the last */
  return m;
}

static void
write_edition(const DgBook *book, const DgXhtmlOptions *opts)
{
  DgXhtmlPlan *plan = dg_xhtml_plan_new(book, opts->pages);
  dg_fuzz_require(plan->chapters->len >= 1);
  guint covered = 0;
  for (guint i = 0; i < plan->chapters->len; i++) {
    const DgXhtmlChapter *c = plan->chapters->pdata[i];
    dg_fuzz_require(c->first == covered && c->last >= c->first);
    covered = c->last;
    check_document(dg_xhtml_chapter(book, opts, plan, i, "style.css"));
  }
  dg_fuzz_require(covered == book->segments->len);
  check_document(dg_xhtml_titlepage(book, opts, "style.css"));
  check_document(dg_xhtml_cover(book, opts, "images/cover.png", "style.css"));
  check_document(dg_xhtml_nav(book, opts, plan, TRUE, "style.css"));
  dg_xhtml_plan_free(plan);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  GError *error = NULL;
  DgBook *book = dg_fuzz_book(data, size, INI, sizeof INI - 1, &error);
  if (book == NULL) {
    g_clear_error(&error);
    return 0;
  }
  DgPageMap *pages = page_map(book);
  DgXhtmlOptions editions[] = {
    { FALSE, -1, pages }, { TRUE, -1, NULL }, { FALSE, 1, pages },
  };
  for (gsize e = 0; e < G_N_ELEMENTS(editions); e++)
    write_edition(book, &editions[e]);
  dg_page_map_free(pages);
  dg_book_free(book);
  return 0;
}
