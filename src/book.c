/* book.c — loading a book folder, aligning its manuscripts, the dump.
 *
 * A book is content/<id>/book.ini plus one CommonMark file per language.
 * Loading reads the key file, parses each manuscript into flat blocks
 * (markdown.c) and pairs the n-th block of every manuscript into one
 * DgSegment. Pairing is by index only, never by guessing: a difference in
 * kind, heading level, list or quote depth is an error naming both files
 * and lines, because a silently shifted bilingual book is worse than none.
 * When one side has an extra block, the message blames that block: we
 * try skipping one block on either side and keep the guess after which
 * more of the two manuscripts pairs.
 *
 * All tree memory lives in the book: strings in one GStringChunk, nodes
 * in one pointer array, so dg_book_free() is a single sweep. */
#include "book.h"
#include "markdown.h"

#include <stdio.h>
#include <string.h>

static const char *const KNOWN_KEYS[] = {
  "languages", "template", "date", "identifier", "title", "subtitle",
  "author", "publisher", "rights", "description", "subject", "editions",
  "isbn", "print-isbn", NULL,
};
static const char *const LOCALIZED_KEYS[] = {
  "title", "subtitle", "author", "publisher", "rights", "description",
  "subject", NULL,
};

/* Manuscripts given in memory (dg_book_load_from_data). */
typedef struct {
  const char *const *data;
  const gsize *lens;
  int n;
} DgTexts;

gpointer
dg_book_alloc(DgBook *book, gsize size)
{
  gpointer p = g_malloc0(size);
  g_ptr_array_add(book->allocs, p);
  return p;
}

const char *
dg_book_intern(DgBook *book, const char *s, gssize len)
{
  if (s == NULL)
    return NULL;
  return len < 0 ? g_string_chunk_insert(book->strings, s)
                 : g_string_chunk_insert_len(book->strings, s, len);
}

static DgBook *
book_new(const char *dir)
{
  DgBook *book = g_new0(DgBook, 1);
  book->dir = g_strdup(dir);
  /* Canonical, so "." and "content/x/" both name the folder itself. */
  g_autofree char *canon = g_canonicalize_filename(dir, NULL);
  book->id = g_path_get_basename(canon);
  book->ini_path = g_build_filename(dir, "book.ini", NULL);
  book->segments = g_ptr_array_new();
  book->notes = g_ptr_array_new();
  book->warnings = g_ptr_array_new_with_free_func(g_free);
  book->strings = g_string_chunk_new(64 * 1024);
  book->allocs = g_ptr_array_new_with_free_func(g_free);
  return book;
}

void
dg_book_free(DgBook *book)
{
  if (book == NULL)
    return;
  g_free(book->id);
  g_free(book->dir);
  g_free(book->ini_path);
  g_strfreev(book->languages);
  g_strfreev(book->manuscripts);
  g_free(book->template_name);
  g_free(book->date);
  g_free(book->identifier);
  if (book->ini)
    g_key_file_free(book->ini);
  g_ptr_array_free(book->segments, TRUE);
  g_ptr_array_free(book->notes, TRUE);
  g_ptr_array_free(book->warnings, TRUE);
  g_string_chunk_free(book->strings);
  g_ptr_array_free(book->allocs, TRUE);
  g_free(book);
}

/* ---- book.ini --------------------------------------------------------- */

/* GKeyFile keeps no line numbers; find "key" (or "key[", or a group
 * header "[name" followed by ']') at a line start. */
static int
ini_line_of(const char *data, const char *key)
{
  gsize klen = strlen(key);
  int line = 1;
  for (const char *p = data; p && *p; line++) {
    while (*p == ' ' || *p == '\t')
      p++;
    if (strncmp(p, key, klen) == 0 && strchr("=[] \t", p[klen]) && p[klen])
      return line;
    p = strchr(p, '\n');
    if (p)
      p++;
  }
  return 0;
}

static gboolean
str_in(const char *s, const char *const *list)
{
  for (; *list; list++)
    if (strcmp(s, *list) == 0)
      return TRUE;
  return FALSE;
}

