/* report.h — what a catalogue build did, book by book, and its JSON form.
 *
 * Plain data filled by the batch and read by the report writer (and by
 * tests); nothing here knows how a book is built. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DG_BOOK_BUILT,      /* at least one output written, none failed */
  DG_BOOK_SKIPPED,    /* every output already current */
  DG_BOOK_FAILED,     /* nothing written for it */
} DgBookStatus;

typedef struct {
  char *file;         /* base name in OUT_DIR: "cyberspace.pdf" */
  char *format;       /* "pdf" or "epub" */
  char *edition;      /* NULL: the main edition, else its book.ini name */
  gboolean built;     /* FALSE: it was current and left alone */
  gint64 bytes;
  int pages;          /* print pages; 0 for an EPUB */
} DgOutputResult;

typedef struct {
  char *id;
  DgBookStatus status;
  double seconds;          /* the book's worker, fork to exit */
  double load_seconds;     /* reading and aligning the manuscripts */
  double build_seconds;    /* typesetting and writing every output */
  GPtrArray *outputs;      /* DgOutputResult* */
  GPtrArray *errors;       /* char*: positioned messages */
  GPtrArray *warnings;     /* char* */
} DgBookResult;

/* An output of a book, or of an edition, that left the catalogue. */
typedef struct {
  char *file;         /* base name in OUT_DIR */
  char *book;         /* the id whose stamp recorded it */
  char *reason;       /* why it is no longer wanted */
  gboolean removed;   /* FALSE: kept, its bytes are no longer diglot's */
} DgPrunedResult;

typedef struct {
  char *content_dir;
  char *out_dir;
  int jobs;
  int shard_index, shard_count;   /* 0/0: the whole catalogue */
  double seconds;
  GPtrArray *books;        /* DgBookResult*, sorted by id */
  GPtrArray *pruned;       /* DgPrunedResult*, by book then file */
  GPtrArray *dead_runs;    /* char*: run folders of dead batches removed */
} DgBatchResult;

DgBookResult *dg_book_result_new(const char *id);
void dg_book_result_free(DgBookResult *r);
DgOutputResult *dg_book_result_add_output(DgBookResult *r, const char *file,
                                          const char *format, const char *edition);
DgBatchResult *dg_batch_result_new(const char *content_dir, const char *out_dir);
DgPrunedResult *dg_batch_result_add_pruned(DgBatchResult *r, const char *book,
                                           const char *file, const char *reason,
                                           gboolean removed);
/* The pruned files that were removed (not the kept ones). */
guint dg_batch_result_count_removed(const DgBatchResult *r);
void dg_batch_result_free(DgBatchResult *r);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgBookResult, dg_book_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgBatchResult, dg_batch_result_free)

const char *dg_book_status_name(DgBookStatus status);

/* Counts the books with `status`. */
guint dg_batch_result_count(const DgBatchResult *r, DgBookStatus status);

/* `s` as a JSON string literal (quotes included) appended to `out`;
 * invalid UTF-8 becomes U+FFFD so the report is always valid JSON. */
void dg_json_append_string(GString *out, const char *s);

/* The whole report as JSON text (newly allocated). */
char *dg_report_json(const DgBatchResult *r);

/* Writes dg_report_json() to `path` atomically. */
gboolean dg_report_write(const DgBatchResult *r, const char *path, GError **error);

G_END_DECLS
