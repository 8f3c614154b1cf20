/* manifest.c — fingerprints of a book's inputs and the stamps beside its
 * outputs.
 *
 * The model: an output is current when the SHA-256 of everything that can
 * change its bytes equals the one recorded when it was committed. We hash
 * contents, not modification times: a fresh CI checkout gives every file a
 * new mtime, and a restored cache of out/ must still be trusted; touching
 * a file without changing it must not rebuild, and `git checkout` of an
 * older manuscript with an older mtime must. Hashing is cheap next to
 * typesetting (a 40x manuscript of 1 MB hashes in a few milliseconds).
 *
 * A directory is hashed as the sorted list of (relative path, length,
 * bytes): renaming a file, moving bytes between files, or adding an empty
 * file all change the digest. Each part of a combined fingerprint is
 * length-prefixed for the same reason.
 *
 * The stamp is a small text file (one line per output: fingerprint, size,
 * pages, the SHA-256 of the output's own bytes, then the name — last, so
 * it may hold spaces) rather than JSON or
 * a GKeyFile: it is read by diglot only, and a line format keeps a
 * hand-inspected stamp obvious. The recorded
 * size catches an output truncated or replaced behind our back; the
 * recorded pages let a skipped book still report its page count; the
 * output's digest (version 2) is the proof pruning asks for before it
 * deletes an output of a book that left the catalogue: a file of that
 * name the user put there since has other bytes and is kept. */
#define _POSIX_C_SOURCE 200809L   /* lstat() under -std=c11 (g_lstat is a macro for it) */
#include "manifest.h"
#include "error.h"
#include "output.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* Written for an unknown digest: 64 zeros, read back as unknown. */
#define NO_DIGEST "0000000000000000000000000000000000000000000000000000000000000000"

struct _DgStamp {
  GHashTable *entries;   /* output base name → DgStampEntry* */
};

/* ---- digests ------------------------------------------------------------ */

static void
checksum_part(GChecksum *sum, const void *data, gsize len)
{
  char prefix[32];
  int n = g_snprintf(prefix, sizeof prefix, "%" G_GSIZE_FORMAT ":", len);
  g_checksum_update(sum, (const guchar *)prefix, n);
  g_checksum_update(sum, data, len);
}

/* Appends the relative paths of the regular files under `dir`. */
static gboolean
collect_files(const char *root, const char *rel, GPtrArray *out, GError **error)
{
  g_autofree char *path = rel ? g_build_filename(root, rel, NULL) : g_strdup(root);
  g_autoptr(GDir) dir = g_dir_open(path, 0, error);
  if (dir == NULL)
    return FALSE;
  const char *name;
  while ((name = g_dir_read_name(dir)) != NULL) {
    if (name[0] == '.')
      continue;
    g_autofree char *child_rel = rel ? g_build_filename(rel, name, NULL) : g_strdup(name);
    g_autofree char *child = g_build_filename(root, child_rel, NULL);
    if (g_file_test(child, G_FILE_TEST_IS_DIR)) {
      if (!collect_files(root, child_rel, out, error))
        return FALSE;
    } else if (g_file_test(child, G_FILE_TEST_IS_REGULAR)) {
      g_ptr_array_add(out, g_steal_pointer(&child_rel));
    }
    if (out->len > DG_MANIFEST_MAX_FILES) {
      DgPos pos = { root, 0, 0 };
      dg_set_error_at(error, DG_ERROR_INPUT, &pos,
                      "more than %d files: not fingerprinting this tree",
                      DG_MANIFEST_MAX_FILES);
      return FALSE;
    }
  }
  return TRUE;
}