static void
warn_unknown_keys(DgBook *book, const char *data)
{
  g_auto(GStrv) keys = g_key_file_get_keys(book->ini, "book", NULL, NULL);
  for (char **k = keys; k && *k; k++) {
    g_autofree char *base = g_strdup(*k);
    char *br = strchr(base, '[');
    if (br)
      *br = '\0';
    DgPos pos = { book->ini_path, ini_line_of(data, *k), 0 };
    if (!str_in(base, KNOWN_KEYS))
      g_ptr_array_add(book->warnings,
                      dg_format_warning(&pos, "unknown key '%s' in [book]", *k));
    else if (br && !str_in(base, LOCALIZED_KEYS))
      g_ptr_array_add(book->warnings,
                      dg_format_warning(&pos, "key '%s' cannot be localized", base));
  }
  g_auto(GStrv) groups = g_key_file_get_groups(book->ini, NULL);
  for (char **g = groups; g && *g; g++)
    if (strcmp(*g, "book") != 0) {
      g_autofree char *hdr = g_strdup_printf("[%s", *g);
      DgPos pos = { book->ini_path, ini_line_of(data, hdr), 0 };
      g_ptr_array_add(book->warnings,
                      dg_format_warning(&pos, "unknown group [%s]", *g));
    }
}

static gboolean
valid_tag(const char *tag)
{
  /* BCP 47 shape: alphanumeric subtags of 1–8 joined by '-'. */
  if (!*tag || strlen(tag) > 35)
    return FALSE;
  int run = 0;
  for (const char *p = tag; ; p++) {
    if (*p == '-' || *p == '\0') {
      if (run == 0 || run > 8)
        return FALSE;
      if (*p == '\0')
        return TRUE;
      run = 0;
    } else if (g_ascii_isalnum(*p)) {
      run++;
    } else {
      return FALSE;
    }
  }
}

/* Digits from d[from] to d[to-1] as a number, or -1 if any is not one:
 * sscanf would accept "+1" or " 1" or stop early at "1x". */
static int
digits(const char *d, int from, int to)
{
  int v = 0;
  for (int i = from; i < to; i++) {
    if (!g_ascii_isdigit(d[i]))
      return -1;
    v = v * 10 + (d[i] - '0');
  }
  return v;
}

static gboolean
valid_date(const char *d)
{
  gsize n = strlen(d);
  if (n != 4 && n != 7 && n != 10)
    return FALSE;
  if ((n >= 7 && d[4] != '-') || (n == 10 && d[7] != '-'))
    return FALSE;
  int y = digits(d, 0, 4);
  int m = n >= 7 ? digits(d, 5, 7) : 1;
  int day = n == 10 ? digits(d, 8, 10) : 1;
  return y >= 1000 && m >= 1 && m <= 12 && day >= 1 &&
         g_date_valid_dmy((GDateDay)day, (GDateMonth)m, (GDateYear)y);
}

static gboolean
ini_error(DgBook *book, const char *data, const char *key, GError **error,
          const char *msg)
{
  DgPos pos = { book->ini_path, data ? ini_line_of(data, key) : 0, 0 };
  dg_set_error_at(error, DG_ERROR_INPUT, &pos, "%s", msg);
  return FALSE;
}

static gboolean
read_languages(DgBook *book, const char *data, GError **error)
{
  gsize n = 0;
  book->languages = g_key_file_get_string_list(book->ini, "book", "languages", &n, NULL);
  if (book->languages == NULL || n == 0)
    return ini_error(book, data, "[book", error,
                     "[book] needs 'languages', e.g. languages=zh-Hans;en");
  if (n > DG_MAX_LANGUAGES)
    return ini_error(book, data, "languages", error,
                     "more than " G_STRINGIFY(DG_MAX_LANGUAGES) " languages");
  for (gsize i = 0; i < n; i++) {
    g_strstrip(book->languages[i]);
    if (!valid_tag(book->languages[i])) {
      g_autofree char *m = g_strdup_printf("'%s' is not a BCP 47 language tag",
                                           book->languages[i]);
      return ini_error(book, data, "languages", error, m);
    }
    for (gsize j = 0; j < i; j++)
      if (g_ascii_strcasecmp(book->languages[i], book->languages[j]) == 0) {
        g_autofree char *m = g_strdup_printf("language '%s' listed twice",
                                             book->languages[i]);
        return ini_error(book, data, "languages", error, m);
      }
  }
  book->n_languages = (int)n;
  return TRUE;
}

