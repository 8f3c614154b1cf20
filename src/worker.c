/* worker.c — one book built in a forked child process.
 *
 * Why processes, not threads. Pango 1.50, fontconfig and cairo 1.16 are
 * documented as thread-safe only in parts: Pango's fontconfig font map
 * runs its own thread, PangoContext and PangoLayout must not be shared,
 * cairo's font caches are global and have had races fixed release after
 * release. A catalogue build that crashes or corrupts a PDF one time in a
 * thousand under -j is worse than a slow one. Processes share nothing, so
 * `-j N` gives the same bytes as `-j 1` by construction, a crash (or an
 * abort() deep in a library) takes down one book, not the batch, and the
 * memory of a 400-page book goes back to the system when its worker exits.
 *
 * Why fork without exec, not exec of /proc/self/exe. The batch process
 * itself never touches Pango, cairo or fontconfig — it only lists folders,
 * hashes files and schedules — and it starts no thread, so a child forked
 * from it is as clean as a fresh process, minus the dynamic loader and
 * relocation of the 57 shared libraries diglot links (measured on the
 * 2-core project machine: `diglot --version` executes 33 M instructions
 * under callgrind, nearly all in the dynamic loader — 10-15 ms idle, over
 * 100 ms under load; fork + exit + wait of a small process: 1-3 ms).
 * Fork also lets the child call dg_build_with_stats() directly and
 * report structured results (pages, timings, messages) instead of having
 * its stderr parsed. The price is the rule in worker.h: nothing before
 * the fork may start Pango or a thread. Each child still initialises
 * fontconfig itself (~20-35 ms per book); sharing it would mean forking
 * after fontconfig was loaded, which is safe for fontconfig alone but not
 * once Pango's font-map thread exists, so we keep the simple rule.
 *
 * The protocol. The child's stdout and stderr go into one pipe (anything a
 * library prints is relayed by the batch under the book's name, since only
 * main() prints); its results go into a second pipe as lines
 * "tag\tfield\tfield\n" with every field g_strescape()d, so messages
 * holding tabs or newlines cannot break a record. A child that dies
 * without its final "done" record is a failed book.
 *
 * Commit. The child writes into RUN_DIR/<id>, inside the batch's locked
 * run folder (outdir.c); the parent moves the files into place only when
 * the child reported every output, under the output folder's commit lock:
 * it writes the new stamp into the staging folder first (so a full disk
 * fails the book before anything moved), renames the outputs, and renames
 * the stamp last — so a broken book writes nothing, and a stamp never
 * vouches for an output that was not committed.
 *
 * Signals. A worker must not outlive its batch: a batch killed outright
 * (SIGKILL, OOM) cannot stop its workers, so each asks the kernel for a
 * SIGKILL when its parent dies (PR_SET_PDEATHSIG); otherwise an orphan
 * would typeset for minutes for nobody and keep the dead run's folder
 * locked. A worker takes the default action for SIGINT/SIGTERM/SIGHUP,
 * not the batch's handler: its files are all in the staging folder, which
 * the batch removes once it has reaped it. */
#define _POSIX_C_SOURCE 200809L
#include "worker.h"
#include "manifest.h"
#include "outdir.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

enum { PIPE_RESULT, PIPE_OUTPUT };

struct _DgWorker {
  DgBookPlan *plan;
  pid_t pid;
  int fd[2];              /* read ends; -1 when closed */
  GString *buf[2];        /* partial lines */
  char *staging;
  gint64 started_us;
  char *stage;
  GHashTable *pages;      /* staged file → pages (GINT_TO_POINTER) */
  GHashTable *digests;    /* staged file → SHA-256 of its bytes */
  GPtrArray *errors, *warnings, *printed;
  double load_s, build_s;
  gboolean done, ok;
};

/* ---- plans -------------------------------------------------------------- */

static void
planned_output_free(gpointer p)
{
  DgPlannedOutput *o = p;
  g_free(o->file);
  g_free(o->edition);
  g_free(o->lang);
  g_free(o->layout);
  g_free(o->fingerprint);
  g_free(o);
}

