/* outdir.c — run locks, dead runs' staging, the commit lock (outdir.h).
 *
 * The problem. A batch builds each book into a staging folder inside
 * OUT_DIR and renames the finished files into place, so OUT_DIR never
 * holds half a file. If the batch itself is killed — SIGKILL, the OOM
 * killer, a CI job's hard timeout — nothing of it runs again to remove its
 * staging. A later batch must remove it, but two batches may rightly run
 * at once on one OUT_DIR (CI shards, `make pdf` beside `make epub`), so it
 * may remove only staging whose owner is provably gone.
 *
 * The proof: an flock()ed lock file per run. Each batch creates
 * OUT_DIR/.diglot-run-XXXXXX.lock, holds an exclusive flock() on it for
 * its whole life, and stages in OUT_DIR/.diglot-run-XXXXXX/. A later batch
 * that can take that lock (LOCK_NB) knows the owner is gone, because the
 * kernel releases an flock() exactly when the last descriptor of the open
 * file is closed — at any death, SIGKILL and OOM included. The forked
 * workers inherit the descriptor, so a worker still writing into the run
 * folder keeps it owned even after its parent died (worker.c also asks
 * the kernel to kill workers whose parent died, so that is brief).
 *
 * Rejected: a PID (+ boot id + process start time) written into the lock
 * file and tested with kill(pid, 0). It needs all three to survive PID
 * reuse and reboots, it is wrong across PID namespaces (two CI containers
 * sharing one OUT_DIR see each other's PIDs as unrelated or absent
 * processes and would delete live staging), and wrong across hosts on a
 * network file system. flock() has none of these failure modes; over NFS
 * Linux maps it to a byte-range lock the server arbitrates, which is why
 * the lock is a regular file opened read-write rather than the run
 * folder itself (NFS refuses an exclusive lock on a read-only descriptor).
 *
 * The races, and why each is harmless:
 * - Creating a lock file and locking it are two steps. A scanner may lock
 *   the new file in between and remove it as dead. So after locking, the
 *   creator checks that its descriptor is still the file at that path
 *   (same device and inode); if not, it tries another name. The run folder
 *   is made only after that check, so a run folder always has a live lock
 *   file for as long as its owner lives.
 * - A scanner removes a dead run's folder first and its lock file last,
 *   holding the lock throughout. A run folder without a lock file is
 *   therefore one whose removal was cut short, and is removed too.
 * - Two scanners: the second cannot take the lock the first holds.
 *
 * The commit lock. Committing one book is: read its stamp, rename its new
 * files into place, write the stamp. Two batches doing that for one book
 * at once could leave a stamp vouching for the other batch's bytes. A
 * fixed, never-removed OUT_DIR/.diglot.lock, flock()ed for each commit
 * (milliseconds), serialises them; it is opened per commit, so no worker
 * forked later can inherit a held commit lock. */
#define _GNU_SOURCE
#include "outdir.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Tries at most this many names before giving up: each retry means a
 * scanner took our fresh lock file in the instant before we locked it. */
#define DG_RUN_ATTEMPTS 16
/* Deepest staging tree: run folder / book / file. */
#define DG_REMOVE_DEPTH 4

struct _DgRun {
  char *lock_path;
  char *dir;
  int fd;
};

static gboolean
io_error(GError **error, const char *path, const char *what, int err)
{
  DgPos pos = { path, 0, 0 };
  dg_set_error_at(error, DG_ERROR_IO, &pos, "%s: %s", what, g_strerror(err));
  return FALSE;
}

/* TRUE while `fd` is still the file named `path` (nobody unlinked it). */
static gboolean
still_linked(int fd, const char *path)
{
  struct stat a, b;
  return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
         a.st_ino == b.st_ino;
}

/* Creates and locks one lock file; -1 with errno set on failure, -1 with
 * errno 0 when a scanner took it first (try again). */
static int
create_locked(char *tmpl)
{
  int fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, 0644);
  if (fd < 0)
    return -1;
  if (flock(fd, LOCK_EX | LOCK_NB) == 0 && still_linked(fd, tmpl))
    return fd;
  /* Not ours any more: a scanner holds or removed it; it cleans up. */
  close(fd);
  errno = 0;
  return -1;
}