static gboolean
read_scalars(DgBook *book, const char *data, GError **error)
{
  book->template_name = g_key_file_get_string(book->ini, "book", "template", NULL);
  book->identifier = g_key_file_get_string(book->ini, "book", "identifier", NULL);
  book->date = g_key_file_get_string(book->ini, "book", "date", NULL);
  if (book->date && !valid_date(g_strstrip(book->date))) {
    g_autofree char *m = g_strdup_printf("date '%s' is not YYYY, YYYY-MM or YYYY-MM-DD",
                                         book->date);
    return ini_error(book, data, "date", error, m);
  }
  if (book->template_name &&
      (!*book->template_name || strchr(book->template_name, '/') ||
       strstr(book->template_name, ".."))) {
    return ini_error(book, data, "template", error,
                     "template must be a name from templates/, without a path");
  }
  for (int i = 0; i < book->n_languages; i++)
    if (dg_book_get_meta(book, "title", i) == NULL) {
      g_autofree char *m = g_strdup_printf("no title for '%s' (add title[%s]=...)",
                                           book->languages[i], book->languages[i]);
      return ini_error(book, data, "[book", error, m);
    }
  return TRUE;
}

/* One line of book.ini, trimmed; "" for blank lines and comments. */
static char *
ini_line_text(const char *line)
{
  char *t = g_strstrip(g_strdup(line));
  if (*t == '#')
    *t = '\0';
  return t;
}

/* GKeyFile names a bad line by its text only; find its number. */
static int
ini_bad_line(const char *data)
{
  g_auto(GStrv) lines = g_strsplit(data, "\n", -1);
  gboolean in_group = FALSE;
  for (int i = 0; lines[i]; i++) {
    g_autofree char *t = ini_line_text(lines[i]);
    if (*t == '\0')
      continue;
    if (*t == '[') {
      in_group = TRUE;
      if (t[strlen(t) - 1] != ']')
        return i + 1;
    } else if (!in_group || !strchr(t, '=')) {
      return i + 1;
    }
  }
  return 0;
}

/* GKeyFile keeps the last of two equal keys and merges repeated groups
 * without a word; a repeated key is most often a copy-paste slip. */
static void
warn_duplicates(DgBook *book, const char *data)
{
  g_auto(GStrv) lines = g_strsplit(data, "\n", -1);
  g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *group = g_strdup("");
  for (int i = 0; lines[i]; i++) {
    g_autofree char *t = ini_line_text(lines[i]);
    char *eq = strchr(t, '=');
    if (*t != '[' && eq == NULL)
      continue;
    if (*t != '[') {
      *eq = '\0';
      g_strchomp(t);
    } else {
      g_free(group);
      group = g_strdup(t);
    }
    char *name = *t == '[' ? g_strdup(t) : g_strdup_printf("%s%s", group, t);
    int first = GPOINTER_TO_INT(g_hash_table_lookup(seen, name));
    DgPos pos = { book->ini_path, i + 1, 0 };
    if (first)
      g_ptr_array_add(book->warnings,
                      dg_format_warning(&pos, "%s '%s' repeats line %d; the last one counts",
                                        *t == '[' ? "group" : "key", t, first));
    if (!first)
      g_hash_table_insert(seen, name, GINT_TO_POINTER(i + 1));
    else
      g_free(name);
  }
}

/* No value of [book] may exceed DG_MAX_META_BYTES: a title is set on one
 * line of a cover and a page head, and a megabyte there is a mistake. */
static gboolean
check_value_sizes(DgBook *book, const char *data, GError **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys(book->ini, "book", NULL, NULL);
  for (char **k = keys; k && *k; k++) {
    g_autofree char *v = g_key_file_get_value(book->ini, "book", *k, NULL);
    if (v && strlen(v) > DG_MAX_META_BYTES) {
      g_autofree char *m = g_strdup_printf("value of '%s' is longer than %u bytes",
                                           *k, DG_MAX_META_BYTES);
      return ini_error(book, data, *k, error, m);
    }
  }
  return TRUE;
}