DgBookPlan *
dg_book_plan_new(const char *content_dir, const char *out_dir, const char *id,
                 DgBookResult *result)
{
  DgBookPlan *plan = g_new0(DgBookPlan, 1);
  plan->id = g_strdup(id);
  plan->dir = g_build_filename(content_dir, id, NULL);
  plan->out_dir = g_strdup(out_dir);
  g_autofree char *stamp = g_strdup_printf(".%s.stamp", id);
  plan->stamp_path = g_build_filename(out_dir, stamp, NULL);
  plan->outputs = g_ptr_array_new_with_free_func(planned_output_free);
  plan->result = result;
  return plan;
}

void
dg_book_plan_free(DgBookPlan *plan)
{
  if (plan == NULL)
    return;
  g_free(plan->id);
  g_free(plan->dir);
  g_free(plan->out_dir);
  g_free(plan->stamp_path);
  g_ptr_array_unref(plan->outputs);
  g_free(plan);
}

DgPlannedOutput *
dg_book_plan_add(DgBookPlan *plan, const char *format, const char *edition)
{
  DgPlannedOutput *o = g_new0(DgPlannedOutput, 1);
  o->format = g_intern_string(format);
  o->edition = g_strdup(edition);
  o->file = edition ? g_strdup_printf("%s.%s.%s", plan->id, edition, format)
                    : g_strdup_printf("%s.%s", plan->id, format);
  g_ptr_array_add(plan->outputs, o);
  return o;
}

/* ---- the child ---------------------------------------------------------- */

static void
write_all(int fd, const char *data, gsize len)
{
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      _exit(3);   /* the parent is gone: nobody to tell */
    data += n;
    len -= (gsize)n;
  }
}

/* Sends "tag\tf1\tf2...\n"; fields NULL-terminated. */
static void
send_record(int fd, const char *tag, ...)
{
  g_autoptr(GString) s = g_string_new(tag);
  va_list ap;
  va_start(ap, tag);
  const char *field;
  while ((field = va_arg(ap, const char *)) != NULL) {
    g_autofree char *esc = g_strescape(field, NULL);
    g_string_append_c(s, '\t');
    g_string_append(s, esc);
  }
  va_end(ap);
  g_string_append_c(s, '\n');
  write_all(fd, s->str, s->len);
}

static double
seconds_since(gint64 t0_us)
{
  return (double)(g_get_monotonic_time() - t0_us) / G_USEC_PER_SEC;
}

/* The outputs [from, to) of one edition; the stage names them. */
static gboolean
child_build_edition(const DgBook *book, const DgBookPlan *plan, guint from, guint to,
                    const DgBuildOptions *base, const char *staging, int fd,
                    GError **error)
{
  const DgPlannedOutput *first = plan->outputs->pdata[from];
  DgBuildOptions opts = *base;
  if (first->lang)
    opts.lang = first->lang;
  if (first->layout)
    opts.layout = first->layout;
  g_autofree char *pdf = NULL, *epub = NULL;
  g_autoptr(GString) names = g_string_new("typesetting");
  for (guint i = from; i < to; i++) {
    const DgPlannedOutput *o = plan->outputs->pdata[i];
    if (o->current)
      continue;
    char *path = g_build_filename(staging, o->file, NULL);
    if (strcmp(o->format, "pdf") == 0)
      pdf = path;
    else
      epub = path;
    g_string_append_printf(names, " %s", o->file);
  }
  send_record(fd, "stage", names->str, NULL);
  DgBuildStats stats = { 0 };
  if (!dg_build_with_stats(book, &opts, pdf, epub, &stats, error))
    return FALSE;
  char pages[16];
  g_snprintf(pages, sizeof pages, "%d", stats.pdf_pages);
  for (guint i = from; i < to; i++) {
    const DgPlannedOutput *o = plan->outputs->pdata[i];
    if (o->current)
      continue;
    /* Hashed here, in parallel, for the stamp: pruning's proof (manifest.h). */
    g_autofree char *path = g_build_filename(staging, o->file, NULL);
    g_autofree char *digest = dg_manifest_file_digest(path, error);
    if (digest == NULL)
      return FALSE;
    send_record(fd, "output", o->file, strcmp(o->format, "pdf") == 0 ? pages : "0",
                digest, NULL);
  }
  return TRUE;
}

