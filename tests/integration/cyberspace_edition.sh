#!/usr/bin/env bash
# cyberspace_edition.sh — content/cyberspace is the raw text, edited only
# where NOTES.md says.
#
# The edition may restore punctuation and add the blocks NOTES.md lists
# (Chinese title, signature and section headings, the English "Preface");
# it may not change a word. So: line by line, the Han ideographs of the
# raw text and of zh-Hans.md, and the Latin letters of the raw text and of
# en.md, must differ only by exactly those added lines. Then: no space is
# left between two Han characters, no half-width mark in the Chinese, the
# counts of restored commas match NOTES.md, and `diglot check` passes.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}"
export LC_ALL=C.UTF-8

raw="$DG_SOURCE_DIR/tests/data/cyberspace-raw.txt"
book="$DG_SOURCE_DIR/content/cyberspace"
fail() { echo "FAIL: $*" >&2; exit 1; }

HAN='(?=\p{L})\p{Han}'
LATIN='(?=\p{L})\p{Latin}'
# One output line per input line that holds the class: its letters only.
letters() { perl -CSD -ne "my @c = /$1/g; print join('', @c), \"\\n\" if @c;"; }

diff <(tail -n +2 "$raw" | letters "$HAN") <(letters "$HAN" <"$book/zh-Hans.md") |
  grep '^[<>]' >"${TMPDIR:-/tmp}/dg_zh_diff.$$" || true
expected_zh=$'> 携手构建网络空间命运共同体\n> 世界互联网大会组委会\n> 年月\n> 基本原则\n> 实践路径\n> 治理架构'
got_zh=$(cat "${TMPDIR:-/tmp}/dg_zh_diff.$$"); rm -f "${TMPDIR:-/tmp}/dg_zh_diff.$$"
[ "$got_zh" = "$expected_zh" ] || fail "Chinese text differs from the raw beyond NOTES.md:"$'\n'"$got_zh"

got_en=$(diff <(tail -n +2 "$raw" | letters "$LATIN") <(letters "$LATIN" <"$book/en.md") |
  grep '^[<>]' || true)
[ "$got_en" = "> Preface" ] || fail "English text differs from the raw beyond NOTES.md:"$'\n'"$got_en"

if grep -nP '\p{Han} +\p{Han}' "$book/zh-Hans.md"; then fail "space left between Han characters"; fi
if grep -nP '\p{Han}[,:;!]|[,:;!]\p{Han}' "$book/zh-Hans.md"; then fail "half-width mark in Chinese"; fi
if grep -n 'MISSING TRANSLATION' "$book"/*.md; then fail "placeholder left in the edition"; fi

# 152 restored + 4 normalised commas in Chinese; 97 restored in English.
[ "$(grep -o '，' "$book/zh-Hans.md" | wc -l)" -eq 156 ] || fail "Chinese comma count changed"
[ "$(grep -o ',' "$book/en.md" | wc -l)" -eq 97 ] || fail "English comma count changed"
grep -q '^The 152 restored commas' "$book/NOTES.md" || fail "NOTES.md out of date"

"$DIGLOT" check "$book" | grep -q ': 34 segments' || fail "content/cyberspace fails check"
dump=$("$DIGLOT" dump "$book")
[ "$(grep -c 'heading level=2' <<<"$dump")" -eq 8 ] || fail "expected 4 level-2 headings per language"
[ "$(grep -c 'list item' <<<"$dump")" -eq 18 ] || fail "expected 9 numbered items per language"
echo "ok: content/cyberspace differs from the raw text only as NOTES.md says"