/* Parses book.ini's text (`len` bytes, not necessarily NUL-terminated). */
static gboolean
parse_ini(DgBook *book, const char *data, gsize len, GError **error)
{
  DgPos at_file = { book->ini_path, 0, 0 };
  if (len > DG_MAX_INI_BYTES) {
    dg_set_error_at(error, DG_ERROR_INPUT, &at_file, "book.ini larger than %u KiB",
                    DG_MAX_INI_BYTES >> 10);
    return FALSE;
  }
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  if (!dg_utf8_check(book->ini_path, data, len, error))
    return FALSE;
  g_autofree char *body = g_strndup(data, len);   /* no NUL inside: checked */
  g_autoptr(GError) local = NULL;
  book->ini = g_key_file_new();
  if (!g_key_file_load_from_data(book->ini, body, len, G_KEY_FILE_KEEP_TRANSLATIONS,
                                 &local)) {
    DgPos pos = { book->ini_path, ini_bad_line(body), 0 };
    dg_set_error_at(error, DG_ERROR_INPUT, &pos, "%s", local->message);
    return FALSE;
  }
  if (!g_key_file_has_group(book->ini, "book"))
    return ini_error(book, NULL, "", error, "book.ini has no [book] group");
  warn_unknown_keys(book, body);
  warn_duplicates(book, body);
  return read_languages(book, body, error) && check_value_sizes(book, body, error) &&
         read_scalars(book, body, error);
}

static gboolean
read_ini(DgBook *book, GError **error)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(book->ini_path, &data, &len, &local)) {
    DgPos pos = { book->ini_path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot read book.ini: %s",
                    local->message);
    return FALSE;
  }
  return parse_ini(book, data, len, error);
}

const char *
dg_book_get_meta(const DgBook *book, const char *key, int lang)
{
  if (book->ini == NULL)
    return NULL;
  /* GKeyFile returns new strings; intern them so callers can borrow. */
  DgBook *b = (DgBook *)book;
  if (lang >= 0 && lang < book->n_languages) {
    g_autofree char *k = g_strdup_printf("%s[%s]", key, book->languages[lang]);
    g_autofree char *v = g_key_file_get_string(book->ini, "book", k, NULL);
    if (v && *g_strstrip(v))
      return g_string_chunk_insert_const(b->strings, v);
  }
  g_autofree char *v = g_key_file_get_string(book->ini, "book", key, NULL);
  if (v && *g_strstrip(v))
    return g_string_chunk_insert_const(b->strings, v);
  return NULL;
}

int
dg_book_lang_index(const DgBook *book, const char *tag)
{
  for (int i = 0; i < book->n_languages; i++)
    if (g_ascii_strcasecmp(book->languages[i], tag) == 0)
      return i;
  return -1;
}

/* ---- alignment -------------------------------------------------------- */

const char *
dg_block_kind_name(DgBlockKind kind)
{
  switch (kind) {
  case DG_BLOCK_HEADING: return "heading";
  case DG_BLOCK_PARAGRAPH: return "paragraph";
  case DG_BLOCK_LIST_ITEM: return "list item";
  case DG_BLOCK_CODE: return "code block";
  case DG_BLOCK_BREAK: return "thematic break";
  case DG_BLOCK_NOTE: return "footnote";
  }
  return "block";
}

/* "level-2 heading", "list item in a quote", ... for messages. */
static char *
describe(const DgBlock *b)
{
  GString *s = g_string_new(NULL);
  if (b->kind == DG_BLOCK_HEADING)
    g_string_append_printf(s, "level-%d ", b->level);
  if (b->kind == DG_BLOCK_LIST_ITEM)
    g_string_append(s, b->ordered ? "numbered " : "bulleted ");
  g_string_append(s, dg_block_kind_name(b->kind));
  if (b->list_depth > 1 || (b->list_depth == 1 && b->kind != DG_BLOCK_LIST_ITEM))
    g_string_append_printf(s, " at list depth %d", b->list_depth);
  if (b->quote_depth > 0)
    g_string_append_printf(s, " in a quote%s", b->quote_depth > 1 ? " (nested)" : "");
  return g_string_free(s, FALSE);
}

static gboolean
same_shape(const DgBlock *a, const DgBlock *b)
{
  return a->kind == b->kind && a->level == b->level &&
         a->quote_depth == b->quote_depth && a->list_depth == b->list_depth &&
         a->ordered == b->ordered;
}

