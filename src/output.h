/* output.h — an output file written whole or not at all.
 *
 * Writers never write to their final path: they write to a temporary file
 * in the same directory (so rename() is atomic) and commit it. A build
 * that fails frees the DgOutput, which removes the temporary file and
 * leaves any earlier output untouched. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef struct _DgOutput DgOutput;

/* Creates "<dir>/.<name>.XXXXXX" beside `path`; fails if the directory is
 * missing or not writable. */
DgOutput *dg_output_new(const char *path, GError **error);
/* The temporary file's path, for libraries that open files by name. */
const char *dg_output_get_temp_path(const DgOutput *out);
const char *dg_output_get_path(const DgOutput *out);
/* Makes the file readable (0644), renames it into place. */
gboolean dg_output_commit(DgOutput *out, GError **error);
/* Removes the temporary file unless committed. Accepts NULL. */
void dg_output_free(DgOutput *out);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgOutput, dg_output_free)

/* Unlinks every temporary file not yet committed or freed. Safe to call
 * from a signal handler (main installs one for SIGINT/SIGTERM/SIGHUP). */
void dg_output_remove_temporaries(void);

/* Writes `len` bytes to `path` atomically through a DgOutput. */
gboolean dg_output_write_all(const char *path, const void *data, gsize len,
                             GError **error);

G_END_DECLS
