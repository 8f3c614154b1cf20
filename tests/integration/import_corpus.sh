#!/usr/bin/env bash
# import_corpus.sh — `diglot import` on the real corpus loses no character.
#
# Imports tests/data/cyberspace-raw.txt (line 1 is page noise), then
# compares, character by character, the Han ideographs of the raw text
# with those of zh-Hans.md and its Latin letters with those of en.md
# (multisets, so a lost or doubled character shows up in the diff). The
# importer's placeholder lines are left out of the count: they are its
# own words, not the corpus's. Counting uses GNU grep -P (PCRE2), which
# every Debian has, rather than a scripting language CI may lack.
# Finally the imported folder and the hand-edited content/cyberspace
# must both pass `diglot check`.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export LC_ALL=C.UTF-8

raw="$DG_SOURCE_DIR/tests/data/cyberspace-raw.txt"
work="$DG_TEST_TMP/import_corpus"
rm -rf "$work"
mkdir -p "$work"
book="$work/cyberspace"

fail() { echo "FAIL: $*" >&2; exit 1; }

"$DIGLOT" import "$raw" --out "$book" --skip-lines 1 2>"$work/warnings.txt" ||
  fail "import exited $?: $(cat "$work/warnings.txt")"

# Seven one-sided lines, each named by line: the English-only title,
# signature and section headings, and the Chinese-only "序 言".
for line in 2 4 11 12 22 31 42; do
  grep -q "cyberspace-raw.txt:$line:1: warning: .* has no .* counterpart" "$work/warnings.txt" ||
    fail "no warning for raw line $line"
done
[ "$(grep -c 'counterpart' "$work/warnings.txt")" -eq 7 ] || fail "unexpected warnings"

# PCRE2 matches \p{Han} by script extension (、。《》 too): letters only.
HAN='(?=\p{L})\p{Han}'
LATIN='(?=\p{L})\p{Latin}'
tally() { grep -oP "$1" | sort | uniq -c; }
body() { tail -n +2 "$raw"; }
own() { grep -v 'MISSING TRANSLATION' "$1" || true; }

diff <(body | tally "$HAN") <(own "$book/zh-Hans.md" | tally "$HAN") ||
  fail "Han characters differ between the raw text and zh-Hans.md"
diff <(body | tally "$LATIN") <(own "$book/en.md" | tally "$LATIN") ||
  fail "Latin letters differ between the raw text and en.md"
[ "$(own "$book/zh-Hans.md" | grep -cP "$LATIN")" -eq 0 ] || fail "Latin letters in zh-Hans.md"
[ "$(own "$book/en.md" | grep -cP "$HAN")" -eq 0 ] || fail "Han characters in en.md"

n_han=$(body | grep -oP "$HAN" | wc -l)
n_latin=$(body | grep -oP "$LATIN" | wc -l)
[ "$n_han" -eq 3504 ] && [ "$n_latin" -eq 14805 ] || fail "corpus changed: $n_han Han, $n_latin Latin"

"$DIGLOT" check "$book" >"$work/check.txt" || fail "imported book fails check"
grep -q ': 33 segments' "$work/check.txt" || fail "expected 33 segments: $(cat "$work/check.txt")"

# A second import never overwrites the folder (hand edits live there).
if "$DIGLOT" import "$raw" --out "$book" --skip-lines 1 2>"$work/again.txt"; then
  fail "second import overwrote the book"
fi
grep -q 'already exists' "$work/again.txt" || fail "no 'already exists' error"

"$DIGLOT" check "$DG_SOURCE_DIR/content/cyberspace" || fail "content/cyberspace fails check"
echo "ok: $n_han Han characters and $n_latin Latin letters checked"