/* How well the manuscripts agree from a[i] and b[j] on: the number of
 * blocks that pair (up to a window), with a bonus when both then end
 * together, which is the strongest sign that the guess is right. */
static int
agreement(GPtrArray *a, guint i, GPtrArray *b, guint j)
{
  int run = 0;
  while (run < 16 && i < a->len && j < b->len && same_shape(a->pdata[i], b->pdata[j])) {
    run++;
    i++;
    j++;
  }
  return run + (i == a->len && j == b->len ? 100 : 0);
}

static gboolean
mismatch(GPtrArray *a, GPtrArray *b, guint i, GError **error)
{
  const DgBlock *x = i < a->len ? a->pdata[i] : NULL;
  const DgBlock *y = i < b->len ? b->pdata[i] : NULL;
  /* Blame a[i] as the extra block when skipping it makes the rest pair
   * better than skipping b[i]; otherwise b[i] is blamed. */
  if (x && y && agreement(a, i + 1, b, i) > agreement(a, i, b, i + 1)) {
    const DgBlock *t = x; x = y; y = t;
    GPtrArray *ta = a; a = b; b = ta;
  }
  if (y == NULL) {
    const DgBlock *last = b->len ? b->pdata[b->len - 1] : NULL;
    g_autofree char *dx = describe(x);
    dg_set_error_at(error, DG_ERROR_INPUT, &x->pos,
                    "%s has no counterpart (%s ends after %u blocks, at line %d)",
                    dx, last ? last->pos.file : "the other manuscript", b->len,
                    last ? last->pos.line : 0);
    return FALSE;
  }
  g_autofree char *dx = describe(x);
  g_autofree char *dy = describe(y);
  g_autofree char *where = dg_pos_format(&x->pos);
  dg_set_error_at(error, DG_ERROR_INPUT, &y->pos, "%s has no counterpart (%s is a %s)",
                  dy, where, dx);
  return FALSE;
}

static gboolean
align(DgBook *book, GPtrArray **per_lang, GPtrArray *out, const char *prefix,
      GError **error)
{
  guint n = per_lang[0]->len;
  for (int l = 1; l < book->n_languages; l++) {
    GPtrArray *a = per_lang[0], *b = per_lang[l];
    guint common = MIN(a->len, b->len);
    for (guint i = 0; i < common; i++)
      if (!same_shape(a->pdata[i], b->pdata[i]))
        return mismatch(a, b, i, error);
    if (a->len != b->len)
      return a->len > b->len ? mismatch(a, b, common, error)
                             : mismatch(b, a, common, error);
  }
  for (guint i = 0; i < n; i++) {
    DgSegment *seg = dg_book_alloc(book, sizeof *seg);
    seg->index = (int)i;
    char anchor[32];
    g_snprintf(anchor, sizeof anchor, "%s%u", prefix, i + 1);
    seg->anchor = g_string_chunk_insert(book->strings, anchor);
    seg->blocks = dg_book_alloc(book, sizeof(DgBlock *) * (gsize)book->n_languages);
    for (int l = 0; l < book->n_languages; l++)
      seg->blocks[l] = per_lang[l]->pdata[i];
    g_ptr_array_add(out, seg);
  }
  return TRUE;
}

/* Reads the manuscript of language l from its file or, when `texts` is
 * given, from memory. */
static gboolean
read_one(DgBook *book, int l, const DgTexts *texts, GPtrArray *blocks,
         GPtrArray *notes, GError **error)
{
  g_autofree char *name = g_strdup_printf("%s.md", book->languages[l]);
  book->manuscripts[l] = g_build_filename(book->dir, name, NULL);
  gboolean exists = texts ? l < texts->n
                          : g_file_test(book->manuscripts[l], G_FILE_TEST_EXISTS);
  if (!exists) {
    DgPos pos = { book->ini_path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_INPUT, &pos,
                    "language '%s' is listed but %s does not exist",
                    book->languages[l], book->manuscripts[l]);
    return FALSE;
  }
  if (texts)
    return dg_markdown_parse(book, l, book->manuscripts[l], texts->data[l],
                             texts->lens[l], blocks, notes, error);
  return dg_markdown_read(book, l, book->manuscripts[l], blocks, notes, error);
}

