/* report.c — the JSON report of a catalogue build (`batch --report`).
 *
 * The report is for machines (CI dashboards, a publisher's scripts), so it
 * is built with a GString by hand rather than through a JSON library: the
 * shape is fixed and small, and one escaping function that is tested
 * against control characters, quotes and invalid UTF-8 is all the
 * correctness there is to get right. Numbers are written with
 * g_ascii_formatd because main() calls setlocale() and a German locale
 * would otherwise write "0,25" — not JSON.
 *
 * Shape (keys always present, in this order):
 *   { "diglot": VERSION, "content_dir", "out_dir", "jobs",
 *     "shard": null | {"index": K, "count": N}, "seconds",
 *     "summary": {"built", "skipped", "failed", "pruned"},
 *     "pruned": [ {"book", "file", "removed", "reason"} ],
 *     "dead_runs": [ run folder names ],
 *     "books": [ { "id", "status", "seconds", "load_seconds",
 *                  "build_seconds", "pages",
 *                  "outputs": [ {"file", "format", "edition", "built",
 *                                "bytes", "pages"} ],
 *                  "errors": [...], "warnings": [...] } ] }
 * "pages" of a book is its main print edition's page count (0 without a
 * PDF). "pruned" lists outputs of books or editions no longer in the
 * catalogue: removed, or kept (removed false) because their bytes are no
 * longer the ones diglot wrote; the summary counts the removed ones.
 * "dead_runs" names the staging of killed batches this one removed. */
#include "report.h"
#include "output.h"

#include <string.h>

/* ---- results ------------------------------------------------------------ */

static void
output_result_free(gpointer p)
{
  DgOutputResult *o = p;
  g_free(o->file);
  g_free(o->format);
  g_free(o->edition);
  g_free(o);
}

DgBookResult *
dg_book_result_new(const char *id)
{
  DgBookResult *r = g_new0(DgBookResult, 1);
  r->id = g_strdup(id);
  r->outputs = g_ptr_array_new_with_free_func(output_result_free);
  r->errors = g_ptr_array_new_with_free_func(g_free);
  r->warnings = g_ptr_array_new_with_free_func(g_free);
  return r;
}

void
dg_book_result_free(DgBookResult *r)
{
  if (r == NULL)
    return;
  g_free(r->id);
  g_ptr_array_unref(r->outputs);
  g_ptr_array_unref(r->errors);
  g_ptr_array_unref(r->warnings);
  g_free(r);
}

DgOutputResult *
dg_book_result_add_output(DgBookResult *r, const char *file, const char *format,
                          const char *edition)
{
  DgOutputResult *o = g_new0(DgOutputResult, 1);
  o->file = g_strdup(file);
  o->format = g_strdup(format);
  o->edition = g_strdup(edition);
  g_ptr_array_add(r->outputs, o);
  return o;
}

static void
pruned_result_free(gpointer p)
{
  DgPrunedResult *r = p;
  g_free(r->book);
  g_free(r->file);
  g_free(r->reason);
  g_free(r);
}

DgBatchResult *
dg_batch_result_new(const char *content_dir, const char *out_dir)
{
  DgBatchResult *r = g_new0(DgBatchResult, 1);
  r->content_dir = g_strdup(content_dir);
  r->out_dir = g_strdup(out_dir);
  r->books = g_ptr_array_new_with_free_func((GDestroyNotify)dg_book_result_free);
  r->pruned = g_ptr_array_new_with_free_func(pruned_result_free);
  r->dead_runs = g_ptr_array_new_with_free_func(g_free);
  return r;
}

DgPrunedResult *
dg_batch_result_add_pruned(DgBatchResult *r, const char *book, const char *file,
                           const char *reason, gboolean removed)
{
  DgPrunedResult *p = g_new0(DgPrunedResult, 1);
  p->book = g_strdup(book);
  p->file = g_strdup(file);
  p->reason = g_strdup(reason);
  p->removed = removed;
  g_ptr_array_add(r->pruned, p);
  return p;
}

guint
dg_batch_result_count_removed(const DgBatchResult *r)
{
  guint n = 0;
  for (guint i = 0; i < r->pruned->len; i++)
    n += ((const DgPrunedResult *)r->pruned->pdata[i])->removed;
  return n;
}

void
dg_batch_result_free(DgBatchResult *r)
{
  if (r == NULL)
    return;
  g_free(r->content_dir);
  g_free(r->out_dir);
  g_ptr_array_unref(r->books);
  g_ptr_array_unref(r->pruned);
  g_ptr_array_unref(r->dead_runs);
  g_free(r);
}

const char *
dg_book_status_name(DgBookStatus status)
{
  switch (status) {
  case DG_BOOK_BUILT: return "built";
  case DG_BOOK_SKIPPED: return "skipped";
  case DG_BOOK_FAILED: return "failed";
  }
  return "unknown";
}

guint
dg_batch_result_count(const DgBatchResult *r, DgBookStatus status)
{
  guint n = 0;
  for (guint i = 0; i < r->books->len; i++)
    n += ((const DgBookResult *)r->books->pdata[i])->status == status;
  return n;
}

/* ---- JSON --------------------------------------------------------------- */

void
dg_json_append_string(GString *out, const char *s)
{
  if (s == NULL) {
    g_string_append(out, "null");
    return;
  }
  g_autofree char *valid = g_utf8_make_valid(s, -1);
  g_string_append_c(out, '"');
  for (const unsigned char *p = (const unsigned char *)valid; *p; p++) {
    switch (*p) {
    case '"': g_string_append(out, "\\\""); break;
    case '\\': g_string_append(out, "\\\\"); break;
    case '\n': g_string_append(out, "\\n"); break;
    case '\r': g_string_append(out, "\\r"); break;
    case '\t': g_string_append(out, "\\t"); break;
    default:
      /* RFC 8259 §7: every other control character must be escaped. */
      if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf(out, "\\u%04x", *p);
      else
        g_string_append_c(out, (char)*p);
    }
  }
  g_string_append_c(out, '"');
}

