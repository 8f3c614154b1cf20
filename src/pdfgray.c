/* pdfgray.c — neutral RGB colour in a content stream becomes gray.
 *
 * Cairo 1.16 writes every colour as DeviceRGB: black text is `0 0 0 rg`,
 * crop marks `0 0 0 RG`. A printer's RIP turns RGB black into a rich
 * four-colour black, and 8-10 pt type then prints with registration
 * fringes. A colour whose three components are equal is a gray, so
 * `r r r rg` is rewritten as `r g` (DeviceGray, black ink only on press)
 * and `R R R RG` as `R G`. Any other colour is left as it is: the page
 * then keeps its RGB, which a preflight will rightly report.
 *
 * Why our own tokenizer: qpdf's C API has none (only its C++ API does),
 * and diglot is C11. A content stream's lexical rules are small (PDF 1.7
 * §7.2), so the tokenizer below is ours. Where the standard leaves a
 * choice (how a bad token ends, where inline image data ends) it does
 * what qpdf 11's does: checked against the qpdf-based version it gave the
 * same bytes and counts on the seed book's streams and on millions of
 * random ones. One deliberate difference: vertical tab is a regular
 * character, as §7.2.2 says, where qpdf takes it for white space.
 *
 * Model: the stream is read as tokens (strings, comments and inline
 * image data included), so "0 0 0 rg" inside a string or an image is
 * never touched; every token we do not rewrite keeps its bytes, and a
 * malformed token (an unclosed string, a stray `)`) is an operand that
 * keeps its bytes too, so bad input passes through unchanged. The
 * operands of an operator are the tokens since the previous operator.
 *
 * Exactness: `sc`/`scn` set a colour in the *current* fill space, and
 * `rg` makes that DeviceRGB; after `0 0 0 rg` a later `1 0 0 sc` would
 * mean red, but after `0 g` it would be an error. So a stream that uses
 * sc/scn (SC/SCN) keeps its rg (RG) untouched: the pass runs again with
 * that side left alone. Cairo uses neither today.
 *
 * Rejected: a regex over the raw bytes (strings, comments and inline
 * images would be rewritten too); qpdf's C++ tokenizer (a second
 * language, compiler and runtime in the build for one stage, and 8 times
 * the instructions on the seed book, 50.5 M against 6.3 M: it copies
 * every token into a std::string). */
#include "pdfgray.h"

#include <string.h>

/* ---- lexical conventions (PDF 1.7 §7.2) ---- */

typedef enum {
  TOK_SPACE,                   /* white space: kept, not an operand */
  TOK_COMMENT,                 /* `%` to the end of the line: likewise */
  TOK_NUMBER,                  /* 12, -3, +.5, 4., -0. */
  TOK_NAME,                    /* `/DeviceGray`, #xx escapes decoded to compare */
  TOK_OPERATOR,                /* any other run of regular characters */
  TOK_OPERAND,                 /* strings, true/false/null, [ ] { } << >> */
  TOK_BAD,                     /* malformed: an operand too, bytes kept */
} TokKind;

typedef struct {
  TokKind kind;
  gsize start, end;            /* bytes [start, end) of the stream */
} Token;