static gboolean
read_manuscripts(DgBook *book, const DgTexts *texts, GError **error)
{
  int n = book->n_languages;
  book->manuscripts = g_new0(char *, (gsize)n + 1);
  GPtrArray *blocks[DG_MAX_LANGUAGES], *notes[DG_MAX_LANGUAGES];
  gboolean ok = TRUE;
  for (int l = 0; l < n; l++) {
    blocks[l] = g_ptr_array_new();
    notes[l] = g_ptr_array_new();
  }
  for (int l = 0; ok && l < n; l++)
    ok = read_one(book, l, texts, blocks[l], notes[l], error);
  ok = ok && align(book, blocks, book->segments, "s", error) &&
       align(book, notes, book->notes, "n", error);
  for (int l = 0; l < n; l++) {
    g_ptr_array_free(blocks[l], TRUE);
    g_ptr_array_free(notes[l], TRUE);
  }
  return ok;
}

DgBook *
dg_book_load(const char *dir, GError **error)
{
  g_return_val_if_fail(dir != NULL, NULL);
  if (!g_file_test(dir, G_FILE_TEST_IS_DIR)) {
    DgPos pos = { dir, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos, "not a book folder");
    return NULL;
  }
  g_autoptr(DgBook) book = book_new(dir);
  if (!read_ini(book, error) || !read_manuscripts(book, NULL, error))
    return NULL;
  return g_steal_pointer(&book);
}

DgBook *
dg_book_load_from_data(const char *dir, const char *ini, gsize ini_len,
                       const char *const *texts, const gsize *lens, int n_texts,
                       GError **error)
{
  g_return_val_if_fail(dir != NULL && ini != NULL, NULL);
  g_return_val_if_fail(n_texts == 0 || (texts != NULL && lens != NULL), NULL);
  DgTexts t = { texts, lens, n_texts };
  g_autoptr(DgBook) book = book_new(dir);
  if (!parse_ini(book, ini, ini_len, error) || !read_manuscripts(book, &t, error))
    return NULL;
  return g_steal_pointer(&book);
}

/* ---- inline iteration ------------------------------------------------- */

gboolean
dg_inline_is_container(DgInlineKind kind)
{
  return kind == DG_INLINE_EMPH || kind == DG_INLINE_STRONG ||
         kind == DG_INLINE_LINK || kind == DG_INLINE_STRIKE;
}

void
dg_inline_iter_init(DgInlineIter *it, const DgBlock *block)
{
  it->block = block;
  it->cur = NULL;
  it->ev = DG_EVENT_NONE;
  it->started = FALSE;
}

DgEvent
dg_inline_iter_next(DgInlineIter *it)
{
  if (!it->started) {
    it->started = TRUE;
    it->cur = it->block->inlines;
    it->ev = it->cur ? DG_EVENT_ENTER : DG_EVENT_NONE;
    return it->ev;
  }
  const DgInline *n = it->cur;
  if (n == NULL)
    return DG_EVENT_NONE;
  if (it->ev == DG_EVENT_ENTER && dg_inline_is_container(n->kind)) {
    if (n->first_child) {
      it->cur = n->first_child;
      return it->ev = DG_EVENT_ENTER;
    }
    return it->ev = DG_EVENT_EXIT;       /* empty container */
  }
  if (n->next) {
    it->cur = n->next;
    return it->ev = DG_EVENT_ENTER;
  }
  if (n->parent) {
    it->cur = n->parent;
    return it->ev = DG_EVENT_EXIT;
  }
  it->cur = NULL;
  return it->ev = DG_EVENT_NONE;
}

const char *
dg_inline_text(const DgBlock *block, const DgInline *span, gsize *len)
{
  *len = span->end - span->start;
  return block->text + span->start;
}

const char *
dg_inline_kind_name(DgInlineKind kind)
{
  static const char *const names[] = {
    "text", "code", "softbreak", "hardbreak", "emph", "strong", "strike",
    "link", "noteref",
  };
  return names[kind];
}

/* ---- dump ------------------------------------------------------------- */

