/* batch.c — build a whole catalogue: plan, schedule, report.
 *
 * A catalogue build runs in three steps.
 *
 * 1. Plan (this process, cheap). List the book folders (those holding a
 *    book.ini) sorted by id; keep this shard's part; for each book, list
 *    the outputs it should have (main edition plus any `editions` of its
 *    book.ini, PDF and/or EPUB) and fingerprint each: SHA-256 over the
 *    engine (version + the executable's bytes), templates/ and fonts/
 *    (plus the identity of the installed font files fonts/MANIFEST names),
 *    every file of the book folder, and the build options (manifest.c).
 *    An output whose fingerprint and size match the book's stamp is
 *    current; a book whose outputs are all current is skipped.
 *
 * 2. Build (worker processes, see worker.c for why processes and why fork
 *    without exec). At most `jobs` books at once; the parent waits in
 *    poll() on every worker's pipes and never calls into Pango itself.
 *    Books, not pages, are the unit of parallelism: books are independent,
 *    so this scales with no shared state, and a one-book catalogue gains
 *    nothing — speeding up one book is the typesetter's business.
 *
 * 3. Report. Each book's result goes to the print callback when it ends
 *    (its errors under its name, together, never interleaved with another
 *    book's), then a summary; --report writes the same as JSON.
 *
 * Keeping OUT_DIR right around those steps: before planning, the staging
 * of batches that were killed is removed (outdir.c: only runs whose lock
 * is provably free); after planning, the outputs of books and editions
 * that left the catalogue are pruned (prune.c: only files the stamps
 * prove diglot wrote); books are staged in this run's locked folder.
 *
 * Stopped by SIGINT, SIGTERM or SIGHUP, the batch does not die in the
 * middle: its handler only notes the signal (poll() returns early), the
 * loop stops its workers, reaps them, removes their staging and its run
 * folder, then ends with the same signal through the handler that was
 * there before (main's), so the caller still sees "killed by SIGTERM".
 * Cleaning up from inside the handler was rejected: removing a folder
 * tree needs opendir()/malloc(), which a signal handler may not call.
 *
 * Sharding is round-robin over the sorted ids (book i goes to shard
 * i mod N + 1). Rejected: a hash of the id mod N, which keeps a book on
 * the same shard when others are added (nice for per-job caches of out/)
 * but can leave a shard empty and another with every book for small
 * catalogues; every CI job sees the same checkout, so the sorted list is
 * the same everywhere and round-robin is an exact, balanced partition.
 *
 * Progress. Without a terminal: one plain line per book as it ends. On a
 * terminal: the same lines scroll above a live block — one line per
 * running book with its stage and elapsed time, and a counter — redrawn
 * with ANSI cursor controls every quarter second. */
#define _POSIX_C_SOURCE 200809L
#include "batch.h"
#include "manifest.h"
#include "outdir.h"
#include "prune.h"
#include "worker.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>

#define DG_LIVE_REFRESH_MS 250
static const char *const LAYOUTS[] = { "parallel", "interleaved", "facing", NULL };

typedef struct {
  const DgBatchOptions *opts;
  DgBatchPrintFunc print;
  gpointer data;
  int live_lines;            /* lines of the live block on screen now */
  gint64 drawn_us;           /* when the live block was last drawn */
  guint finished, total;
  char *engine, *data_digest, *options;
  GHashTable *editions;      /* id → GPtrArray* of edition names, "" the main one */
  DgRun *run;                /* this batch's staging, once a book needs building */
} Batch;

/* The one signal-handler state of the batch: which stop signal arrived
 * (0: none). A handler has no other way to reach the loop. */
static volatile sig_atomic_t stop_signal;
static const int STOP_SIGNALS[] = { SIGINT, SIGTERM, SIGHUP };

/* ---- listing and sharding ----------------------------------------------- */

static int
compare_ids(gconstpointer a, gconstpointer b)
{
  /* g_ptr_array_sort passes pointers to the elements. */
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

GPtrArray *
dg_batch_list_books(const char *content_dir, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GDir) dir = g_dir_open(content_dir, 0, &local);
  if (dir == NULL) {
    DgPos pos = { content_dir, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot read the content folder: %s",
                    local->message);
    return NULL;
  }
  GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL) {
    g_autofree char *ini = g_build_filename(content_dir, name, "book.ini", NULL);
    if (name[0] != '.' && g_file_test(ini, G_FILE_TEST_IS_REGULAR))
      g_ptr_array_add(ids, g_strdup(name));
  }
  g_ptr_array_sort(ids, compare_ids);
  return ids;
}

