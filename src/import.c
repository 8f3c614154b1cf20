/* import.c — raw interleaved bilingual text → a book folder.
 *
 * The model. A raw dump (copied from a web page or a PDF) is a sequence
 * of lines; each line holds a paragraph in one language, or — where the
 * dump lost a line break — a paragraph in each. We cut every line into
 * *pieces* of one script side (Han or Latin), then pair the stream of
 * pieces: a Han piece followed by a Latin piece is one segment, anything
 * else is a one-sided segment. Each segment becomes one block in each
 * manuscript, so the folder loads aligned by construction.
 *
 * Splitting a line. Han-side characters (Han ideographs, CJK and
 * full-width punctuation, kana, bopomofo) anchor the Chinese text; the
 * stretches between them are candidates for English. A stretch becomes an
 * English piece only when it holds enough Latin words: two at the start or
 * end of a line ("世界互联网大会组委会Organizing Committee of …"), six
 * between two Han characters, so that names quoted inside a Chinese
 * sentence ("推进IPv6部署", "World Wide Web") stay where they are.
 * Punctuation that closes the Chinese ("原则: To build …") stays with
 * the Chinese; opening punctuation and item numbers before a Han character
 * ("… end. 2.维护") stay with the Chinese that follows. Spaces between Han
 * characters are kept as they are: in a dump they are usually lost commas,
 * and choosing the mark is editorial work, not the importer's.
 *
 * Recognising blocks. A piece that starts with a small number and a
 * delimiter ("1.尊重网络主权。") is a numbered item; its counterpart
 * becomes an item with the same number even when the English dropped it.
 * A short piece with no sentence punctuation (Chinese) or in title case
 * (English) is heading-like; a segment is a heading when every side of it
 * is (the first heading is level 1, the rest level 2: the editor adjusts).
 *
 * One-sided lines. A publisher wants the import to succeed so the editing
 * can start, and wants the gap impossible to miss: the line is written to
 * its own manuscript, the other manuscript gets a block of the same kind
 * reading DG_IMPORT_MISSING plus the raw position, and a positioned
 * warning names the line. Rejected: dropping the line (lost text), pairing
 * it with its neighbour (a silently shifted book), failing the whole
 * import (the editor then has nothing to fix the gaps in).
 *
 * Escaping. Every block is written on one line and escaped so CommonMark
 * gives back exactly the piece's text (dg_import_escape), which the tests
 * check by loading the folder with dg_book_load. */
#include "import.h"

#include "book.h"
#include "error.h"
#include "markdown.h"
#include "output.h"

#include <errno.h>
#include <string.h>

#define EDGE_MIN_WORDS 2       /* English at a line's start or end */
#define INNER_MIN_WORDS 6      /* English between two Han characters */
#define HEADING_MAX_CHARS 16   /* a Chinese heading, in characters */
#define HEADING_MAX_WORDS 12   /* an English heading, in words */
#define ITEM_MAX_DIGITS 3      /* "1." … "999." are item numbers */

enum { HAN = 0, LATIN = 1, NEUTRAL = 2 };
typedef enum { KIND_PARA, KIND_HEADING, KIND_ITEM } Kind;

typedef struct {
  int side;                /* HAN, LATIN or NEUTRAL (digits, symbols only) */
  char *text;              /* trimmed; an item's number removed */
  int number;              /* item number, or 0 */
  gboolean heading_like;
  int line, col;           /* in the raw file */
} Piece;

typedef struct {
  Piece *side[2];          /* NULL where the raw text has no counterpart */
  Kind kind;
  int level;
} Row;

typedef struct {
  const char *path;        /* the raw file as named by the user */
  GPtrArray *pieces;       /* Piece*, in reading order */
  GArray *rows;            /* Row */
  GPtrArray *warnings;
} Importer;

static void
piece_free(gpointer p)
{
  Piece *piece = p;
  g_free(piece->text);
  g_free(piece);
}

/* ---- characters --------------------------------------------------------- */

static gboolean
is_han_side(gunichar c)
{
  if (g_unichar_isspace(c))
    return FALSE;            /* U+3000 is a space, not a Chinese anchor */
  GUnicodeScript s = g_unichar_get_script(c);
  if (s == G_UNICODE_SCRIPT_HAN || s == G_UNICODE_SCRIPT_HIRAGANA ||
      s == G_UNICODE_SCRIPT_KATAKANA || s == G_UNICODE_SCRIPT_BOPOMOFO)
    return TRUE;
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFE10 && c <= 0xFE1F) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF);
}