static void
dump_quoted(GString *out, const char *s, gsize len)
{
  g_string_append_c(out, '"');
  for (gsize i = 0; i < len; i++) {
    char c = s[i];
    if (c == '"' || c == '\\')
      g_string_append_printf(out, "\\%c", c);
    else if (c == '\n')
      g_string_append(out, "\\n");
    else if ((guchar)c < 0x20 || c == 0x7f)   /* controls stay visible */
      g_string_append_printf(out, "\\x%02X", (unsigned)(guchar)c);
    else
      g_string_append_c(out, c);
  }
  g_string_append_c(out, '"');
}

static void
dump_inlines(GString *out, const DgBlock *b)
{
  DgInlineIter it;
  dg_inline_iter_init(&it, b);
  DgEvent ev;
  while ((ev = dg_inline_iter_next(&it)) != DG_EVENT_NONE) {
    const DgInline *s = dg_inline_iter_node(&it);
    if (ev == DG_EVENT_EXIT) {
      g_string_append(out, ")");
      continue;
    }
    gsize len;
    const char *t = dg_inline_text(b, s, &len);
    switch (s->kind) {
    case DG_INLINE_TEXT:
      dump_quoted(out, t, len);
      break;
    case DG_INLINE_NOTEREF:
      g_string_append_printf(out, "[^%d]", s->note + 1);
      break;
    case DG_INLINE_SOFTBREAK:
      g_string_append(out, len ? "<sp>" : "<nosp>");
      break;
    case DG_INLINE_HARDBREAK:
      g_string_append(out, "<br>");
      break;
    case DG_INLINE_LINK:
      g_string_append_printf(out, "(link <%s> ", s->url ? s->url : "");
      break;
    case DG_INLINE_CODE:
      g_string_append(out, "(code ");
      dump_quoted(out, t, len);
      g_string_append(out, ")");
      break;
    default:
      g_string_append_printf(out, "(%s ", dg_inline_kind_name(s->kind));
    }
  }
}

static void
dump_block(GString *out, const DgBook *book, const DgBlock *b)
{
  g_autofree char *where = dg_pos_format(&b->pos);
  g_autofree char *base = g_path_get_basename(where);
  g_string_append_printf(out, "  %s %s", book->languages[b->lang],
                         dg_block_kind_name(b->kind));
  if (b->kind == DG_BLOCK_HEADING)
    g_string_append_printf(out, " level=%d", b->level);
  if (b->list_depth)
    g_string_append_printf(out, " list=%d", b->list_depth);
  if (b->kind == DG_BLOCK_LIST_ITEM && b->ordered)
    g_string_append_printf(out, " number=%d", b->number);
  if (b->quote_depth)
    g_string_append_printf(out, " quote=%d", b->quote_depth);
  g_string_append_printf(out, " @%s\n", base);
  if (b->kind == DG_BLOCK_BREAK)
    return;                        /* no content line: no trailing blanks */
  g_string_append(out, "    ");
  if (b->kind == DG_BLOCK_CODE)
    dump_quoted(out, b->text, b->text_len);
  else
    dump_inlines(out, b);
  g_string_append_c(out, '\n');
}

char *
dg_book_dump(const DgBook *book)
{
  GString *out = g_string_new(NULL);
  g_string_append_printf(out, "book %s\nlanguages", book->id);
  for (int l = 0; l < book->n_languages; l++)
    g_string_append_printf(out, " %s", book->languages[l]);
  g_string_append_c(out, '\n');
  static const char *const meta[] = { "title", "subtitle", "author" };
  for (gsize k = 0; k < G_N_ELEMENTS(meta); k++)
    for (int l = 0; l < book->n_languages; l++) {
      const char *v = dg_book_get_meta(book, meta[k], l);
      if (v)
        g_string_append_printf(out, "%s[%s] %s\n", meta[k], book->languages[l], v);
    }
  if (book->date)                  /* one date for the book, not per language */
    g_string_append_printf(out, "date %s\n", book->date);
  GPtrArray *lists[] = { book->segments, book->notes };
  for (gsize k = 0; k < 2; k++)
    for (guint i = 0; i < lists[k]->len; i++) {
      const DgSegment *seg = lists[k]->pdata[i];
      g_string_append_printf(out, "%s %s\n", k ? "note" : "segment", seg->anchor);
      for (int l = 0; l < book->n_languages; l++)
        dump_block(out, book, seg->blocks[l]);
    }
  return g_string_free(out, FALSE);
}