static gboolean
child_build(const DgBookPlan *plan, const DgBuildOptions *opts, const char *staging,
            int fd, GError **error)
{
  gint64 t0 = g_get_monotonic_time();
  send_record(fd, "stage", "reading", NULL);
  g_autoptr(DgBook) book = dg_book_load(plan->dir, error);
  if (book == NULL)
    return FALSE;
  for (guint i = 0; i < book->warnings->len; i++)
    send_record(fd, "warning", (const char *)book->warnings->pdata[i], NULL);
  double load_s = seconds_since(t0);
  gint64 t1 = g_get_monotonic_time();
  guint i = 0;
  while (i < plan->outputs->len) {
    const DgPlannedOutput *o = plan->outputs->pdata[i];
    guint j = i + 1;
    while (j < plan->outputs->len &&
           g_strcmp0(((DgPlannedOutput *)plan->outputs->pdata[j])->edition, o->edition) == 0)
      j++;
    gboolean stale = FALSE;
    for (guint k = i; k < j; k++)
      stale |= !((DgPlannedOutput *)plan->outputs->pdata[k])->current;
    /* One dg_build per edition: its EPUB's page-list comes from its PDF. */
    if (stale && !child_build_edition(book, plan, i, j, opts, staging, fd, error))
      return FALSE;
    i = j;
  }
  char t[2][G_ASCII_DTOSTR_BUF_SIZE];
  g_ascii_dtostr(t[0], sizeof t[0], load_s);
  g_ascii_dtostr(t[1], sizeof t[1], seconds_since(t1));
  send_record(fd, "time", t[0], t[1], NULL);
  return TRUE;
}

G_GNUC_NORETURN static void
child_main(const DgBookPlan *plan, const DgBuildOptions *opts, const char *staging,
           int fd)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = child_build(plan, opts, staging, fd, &error);
  if (!ok)
    send_record(fd, "error", error ? error->message : "failed without a message", NULL);
  send_record(fd, "done", ok ? "ok" : "failed", NULL);
  /* _exit: the parent's stdio buffers and atexit handlers are not ours. */
  _exit(ok ? 0 : 1);
}

/* ---- the parent --------------------------------------------------------- */

static gboolean
make_pipe(int fds[2], GError **error)
{
  if (g_unix_open_pipe(fds, FD_CLOEXEC, error))
    return TRUE;
  return FALSE;
}

static DgWorker *
worker_new(DgBookPlan *plan, char *staging)
{
  DgWorker *w = g_new0(DgWorker, 1);
  w->plan = plan;
  w->staging = staging;
  w->stage = g_strdup("starting");
  w->started_us = g_get_monotonic_time();
  w->pages = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  w->digests = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
  w->errors = g_ptr_array_new_with_free_func(g_free);
  w->warnings = g_ptr_array_new_with_free_func(g_free);
  w->printed = g_ptr_array_new_with_free_func(g_free);
  for (int i = 0; i < 2; i++) {
    w->fd[i] = -1;
    w->buf[i] = g_string_new(NULL);
  }
  return w;
}

static gboolean
fork_failed(GError **error, const char *what, int err)
{
  g_set_error(error, DG_ERROR, DG_ERROR_IO, "diglot: error: %s: %s", what,
              g_strerror(err));
  return FALSE;
}

static const int STOP_SIGNALS[] = { SIGINT, SIGTERM, SIGHUP };

/* In the child, before anything else: die with the parent, and take the
 * default action for the signals the batch handles (see the top). The
 * signals were blocked across fork(), so none is lost in between. */
static void
child_signals(pid_t parent, const sigset_t *old_mask)
{
#ifdef __linux__
  prctl(PR_SET_PDEATHSIG, SIGKILL);
#endif
  if (getppid() != parent)
    _exit(3);   /* the parent died before prctl() took effect */
  for (gsize i = 0; i < G_N_ELEMENTS(STOP_SIGNALS); i++)
    signal(STOP_SIGNALS[i], SIG_DFL);
  sigprocmask(SIG_SETMASK, old_mask, NULL);
}