static gboolean
is_latin_letter(gunichar c)
{
  return g_unichar_isalpha(c) && g_unichar_get_script(c) == G_UNICODE_SCRIPT_LATIN;
}

static gboolean
is_opening(gunichar c)
{
  GUnicodeType t = g_unichar_type(c);
  return t == G_UNICODE_OPEN_PUNCTUATION || t == G_UNICODE_INITIAL_PUNCTUATION;
}

static int
count_words(const char *s, const char *end)
{
  int words = 0;
  gboolean in_word = FALSE;
  for (const char *p = s; p < end; p = g_utf8_next_char(p)) {
    gboolean letter = is_latin_letter(g_utf8_get_char(p));
    if (letter && !in_word)
      words++;
    in_word = letter;
  }
  return words;
}

/* ---- splitting a line into pieces ---------------------------------------- */

/* Trimmed from a piece's edges: spaces, and U+FEFF, the byte order mark
 * that concatenated dumps carry mid-text. A manuscript's first block that
 * began with one would lose it to the reader's BOM rule (a piece of only
 * a BOM became an empty manuscript: found by fuzz_import). */
static gboolean
is_edge_blank(gunichar c)
{
  return g_unichar_isspace(c) || c == 0xFEFF;
}

static Piece *
piece_new(Importer *im, int side, const char *line, const char *s, const char *e,
          int lineno)
{
  while (s < e && is_edge_blank(g_utf8_get_char(s)))
    s = g_utf8_next_char(s);
  while (e > s) {
    const char *prev = g_utf8_prev_char(e);
    if (!is_edge_blank(g_utf8_get_char(prev)))
      break;
    e = prev;
  }
  if (s == e)
    return NULL;
  Piece *p = g_new0(Piece, 1);
  p->side = side;
  p->text = g_strndup(s, (gsize)(e - s));
  p->line = lineno;
  p->col = (int)(s - line) + 1;
  g_ptr_array_add(im->pieces, p);
  return p;
}

/* The start of what, at the end of [s, e), belongs to the Han character
 * at e: opening marks ("… text 《宪章》") and an item number ("… end.
 * 2.维护", "… end. 3. 促进"), with the spaces before them. */
static const char *
attached_to_han(const char *s, const char *e)
{
  const char *b = e;
  while (b > s && g_unichar_isspace(g_utf8_get_char(g_utf8_prev_char(b))))
    b = g_utf8_prev_char(b);
  while (b > s && is_opening(g_utf8_get_char(g_utf8_prev_char(b))))
    b = g_utf8_prev_char(b);
  if (b > s && strchr(".)", *(b - 1))) {
    const char *d = b - 1;
    while (d > s && g_ascii_isdigit(*(d - 1)))
      d--;
    gboolean alone = d == s || g_unichar_isspace(g_utf8_get_char(g_utf8_prev_char(d)));
    if (d < b - 1 && b - 1 - d <= ITEM_MAX_DIGITS && alone)
      b = d;
  }
  return b;
}

/* The English inside the non-Han stretch [s, e), or FALSE. `after_han`
 * and `before_han` tell what the stretch touches. */
static gboolean
english_in(const char *s, const char *e, gboolean after_han, gboolean before_han,
           const char **es, const char **ee)
{
  const char *a = s, *b = e;
  /* Closing marks after Chinese ("原则: To …") belong to the Chinese. */
  while (after_han && a < b) {
    gunichar c = g_utf8_get_char(a);
    if (!g_unichar_ispunct(c) || is_opening(c))
      break;
    a = g_utf8_next_char(a);
  }
  if (before_han)
    b = attached_to_han(a, b);
  int need = after_han && before_han ? INNER_MIN_WORDS : EDGE_MIN_WORDS;
  if (count_words(a, b) < need)
    return FALSE;
  *es = a;
  *ee = b;
  return TRUE;
}

static gboolean
line_has(const char *s, gboolean (*pred)(gunichar))
{
  for (const char *p = s; *p; p = g_utf8_next_char(p))
    if (pred(g_utf8_get_char(p)))
      return TRUE;
  return FALSE;
}