gboolean
dg_batch_in_shard(guint index, int shard_index, int shard_count)
{
  if (shard_count <= 0)
    return TRUE;
  return (int)(index % (guint)shard_count) == shard_index - 1;
}

/* ---- printing ------------------------------------------------------------ */

/* Prints a stdout line; in live mode the first one after a redraw also
 * wipes the live block (cursor up to its first line, clear below). */
static void
say(Batch *b, const char *line)
{
  if (b->live_lines > 0) {
    g_autofree char *s = g_strdup_printf("\033[%dF\033[J%s", b->live_lines, line);
    b->live_lines = 0;
    b->print(s, FALSE, b->data);
  } else {
    b->print(line, FALSE, b->data);
  }
}

static void
shout(Batch *b, const char *line)
{
  b->print(line, TRUE, b->data);
}

/* Draws the live block again: at once when book lines wiped it, else at
 * most every DG_LIVE_REFRESH_MS (a worker's every record would flicker). */
static void
redraw(Batch *b, GPtrArray *running)
{
  gint64 now = g_get_monotonic_time();
  if (!b->opts->live ||
      (b->live_lines > 0 && now - b->drawn_us < DG_LIVE_REFRESH_MS * 1000))
    return;
  b->drawn_us = now;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < running->len; i++) {
    const DgWorker *w = running->pdata[i];
    g_ptr_array_add(lines, g_strdup_printf("  \033[1m%s\033[0m: %s… %.1f s",
                                           dg_worker_get_plan(w)->id,
                                           dg_worker_get_stage(w), dg_worker_elapsed(w)));
  }
  g_ptr_array_add(lines, g_strdup_printf("  [%u/%u books done, %u running]", b->finished,
                                         b->total, running->len));
  for (guint i = 0; i < lines->len; i++)
    say(b, lines->pdata[i]);
  b->live_lines = (int)lines->len;
}

static void
append_size(GString *s, gint64 bytes)
{
  if (bytes >= 1024 * 1024)
    g_string_append_printf(s, "%.1f MB", (double)bytes / (1024 * 1024));
  else
    g_string_append_printf(s, "%.0f kB", (double)bytes / 1024);
}

static char *
built_line(const DgBookResult *r)
{
  g_autoptr(GString) s = g_string_new(NULL);
  g_string_append_printf(s, "%s: built", r->id);
  const char *sep = " ";
  for (guint i = 0; i < r->outputs->len; i++) {
    const DgOutputResult *o = r->outputs->pdata[i];
    if (!o->built)
      continue;
    g_string_append_printf(s, "%s%s (", sep, o->file);
    if (o->pages > 0)
      g_string_append_printf(s, "%d pages, ", o->pages);
    append_size(s, o->bytes);
    g_string_append(s, ")");
    sep = ", ";
  }
  g_string_append_printf(s, " in %.2f s", r->seconds);
  return g_string_free(g_steal_pointer(&s), FALSE);
}

static void
report_book(Batch *b, const DgBookResult *r)
{
  g_autofree char *head = NULL;
  if (r->status == DG_BOOK_BUILT)
    head = built_line(r);
  else if (r->status == DG_BOOK_SKIPPED)
    head = g_strdup_printf("%s: up to date", r->id);
  else
    head = g_strdup_printf("%s: FAILED, nothing written", r->id);
  /* A failed book's name heads its errors on stderr, so a CI log that
   * keeps the streams apart still says whose errors they are; on a
   * terminal it goes through say() to wipe the live block first. */
  if (r->status == DG_BOOK_FAILED && !b->opts->live)
    shout(b, head);
  else
    say(b, head);
  for (guint i = 0; i < r->errors->len; i++)
    shout(b, r->errors->pdata[i]);
  for (guint i = 0; i < r->warnings->len; i++)
    shout(b, r->warnings->pdata[i]);
  b->finished++;
}

static void
fail_book(Batch *b, DgBookResult *r, const char *message)
{
  r->status = DG_BOOK_FAILED;
  g_ptr_array_add(r->errors, g_strdup(message));
}

/* ---- planning ------------------------------------------------------------ */

static void
plan_edition(Batch *b, DgBookPlan *plan, const char *edition, const char *lang,
             const char *layout)
{
  const char *formats[2] = { b->opts->pdf ? "pdf" : NULL, b->opts->epub ? "epub" : NULL };
  for (int i = 0; i < 2; i++) {
    if (formats[i] == NULL)
      continue;
    DgPlannedOutput *o = dg_book_plan_add(plan, formats[i], edition);
    o->lang = g_strdup(lang);
    o->layout = g_strdup(layout);
  }
}

