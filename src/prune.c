/* prune.c — remove the outputs of books and editions no longer in the
 * catalogue (prune.h).
 *
 * The rule. diglot knows what it wrote from its stamps: OUT_DIR/.<id>.stamp
 * names each output it committed for book <id>, with the output's size and
 * the SHA-256 of its bytes. A stamp's output is pruned when
 *   - <id> is no longer a book of CONTENT_DIR (folder deleted or renamed,
 *     or its book.ini gone), or
 *   - <id> is a book of this shard and the output's edition is no longer
 *     in its book.ini (the main edition always is),
 * and it is deleted only if the file is still the one diglot committed: a
 * regular file (not a link) with the recorded SHA-256 (version-1 stamps,
 * which have none: the recorded size). Anything else — a file the user put
 * there since under that name, a name that is not <id>.[<edition>.]pdf|epub
 * — is never deleted; a stamp only ever vouches for names it recorded, so
 * a user's own files in OUT_DIR are never even looked at. The stamp entry
 * goes either way, and a stamp left with no entry is deleted.
 * --pdf-only does not prune EPUBs: editions are compared, not formats.
 *
 * Shards. Every shard lists the whole catalogue (the same checkout
 * everywhere), so "no longer a book" means the same for all of them, and
 * every shard prunes such books: with one OUT_DIR per CI job (the usual
 * case) each job's OUT_DIR holds only what it built, so assigning a gone
 * book to one shard would leave it in the others' folders. On a shared
 * OUT_DIR several shards may prune the same book; that is safe because
 * pruning runs under the commit lock and re-reads each stamp, so the first
 * removes files and stamp and the next finds nothing left to do (and
 * reports nothing). A book that is still in the catalogue is only ever
 * touched by the shard that builds it, and only for dropped editions:
 * another shard's book is never pruned, even when the round-robin moved
 * it to another shard since this OUT_DIR was filled. */
#include "prune.h"
#include "manifest.h"
#include "outdir.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define REASON_BOOK "its book is no longer in the catalogue"

char *
dg_prune_output_edition(const char *id, const char *file)
{
  static const char *const formats[] = { ".pdf", ".epub" };
  gsize id_len = strlen(id), len = strlen(file);
  if (strchr(file, G_DIR_SEPARATOR) || len <= id_len + 1 || strncmp(file, id, id_len) != 0 ||
      file[id_len] != '.')
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS(formats); i++) {
    gsize f = strlen(formats[i]);
    if (!g_str_has_suffix(file, formats[i]) || len < id_len + f)
      continue;
    if (len == id_len + f)
      return g_strdup("");
    /* "<id>.<edition><format>": the edition sits between the dots. */
    if (len > id_len + 1 + f)
      return g_strndup(file + id_len + 1, len - id_len - 1 - f);
  }
  return NULL;
}

/* Why `file` of book `id` is not wanted, or NULL when it is. */
static char *
unwanted(const char *id, const char *file, GPtrArray *editions)
{
  g_autofree char *edition = dg_prune_output_edition(id, file);
  if (edition == NULL)
    return NULL;
  if (editions == NULL)
    return g_strdup(REASON_BOOK);
  for (guint i = 0; i < editions->len; i++)
    if (strcmp(editions->pdata[i], edition) == 0)
      return NULL;
  return g_strdup_printf("edition '%s' is no longer in book.ini", edition);
}

/* Removes one unwanted output if it is still diglot's. Its stamp entry
 * goes too — unless the removal itself failed, so a later run retries. */
static void
prune_output(const char *out_dir, const char *id, DgStamp *stamp, const char *file,
             const char *reason, DgBatchResult *result)
{
  g_autofree char *path = g_build_filename(out_dir, file, NULL);
  GStatBuf st;
  if (g_lstat(path, &st) != 0) {
    dg_stamp_remove(stamp, file);   /* already gone */
    return;
  }
  if (!dg_stamp_is_ours(stamp, path)) {
    g_autofree char *why = g_strdup_printf("%s; kept: it is no longer the file diglot "
                                           "wrote", reason);
    dg_batch_result_add_pruned(result, id, file, why, FALSE);
    dg_stamp_remove(stamp, file);
  } else if (g_unlink(path) != 0) {
    g_autofree char *why = g_strdup_printf("%s; kept: %s", reason, g_strerror(errno));
    dg_batch_result_add_pruned(result, id, file, why, FALSE);
  } else {
    dg_batch_result_add_pruned(result, id, file, reason, TRUE);
    dg_stamp_remove(stamp, file);
  }
}

