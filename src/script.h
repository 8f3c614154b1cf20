/* script.h — pure Unicode rules for Chinese and Western text on one line.
 *
 * Everything here is a function of code points only: the punctuation
 * classes of W3C clreq, the kinsoku (line-start / line-end prohibition)
 * tables at each strictness level, the Han/Western boundary that gets a
 * quarter-em gap, and the tailoring of UAX #14 break opportunities that
 * Pango 1.50 computes. The paragraph builder asks these questions; the
 * line breaker never sees a character. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* clreq §3.1.7 strictness levels (K1–K3), in increasing strictness.
 * BASIC is zero so that a zero-initialised DgTextStyle gets it. */
typedef enum {
  DG_KINSOKU_NONE = -1,  /* TW/HK newspapers: UAX #14 only */
  DG_KINSOKU_BASIC = 0,  /* recommended: K2 */
  DG_KINSOKU_GB = 1,     /* basic + no solidus at a line end (K3) */
  DG_KINSOKU_STRICT = 2, /* GB + no —— or …… at a line start (K3) */
} DgKinsoku;

/* What a character is to a Chinese compositor (clreq §3.1, §3.2). */
typedef enum {
  DG_CHAR_OTHER,       /* symbols, marks not listed below */
  DG_CHAR_HAN,         /* ideographs, kana, bopomofo: one em each */
  DG_CHAR_WESTERN,     /* Latin/Greek/Cyrillic letters, digits */
  DG_CHAR_SPACE,       /* any Unicode white space */
  DG_CHAR_OPENING,     /* （《「『【〔〖〈“‘ and ASCII ( [ { */
  DG_CHAR_CLOSING,     /* ）》」』】〕〗〉”’ and ASCII ) ] } */
  DG_CHAR_PAUSE,       /* 、，；： (and fullwidth ．) */
  DG_CHAR_STOP,        /* 。！？ */
  DG_CHAR_MIDDLE,      /* · ・ (interpunct) */
  DG_CHAR_DASH,        /* — ⸺: two-em dash halves */
  DG_CHAR_ELLIPSIS,    /* … ⋯ */
  DG_CHAR_CONNECTOR,   /* ～ and the short connector */
  DG_CHAR_SOLIDUS,     /* ／ */
} DgCharClass;

DgCharClass dg_script_classify(gunichar c);

/* Han-like: set on the CJK grid, one em wide. */
gboolean dg_script_is_han(gunichar c);
/* A Western letter or digit (M1–M4). */
gboolean dg_script_is_western(gunichar c);
/* Full-width CJK punctuation (from the CJK blocks or the curly quotes). */
gboolean dg_script_is_cjk_punct(gunichar c);

/* K2/K3: `c` may not begin a line at `level`. */
gboolean dg_script_no_line_start(gunichar c, DgKinsoku level);
/* K2/K3: `c` may not end a line at `level`. */
gboolean dg_script_no_line_end(gunichar c, DgKinsoku level);
/* K4: —— and …… are one unit; no break and no stretch inside. */
gboolean dg_script_inseparable(gunichar a, gunichar b);

/* M2: a quarter em goes between a Han character and a Western letter or
 * digit, in either order (never next to punctuation). */
gboolean dg_script_autospace(gunichar a, gunichar b);

/* The break between `a` and `b` after clreq tailoring of the UAX #14
 * answer `uax14` (Pango's is_line_break before b). Adds the breaks
 * Pango 1.50 misses around curly quotes in Chinese (LB19 before LB19a)
 * and removes those the kinsoku level forbids. */
gboolean dg_script_break_allowed(gunichar a, gunichar b, gboolean uax14, DgKinsoku level);

/* Parses "none", "basic", "gb", "strict"; FALSE for anything else. */
gboolean dg_kinsoku_from_string(const char *s, DgKinsoku *out);

G_END_DECLS
