/* script.c — clreq character classes and kinsoku as plain tables.
 *
 * Model: a character's role in a Chinese line is a property of its code
 * point alone (clreq §3.1 tables), so the rules are small switch tables
 * and GLib's script property, with no state and no font. Whether a mark is
 * drawn full-width, and where its blank half sits, is a property of the
 * font and is measured by the paragraph builder (with `halt`), not here.
 *
 * Break tailoring: Pango 1.50 implements UAX #14 without LB19a, so curly
 * quotes (class QU) forbid a break on either side even between Han
 * characters (typst#1009). We add a break between two CJK-context
 * characters whenever kinsoku allows it, and remove the breaks the chosen
 * kinsoku level forbids (K2–K4).
 *
 * Rejected: ICU's line breaker with a "strict" locale tailoring. It would
 * bring a second Unicode database next to Pango's and still not know
 * clreq's levels; these tables are short and cite their rules. */
#include "script.h"

#include <string.h>

static DgCharClass
classify_punct(gunichar c)
{
  switch (c) {
  case 0xFF08: case 0x300A: case 0x300C: case 0x300E: case 0x3010:
  case 0x3014: case 0x3016: case 0x3008: case 0x201C: case 0x2018:
  case 0xFF3B: case 0xFF5B: case 0x3018: case 0x301A: case 0x301D:
  case '(': case '[': case '{':
    return DG_CHAR_OPENING;
  case 0xFF09: case 0x300B: case 0x300D: case 0x300F: case 0x3011:
  case 0x3015: case 0x3017: case 0x3009: case 0x201D: case 0x2019:
  case 0xFF3D: case 0xFF5D: case 0x3019: case 0x301B: case 0x301E: case 0x301F:
  case ')': case ']': case '}':
    return DG_CHAR_CLOSING;
  case 0x3001: case 0xFF0C: case 0xFF1B: case 0xFF1A: case 0xFF0E:
    return DG_CHAR_PAUSE;
  case 0x3002: case 0xFF01: case 0xFF1F:
    return DG_CHAR_STOP;
  case 0x00B7: case 0x30FB: case 0x2027: case 0xFF65:
    return DG_CHAR_MIDDLE;
  case 0x2014: case 0x2E3A: case 0x2E3B:
    return DG_CHAR_DASH;
  case 0x2026: case 0x22EF:
    return DG_CHAR_ELLIPSIS;
  case 0xFF5E: case 0x301C:
    return DG_CHAR_CONNECTOR;
  case 0xFF0F:
    return DG_CHAR_SOLIDUS;
  default:
    return DG_CHAR_OTHER;
  }
}

gboolean
dg_script_is_han(gunichar c)
{
  /* Fast paths (this is asked of every character of a book): nothing
   * below the CJK Radicals Supplement is Han, kana or bopomofo; the
   * URO up to U+9FD5 (Unicode 8) is all ideographs. */
  if (c < 0x2E80)
    return FALSE;
  if (c >= 0x4E00 && c <= 0x9FD5)
    return TRUE;
  switch (g_unichar_get_script(c)) {
  case G_UNICODE_SCRIPT_HAN:
  case G_UNICODE_SCRIPT_HIRAGANA:
  case G_UNICODE_SCRIPT_KATAKANA:
  case G_UNICODE_SCRIPT_BOPOMOFO:
    return g_unichar_isalpha(c) || g_unichar_type(c) == G_UNICODE_LETTER_NUMBER
           || g_unichar_type(c) == G_UNICODE_MODIFIER_LETTER;
  default:
    return FALSE;
  }
}

gboolean
dg_script_is_western(gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum((char)c);
  switch (g_unichar_get_script(c)) {
  case G_UNICODE_SCRIPT_LATIN:
  case G_UNICODE_SCRIPT_GREEK:
  case G_UNICODE_SCRIPT_CYRILLIC:
    /* Fullwidth Latin (U+FF21…) sits on the CJK grid: M1 says not to use
     * it, and if used it is Han-like, not Western. */
    return g_unichar_isalnum(c) && !(c >= 0xFF00 && c <= 0xFFEF);
  case G_UNICODE_SCRIPT_COMMON:
    return g_unichar_isdigit(c) && !(c >= 0xFF00 && c <= 0xFFEF);
  default:
    return FALSE;
  }
}

gboolean
dg_script_is_cjk_punct(gunichar c)
{
  if (c >= 0x3000 && c <= 0x303F)
    return c != 0x3000;
  if (c >= 0xFF01 && c <= 0xFF60)
    return !g_unichar_isalnum(c);
  return c == 0x201C || c == 0x201D || c == 0x2018 || c == 0x2019 || c == 0x2014
         || c == 0x2026 || c == 0x00B7 || c == 0x2E3A || c == 0x22EF;
}