/* Reads `editions` from book.ini. A book.ini GLib cannot read is left to
 * the worker, whose dg_book_load() reports it with its position. */
static gboolean
plan_editions(Batch *b, DgBookPlan *plan, GError **error)
{
  g_autofree char *ini_path = g_build_filename(plan->dir, "book.ini", NULL);
  g_autoptr(GKeyFile) ini = g_key_file_new();
  if (!g_key_file_load_from_file(ini, ini_path, G_KEY_FILE_NONE, NULL))
    return TRUE;
  g_auto(GStrv) editions = g_key_file_get_string_list(ini, "book", "editions", NULL, NULL);
  g_auto(GStrv) langs = g_key_file_get_string_list(ini, "book", "languages", NULL, NULL);
  for (gsize i = 0; editions && editions[i]; i++) {
    const char *e = g_strstrip(editions[i]);
    gboolean is_lang = langs && g_strv_contains((const char *const *)langs, e);
    gboolean is_layout = g_strv_contains(LAYOUTS, e);
    if (!is_lang && !is_layout) {
      DgPos pos = { ini_path, 0, 0 };
      dg_set_error_at(error, DG_ERROR_INPUT, &pos,
                      "editions: '%s' is neither a language of the book nor a layout "
                      "(parallel, interleaved, facing)", e);
      return FALSE;
    }
    plan_edition(b, plan, e, is_lang ? e : NULL, is_layout ? e : NULL);
  }
  return TRUE;
}

static gboolean
fingerprint_outputs(Batch *b, DgBookPlan *plan, GError **error)
{
  g_autofree char *book = dg_manifest_tree_digest(plan->dir, error);
  if (book == NULL)
    return FALSE;
  g_autoptr(DgStamp) stamp = dg_stamp_load(plan->stamp_path);
  for (guint i = 0; i < plan->outputs->len; i++) {
    DgPlannedOutput *o = plan->outputs->pdata[i];
    const char *parts[] = { b->engine, b->data_digest, book, b->options,
                            o->format, o->edition ? o->edition : "", NULL };
    o->fingerprint = dg_manifest_combine(parts);
    g_autofree char *path = g_build_filename(plan->out_dir, o->file, NULL);
    o->current = !b->opts->force && dg_stamp_is_current(stamp, path, o->fingerprint);
    DgOutputResult *r = dg_book_result_add_output(plan->result, o->file, o->format,
                                                  o->edition);
    const DgStampEntry *e = dg_stamp_lookup(stamp, o->file);
    if (o->current && e) {
      r->bytes = e->size;
      r->pages = e->pages;
    }
  }
  return TRUE;
}

/* Notes the book's editions ("" the main one) for pruning. */
static void
record_editions(Batch *b, const DgBookPlan *plan)
{
  GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
  for (guint i = 0; i < plan->outputs->len; i++) {
    const DgPlannedOutput *o = plan->outputs->pdata[i];
    const char *e = o->edition ? o->edition : "";
    if (!g_ptr_array_find_with_equal_func(names, e, g_str_equal, NULL))
      g_ptr_array_add(names, g_strdup(e));
  }
  g_hash_table_replace(b->editions, g_strdup(plan->id), names);
}

static gboolean
plan_is_current(const DgBookPlan *plan)
{
  for (guint i = 0; i < plan->outputs->len; i++)
    if (!((DgPlannedOutput *)plan->outputs->pdata[i])->current)
      return FALSE;
  return TRUE;
}

/* Plans one book; NULL when it is failed (with its error) or skipped. */
static DgBookPlan *
plan_book(Batch *b, const char *id, DgBookResult *r)
{
  g_autoptr(DgBookPlan) plan = dg_book_plan_new(b->opts->content_dir, b->opts->out_dir, id, r);
  g_autoptr(GError) error = NULL;
  plan_edition(b, plan, NULL, NULL, NULL);
  if (!plan_editions(b, plan, &error)) {
    fail_book(b, r, error->message);
    return NULL;
  }
  record_editions(b, plan);
  if (!fingerprint_outputs(b, plan, &error)) {
    fail_book(b, r, error->message);
    return NULL;
  }
  if (plan_is_current(plan)) {
    r->status = DG_BOOK_SKIPPED;
    return NULL;
  }
  return g_steal_pointer(&plan);
}