/* Cuts one raw line into Han and Latin pieces, in reading order. */
static void
split_line(Importer *im, const char *line, int lineno)
{
  if (!line_has(line, is_han_side)) {
    int side = line_has(line, is_latin_letter) ? LATIN : NEUTRAL;
    piece_new(im, side, line, line, line + strlen(line), lineno);
    return;
  }
  const char *han_from = line;     /* start of the pending Chinese text */
  const char *p = line;
  while (*p) {
    if (is_han_side(g_utf8_get_char(p))) {
      p = g_utf8_next_char(p);
      continue;
    }
    const char *s = p;
    while (*p && !is_han_side(g_utf8_get_char(p)))
      p = g_utf8_next_char(p);
    const char *es, *ee;
    if (english_in(s, p, s > line, *p != '\0', &es, &ee)) {
      piece_new(im, HAN, line, han_from, es, lineno);
      piece_new(im, LATIN, line, es, ee, lineno);
      han_from = ee;
    }
  }
  piece_new(im, HAN, line, han_from, p, lineno);
}

/* ---- recognising items and headings ------------------------------------ */

/* "1.尊重…", "2、…", "3) …": strips the number and returns it, else 0. */
static int
take_number(Piece *p)
{
  const char *s = p->text;
  int n = 0, digits = 0;
  while (g_ascii_isdigit(s[digits]) && digits <= ITEM_MAX_DIGITS)
    n = n * 10 + (s[digits++] - '0');
  if (digits == 0 || digits > ITEM_MAX_DIGITS || n == 0)
    return 0;
  const char *d = s + digits;
  gunichar delim = g_utf8_get_char(d);
  if (delim != '.' && delim != ')' && delim != 0xFF0E && delim != 0x3001 &&
      delim != 0xFF09)
    return 0;
  const char *rest = g_utf8_next_char(d);
  /* "3.5 percent" is a number, not an item. */
  if (g_ascii_isdigit(*rest))
    return 0;
  while (*rest && g_unichar_isspace(g_utf8_get_char(rest)))
    rest = g_utf8_next_char(rest);
  if (*rest == '\0')
    return 0;
  char *text = g_strdup(rest);
  g_free(p->text);
  p->text = text;
  return n;
}

static gboolean
han_heading_like(const char *s)
{
  /* Sentence punctuation, Chinese or ASCII, means running text. */
  static const gunichar stops[] = { 0x3002, 0xFF0C, 0xFF01, 0xFF1F, 0xFF1B,
                                    0xFF1A, ',', '.', '!', '?', ';', ':' };
  if (g_utf8_strlen(s, -1) > HEADING_MAX_CHARS)
    return FALSE;
  for (const char *p = s; *p; p = g_utf8_next_char(p))
    for (gsize i = 0; i < G_N_ELEMENTS(stops); i++)
      if (g_utf8_get_char(p) == stops[i])
        return FALSE;
  return TRUE;
}

static gboolean
minor_word(const char *w, gsize len)
{
  static const char *const minor[] = { "a", "an", "the", "and", "or", "nor",
    "but", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as",
    "into", "vs", NULL };
  for (const char *const *m = minor; *m; m++)
    if (strlen(*m) == len && strncmp(*m, w, len) == 0)
      return TRUE;
  return FALSE;
}

/* Title case: every word but the minor ones starts with a capital. */
static gboolean
latin_heading_like(const char *s)
{
  gsize n = strlen(s);
  if (n == 0 || strchr(".,;:!?", s[n - 1]) || count_words(s, s + n) > HEADING_MAX_WORDS)
    return FALSE;
  g_auto(GStrv) words = g_strsplit(s, " ", -1);
  for (char **w = words; *w; w++) {
    gunichar c = g_utf8_get_char(*w);
    if (**w == '\0' || !g_unichar_isalpha(c))
      continue;
    if (!g_unichar_isupper(c) && !minor_word(*w, strlen(*w)))
      return FALSE;
  }
  return TRUE;
}

static void
classify(Piece *p)
{
  p->number = take_number(p);
  if (p->number > 0 || p->side == NEUTRAL)
    return;
  p->heading_like = p->side == HAN ? han_heading_like(p->text)
                                   : latin_heading_like(p->text);
}