/* Forks; in the child, wires stdout/stderr to `out[1]` and never returns. */
static gboolean
fork_child(DgWorker *w, const DgBuildOptions *opts, int res[2], int out[2],
           GError **error)
{
  sigset_t block, old;
  sigemptyset(&block);
  for (gsize i = 0; i < G_N_ELEMENTS(STOP_SIGNALS); i++)
    sigaddset(&block, STOP_SIGNALS[i]);
  pid_t parent = getpid();
  sigprocmask(SIG_BLOCK, &block, &old);
  pid_t pid = fork();
  if (pid == 0) {
    child_signals(parent, &old);
    close(res[0]);
    close(out[0]);
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    child_main(w->plan, opts, w->staging, res[1]);
  }
  int err = errno;
  sigprocmask(SIG_SETMASK, &old, NULL);
  if (pid < 0)
    return fork_failed(error, "cannot start a worker process", err);
  w->pid = pid;
  close(res[1]);
  close(out[1]);
  w->fd[PIPE_RESULT] = res[0];
  w->fd[PIPE_OUTPUT] = out[0];
  return TRUE;
}

DgWorker *
dg_worker_spawn(DgBookPlan *plan, const DgBuildOptions *opts, const char *run_dir,
                GError **error)
{
  char *staging = g_build_filename(run_dir, plan->id, NULL);
  if (g_mkdir(staging, 0755) != 0) {
    DgPos pos = { staging, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot create a staging folder: %s",
                    g_strerror(errno));
    g_free(staging);
    return NULL;
  }
  g_autoptr(DgWorker) w = worker_new(plan, staging);
  int res[2], out[2];
  if (!make_pipe(res, error))
    return NULL;
  if (!make_pipe(out, error)) {
    close(res[0]);
    close(res[1]);
    return NULL;
  }
  if (!fork_child(w, opts, res, out, error)) {
    close(res[0]), close(res[1]), close(out[0]), close(out[1]);
    return NULL;
  }
  return g_steal_pointer(&w);
}

int
dg_worker_get_fds(const DgWorker *w, int fds[2])
{
  int n = 0;
  for (int i = 0; i < 2; i++)
    if (w->fd[i] >= 0)
      fds[n++] = w->fd[i];
  return n;
}

static void
handle_record(DgWorker *w, char *line)
{
  g_auto(GStrv) f = g_strsplit(line, "\t", 0);
  for (gsize i = 1; f[i] != NULL; i++) {
    char *raw = g_strcompress(f[i]);
    g_free(f[i]);
    f[i] = raw;
  }
  guint n = g_strv_length(f);
  if (strcmp(f[0], "stage") == 0 && n == 2) {
    g_free(w->stage);
    w->stage = g_strdup(f[1]);
  } else if (strcmp(f[0], "warning") == 0 && n == 2) {
    g_ptr_array_add(w->warnings, g_strdup(f[1]));
  } else if (strcmp(f[0], "error") == 0 && n == 2) {
    g_ptr_array_add(w->errors, g_strdup(f[1]));
  } else if (strcmp(f[0], "output") == 0 && n == 4) {
    g_hash_table_replace(w->pages, g_strdup(f[1]), GINT_TO_POINTER(atoi(f[2])));
    g_hash_table_replace(w->digests, g_strdup(f[1]), g_strdup(f[3]));
  } else if (strcmp(f[0], "time") == 0 && n == 3) {
    w->load_s = g_ascii_strtod(f[1], NULL);
    w->build_s = g_ascii_strtod(f[2], NULL);
  } else if (strcmp(f[0], "done") == 0 && n == 2) {
    w->done = TRUE;
    w->ok = strcmp(f[1], "ok") == 0;
  }
}

/* Takes the complete lines out of buf[i]. */
static void
drain_lines(DgWorker *w, int i, gboolean at_eof)
{
  GString *b = w->buf[i];
  if (at_eof && b->len > 0 && b->str[b->len - 1] != '\n')
    g_string_append_c(b, '\n');
  char *nl;
  while ((nl = memchr(b->str, '\n', b->len)) != NULL) {
    *nl = '\0';
    if (i == PIPE_RESULT)
      handle_record(w, b->str);
    else
      g_ptr_array_add(w->printed, g_strdup(b->str));
    g_string_erase(b, 0, nl - b->str + 1);
  }
}