/* What every fingerprint shares: engine, data files, options. */
static gboolean
batch_digests(Batch *b, GError **error)
{
  const DgBuildOptions *o = &b->opts->build;
  g_autofree char *exe = dg_manifest_file_digest("/proc/self/exe", NULL);
  b->engine = g_strdup_printf("diglot %s %s", DG_VERSION, exe ? exe : "");
  g_autofree char *tdir = g_build_filename(o->data_dir, "templates", NULL);
  g_autofree char *fdir = g_build_filename(o->data_dir, "fonts", NULL);
  g_autofree char *t = dg_manifest_tree_digest(tdir, error);
  g_autofree char *f = t ? dg_manifest_tree_digest(fdir, error) : NULL;
  if (f == NULL)
    return FALSE;
  g_autofree char *manifest = g_build_filename(fdir, "MANIFEST", NULL);
  g_autofree char *ff = dg_manifest_font_files_digest(manifest);
  b->data_digest = g_strdup_printf("%s %s %s", t, f, ff);
  b->options = g_strdup_printf("template=%s\nlayout=%s\nlang=%s\nepoch=%" G_GINT64_FORMAT,
                               o->template_name ? o->template_name : "",
                               o->layout ? o->layout : "", o->lang ? o->lang : "",
                               o->source_date_epoch);
  return TRUE;
}

/* ---- scheduling ---------------------------------------------------------- */

static void
start_workers(Batch *b, GPtrArray *queue, guint *next, GPtrArray *running, int jobs)
{
  while ((int)running->len < jobs && *next < queue->len) {
    DgBookPlan *plan = queue->pdata[(*next)++];
    g_autoptr(GError) error = NULL;
    DgWorker *w = dg_worker_spawn(plan, &b->opts->build, dg_run_get_dir(b->run), &error);
    if (w == NULL) {
      fail_book(b, plan->result, error->message);
      report_book(b, plan->result);
      continue;
    }
    g_ptr_array_add(running, w);
  }
}

/* Waits for output from any worker and reads it. */
static void
wait_and_pump(Batch *b, GPtrArray *running)
{
  struct pollfd pfd[2 * running->len + 1];
  DgWorker *owner[2 * running->len + 1];
  nfds_t n = 0;
  for (guint i = 0; i < running->len; i++) {
    int fds[2];
    int k = dg_worker_get_fds(running->pdata[i], fds);
    for (int j = 0; j < k; j++) {
      pfd[n] = (struct pollfd){ .fd = fds[j], .events = POLLIN };
      owner[n++] = running->pdata[i];
    }
  }
  int timeout = b->opts->live ? DG_LIVE_REFRESH_MS : -1;
  if (poll(pfd, n, timeout) <= 0)
    return;   /* EINTR included: the loop looks at stop_signal */
  for (nfds_t i = 0; i < n; i++)
    if (pfd[i].revents)
      dg_worker_pump(owner[i], pfd[i].fd);
}

static void
reap_finished(Batch *b, GPtrArray *running)
{
  for (guint i = 0; i < running->len;) {
    DgWorker *w = running->pdata[i];
    if (!dg_worker_is_finished(w)) {
      i++;
      continue;
    }
    dg_worker_finish(w);
    report_book(b, dg_worker_get_plan(w)->result);
    g_ptr_array_remove_index(running, i);
  }
}

static void
run_queue(Batch *b, GPtrArray *queue, int jobs)
{
  g_autoptr(GPtrArray) running = g_ptr_array_new_with_free_func((GDestroyNotify)dg_worker_free);
  guint next = 0;
  /* On a stop signal, `running` is dropped: dg_worker_free() kills,
   * reaps and removes the staging of each worker. */
  while ((next < queue->len || running->len > 0) && !stop_signal) {
    start_workers(b, queue, &next, running, jobs);
    redraw(b, running);
    if (running->len == 0)
      continue;
    wait_and_pump(b, running);
    reap_finished(b, running);
  }
  if (b->live_lines > 0)
    say(b, "");
}

/* ---- the batch ------------------------------------------------------------ */

static int
resolve_jobs(const DgBatchOptions *opts)
{
  return opts->jobs > 0 ? opts->jobs : (int)g_get_num_processors();
}

