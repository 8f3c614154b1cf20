#!/bin/bash
# pdf_errors.sh — the print side's errors: a bad template names its file,
# line and column; a character no font covers names file:line:col and
# U+XXXX; a failed build leaves the earlier PDF untouched and no temp
# file; an unknown template or layout is refused. Also: the EPUB cover
# is the title page rendered by the print side.
set -uo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
tmp="$DG_TEST_TMP/pdf_errors"
rm -rf "$tmp" && mkdir -p "$tmp"
export SOURCE_DATE_EPOCH=1570000000
status=0
fail() { echo "FAIL: $*"; status=1; }
expect() { # want-exit want-stderr-substring command...
  local code=$1 want=$2; shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  [ $got -eq "$code" ] || fail "$*: exit $got, want $code ($(cat "$tmp/err"))"
  grep -qF -- "$want" "$tmp/err" || fail "$*: stderr lacks '$want': $(cat "$tmp/err")"
}
book="$DG_SOURCE_DIR/tests/data/print/mini"

# a private data dir with a broken template beside the real fonts
data="$tmp/data"
mkdir -p "$data/templates"
cp -r "$DG_SOURCE_DIR/fonts" "$data/fonts"
printf '[page]\nsize = A4\nmargn = 3\n' >"$data/templates/bad.ini"
DIGLOT_DATA_DIR="$data" expect 1 "$data/templates/bad.ini:3:1: error: unknown key 'margn' in [page]" \
  "$DIGLOT" build "$book" --template bad --pdf "$tmp/bad.pdf"
DIGLOT_DATA_DIR="$data" expect 1 "$data/templates/bad.ini:3:1: error: unknown key 'margn'" \
  "$DIGLOT" check "$book" --template bad
[ -e "$tmp/bad.pdf" ] && fail "a failed build wrote bad.pdf"
printf '[zh]\nfamily = Imaginary Serif\n' >"$data/templates/nofont.ini"
DIGLOT_DATA_DIR="$data" expect 1 "error: font 'Imaginary Serif' is not installed" \
  "$DIGLOT" check "$book" --template nofont
expect 1 "no such template 'nope'" "$DIGLOT" build "$book" --template nope --pdf "$tmp/x.pdf"

# tofu: Tibetan KA in the Chinese manuscript, line 3, column 7 (bytes)
tofu="$tmp/tofu"
mkdir -p "$tofu"
cp "$book/book.ini" "$tofu/"
printf '# 标题\n\n中文\xe0\xbd\x80段落。\n' >"$tofu/zh-Hans.md"
printf '# Title\n\nA paragraph.\n' >"$tofu/en.md"
expect 1 "$tofu/zh-Hans.md:3:7: error: no font covers U+0F40" "$DIGLOT" check "$tofu"

# atomic: an earlier PDF survives a failed build, no temp file is left
echo old >"$tmp/keep.pdf"
expect 1 "U+0F40" "$DIGLOT" build "$tofu" --pdf "$tmp/keep.pdf"
[ "$(cat "$tmp/keep.pdf")" = old ] || fail "failed build replaced keep.pdf"
ls -A "$tmp" | grep -q '^\.' && fail "temp file left: $(ls -A "$tmp" | grep '^\.')"

# the same book in another directory gives the same bytes
cp -r "$book" "$tmp/elsewhere"
"$DIGLOT" build "$book" --pdf "$tmp/here.pdf" && "$DIGLOT" build "$tmp/elsewhere" --pdf "$tmp/there.pdf" \
  && cmp -s "$tmp/here.pdf" "$tmp/there.pdf" || fail "the PDF depends on the book's directory"
pdftotext "$tmp/here.pdf" - | grep -qF "$DG_SOURCE_DIR" && fail "the PDF contains the source path"

# the EPUB cover is the title page (a PNG 1600 px wide)
if "$DIGLOT" build "$book" --pdf "$tmp/twin.pdf" --epub "$tmp/twin.epub" 2>"$tmp/err"; then
  unzip -p "$tmp/twin.epub" EPUB/images/cover.png >"$tmp/cover.png" 2>/dev/null
  file "$tmp/cover.png" | grep -q "PNG image data, 1600 x" || fail "cover: $(file "$tmp/cover.png")"
else
  fail "pdf+epub build: $(cat "$tmp/err")"
fi
exit $status