/* ---- pairing ------------------------------------------------------------ */

static void
warn_one_sided(Importer *im, const Piece *p, const char *const langs[2])
{
  DgPos pos = { im->path, p->line, p->col };
  const char *kind = p->number ? "numbered item" : p->heading_like ? "heading-like line"
                                                                   : "paragraph";
  g_ptr_array_add(im->warnings,
                  dg_format_warning(&pos, "%s has no %s counterpart; wrote '"
                                    DG_IMPORT_MISSING "' in %s.md",
                                    kind, langs[p->side == HAN], langs[p->side == HAN]));
}

static Kind
row_kind(Importer *im, const Row *r)
{
  const Piece *a = r->side[HAN], *b = r->side[LATIN];
  if ((a && a->number) || (b && b->number)) {
    if (a && b && a->number && b->number && a->number != b->number) {
      DgPos pos = { im->path, b->line, b->col };
      g_ptr_array_add(im->warnings,
                      dg_format_warning(&pos, "item numbered %d here but %d in the "
                                        "line it translates", b->number, a->number));
    }
    return KIND_ITEM;
  }
  if ((!a || a->heading_like) && (!b || b->heading_like))
    return KIND_HEADING;
  return KIND_PARA;
}

static void
pair_pieces(Importer *im, const char *const langs[2])
{
  gboolean seen_heading = FALSE;
  for (guint i = 0; i < im->pieces->len; i++) {
    Piece *p = im->pieces->pdata[i];
    Piece *next = i + 1 < im->pieces->len ? im->pieces->pdata[i + 1] : NULL;
    Row r = { { NULL, NULL }, KIND_PARA, 0 };
    if (p->side == NEUTRAL) {
      r.side[HAN] = r.side[LATIN] = p;    /* digits, symbols: the same in both */
    } else if (p->side == HAN && next && next->side == LATIN) {
      r.side[HAN] = p;
      r.side[LATIN] = next;
      i++;
    } else {
      r.side[p->side] = p;
      warn_one_sided(im, p, langs);
    }
    r.kind = row_kind(im, &r);
    if (r.kind == KIND_HEADING)
      r.level = seen_heading ? 2 : 1;
    seen_heading = seen_heading || r.kind == KIND_HEADING;
    g_array_append_val(im->rows, r);
  }
}

/* ---- Markdown out -------------------------------------------------------- */

char *
dg_import_escape(const char *text)
{
  g_return_val_if_fail(text != NULL, NULL);
  GString *out = g_string_new(NULL);
  const char *p = text;
  /* At a block's start: "-", "+", ">" open lists and quotes, "12." or
   * "12)" an ordered list. (Leading spaces are trimmed before this.) */
  if (*p == '-' || *p == '+' || *p == '>')
    g_string_append_c(out, '\\');
  gsize digits = strspn(p, "0123456789");
  if (digits > 0 && (p[digits] == '.' || p[digits] == ')')) {
    g_string_append_len(out, p, (gssize)digits);
    g_string_append_c(out, '\\');
    p += digits;
  }
  /* Anywhere: escapes, code, emphasis, links, HTML and entities, heading
   * closers, gfm strikethrough and table cells. */
  for (; *p; p++) {
    if (strchr("\\`*_[]<&#~|", *p))
      g_string_append_c(out, '\\');
    g_string_append_c(out, *p);
  }
  return g_string_free(out, FALSE);
}

typedef struct {
  int last_number;         /* number of the previous block if an item, else 0 */
  char delim;              /* delimiter of the current list */
} ListState;

/* An item that does not continue the list before it opens a new one;
 * CommonMark starts a new list when the delimiter changes, so that is how
 * two adjacent lists keep their own numbers. */
static char
item_delim(ListState *ls, int number)
{
  if (ls->last_number == 0)
    ls->delim = '.';
  else if (number != ls->last_number + 1)
    ls->delim = ls->delim == '.' ? ')' : '.';
  ls->last_number = number;
  return ls->delim;
}