void
dg_worker_pump(DgWorker *w, int fd)
{
  int i = fd == w->fd[PIPE_RESULT] ? PIPE_RESULT : PIPE_OUTPUT;
  g_return_if_fail(fd >= 0 && fd == w->fd[i]);
  char chunk[8192];
  ssize_t n = read(fd, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN))
    return;
  if (n > 0) {
    g_string_append_len(w->buf[i], chunk, n);
    drain_lines(w, i, FALSE);
    return;
  }
  drain_lines(w, i, TRUE);
  close(fd);
  w->fd[i] = -1;
}

gboolean
dg_worker_is_finished(const DgWorker *w)
{
  return w->fd[0] < 0 && w->fd[1] < 0;
}

const char *
dg_worker_get_stage(const DgWorker *w)
{
  return w->stage;
}

const DgBookPlan *
dg_worker_get_plan(const DgWorker *w)
{
  return w->plan;
}

double
dg_worker_elapsed(const DgWorker *w)
{
  return seconds_since(w->started_us);
}

/* ---- finishing: reap, commit, stamp ------------------------------------- */

static void
reap(DgWorker *w)
{
  int status = 0;
  while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
    ;
  w->pid = 0;
  if (WIFSIGNALED(status))
    g_ptr_array_add(w->errors, g_strdup_printf("%s: error: the worker process died: %s",
                                               w->plan->dir,
                                               g_strsignal(WTERMSIG(status))));
  else if (!w->done)
    g_ptr_array_add(w->errors, g_strdup_printf("%s: error: the worker process exited "
                                               "(status %d) without a result",
                                               w->plan->dir, WEXITSTATUS(status)));
  if (WIFSIGNALED(status) || !w->done)
    w->ok = FALSE;
}

