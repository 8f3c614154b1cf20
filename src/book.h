/* book.h — the document tree: one book, aligned segments, blocks, inlines.
 *
 * A DgBook is built once by dg_book_load() and is read-only afterwards:
 * the PDF typesetter and the EPUB writer both walk it and share nothing
 * else. Each DgSegment holds one DgBlock per language (the n-th block of
 * every manuscript), so a writer never re-pairs anything.
 *
 * Blocks are leaves: container structure (block quotes, list nesting) is
 * flattened into depth fields, the way a typesetter and an aligner both
 * want it. A block's inline content is stored twice, cheaply: as one plain
 * UTF-8 string (`text`, soft breaks already resolved per language) and as
 * a tree of DgInline spans whose [start, end) byte ranges index that
 * string. The typesetter turns spans into attribute ranges; the XHTML
 * writer walks them with DgInlineIter (ENTER/EXIT events, no recursion). */
#pragma once
#include <glib.h>
#include "error.h"

G_BEGIN_DECLS

/* Named limits: exceeding one is a positioned error, never a hang. */
#define DG_MAX_MANUSCRIPT_BYTES (64u * 1024u * 1024u)
#define DG_MAX_NESTING 32          /* quote + list depth of one block */
#define DG_MAX_INLINE_NESTING 64   /* emphasis/link nesting in one block */
#define DG_MAX_LANGUAGES 4
#define DG_MAX_INI_BYTES (1024u * 1024u)   /* book.ini as a whole */
#define DG_MAX_META_BYTES 8192u            /* one value in [book] */

typedef enum {
  DG_BLOCK_HEADING,
  DG_BLOCK_PARAGRAPH,
  DG_BLOCK_LIST_ITEM,      /* first paragraph of a list item */
  DG_BLOCK_CODE,           /* code block: text is the literal */
  DG_BLOCK_BREAK,          /* thematic break: no text */
  DG_BLOCK_NOTE,           /* footnote definition: lives in book->notes */
} DgBlockKind;

typedef enum {
  DG_INLINE_TEXT,
  DG_INLINE_CODE,
  DG_INLINE_SOFTBREAK,     /* text is " " or "" (none between Han chars) */
  DG_INLINE_HARDBREAK,     /* text is "\n" */
  DG_INLINE_EMPH,
  DG_INLINE_STRONG,
  DG_INLINE_STRIKE,
  DG_INLINE_LINK,
  DG_INLINE_NOTEREF,       /* empty range; `note` indexes book->notes */
} DgInlineKind;

typedef struct _DgInline DgInline;
struct _DgInline {
  DgInlineKind kind;
  gsize start, end;        /* byte range in the block's text */
  const char *url;         /* LINK only */
  int note;                /* NOTEREF only: index in book->notes */
  DgPos pos;
  DgInline *parent, *first_child, *next;
};

typedef struct {
  DgBlockKind kind;
  int level;               /* HEADING: 1..6 */
  int quote_depth;         /* block quotes around this block */
  int list_depth;          /* lists around it (1 = top-level list) */
  gboolean ordered;        /* LIST_ITEM: ordered list? */
  int number;              /* LIST_ITEM of an ordered list: its number */
  int note;                /* NOTE: its index in book->notes, else -1 */
  const char *label;       /* NOTE: the label as written ("1", "src") */
  int lang;                /* index in book->languages */
  DgPos pos;
  const char *text;        /* plain text, NUL-terminated, UTF-8 */
  gsize text_len;
  DgInline *inlines;       /* first top-level span, or NULL */
} DgBlock;

typedef struct {
  int index;               /* 0-based position in its array */
  const char *anchor;      /* stable id ("s12", "n3") for links, both writers */
  DgBlock **blocks;        /* one per language, in book language order */
} DgSegment;

typedef struct _DgBook DgBook;
struct _DgBook {
  char *id;                /* folder name: "cyberspace" */
  char *dir;               /* the folder as given */
  char *ini_path;
  int n_languages;
  char **languages;        /* BCP 47 tags, NULL-terminated */
  char **manuscripts;      /* path of each language's .md */
  char *template_name;     /* from book.ini, may be NULL */
  char *date;              /* YYYY[-MM[-DD]] or NULL */
  char *identifier;        /* may be NULL */
  GKeyFile *ini;           /* the key file itself, for metadata lookups */
  GPtrArray *segments;     /* DgSegment*: the body, in reading order */
  GPtrArray *notes;        /* DgSegment*: footnote definitions */
  GPtrArray *warnings;     /* char*: "file:line: warning: ..." */
  /* private: everything the tree points into is freed in one call */
  GStringChunk *strings;
  GPtrArray *allocs;
};

/* Reads content/<id>/ (book.ini + one manuscript per language) and aligns
 * the manuscripts; NULL with a positioned error on any problem. */
DgBook *dg_book_load(const char *dir, GError **error);
/* The same from memory (tests, fuzzers): `ini` (ini_len bytes) is the
 * text of book.ini, texts[i] (lens[i] bytes) the manuscript of the i-th
 * language it lists; `dir` only names the files in messages. Fewer texts
 * than languages is the "listed but does not exist" error. */
DgBook *dg_book_load_from_data(const char *dir, const char *ini, gsize ini_len,
                               const char *const *texts, const gsize *lens,
                               int n_texts, GError **error);
void dg_book_free(DgBook *book);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(DgBook, dg_book_free)

/* Localized metadata: key "title" for language i reads "title[<tag>]",
 * then plain "title". Borrowed; NULL when absent. */
const char *dg_book_get_meta(const DgBook *book, const char *key, int lang);

int dg_book_lang_index(const DgBook *book, const char *tag);

/* The canonical text of the tree (for `diglot dump` and golden tests). */
char *dg_book_dump(const DgBook *book);

const char *dg_block_kind_name(DgBlockKind kind);
const char *dg_inline_kind_name(DgInlineKind kind);

/* Text of a span (borrowed pointer into block->text, not NUL-terminated
 * at `end`); *len receives its length. */
const char *dg_inline_text(const DgBlock *block, const DgInline *span, gsize *len);

/* --- inline iteration: ENTER and EXIT for containers, ENTER for leaves -- */
typedef enum { DG_EVENT_NONE, DG_EVENT_ENTER, DG_EVENT_EXIT } DgEvent;

typedef struct {
  const DgBlock *block;
  const DgInline *cur;
  DgEvent ev;
  gboolean started;
} DgInlineIter;

void dg_inline_iter_init(DgInlineIter *it, const DgBlock *block);
/* Advances; returns DG_EVENT_NONE at the end. */
DgEvent dg_inline_iter_next(DgInlineIter *it);
static inline const DgInline *
dg_inline_iter_node(const DgInlineIter *it) { return it->cur; }
gboolean dg_inline_is_container(DgInlineKind kind);

/* --- building (used by the readers only) ------------------------------ */
gpointer dg_book_alloc(DgBook *book, gsize size);
const char *dg_book_intern(DgBook *book, const char *s, gssize len);

G_END_DECLS