/* What stamp `name` (".<id>.stamp") may prune: sets *editions to the
 * editions <id> keeps (NULL: none, the book is gone); FALSE when the
 * stamp is not ours to look at (another shard's book, or a book whose
 * editions are unknown because its book.ini is broken). */
static gboolean
stamp_scope(const DgPruneRequest *req, const char *id, GPtrArray **editions)
{
  gboolean gone = !g_ptr_array_find_with_equal_func(req->ids, id, g_str_equal, NULL);
  *editions = gone ? NULL : g_hash_table_lookup(req->editions, id);
  return gone || *editions != NULL;
}

/* TRUE when stamp `name` records an output that is not wanted. */
static gboolean
stamp_has_work(const DgPruneRequest *req, const char *name)
{
  g_autofree char *id = g_strndup(name + 1, strlen(name) - strlen(".stamp") - 1);
  GPtrArray *editions;
  if (!stamp_scope(req, id, &editions))
    return FALSE;
  g_autofree char *stamp_path = g_build_filename(req->out_dir, name, NULL);
  g_autoptr(DgStamp) stamp = dg_stamp_load(stamp_path);
  g_autoptr(GPtrArray) files = dg_stamp_list(stamp);
  for (guint i = 0; i < files->len; i++) {
    g_autofree char *reason = unwanted(id, files->pdata[i], editions);
    if (reason)
      return TRUE;
  }
  return FALSE;
}

/* Prunes what stamp `name` (".<id>.stamp") records and is not wanted. */
static void
prune_stamp(const DgPruneRequest *req, const char *name, DgBatchResult *result)
{
  g_autofree char *id = g_strndup(name + 1, strlen(name) - strlen(".stamp") - 1);
  GPtrArray *editions;
  if (!stamp_scope(req, id, &editions))
    return;
  g_autofree char *stamp_path = g_build_filename(req->out_dir, name, NULL);
  g_autoptr(DgStamp) stamp = dg_stamp_load(stamp_path);
  g_autoptr(GPtrArray) files = dg_stamp_list(stamp);
  gboolean changed = FALSE;
  for (guint i = 0; i < files->len; i++) {
    g_autofree char *file = g_strdup(files->pdata[i]);  /* the entry goes */
    g_autofree char *reason = unwanted(id, file, editions);
    if (reason) {
      prune_output(req->out_dir, id, stamp, file, reason, result);
      changed = TRUE;
    }
  }
  g_autoptr(GPtrArray) left = dg_stamp_list(stamp);
  if (left->len == 0)
    g_unlink(stamp_path);
  else if (changed)
    dg_stamp_save(stamp, stamp_path, NULL);   /* at worst a rebuild later */
}

static int
compare_names(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static gboolean
is_stamp_name(const char *name)
{
  return name[0] == '.' && g_str_has_suffix(name, ".stamp") &&
         strlen(name) > strlen("..stamp");
}

/* The stamps that record something to prune, sorted. Looked at without
 * the lock, so that a batch with nothing to prune never needs to write
 * to OUT_DIR (a read-only OUT_DIR whose books are all current is fine);
 * each is read again under the lock before anything is deleted. */
static GPtrArray *
stamps_with_work(const DgPruneRequest *req)
{
  GPtrArray *stamps = g_ptr_array_new_with_free_func(g_free);
  g_autoptr(GDir) dir = g_dir_open(req->out_dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name(dir)) != NULL)
    if (is_stamp_name(name) && stamp_has_work(req, name))
      g_ptr_array_add(stamps, g_strdup(name));
  g_ptr_array_sort(stamps, compare_names);
  return stamps;
}

gboolean
dg_prune(const DgPruneRequest *req, DgBatchResult *result, GError **error)
{
  g_autoptr(GPtrArray) stamps = stamps_with_work(req);
  if (stamps->len == 0)
    return TRUE;
  int lock = dg_outdir_lock(req->out_dir, error);
  if (lock < 0)
    return FALSE;
  for (guint i = 0; i < stamps->len; i++)
    prune_stamp(req, stamps->pdata[i], result);
  dg_outdir_unlock(lock);
  return TRUE;
}