DgCharClass
dg_script_classify(gunichar c)
{
  DgCharClass k = classify_punct(c);
  if (k != DG_CHAR_OTHER)
    return k;
  if (g_unichar_isspace(c) || c == 0x3000)
    return DG_CHAR_SPACE;
  if (dg_script_is_han(c))
    return DG_CHAR_HAN;
  if (dg_script_is_western(c))
    return DG_CHAR_WESTERN;
  return DG_CHAR_OTHER;
}

gboolean
dg_script_no_line_start(gunichar c, DgKinsoku level)
{
  if (level == DG_KINSOKU_NONE)
    return FALSE;
  switch (dg_script_classify(c)) {
  case DG_CHAR_CLOSING:     /* K2: closing quotes and brackets */
  case DG_CHAR_PAUSE:       /* K2: 、，；： */
  case DG_CHAR_STOP:        /* K2: 。！？ */
  case DG_CHAR_MIDDLE:      /* K2: interpuncts */
  case DG_CHAR_CONNECTOR:   /* K2: connector marks */
    return TRUE;
  case DG_CHAR_DASH:
  case DG_CHAR_ELLIPSIS:    /* K3: strict level only */
    return level >= DG_KINSOKU_STRICT;
  default:
    /* Western sentence punctuation never starts a line either (UAX #14
     * says so too; kept here so the rule holds for every level). */
    return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
  }
}

gboolean
dg_script_no_line_end(gunichar c, DgKinsoku level)
{
  if (level == DG_KINSOKU_NONE)
    return FALSE;
  DgCharClass k = dg_script_classify(c);
  if (k == DG_CHAR_OPENING)      /* K2: opening quotes and brackets */
    return TRUE;
  if (k == DG_CHAR_SOLIDUS)      /* K3: GB style */
    return level >= DG_KINSOKU_GB;
  return FALSE;
}

gboolean
dg_script_inseparable(gunichar a, gunichar b)
{
  DgCharClass ka = dg_script_classify(a), kb = dg_script_classify(b);
  return (ka == DG_CHAR_DASH && kb == DG_CHAR_DASH)
         || (ka == DG_CHAR_ELLIPSIS && kb == DG_CHAR_ELLIPSIS);
}

gboolean
dg_script_autospace(gunichar a, gunichar b)
{
  return (dg_script_is_han(a) && dg_script_is_western(b))
         || (dg_script_is_western(a) && dg_script_is_han(b));
}

/* A character that lives on the CJK grid, for the LB19a tailoring. */
static gboolean
cjk_context(gunichar c)
{
  return dg_script_is_han(c) || dg_script_is_cjk_punct(c);
}

/* The unified ideographs of the URO, assigned by Unicode 8. */
static gboolean
uro(gunichar c)
{
  return c >= 0x4E00 && c <= 0x9FD5;
}

gboolean
dg_script_break_allowed(gunichar a, gunichar b, gboolean uax14, DgKinsoku level)
{
  /* Fast paths for the two commonest pairs (this runs for every
   * character of a book), with the answers the rules below give:
   * between ideographs a break is always allowed (UAX #14 ID ÷ ID, no
   * kinsoku class); inside an ASCII word, UAX #14 decides. */
  if (uro(a) && uro(b))
    return level == DG_KINSOKU_NONE ? uax14 : TRUE;
  if (a < 0x80 && b < 0x80 && g_ascii_isalnum(a) && g_ascii_isalnum(b))
    return uax14;
  if (g_unichar_isspace(b))
    return FALSE;   /* break after the space, never before it */
  if (a == '/' && b < 0x80 && g_ascii_isdigit(b))
    return FALSE;   /* UAX #14 LB25, SY × NU, which Pango 1.50 misses: "HTTP/2" */
  if (dg_script_inseparable(a, b))
    return FALSE;   /* K4 at every level */
  if (level == DG_KINSOKU_NONE)
    return uax14;
  if (dg_script_no_line_end(a, level) || dg_script_no_line_start(b, level))
    return FALSE;
  if (uax14)
    return TRUE;
  /* LB19a for Pango 1.50: a quote between CJK characters is breakable
   * on its outer side. Require one side to be Han proper so that
   * “…”“…” in English stays as UAX #14 has it. */
  DgCharClass ka = dg_script_classify(a), kb = dg_script_classify(b);
  gboolean a_ok = cjk_context(a) && ka != DG_CHAR_OPENING;
  gboolean b_ok = cjk_context(b) && kb != DG_CHAR_CLOSING;
  return a_ok && b_ok && (dg_script_is_han(a) || dg_script_is_han(b)
                          || (dg_script_is_cjk_punct(a) && dg_script_is_cjk_punct(b)
                              && a != 0x201D && a != 0x2019));
}

gboolean
dg_kinsoku_from_string(const char *s, DgKinsoku *out)
{
  static const char *const names[] = { "none", "basic", "gb", "strict" };
  for (int i = 0; i < 4; i++)
    if (g_strcmp0(s, names[i]) == 0) {
      *out = (DgKinsoku)(i - 1);   /* names start at NONE = -1 */
      return TRUE;
    }
  return FALSE;
}
