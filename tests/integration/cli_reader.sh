#!/usr/bin/env bash
# cli_reader.sh — the reader through the command line: `diglot dump`
# prints the golden tree, bad books exit 1 with a positioned message on
# stderr and nothing on stdout, bad usage exits 2, warnings go to stderr.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
tmp="$DG_TEST_TMP/cli_reader"
rm -rf "$tmp" && mkdir -p "$tmp"
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect CODE STDERR-SUBSTRING -- diglot args...
expect() {
  local code=$1 want=$2; shift 3
  local rc=0
  "$DIGLOT" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  [ "$rc" -eq "$code" ] || fail "diglot $* exited $rc, wanted $code: $(cat "$tmp/err")"
  if [ -n "$want" ]; then
    grep -qF -- "$want" "$tmp/err" || fail "diglot $*: stderr lacks '$want': $(cat "$tmp/err")"
  fi
  if [ "$code" -ne 0 ]; then
    [ ! -s "$tmp/out" ] || fail "diglot $* printed to stdout on failure"
  fi
}

book() {  # book NAME ZH EN [INI]
  mkdir -p "$tmp/$1"
  printf '%b' "${4:-[book]\nlanguages=zh-Hans;en\ntitle[zh-Hans]=书\ntitle[en]=Book\n}" >"$tmp/$1/book.ini"
  printf '%b' "$2" >"$tmp/$1/zh-Hans.md"
  printf '%b' "$3" >"$tmp/$1/en.md"
}

# The golden dump, byte for byte.
"$DIGLOT" dump "$DG_SOURCE_DIR/tests/data/books/good" >"$tmp/good.dump"
diff -u "$DG_SOURCE_DIR/tests/data/good.dump" "$tmp/good.dump" || fail "dump differs from golden"

book mismatch '# 标题\n\n段落\n' '# Title\n\n## Heading\n'
expect 1 "mismatch/en.md:3:1: error: level-2 heading has no counterpart (" -- dump "$tmp/mismatch"
grep -qF "mismatch/zh-Hans.md:3:1 is a paragraph)" "$tmp/err" || fail "mismatch names one file only"
expect 1 "mismatch/en.md:3:1: error:" -- check "$tmp/mismatch"

book utf8 '好\n\n坏\xff\n' 'good\n\nbad\n'
expect 1 "utf8/zh-Hans.md:3:4: error: invalid UTF-8 (byte 0xFF)" -- dump "$tmp/utf8"

book html 'x\n' '<script>alert(1)</script>\n'
expect 1 "html/en.md:1:1: error: raw HTML is not allowed" -- dump "$tmp/html"

book nolang 'x\n' 'x\n'
rm "$tmp/nolang/en.md"
expect 1 "error: language 'en' is listed but" -- dump "$tmp/nolang"

expect 1 "error: not a book folder" -- dump "$tmp/does-not-exist"

book warn '中文\n' 'English\n' '[book]\nlanguages=zh-Hans;en\ntitle=T\nmargn=3\n'
expect 0 "warn/book.ini:4: warning: unknown key 'margn' in [book]" -- dump "$tmp/warn"
grep -q '^segment s1$' "$tmp/out" || fail "dump with a warning printed no tree"

book crlf '\xef\xbb\xbf# 标题\r\n\r\n正文\r\n' '\xef\xbb\xbf# Title\r\n\r\nText\r\n'
expect 0 "" -- dump "$tmp/crlf"
grep -qF '@en.md:3:1' "$tmp/out" || fail "CRLF shifted a position"

expect 2 "" -- dump
expect 2 "" -- dump "$tmp/warn" "$tmp/crlf"
echo "cli_reader: ok"