static int
compare_strings(gconstpointer a, gconstpointer b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static gboolean
checksum_file(GChecksum *sum, const char *path, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(path, &data, &len, &local)) {
    DgPos pos = { path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot read: %s", local->message);
    return FALSE;
  }
  checksum_part(sum, data, len);
  return TRUE;
}

char *
dg_manifest_tree_digest(const char *dir, GError **error)
{
  g_return_val_if_fail(dir != NULL, NULL);
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR))
    return g_strdup(g_checksum_get_string(sum));
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func(g_free);
  if (!collect_files(dir, NULL, files, error))
    return NULL;
  g_ptr_array_sort(files, compare_strings);
  for (guint i = 0; i < files->len; i++) {
    const char *rel = files->pdata[i];
    g_autofree char *path = g_build_filename(dir, rel, NULL);
    checksum_part(sum, rel, strlen(rel));
    if (!checksum_file(sum, path, error))
      return NULL;
  }
  return g_strdup(g_checksum_get_string(sum));
}

char *
dg_manifest_file_digest(const char *path, GError **error)
{
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
  if (!checksum_file(sum, path, error))
    return NULL;
  return g_strdup(g_checksum_get_string(sum));
}

char *
dg_manifest_font_files_digest(const char *manifest_path)
{
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
  g_autofree char *text = NULL;
  if (!g_file_get_contents(manifest_path, &text, NULL, NULL))
    return g_strdup(g_checksum_get_string(sum));
  g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
  for (gsize i = 0; lines[i]; i++) {
    g_auto(GStrv) f = g_strsplit(lines[i], "|", 4);
    if (lines[i][0] == '#' || g_strv_length(f) < 3)
      continue;
    const char *path = g_strstrip(f[2]);
    GStatBuf st;
    g_autofree char *id = g_stat(path, &st) == 0
      ? g_strdup_printf("%s %" G_GINT64_FORMAT " %" G_GINT64_FORMAT, path,
                        (gint64)st.st_size, (gint64)st.st_mtime)
      : g_strdup_printf("%s missing", path);
    checksum_part(sum, id, strlen(id));
  }
  return g_strdup(g_checksum_get_string(sum));
}

char *
dg_manifest_combine(const char *const *parts)
{
  g_autoptr(GChecksum) sum = g_checksum_new(G_CHECKSUM_SHA256);
  for (gsize i = 0; parts[i] != NULL; i++)
    checksum_part(sum, parts[i], strlen(parts[i]));
  return g_strdup(g_checksum_get_string(sum));
}

/* ---- stamps ------------------------------------------------------------- */

static void
entry_free(gpointer p)
{
  DgStampEntry *e = p;
  g_free(e->fingerprint);
  g_free(e->digest);
  g_free(e);
}

DgStamp *
dg_stamp_new(void)
{
  DgStamp *stamp = g_new0(DgStamp, 1);
  stamp->entries = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, entry_free);
  return stamp;
}

void
dg_stamp_free(DgStamp *stamp)
{
  if (stamp == NULL)
    return;
  g_hash_table_unref(stamp->entries);
  g_free(stamp);
}

static gboolean
is_digest(const char *s)
{
  if (strlen(s) != 64)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isxdigit(*s))
      return FALSE;
  return TRUE;
}

/* "fingerprint size pages digest name" (version 1: no digest) — the name
 * last, so it may hold spaces; a malformed line is dropped (it can only
 * cause a rebuild or a file not pruned, never a wrong skip or deletion). */
static void
parse_line(DgStamp *stamp, const char *line, int version)
{
  int n = version == 1 ? 4 : 5;
  g_auto(GStrv) f = g_strsplit(line, " ", n);
  if ((int)g_strv_length(f) != n || strlen(f[0]) != 64 || f[n - 1][0] == '\0')
    return;
  const char *digest = version == 1 || strcmp(f[3], NO_DIGEST) == 0 ? NULL : f[3];
  if (digest && !is_digest(digest))
    return;
  char *end = NULL;
  gint64 size = g_ascii_strtoll(f[1], &end, 10);
  if (*end != '\0' || size < 0)
    return;
  gint64 pages = g_ascii_strtoll(f[2], &end, 10);
  if (*end != '\0' || pages < 0 || pages > G_MAXINT)
    return;
  dg_stamp_set(stamp, f[n - 1], f[0], digest, size, (int)pages);
}