static void
append_seconds(GString *out, const char *key, double seconds)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_string_append_printf(out, "\"%s\": %s", key,
                         g_ascii_formatd(buf, sizeof buf, "%.3f", seconds));
}

static void
append_string_array(GString *out, const char *key, GPtrArray *items)
{
  g_string_append_printf(out, "\"%s\": [", key);
  for (guint i = 0; i < items->len; i++) {
    g_string_append(out, i ? ", " : "");
    dg_json_append_string(out, items->pdata[i]);
  }
  g_string_append(out, "]");
}

static void
append_output(GString *out, const DgOutputResult *o)
{
  g_string_append(out, "        {\"file\": ");
  dg_json_append_string(out, o->file);
  g_string_append(out, ", \"format\": ");
  dg_json_append_string(out, o->format);
  g_string_append(out, ", \"edition\": ");
  dg_json_append_string(out, o->edition);
  g_string_append_printf(out, ", \"built\": %s, \"bytes\": %" G_GINT64_FORMAT
                         ", \"pages\": %d}", o->built ? "true" : "false",
                         o->bytes, o->pages);
}

/* The main print edition's page count: what a reader calls "the pages". */
static int
book_pages(const DgBookResult *b)
{
  for (guint i = 0; i < b->outputs->len; i++) {
    const DgOutputResult *o = b->outputs->pdata[i];
    if (o->edition == NULL && strcmp(o->format, "pdf") == 0)
      return o->pages;
  }
  return 0;
}

static void
append_book(GString *out, const DgBookResult *b)
{
  g_string_append(out, "    {\"id\": ");
  dg_json_append_string(out, b->id);
  g_string_append(out, ", \"status\": ");
  dg_json_append_string(out, dg_book_status_name(b->status));
  g_string_append(out, ", ");
  append_seconds(out, "seconds", b->seconds);
  g_string_append(out, ", ");
  append_seconds(out, "load_seconds", b->load_seconds);
  g_string_append(out, ", ");
  append_seconds(out, "build_seconds", b->build_seconds);
  g_string_append_printf(out, ", \"pages\": %d,\n      \"outputs\": [", book_pages(b));
  for (guint i = 0; i < b->outputs->len; i++) {
    g_string_append(out, i ? ",\n" : "\n");
    append_output(out, b->outputs->pdata[i]);
  }
  g_string_append(out, b->outputs->len ? "\n      ],\n      " : "],\n      ");
  append_string_array(out, "errors", b->errors);
  g_string_append(out, ",\n      ");
  append_string_array(out, "warnings", b->warnings);
  g_string_append(out, "}");
}

static void
append_header(GString *out, const DgBatchResult *r)
{
  g_string_append(out, "{\n  \"diglot\": ");
  dg_json_append_string(out, DG_VERSION);
  g_string_append(out, ",\n  \"content_dir\": ");
  dg_json_append_string(out, r->content_dir);
  g_string_append(out, ",\n  \"out_dir\": ");
  dg_json_append_string(out, r->out_dir);
  g_string_append_printf(out, ",\n  \"jobs\": %d,\n  \"shard\": ", r->jobs);
  if (r->shard_count > 0)
    g_string_append_printf(out, "{\"index\": %d, \"count\": %d}", r->shard_index,
                           r->shard_count);
  else
    g_string_append(out, "null");
  g_string_append(out, ",\n  ");
  append_seconds(out, "seconds", r->seconds);
  g_string_append_printf(out, ",\n  \"summary\": {\"built\": %u, \"skipped\": %u, "
                         "\"failed\": %u, \"pruned\": %u},\n  \"pruned\": [",
                         dg_batch_result_count(r, DG_BOOK_BUILT),
                         dg_batch_result_count(r, DG_BOOK_SKIPPED),
                         dg_batch_result_count(r, DG_BOOK_FAILED),
                         dg_batch_result_count_removed(r));
  for (guint i = 0; i < r->pruned->len; i++) {
    const DgPrunedResult *p = r->pruned->pdata[i];
    g_string_append(out, i ? ",\n    {\"book\": " : "\n    {\"book\": ");
    dg_json_append_string(out, p->book);
    g_string_append(out, ", \"file\": ");
    dg_json_append_string(out, p->file);
    g_string_append_printf(out, ", \"removed\": %s, \"reason\": ",
                           p->removed ? "true" : "false");
    dg_json_append_string(out, p->reason);
    g_string_append(out, "}");
  }
  g_string_append(out, r->pruned->len ? "\n  ],\n  " : "],\n  ");
  append_string_array(out, "dead_runs", r->dead_runs);
  g_string_append(out, ",\n  \"books\": [");
}

char *
dg_report_json(const DgBatchResult *r)
{
  GString *out = g_string_new(NULL);
  append_header(out, r);
  for (guint i = 0; i < r->books->len; i++) {
    g_string_append(out, i ? ",\n" : "\n");
    append_book(out, r->books->pdata[i]);
  }
  g_string_append(out, r->books->len ? "\n  ]\n}\n" : "]\n}\n");
  return g_string_free(out, FALSE);
}

gboolean
dg_report_write(const DgBatchResult *r, const char *path, GError **error)
{
  g_autofree char *json = dg_report_json(r);
  return dg_output_write_all(path, json, strlen(json), error);
}