/* Plans every listed book of this shard; returns the books to build. */
static GPtrArray *
plan_all(Batch *b, GPtrArray *ids, DgBatchResult *result)
{
  GPtrArray *queue = g_ptr_array_new_with_free_func((GDestroyNotify)dg_book_plan_free);
  for (guint i = 0; i < ids->len && !stop_signal; i++) {
    if (!dg_batch_in_shard(i, b->opts->shard_index, b->opts->shard_count))
      continue;
    DgBookResult *r = dg_book_result_new(ids->pdata[i]);
    g_ptr_array_add(result->books, r);
    DgBookPlan *plan = plan_book(b, ids->pdata[i], r);
    if (plan)
      g_ptr_array_add(queue, plan);
    else
      report_book(b, r);
  }
  b->total = result->books->len;
  return queue;
}

static void
summarize(Batch *b, const DgBatchResult *r)
{
  g_autoptr(GString) s = g_string_new(NULL);
  g_string_append_printf(s, "batch: %u book%s", r->books->len,
                         r->books->len == 1 ? "" : "s");
  if (r->shard_count > 0)
    g_string_append_printf(s, " (shard %d/%d)", r->shard_index, r->shard_count);
  g_string_append_printf(s, ": %u built, %u up to date, %u failed",
                         dg_batch_result_count(r, DG_BOOK_BUILT),
                         dg_batch_result_count(r, DG_BOOK_SKIPPED),
                         dg_batch_result_count(r, DG_BOOK_FAILED));
  guint pruned = dg_batch_result_count_removed(r);
  if (pruned > 0)
    g_string_append_printf(s, ", %u output%s pruned", pruned, pruned == 1 ? "" : "s");
  g_string_append_printf(s, " in %.2f s with %d job%s", r->seconds, r->jobs,
                         r->jobs == 1 ? "" : "s");
  say(b, s->str);
}

static gboolean
prepare_out_dir(const char *out_dir, GError **error)
{
  DgPos pos = { out_dir, 0, 0 };
  if (g_mkdir_with_parents(out_dir, 0755) != 0) {
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot create the output folder: %s",
                    g_strerror(errno));
    return FALSE;
  }
  /* g_mkdir_with_parents() accepts a symbolic link to a file as "there". */
  if (!g_file_test(out_dir, G_FILE_TEST_IS_DIR)) {
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot create the output folder: %s",
                    g_strerror(ENOTDIR));
    return FALSE;
  }
  return TRUE;
}

static void
batch_clear(Batch *b)
{
  g_free(b->engine);
  g_free(b->data_digest);
  g_free(b->options);
  g_hash_table_unref(b->editions);
  g_clear_pointer(&b->run, dg_run_free);
}

static gboolean
finish_batch(Batch *b, DgBatchResult *result, GError **error)
{
  summarize(b, result);
  if (b->opts->report_path && !dg_report_write(result, b->opts->report_path, error))
    return FALSE;
  guint failed = dg_batch_result_count(result, DG_BOOK_FAILED);
  if (failed == 0)
    return TRUE;
  g_set_error(error, DG_ERROR, DG_ERROR_INPUT, "diglot: error: %u of %u books failed",
              failed, result->books->len);
  return FALSE;
}

/* ---- keeping OUT_DIR right --------------------------------------------------- */

static void
remove_dead_runs(Batch *b, DgBatchResult *result)
{
  g_autoptr(GPtrArray) dead = dg_outdir_remove_dead_runs(b->opts->out_dir);
  for (guint i = 0; i < dead->len; i++) {
    g_autofree char *line = g_strdup_printf("batch: removed %s/%s: staging left by a "
                                            "batch that died", b->opts->out_dir,
                                            (const char *)dead->pdata[i]);
    say(b, line);
    g_ptr_array_add(result->dead_runs, g_strdup(dead->pdata[i]));
  }
}

/* One line per book of what was removed; a warning per file kept. */
static void
report_pruned(Batch *b, const DgBatchResult *result)
{
  g_autoptr(GString) line = g_string_new(NULL);
  for (guint i = 0; i < result->pruned->len; i++) {
    const DgPrunedResult *p = result->pruned->pdata[i];
    if (!p->removed) {
      g_autofree char *w = g_strdup_printf("%s/%s: warning: not pruned: %s",
                                           b->opts->out_dir, p->file, p->reason);
      shout(b, w);
      continue;
    }
    g_string_append_printf(line, "%s%s", line->len ? ", " : "", p->file);
    const DgPrunedResult *next = NULL;
    for (guint j = i + 1; j < result->pruned->len && next == NULL; j++)
      if (((const DgPrunedResult *)result->pruned->pdata[j])->removed)
        next = result->pruned->pdata[j];
    if (next && strcmp(next->book, p->book) == 0 && strcmp(next->reason, p->reason) == 0)
      continue;
    g_autofree char *head = g_strdup_printf("%s: removed %s (%s)", p->book, line->str,
                                            p->reason);
    say(b, head);
    g_string_truncate(line, 0);
  }
}