DgStamp *
dg_stamp_load(const char *path)
{
  DgStamp *stamp = dg_stamp_new();
  g_autofree char *text = NULL;
  if (!g_file_get_contents(path, &text, NULL, NULL))
    return stamp;
  g_auto(GStrv) lines = g_strsplit(text, "\n", 0);
  int version = lines[0] == NULL                           ? 0
                : strcmp(lines[0], DG_STAMP_FORMAT) == 0   ? 2
                : strcmp(lines[0], DG_STAMP_FORMAT_1) == 0 ? 1
                                                           : 0;
  for (gsize i = 1; version > 0 && lines[i] != NULL; i++)
    parse_line(stamp, lines[i], version);
  return stamp;
}

const DgStampEntry *
dg_stamp_lookup(const DgStamp *stamp, const char *output)
{
  return g_hash_table_lookup(stamp->entries, output);
}

void
dg_stamp_set(DgStamp *stamp, const char *output, const char *fingerprint,
             const char *digest, gint64 size, int pages)
{
  g_return_if_fail(strchr(output, '\n') == NULL);
  DgStampEntry *e = g_new0(DgStampEntry, 1);
  e->fingerprint = g_strdup(fingerprint);
  e->digest = g_strdup(digest);
  e->size = size;
  e->pages = pages;
  g_hash_table_replace(stamp->entries, g_strdup(output), e);
}

void
dg_stamp_remove(DgStamp *stamp, const char *output)
{
  g_hash_table_remove(stamp->entries, output);
}

GPtrArray *
dg_stamp_list(const DgStamp *stamp)
{
  GPtrArray *names = g_ptr_array_new();
  GHashTableIter it;
  gpointer key;
  g_hash_table_iter_init(&it, stamp->entries);
  while (g_hash_table_iter_next(&it, &key, NULL))
    g_ptr_array_add(names, key);
  g_ptr_array_sort(names, compare_strings);
  return names;
}

gboolean
dg_stamp_is_ours(const DgStamp *stamp, const char *output_path)
{
  g_autofree char *base = g_path_get_basename(output_path);
  const DgStampEntry *e = dg_stamp_lookup(stamp, base);
  GStatBuf st;
  if (e == NULL || g_lstat(output_path, &st) != 0 || !S_ISREG(st.st_mode) ||
      st.st_size != e->size)
    return FALSE;
  if (e->digest == NULL)
    return TRUE;
  g_autofree char *digest = dg_manifest_file_digest(output_path, NULL);
  return digest && strcmp(digest, e->digest) == 0;
}

gboolean
dg_stamp_is_current(const DgStamp *stamp, const char *output_path,
                    const char *fingerprint)
{
  g_autofree char *base = g_path_get_basename(output_path);
  const DgStampEntry *e = dg_stamp_lookup(stamp, base);
  if (e == NULL || strcmp(e->fingerprint, fingerprint) != 0)
    return FALSE;
  GStatBuf st;
  return g_stat(output_path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == e->size;
}

gboolean
dg_stamp_save(const DgStamp *stamp, const char *path, GError **error)
{
  /* Sorted, so equal stamps are equal bytes. */
  g_autoptr(GPtrArray) names = dg_stamp_list(stamp);
  g_autoptr(GString) s = g_string_new(DG_STAMP_FORMAT "\n");
  for (guint i = 0; i < names->len; i++) {
    const DgStampEntry *e = g_hash_table_lookup(stamp->entries, names->pdata[i]);
    /* An entry carried over from a version-1 stamp has no digest. */
    g_string_append_printf(s, "%s %" G_GINT64_FORMAT " %d %s %s\n", e->fingerprint,
                           e->size, e->pages, e->digest ? e->digest : NO_DIGEST,
                           (const char *)names->pdata[i]);
  }
  return dg_output_write_all(path, s->str, s->len, error);
}