/* Every stale output must have been reported by the child. */
static gboolean
all_outputs_staged(DgWorker *w)
{
  for (guint i = 0; i < w->plan->outputs->len; i++) {
    const DgPlannedOutput *o = w->plan->outputs->pdata[i];
    if (!o->current && !g_hash_table_contains(w->pages, o->file)) {
      g_ptr_array_add(w->errors, g_strdup_printf("%s: error: the worker did not produce %s",
                                                 w->plan->dir, o->file));
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean
commit_error(DgWorker *w, const char *path, const char *what)
{
  g_ptr_array_add(w->errors, g_strdup_printf("%s: error: %s: %s", path, what,
                                             g_strerror(errno)));
  return FALSE;
}

/* The stamp as it will be once the staged outputs are in place, written
 * into the staging folder. It is read again now, under the commit lock:
 * another batch may have committed other outputs of this book since we
 * planned. */
static gboolean
stage_stamp(DgWorker *w, const char *staged_stamp)
{
  const DgBookPlan *plan = w->plan;
  g_autoptr(DgStamp) stamp = dg_stamp_load(plan->stamp_path);
  for (guint i = 0; i < plan->outputs->len; i++) {
    const DgPlannedOutput *o = plan->outputs->pdata[i];
    if (o->current)
      continue;
    g_autofree char *from = g_build_filename(w->staging, o->file, NULL);
    GStatBuf st;
    if (g_chmod(from, 0644) != 0 || g_stat(from, &st) != 0)
      return commit_error(w, from, "cannot read the staged output");
    dg_stamp_set(stamp, o->file, o->fingerprint, g_hash_table_lookup(w->digests, o->file),
                 st.st_size, GPOINTER_TO_INT(g_hash_table_lookup(w->pages, o->file)));
  }
  g_autoptr(GError) error = NULL;
  if (!dg_stamp_save(stamp, staged_stamp, &error)) {
    g_ptr_array_add(w->errors, g_strdup(error->message));
    return FALSE;
  }
  return TRUE;
}

static gboolean
commit_one(DgWorker *w, const DgPlannedOutput *o, DgOutputResult *r)
{
  g_autofree char *from = g_build_filename(w->staging, o->file, NULL);
  g_autofree char *to = g_build_filename(w->plan->out_dir, o->file, NULL);
  GStatBuf st;
  if (g_stat(from, &st) != 0 || g_rename(from, to) != 0)
    return commit_error(w, to, "cannot move output into place");
  r->built = TRUE;
  r->bytes = st.st_size;
  r->pages = GPOINTER_TO_INT(g_hash_table_lookup(w->pages, o->file));
  return TRUE;
}

/* Under the commit lock: the stamp staged, the outputs moved into
 * OUT_DIR, the stamp moved last. */
static gboolean
commit_locked(DgWorker *w)
{
  DgBookPlan *plan = w->plan;
  g_autofree char *base = g_path_get_basename(plan->stamp_path);
  g_autofree char *staged_stamp = g_build_filename(w->staging, base, NULL);
  if (!stage_stamp(w, staged_stamp))
    return FALSE;
  for (guint i = 0; i < plan->outputs->len; i++) {
    const DgPlannedOutput *o = plan->outputs->pdata[i];
    if (!o->current && !commit_one(w, o, plan->result->outputs->pdata[i]))
      return FALSE;
  }
  if (g_rename(staged_stamp, plan->stamp_path) != 0)
    return commit_error(w, plan->stamp_path, "cannot move the stamp into place");
  return TRUE;
}

static gboolean
commit(DgWorker *w)
{
  g_autoptr(GError) error = NULL;
  int lock = dg_outdir_lock(w->plan->out_dir, &error);
  if (lock < 0) {
    g_ptr_array_add(w->errors, g_strdup(error->message));
    return FALSE;
  }
  gboolean ok = commit_locked(w);
  dg_outdir_unlock(lock);
  return ok;
}

/* Copies the messages, naming OUT_DIR/file where they name the staged
 * file: the staging folder is gone when the user reads them. */
static void
move_messages(GPtrArray *to, GPtrArray *from, const char *staging, const char *out_dir)
{
  g_autofree char *from_prefix = g_strconcat(staging, G_DIR_SEPARATOR_S, NULL);
  g_autofree char *to_prefix = g_strconcat(out_dir, G_DIR_SEPARATOR_S, NULL);
  for (guint i = 0; i < from->len; i++) {
    GString *m = g_string_new(from->pdata[i]);
    g_string_replace(m, from_prefix, to_prefix, 0);
    g_ptr_array_add(to, g_string_free(m, FALSE));
  }
}

void
dg_worker_finish(DgWorker *w)
{
  g_return_if_fail(dg_worker_is_finished(w));
  DgBookResult *r = w->plan->result;
  reap(w);
  gboolean ok = w->ok && all_outputs_staged(w) && commit(w);
  dg_outdir_remove_tree(w->staging);
  r->status = ok ? DG_BOOK_BUILT : DG_BOOK_FAILED;
  r->seconds = dg_worker_elapsed(w);
  r->load_seconds = w->load_s;
  r->build_seconds = w->build_s;
  const char *out = w->plan->out_dir;
  move_messages(r->errors, w->errors, w->staging, out);
  move_messages(r->warnings, w->warnings, w->staging, out);
  /* What a library printed is a warning of a good book and evidence
   * about a failed one. */
  move_messages(ok ? r->warnings : r->errors, w->printed, w->staging, out);
  g_clear_pointer(&w->staging, g_free);
}

void
dg_worker_free(DgWorker *w)
{
  if (w == NULL)
    return;
  for (int i = 0; i < 2; i++) {
    if (w->fd[i] >= 0)
      close(w->fd[i]);
    g_string_free(w->buf[i], TRUE);
  }
  if (w->pid > 0) {
    kill(w->pid, SIGKILL);
    waitpid(w->pid, NULL, 0);
  }
  if (w->staging)
    dg_outdir_remove_tree(w->staging);
  g_free(w->staging);
  g_free(w->stage);
  g_hash_table_unref(w->pages);
  g_hash_table_unref(w->digests);
  g_ptr_array_unref(w->errors);
  g_ptr_array_unref(w->warnings);
  g_ptr_array_unref(w->printed);
  g_free(w);
}