static gboolean
prune(Batch *b, GPtrArray *ids, DgBatchResult *result, GError **error)
{
  DgPruneRequest req = { b->opts->out_dir, ids, b->editions };
  if (!dg_prune(&req, result, error))
    return FALSE;
  report_pruned(b, result);
  return TRUE;
}

/* Builds the queue in this run's staging; if the run cannot be made
 * (OUT_DIR read-only, full), every queued book fails with that error. */
static void
build_queue(Batch *b, GPtrArray *queue, int jobs)
{
  if (queue->len == 0)
    return;
  g_autoptr(GError) error = NULL;
  b->run = dg_run_new(b->opts->out_dir, &error);
  if (b->run == NULL) {
    for (guint i = 0; i < queue->len; i++) {
      DgBookResult *r = ((DgBookPlan *)queue->pdata[i])->result;
      fail_book(b, r, error->message);
      report_book(b, r);
    }
    return;
  }
  run_queue(b, queue, jobs);
}

/* ---- signals ------------------------------------------------------------------ */

static void
on_stop_signal(int sig)
{
  stop_signal = sig;
}

/* No SA_RESTART: poll() must return at once with EINTR. */
static void
catch_stop_signals(struct sigaction old[])
{
  stop_signal = 0;
  struct sigaction sa = { 0 };
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  for (gsize i = 0; i < G_N_ELEMENTS(STOP_SIGNALS); i++)
    sigaction(STOP_SIGNALS[i], &sa, &old[i]);
}

static void
release_stop_signals(const struct sigaction old[])
{
  for (gsize i = 0; i < G_N_ELEMENTS(STOP_SIGNALS); i++)
    sigaction(STOP_SIGNALS[i], &old[i], NULL);
}

/* After the cleanup: end as the signal asked, through the previous
 * handler (main's removes any temporary file, then dies of the signal). */
static gboolean
stopped(int sig, GError **error)
{
  raise(sig);
  /* Only reached when the signal is ignored or handled without dying. */
  g_set_error(error, DG_ERROR, DG_ERROR_IO, "diglot: error: stopped by %s",
              g_strsignal(sig));
  return FALSE;
}

/* ---- the batch ------------------------------------------------------------------ */

static gboolean
run_batch(Batch *b, GPtrArray *ids, DgBatchResult *result, GError **error)
{
  remove_dead_runs(b, result);
  if (!batch_digests(b, error))
    return FALSE;
  g_autoptr(GPtrArray) queue = plan_all(b, ids, result);
  if (!stop_signal && !prune(b, ids, result, error))
    return FALSE;
  if (!stop_signal)
    build_queue(b, queue, result->jobs);
  return TRUE;
}

gboolean
dg_batch_run_full(const DgBatchOptions *opts, DgBatchPrintFunc print, gpointer data,
                  DgBatchResult **result_out, GError **error)
{
  g_return_val_if_fail(opts->pdf || opts->epub, FALSE);
  gint64 t0 = g_get_monotonic_time();
  g_autoptr(GPtrArray) ids = dg_batch_list_books(opts->content_dir, error);
  if (ids == NULL || !prepare_out_dir(opts->out_dir, error))
    return FALSE;
  Batch b = { opts, print, data, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL };
  b.editions = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify)g_ptr_array_unref);
  g_autoptr(DgBatchResult) result = dg_batch_result_new(opts->content_dir, opts->out_dir);
  result->jobs = resolve_jobs(opts);
  result->shard_index = opts->shard_index;
  result->shard_count = opts->shard_count;
  struct sigaction old[G_N_ELEMENTS(STOP_SIGNALS)];
  catch_stop_signals(old);
  gboolean ok = run_batch(&b, ids, result, error);
  batch_clear(&b);   /* removes the run folder, so before any signal ends us */
  release_stop_signals(old);
  if (stop_signal)
    return stopped(stop_signal, error);
  if (!ok)
    return FALSE;
  result->seconds = (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
  ok = finish_batch(&b, result, error);
  if (result_out)
    *result_out = g_steal_pointer(&result);
  return ok;
}

gboolean
dg_batch_run(const DgBatchOptions *opts, DgBatchPrintFunc print, gpointer data,
             GError **error)
{
  return dg_batch_run_full(opts, print, data, NULL, error);
}
