#!/usr/bin/env bash
# hostile_output.sh — where the outputs go. A missing output directory, a
# path under a regular file (ENOTDIR: the unwritable directory that root,
# as in CI, cannot chmod its way around), a directory in place of the
# file, and — when not root — a directory without write permission: each
# is a positioned error naming the path, exit 1. Output is atomic: every
# failed build (a bad manuscript, a bad template, the EPUB's directory
# missing after the PDF is made, a missing EPUB stylesheet, the process
# killed mid-write) leaves earlier outputs byte for byte as they were and,
# unless the process was killed by a signal, no temporary file.
set -uo pipefail
. "$(dirname "$0")/lib/hostile.bash"
tmp="$DG_TEST_TMP/hostile_output"
rm -rf "$tmp" && mkdir -p "$tmp/out"
book="$DG_SOURCE_DIR/tests/data/print/mini"
out="$tmp/out"

expect_fail() { # WHAT STDERR-ERE diglot-args...
  local what=$1 want=$2 rc=0
  shift 2
  timeout -k 5 "$HOSTILE_LIMIT" "$DIGLOT" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || rc=$?
  [ $rc -eq 1 ] || fail "$what: exit $rc, want 1: $(head -n 3 "$tmp/stderr")"
  head -n 1 "$tmp/stderr" | grep -Eq -- "$want" ||
    fail "$what: stderr does not match /$want/: $(head -n 3 "$tmp/stderr")"
}
# The earlier outputs, and a check that they survived.
echo "earlier pdf" >"$out/book.pdf"
echo "earlier epub" >"$out/book.epub"
untouched() { # WHAT
  [ "$(cat "$out/book.pdf")" = "earlier pdf" ] || fail "$1: the earlier PDF was replaced"
  [ "$(cat "$out/book.epub")" = "earlier epub" ] || fail "$1: the earlier EPUB was replaced"
  no_temp_files "$out" "$1"
}

# Where the outputs cannot go.
for kind in pdf epub; do
  expect_fail "missing dir ($kind)" "^$tmp/nodir/x\.$kind: error: output directory does not exist" \
    build "$book" "--$kind" "$tmp/nodir/x.$kind"
  touch "$tmp/afile"
  expect_fail "under a file ($kind)" "^$tmp/afile/x\.$kind: error: " \
    build "$book" "--$kind" "$tmp/afile/x.$kind"
  mkdir -p "$tmp/adir.$kind"
  expect_fail "a directory ($kind)" "^$tmp/adir\.$kind: error: cannot write output: Is a directory" \
    build "$book" "--$kind" "$tmp/adir.$kind"
done
[ ! -e "$tmp/nodir" ] || fail "a missing output directory was created"
if [ "$(id -u)" -ne 0 ]; then
  mkdir -p "$tmp/ro" && chmod 555 "$tmp/ro"
  expect_fail "read-only dir" "^$tmp/ro/x\.pdf: error: cannot create output file: Permission denied" \
    build "$book" --pdf "$tmp/ro/x.pdf"
  chmod 755 "$tmp/ro"
else
  echo "running as root: a read-only directory does not stop root; ENOTDIR above stands for it"
fi

# Failed builds leave the earlier outputs alone.
make_book "$tmp/badbook" $'# 标题\n\n段落\n' $'# Title\n\n## Extra heading\n'
expect_fail "bad manuscript" "^$tmp/badbook/en\.md:3:1: error: " \
  build "$tmp/badbook" --pdf "$out/book.pdf" --epub "$out/book.epub"
untouched "bad manuscript"
data="$tmp/data"
make_data_dir "$data"
printf '[page]\nsize = 1x1mm\n' >"$data/templates/tiny.ini"
DIGLOT_DATA_DIR="$data" expect_fail "bad template" "^$data/templates/tiny\.ini:2:8: error: " \
  build "$book" --template tiny --pdf "$out/book.pdf" --epub "$out/book.epub"
untouched "bad template"
expect_fail "EPUB dir missing" "^$tmp/nodir/book\.epub: error: output directory does not exist" \
  build "$book" --pdf "$out/book.pdf" --epub "$tmp/nodir/book.epub"
untouched "EPUB dir missing"
expect_fail "PDF is a dir" "^$tmp/adir\.pdf: error: " \
  build "$book" --pdf "$tmp/adir.pdf" --epub "$out/book.epub"
untouched "PDF is a dir"
printf '[page]\nsize = A5\n' >"$data/templates/nocss.ini"    # no nocss.css beside it
DIGLOT_DATA_DIR="$data" expect_fail "no stylesheet" "^$data/templates/nocss\.css: error: " \
  build "$book" --template nocss --pdf "$out/book.pdf" --epub "$out/book.epub"
untouched "no stylesheet"

# Killed while writing: the final paths still hold the earlier bytes.
big="$tmp/big"
python3 - "$big" <<'PY'
import os, sys
os.makedirs(sys.argv[1])
ini = "[book]\nlanguages=zh-Hans;en\ntitle[zh-Hans]=大\ntitle[en]=Big\n"
open(sys.argv[1] + "/book.ini", "w").write(ini)
open(sys.argv[1] + "/zh-Hans.md", "w").write("\n\n".join("第%d段，内容较长的一段文字。" % i for i in range(6000)) + "\n")
open(sys.argv[1] + "/en.md", "w").write("\n\n".join("Paragraph %d, a longer piece of text." % i for i in range(6000)) + "\n")
PY
for sig in TERM KILL; do
  "$DIGLOT" build "$big" --pdf "$out/book.pdf" --epub "$out/book.epub" 2>/dev/null &
  pid=$!
  # Kill it once it has begun to write: its first temporary file exists.
  for _ in $(seq 400); do
    ls -A "$out" | grep -q '^\..*book\.' && break
    sleep 0.05
  done
  kill -s "$sig" "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  rc=$?
  [ $rc -ge 128 ] || fail "SIG$sig: the build ended (exit $rc) before it was killed"
  [ "$(tr -d '\0' <"$out/book.pdf")" = "earlier pdf" ] || fail "SIG$sig: the earlier PDF was replaced"
  [ "$(tr -d '\0' <"$out/book.epub")" = "earlier epub" ] || fail "SIG$sig: the earlier EPUB was replaced"
  # what a killed process cannot remove: its temporary files
  find "$out" -maxdepth 1 -type f -name '.*book.*' -delete
done

# A good build then replaces both and leaves nothing else.
"$DIGLOT" build "$book" --pdf "$out/book.pdf" --epub "$out/book.epub" 2>"$tmp/stderr" ||
  fail "good build: $(cat "$tmp/stderr")"
pdfinfo "$out/book.pdf" >/dev/null 2>&1 || fail "good build: PDF unreadable"
unzip -tq "$out/book.epub" >/dev/null 2>&1 || fail "good build: EPUB damaged"
no_temp_files "$out" "good build"
exit $status