static void
write_block(GString *md, ListState *ls, const Row *r, int side, const char *raw_name)
{
  const Piece *p = r->side[side];
  const Piece *other = r->side[!side];
  g_autofree char *marker = NULL;
  if (p == NULL)
    marker = g_strdup_printf(DG_IMPORT_MISSING " (%s:%d has no translation)",
                             raw_name, other->line);
  g_autofree char *body = dg_import_escape(p ? p->text : marker);
  if (md->len > 0)
    g_string_append_c(md, '\n');
  if (r->kind == KIND_HEADING) {
    ls->last_number = 0;
    g_string_append_printf(md, "%.*s %s\n", r->level, "######", body);
  } else if (r->kind == KIND_ITEM) {
    int n = p && p->number ? p->number : other->number;
    char d = item_delim(ls, n);
    g_string_append_printf(md, "%d%c %s\n", n, d, body);
  } else {
    ls->last_number = 0;
    g_string_append_printf(md, "%s\n", body);
  }
}

static char *
manuscript(const Importer *im, int side)
{
  g_autofree char *raw_name = g_path_get_basename(im->path);
  GString *md = g_string_new(NULL);
  ListState ls = { 0, '.' };
  for (guint i = 0; i < im->rows->len; i++)
    write_block(md, &ls, &g_array_index(im->rows, Row, i), side, raw_name);
  return g_string_free(md, FALSE);
}

/* The first heading's text in each language titles the book; a side
 * without one borrows the other's, with a warning to translate it. */
static char *
book_ini(Importer *im, const char *id, const char *const langs[2])
{
  const char *title[2] = { NULL, NULL };
  for (guint i = 0; i < im->rows->len && !title[0] && !title[1]; i++) {
    const Row *r = &g_array_index(im->rows, Row, i);
    for (int s = 0; s < 2 && r->kind == KIND_HEADING; s++)
      title[s] = r->side[s] ? r->side[s]->text : NULL;
  }
  g_autoptr(GKeyFile) kf = g_key_file_new();
  g_autofree char *list = g_strjoin(";", langs[0], langs[1], NULL);
  g_key_file_set_string(kf, "book", "languages", list);
  g_autofree char *ident = g_strdup_printf("urn:diglot:%s", id);
  g_key_file_set_string(kf, "book", "identifier", ident);
  for (int s = 0; s < 2; s++) {
    const char *t = title[s] ? title[s] : title[!s] ? title[!s] : id;
    if (!title[s]) {
      DgPos pos = { im->path, 0, 0 };
      g_ptr_array_add(im->warnings,
                      dg_format_warning(&pos, "no %s title found; book.ini borrows "
                                        "'%s' for title[%s]", langs[s], t, langs[s]));
    }
    g_key_file_set_locale_string(kf, "book", "title", langs[s], t);
  }
  g_key_file_set_comment(kf, "book", NULL,
                         " Written by 'diglot import': add template, date, author[..].",
                         NULL);
  return g_key_file_to_data(kf, NULL, NULL);
}

/* ---- reading and writing ------------------------------------------------- */

static gboolean
read_raw(const char *path, char **data, gsize *len, GError **error)
{
  g_autoptr(GError) local = NULL;
  if (!g_file_get_contents(path, data, len, &local)) {
    DgPos pos = { path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot read raw text: %s",
                    local->message);
    return FALSE;
  }
  if (*len > DG_MAX_MANUSCRIPT_BYTES) {
    DgPos pos = { path, 0, 0 };
    dg_set_error_at(error, DG_ERROR_INPUT, &pos, "raw text larger than %u MiB",
                    DG_MAX_MANUSCRIPT_BYTES >> 20);
    return FALSE;
  }
  return dg_utf8_check(path, *data, *len, error);
}

/* Cuts `text` into lines in place. LF, CRLF and a lone CR all end a
 * line, as in CommonMark: a CR left inside a piece would end the line in
 * the manuscript instead, and "中文\r- x" would come back as a paragraph
 * plus a list item, shifting the alignment. */
static GPtrArray *
split_lines(char *text)
{
  GPtrArray *lines = g_ptr_array_new();
  char *p = text;
  g_ptr_array_add(lines, p);
  for (; *p; p++)
    if (*p == '\n' || *p == '\r') {
      if (p[0] == '\r' && p[1] == '\n')
        *p++ = '\0';
      *p = '\0';
      g_ptr_array_add(lines, p + 1);
    }
  return lines;
}