/* NUL HT LF FF CR SP (§7.2.2 Table 1); vertical tab is not one. */
static gboolean
is_white(guchar c)
{
  return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static gboolean
is_delimiter(guchar c)
{
  switch (c) {
  case '(':
  case ')':
  case '<':
  case '>':
  case '[':
  case ']':
  case '{':
  case '}':
  case '/':
  case '%':
    return TRUE;
  default:
    return is_white(c);
  }
}

static gboolean
is_digit(guchar c)
{
  return c >= '0' && c <= '9';
}

static int
hex_value(guchar c)
{
  if (is_digit(c))
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* The end of the regular characters from `i`: a name, number or operator
 * runs to the next delimiter or the end of the stream. */
static gsize
regular_end(const guchar *s, gsize len, gsize i)
{
  while (i < len && !is_delimiter(s[i]))
    i++;
  return i;
}

/* `[+-]? digits* (. digits*)?` with a digit somewhere; anything else
 * made of regular characters (`1e3`, `-`, `.`, `1.2.3`) is an operator. */
static gboolean
is_number(const guchar *s, gsize n)
{
  gsize i = 0, digits = 0;
  if (i < n && (s[i] == '+' || s[i] == '-'))
    i++;
  for (; i < n && is_digit(s[i]); i++)
    digits++;
  if (i < n && s[i] == '.')
    for (i++; i < n && is_digit(s[i]); i++)
      digits++;
  return i == n && digits > 0;
}

/* A literal string: parentheses nest, a backslash takes the next byte
 * with it (whatever `\ddd` spells, its digits are no parenthesis). An
 * unclosed string runs to the end and is bad. */
static Token
literal_string(const guchar *s, gsize len, gsize start)
{
  int depth = 1;
  for (gsize i = start + 1; i < len; i++) {
    if (s[i] == '\\')
      i++;
    else if (s[i] == '(')
      depth++;
    else if (s[i] == ')' && --depth == 0)
      return (Token){ TOK_OPERAND, start, i + 1 };
  }
  return (Token){ TOK_BAD, start, len };
}

/* `<<`, or a hex string: hex digits and white space up to `>`. A bad
 * byte ends the (bad) token with it, as qpdf does, so reading resumes
 * after it. */
static Token
angle_open(const guchar *s, gsize len, gsize start)
{
  if (start + 1 < len && s[start + 1] == '<')
    return (Token){ TOK_OPERAND, start, start + 2 };
  for (gsize i = start + 1; i < len; i++) {
    if (s[i] == '>')
      return (Token){ TOK_OPERAND, start, i + 1 };
    if (hex_value(s[i]) < 0 && !is_white(s[i]))
      return (Token){ TOK_BAD, start, i + 1 };
  }
  return (Token){ TOK_BAD, start, len };
}

/* A run of regular characters: a number, a keyword operand or an
 * operator. */
static Token
regular(const guchar *s, gsize len, gsize start)
{
  gsize end = regular_end(s, len, start);
  gsize n = end - start;
  TokKind kind = TOK_OPERATOR;
  if (is_number(s + start, n))
    kind = TOK_NUMBER;
  else if ((n == 4
            && (memcmp(s + start, "true", 4) == 0 || memcmp(s + start, "null", 4) == 0))
           || (n == 5 && memcmp(s + start, "false", 5) == 0))
    kind = TOK_OPERAND;
  return (Token){ kind, start, end };
}

/* A name runs to the next delimiter. One that spells a NUL (`#00`) is
 * bad: no name may hold one (§7.3.5). A `#` not followed by two hex
 * digits is a stray one, and what follows it is read again, as qpdf does:
 * in `/a#4#00` the second `#` starts the NUL. */
static Token
name_token(const guchar *s, gsize len, gsize start)
{
  gsize end = regular_end(s, len, start + 1);
  for (gsize i = start + 1; i < end; i++) {
    if (s[i] != '#')
      continue;
    int hi = i + 1 < end ? hex_value(s[i + 1]) : -1;
    int lo = hi >= 0 && i + 2 < end ? hex_value(s[i + 2]) : -1;
    if (hi == 0 && lo == 0)
      return (Token){ TOK_BAD, start, end };
    i += hi < 0 ? 0 : lo < 0 ? 1 : 2;
  }
  return (Token){ TOK_NAME, start, end };
}

/* The token at `i < len`. */
static Token
next_token(const guchar *s, gsize len, gsize i)
{
  gsize j = i + 1;
  switch (s[i]) {
  case '%':
    while (j < len && s[j] != '\r' && s[j] != '\n')
      j++;
    return (Token){ TOK_COMMENT, i, j };
  case '(':
    return literal_string(s, len, i);
  case '<':
    return angle_open(s, len, i);
  case '>':
    if (j < len && s[j] == '>')
      return (Token){ TOK_OPERAND, i, j + 1 };
    return (Token){ TOK_BAD, i, j };
  case ')':
    return (Token){ TOK_BAD, i, j };
  case '[':
  case ']':
  case '{':
  case '}':
    return (Token){ TOK_OPERAND, i, j };
  case '/':
    return name_token(s, len, i);
  default:
    break;
  }
  if (is_white(s[i])) {
    while (j < len && is_white(s[j]))
      j++;
    return (Token){ TOK_SPACE, i, j };
  }
  return regular(s, len, i);
}

static gboolean
token_is(const guchar *s, Token t, const char *text)
{
  gsize n = strlen(text);
  return t.end - t.start == n && memcmp(s + t.start, text, n) == 0;
}

/* ---- names ---- */

/* The name token `t` decoded (`/Device#47ray` is `/DeviceGray`) equals
 * `name`. A stray `#` makes a name no well-formed name equals. */
static gboolean
name_is(const guchar *s, Token t, const char *name)
{
  if (t.kind != TOK_NAME)
    return FALSE;
  gsize k = 0;
  for (gsize i = t.start; i < t.end; i++, k++) {
    int c = s[i];
    if (c == '#') {
      int hi = i + 1 < t.end ? hex_value(s[i + 1]) : -1;
      int lo = i + 2 < t.end ? hex_value(s[i + 2]) : -1;
      if (hi < 0 || lo < 0)
        return FALSE;
      c = hi << 4 | lo;
      i += 2;
    }
    if (name[k] == '\0' || (guchar)name[k] != c)
      return FALSE;
  }
  return name[k] == '\0';
}

/* ---- inline images ---- */

/* A word that cannot be an operator: printable punctuation or digits
 * mixed with letters (`*` counts as a letter: `T*`), or control bytes
 * and bytes above 127. */
static gboolean
implausible_operator(const guchar *s, Token t)
{
  gboolean alpha = FALSE, other = FALSE;
  for (gsize i = t.start; i < t.end; i++) {
    guchar c = s[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '*')
      alpha = TRUE;
    else if ((c < 32 && !is_white(c)) || c > 127)
      return TRUE;
    else
      other = TRUE;
  }
  return alpha && other;
}

/* Whether the ten tokens after an `EI` (or those up to the end) look like
 * content; `*at` moves past the ones read. A comment running to the end
 * of the stream counts as bad, as in qpdf (whose check reads it as an
 * unfinished token). */
static gboolean
looks_like_content(const guchar *s, gsize len, gsize *at)
{
  int read = 0;
  while (read < 10 && *at < len) {
    Token t = next_token(s, len, *at);
    *at = t.end;
    if (t.kind == TOK_SPACE)
      continue;
    if (t.kind == TOK_COMMENT) {
      if (t.end == len)
        return FALSE;
      continue;
    }
    if (t.kind == TOK_BAD || (t.kind == TOK_OPERATOR && implausible_operator(s, t)))
      return FALSE;
    read++;
  }
  return TRUE;
}

/* The first `EI` at or after `from` followed by a delimiter or the end of
 * the stream, at `*at`. Like qpdf, the byte before it is not looked at. */
static gboolean
find_ei(const guchar *s, gsize len, gsize from, gsize *at)
{
  for (gsize i = from; i + 2 <= len; i++)
    if (s[i] == 'E' && s[i + 1] == 'I' && (i + 2 == len || is_delimiter(s[i + 2]))) {
      *at = i;
      return TRUE;
    }
  return FALSE;
}

/* The length of the image data starting at `start` (after ID and its one
 * white-space byte): up to the first `EI` the following tokens confirm
 * as content, or else the last `EI` found (qpdf's rule, so binary data
 * that happens to hold " EI " rarely ends the image). 0 when there is
 * none: the data then runs to the end of the stream. */
static gsize
image_length(const guchar *s, gsize len, gsize start)
{
  gsize n = 0, from = start, at = 0;
  while (find_ei(s, len, from, &at)) {
    n = at - start;
    from = at + 2;
    if (looks_like_content(s, len, &from))
      break;
  }
  return n;
}

/* ---- the pass ---- */

/* One pass over the tokens; `fill`/`stroke` say whether rg/RG may be
 * rewritten, `saw_fill_sc`/`saw_stroke_sc` whether that was safe. The
 * output is the input with the rewrites spliced in: bytes up to `copied`
 * are in `out`, the rest is copied at the next rewrite or at the end, so
 * a token we do not rewrite cannot change. */
typedef struct {
  const guchar *s;
  gsize len;
  gboolean fill, stroke;
  gboolean saw_fill_sc, saw_stroke_sc;
  GString *out;
  gsize copied;
  GArray *ops;                 /* of Token: the operands since the last operator */
  DgGrayStats stats;
} Pass;

static void
copy_to(Pass *p, gsize end)
{
  if (end > p->copied)
    g_string_append_len(p->out, (const char *)p->s + p->copied,
                        (gssize)(end - p->copied));
  p->copied = end;
}

static double
number(const Pass *p, Token t)
{
  char small[64];
  gsize n = t.end - t.start;
  char *text = n < sizeof small ? small : g_malloc(n + 1);
  memcpy(text, p->s + t.start, n);
  text[n] = '\0';
  double v = g_ascii_strtod(text, NULL);
  if (text != small)
    g_free(text);
  return v;
}

static Token
operand(const Pass *p, guint i)
{
  return g_array_index(p->ops, Token, i);
}

/* Three numeric operands, all equal: a gray written as RGB. */
static gboolean
neutral(const Pass *p)
{
  if (p->ops->len != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    if (operand(p, i).kind != TOK_NUMBER)
      return FALSE;
  double r = number(p, operand(p, 0));
  return r == number(p, operand(p, 1)) && r == number(p, operand(p, 2));
}

/* A colour space outside gray and CMYK, named as a cs/CS operand or as
 * an inline image's /CS: a resource name or /Pattern counts as unknown. */
static gboolean
other_space(const Pass *p, Token t)
{
  return !(name_is(p->s, t, "/DeviceGray") || name_is(p->s, t, "/G")
           || name_is(p->s, t, "/DeviceCMYK") || name_is(p->s, t, "/CMYK"));
}

static gboolean
inline_image_in_other_space(const Pass *p)
{
  for (guint i = 0; i + 1 < p->ops->len; i++) {
    Token t = operand(p, i);
    if (name_is(p->s, t, "/CS") || name_is(p->s, t, "/ColorSpace"))
      return other_space(p, operand(p, i + 1));
  }
  return FALSE;                /* an image mask paints in the fill colour */
}

/* `r r r rg` → `r g`: the first operand keeps its spelling, the rest of
 * the operator's bytes (comments between operands too) go. */
static void
rewrite(Pass *p, Token op, gboolean is_rg)
{
  copy_to(p, operand(p, 0).end);
  g_string_append(p->out, is_rg ? " g" : " G");
  p->copied = op.end;
  p->stats.rewritten++;
}

/* Whether operator `t` leaves a colour as it was, for DgGrayStats.kept. */
static gboolean
keeps_colour(const Pass *p, Token t)
{
  const guchar *s = p->s;
  if (token_is(s, t, "rg") || token_is(s, t, "RG") || token_is(s, t, "sc")
      || token_is(s, t, "scn") || token_is(s, t, "SC") || token_is(s, t, "SCN")
      || token_is(s, t, "sh"))
    return TRUE;
  if ((token_is(s, t, "cs") || token_is(s, t, "CS")) && p->ops->len == 1)
    return other_space(p, operand(p, 0));
  return token_is(s, t, "ID") && inline_image_in_other_space(p);
}

static void
pass_operator(Pass *p, Token t)
{
  const guchar *s = p->s;
  gboolean is_rg = token_is(s, t, "rg");
  p->saw_fill_sc |= token_is(s, t, "sc") || token_is(s, t, "scn");
  p->saw_stroke_sc |= token_is(s, t, "SC") || token_is(s, t, "SCN");
  if ((is_rg ? p->fill : token_is(s, t, "RG") && p->stroke) && neutral(p))
    rewrite(p, t, is_rg);
  else if (keeps_colour(p, t))
    p->stats.kept++;
  g_array_set_size(p->ops, 0);
}

/* After ID: its one white-space byte (whatever byte it is), then the
 * image data, which is no operand; `EI` is read as an operator next.
 * Returns where reading resumes. */
static gsize
skip_inline_image(const guchar *s, gsize len, gsize at)
{
  if (at < len)
    at++;
  gsize n = image_length(s, len, at);
  return n ? at + n : len;
}

static void
pass_run(Pass *p)
{
  gsize at = 0;
  while (at < p->len) {
    Token t = next_token(p->s, p->len, at);
    at = t.end;
    if (t.kind == TOK_OPERATOR) {
      pass_operator(p, t);
      if (token_is(p->s, t, "ID"))
        at = skip_inline_image(p->s, p->len, at);
    } else if (t.kind != TOK_SPACE && t.kind != TOK_COMMENT) {
      g_array_append_val(p->ops, t);
    }
  }
  copy_to(p, p->len);
}

static Pass
pass_new(const void *data, gsize len, gboolean fill, gboolean stroke)
{
  Pass p = { .s = data, .len = len, .fill = fill, .stroke = stroke };
  p.out = g_string_sized_new(len);
  p.ops = g_array_new(FALSE, FALSE, sizeof(Token));
  pass_run(&p);
  g_array_free(p.ops, TRUE);
  return p;
}

GBytes *
dg_pdf_gray_content(const void *data, gsize len, DgGrayStats *stats, GError **error)
{
  Pass pass = pass_new(data, len, TRUE, TRUE);
  /* sc/scn would have read the space rg set: that side again, untouched */
  if (pass.saw_fill_sc || pass.saw_stroke_sc) {
    Pass again = pass_new(data, len, !pass.saw_fill_sc, !pass.saw_stroke_sc);
    g_string_free(pass.out, TRUE);
    pass = again;
  }
  if (stats)
    *stats = pass.stats;
  return g_string_free_to_bytes(pass.out);
}