DgRun *
dg_run_new(const char *out_dir, GError **error)
{
  for (int i = 0; i < DG_RUN_ATTEMPTS; i++) {
    g_autofree char *tmpl = g_strdup_printf("%s/" DG_RUN_PREFIX "XXXXXX.lock", out_dir);
    int fd = create_locked(tmpl);
    if (fd < 0 && errno != 0) {
      io_error(error, out_dir, "cannot write to the output folder", errno);
      return NULL;
    }
    if (fd < 0)
      continue;
    DgRun *run = g_new0(DgRun, 1);
    run->fd = fd;
    run->dir = g_strndup(tmpl, strlen(tmpl) - strlen(".lock"));
    run->lock_path = g_steal_pointer(&tmpl);
    if (g_mkdir(run->dir, 0755) != 0) {
      io_error(error, out_dir, "cannot create a staging folder in the output folder",
               errno);
      dg_run_free(run);
      return NULL;
    }
    return run;
  }
  g_set_error(error, DG_ERROR, DG_ERROR_IO,
              "%s: error: cannot lock a staging folder: other batches keep taking them",
              out_dir);
  return NULL;
}

const char *
dg_run_get_dir(const DgRun *run)
{
  return run->dir;
}

void
dg_run_free(DgRun *run)
{
  if (run == NULL)
    return;
  /* Folder first, lock file last: see the races above. */
  dg_outdir_remove_tree(run->dir);
  g_unlink(run->lock_path);
  close(run->fd);
  g_free(run->dir);
  g_free(run->lock_path);
  g_free(run);
}

/* ---- removing trees ------------------------------------------------------- */

static gboolean
remove_at(const char *path, int depth)
{
  struct stat st;
  if (lstat(path, &st) != 0)
    return errno == ENOENT;
  if (!S_ISDIR(st.st_mode))
    return g_unlink(path) == 0 || errno == ENOENT;
  if (depth >= DG_REMOVE_DEPTH)
    return FALSE;
  gboolean ok = TRUE;
  g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name(dir)) != NULL) {
    g_autofree char *child = g_build_filename(path, name, NULL);
    ok &= remove_at(child, depth + 1);
  }
  return (g_rmdir(path) == 0 || errno == ENOENT) && ok;
}

gboolean
dg_outdir_remove_tree(const char *path)
{
  return remove_at(path, 0);
}

/* ---- dead runs -------------------------------------------------------------- */

/* The run's lock is free: remove its folder, then the lock file. */
static gboolean
reap_if_dead(const char *lock_path)
{
  int fd = open(lock_path, O_RDWR | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return FALSE;
  gboolean dead = flock(fd, LOCK_EX | LOCK_NB) == 0 && still_linked(fd, lock_path);
  if (dead) {
    g_autofree char *dir = g_strndup(lock_path, strlen(lock_path) - strlen(".lock"));
    dead = dg_outdir_remove_tree(dir) && g_unlink(lock_path) == 0;
  }
  close(fd);
  return dead;
}

/* Exactly ".diglot-run-" + the six characters of mkstemp, then ".lock"
 * or nothing: a book called "diglot-run-x" has ".diglot-run-x.stamp",
 * which must not look like a run. */
static gboolean
is_run_name(const char *name, gboolean *is_lock)
{
  gsize base = strlen(DG_RUN_PREFIX) + 6, len = strlen(name);
  if (!g_str_has_prefix(name, DG_RUN_PREFIX) || (len != base && len != base + 5))
    return FALSE;
  *is_lock = len == base + 5;
  return !*is_lock || g_str_has_suffix(name, ".lock");
}

GPtrArray *
dg_outdir_remove_dead_runs(const char *out_dir)
{
  GPtrArray *removed = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GDir) dir = g_dir_open(out_dir, 0, NULL);
  const char *name;
  gboolean is_lock;
  while (dir && (name = g_dir_read_name(dir)) != NULL) {
    if (!is_run_name(name, &is_lock))
      continue;
    g_autofree char *path = g_build_filename(out_dir, name, NULL);
    if (is_lock) {
      if (reap_if_dead(path))
        g_ptr_array_add(removed, g_strndup(name, strlen(name) - strlen(".lock")));
      continue;
    }
    /* A run folder whose lock file is gone: a removal cut short. */
    g_autofree char *lock = g_strconcat(path, ".lock", NULL);
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && lstat(lock, &st) != 0 &&
        errno == ENOENT && dg_outdir_remove_tree(path))
      g_ptr_array_add(removed, g_strdup(name));
  }
  return removed;
}

/* ---- the commit lock ---------------------------------------------------------- */

int
dg_outdir_lock(const char *out_dir, GError **error)
{
  g_autofree char *path = g_build_filename(out_dir, DG_OUTDIR_LOCK, NULL);
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0) {
    io_error(error, path, "cannot open the output folder's lock", errno);
    return -1;
  }
  /* EINTR: a signal arrived while another batch held the lock; the
   * caller checks for a stop request after the commit, which is short. */
  while (flock(fd, LOCK_EX) != 0) {
    if (errno != EINTR) {
      io_error(error, path, "cannot lock the output folder", errno);
      close(fd);
      return -1;
    }
  }
  return fd;
}

void
dg_outdir_unlock(int fd)
{
  if (fd >= 0)
    close(fd);   /* closing the only descriptor releases the flock */
}