/* Splits the text after the skipped lines into pieces. */
static gboolean
read_pieces(Importer *im, char *data, int skip, GError **error)
{
  char *text = g_str_has_prefix(data, "\xEF\xBB\xBF") ? data + 3 : data;
  g_autoptr(GPtrArray) lines = split_lines(text);
  int n = (int)lines->len;
  for (int i = skip; i < n; i++)
    split_line(im, lines->pdata[i], i + 1);
  if (im->pieces->len == 0) {
    DgPos pos = { im->path, skip < n ? skip + 1 : 0, 0 };
    dg_set_error_at(error, DG_ERROR_INPUT, &pos, "no text to import%s",
                    skip > 0 ? " after the skipped lines" : "");
    return FALSE;
  }
  for (guint i = 0; i < im->pieces->len; i++)
    classify(im->pieces->pdata[i]);
  return TRUE;
}

/* Never overwrite: a book folder holds hand edits worth more than a
 * re-import. */
static gboolean
refuse_existing(char **paths, GError **error)
{
  for (char **p = paths; *p; p++)
    if (g_file_test(*p, G_FILE_TEST_EXISTS)) {
      DgPos pos = { *p, 0, 0 };
      dg_set_error_at(error, DG_ERROR_IO, &pos,
                      "already exists; import never overwrites a book "
                      "(move it away or choose another --out)");
      return FALSE;
    }
  return TRUE;
}

/* Manuscripts first, book.ini last: a folder is a book only once its
 * book.ini exists, so a failure halfway never leaves a half book. */
static gboolean
write_book(const char *out_dir, const char *const langs[2], char *const texts[3],
           GError **error)
{
  g_autofree char *n0 = g_strdup_printf("%s.md", langs[0]);
  g_autofree char *n1 = g_strdup_printf("%s.md", langs[1]);
  char *paths[4] = { g_build_filename(out_dir, n0, NULL),
                     g_build_filename(out_dir, n1, NULL),
                     g_build_filename(out_dir, "book.ini", NULL), NULL };
  gboolean ok = TRUE;
  if (g_mkdir_with_parents(out_dir, 0755) != 0) {
    DgPos pos = { out_dir, 0, 0 };
    dg_set_error_at(error, DG_ERROR_IO, &pos, "cannot create folder: %s",
                    g_strerror(errno));
    ok = FALSE;
  }
  ok = ok && refuse_existing(paths, error);
  for (int i = 0; ok && i < 3; i++)
    ok = dg_output_write_all(paths[i], texts[i], strlen(texts[i]), error);
  for (int i = 0; i < 3; i++)
    g_free(paths[i]);
  return ok;
}

static char *
default_id(const char *out_dir)
{
  g_autofree char *trimmed = g_strdup(out_dir);
  gsize n = strlen(trimmed);
  while (n > 1 && trimmed[n - 1] == '/')
    trimmed[--n] = '\0';
  return g_path_get_basename(trimmed);
}

gboolean
dg_import_file(const char *raw_path, const char *out_dir,
               const DgImportOptions *opts, GPtrArray *warnings, GError **error)
{
  g_return_val_if_fail(raw_path != NULL && out_dir != NULL, FALSE);
  const char *langs[2] = { "zh-Hans", "en" };
  if (opts && opts->languages[0] && opts->languages[1]) {
    langs[0] = opts->languages[0];
    langs[1] = opts->languages[1];
  }
  g_autoptr(GPtrArray) own = g_ptr_array_new_with_free_func(g_free);
  Importer im = { raw_path, g_ptr_array_new_with_free_func(piece_free),
                  g_array_new(FALSE, TRUE, sizeof(Row)), warnings ? warnings : own };
  g_autofree char *data = NULL;
  gsize len = 0;
  gboolean ok = read_raw(raw_path, &data, &len, error) &&
                read_pieces(&im, data, opts ? MAX(opts->skip_lines, 0) : 0, error);
  if (ok) {
    pair_pieces(&im, langs);
    g_autofree char *id = opts && opts->id ? g_strdup(opts->id) : default_id(out_dir);
    char *texts[3] = { manuscript(&im, HAN), manuscript(&im, LATIN),
                       book_ini(&im, id, langs) };
    ok = write_book(out_dir, langs, texts, error);
    for (int i = 0; i < 3; i++)
      g_free(texts[i]);
  }
  g_ptr_array_free(im.pieces, TRUE);
  g_array_free(im.rows, TRUE);
  return ok;
}
