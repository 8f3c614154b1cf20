/* manifest.h — what a book's outputs were built from: fingerprints and stamps.
 *
 * An incremental catalogue build skips a book whose inputs have not
 * changed. "Inputs" are bytes, never dates: every file of the book folder,
 * the templates/ and fonts/ trees, the engine (version + executable) and
 * the build options, hashed with SHA-256. The result is kept beside the
 * outputs in a stamp file, one line per output file. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* A directory tree refused past this many files: a fingerprint is not a
 * backup tool, and a runaway tree must be an error, not a long hang. */
#define DG_MANIFEST_MAX_FILES 10000
#define DG_STAMP_FORMAT "diglot-stamp 2"
/* Still read: the same lines without the output's digest. */
#define DG_STAMP_FORMAT_1 "diglot-stamp 1"

/* SHA-256 (hex) over every regular file under `dir`, by sorted relative
 * path, names and bytes both; dotfiles are ignored. A missing directory
 * hashes as an empty tree (a fresh checkout may not have one yet). */
char *dg_manifest_tree_digest(const char *dir, GError **error);

/* SHA-256 (hex) of one file's bytes. */
char *dg_manifest_file_digest(const char *path, GError **error);

/* SHA-256 (hex) over the identity — path, size, modification time — of
 * each font file fonts/MANIFEST names (third "|" field). The font files
 * live outside the repository (installed packages, tens of MB), so their
 * bytes are not hashed; a package upgrade changes size or mtime. Missing
 * manifest or files hash as such, never an error: the build reports them. */
char *dg_manifest_font_files_digest(const char *manifest_path);

/* SHA-256 (hex) over a NULL-terminated list of strings; each part is
 * length-prefixed so ("ab","c") and ("a","bc") differ. */
char *dg_manifest_combine(const char *const *parts);

/* --- stamps: OUT_DIR/.<id>.stamp ------------------------------------- */

typedef struct {
  char *fingerprint;
  char *digest;           /* SHA-256 of the output's bytes; NULL from a version-1 stamp */
  gint64 size;            /* bytes of the output when it was committed */
  int pages;              /* print pages, 0 for an EPUB */
} DgStampEntry;

typedef struct _DgStamp DgStamp;

/* Reads a stamp; a missing or unreadable stamp is an empty one (the
 * worst it can cause is a rebuild). */
DgStamp *dg_stamp_load(const char *path);
DgStamp *dg_stamp_new(void);
void dg_stamp_free(DgStamp *stamp);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgStamp, dg_stamp_free)

/* Borrowed; NULL when the output is not recorded. */
const DgStampEntry *dg_stamp_lookup(const DgStamp *stamp, const char *output);
void dg_stamp_set(DgStamp *stamp, const char *output, const char *fingerprint,
                  const char *digest, gint64 size, int pages);
void dg_stamp_remove(DgStamp *stamp, const char *output);
/* The recorded output names, sorted (a new array of borrowed strings). */
GPtrArray *dg_stamp_list(const DgStamp *stamp);

/* TRUE when `output_path` is still the file diglot committed: a regular
 * file (not a link) whose SHA-256 is the recorded digest — or, for an
 * entry of a version-1 stamp, whose size is the recorded size. What
 * pruning asks before it deletes anything. */
gboolean dg_stamp_is_ours(const DgStamp *stamp, const char *output_path);

/* TRUE when `output_path` exists, is recorded under its base name with
 * `fingerprint`, and still has the recorded size. */
gboolean dg_stamp_is_current(const DgStamp *stamp, const char *output_path,
                             const char *fingerprint);

/* Writes the stamp atomically. */
gboolean dg_stamp_save(const DgStamp *stamp, const char *path, GError **error);

G_END_DECLS
