#!/usr/bin/env bash
# valgrind_seed.sh — memcheck on `diglot build` of the seed book
# (content/cyberspace), PDF and EPUB in one process: no invalid read or
# write, no jump on uninitialised memory, no definite leak. Only leaks the
# third-party libraries make are suppressed, each explained in
# tests/valgrind/third-party.supp. Labelled "slow" (about 40 s here), so
# `make asan` (-LE slow) leaves it out: valgrind cannot run a sanitizer
# build anyway.
set -uo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
tmp="$DG_TEST_TMP/valgrind_seed"
rm -rf "$tmp" && mkdir -p "$tmp"
export SOURCE_DATE_EPOCH=1570000000
status=0
fail() { echo "FAIL: $*"; status=1; }

if ldd "$DIGLOT" | grep -q 'libasan\|libubsan'; then
  fail "$DIGLOT is a sanitizer build; valgrind needs a plain one"
  exit 1
fi
rc=0
valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
  --show-leak-kinds=definite --num-callers=40 -v \
  --suppressions="$DG_SOURCE_DIR/tests/valgrind/third-party.supp" \
  "$DIGLOT" build "$DG_SOURCE_DIR/content/cyberspace" \
  --pdf "$tmp/cyberspace.pdf" --epub "$tmp/cyberspace.epub" 2>"$tmp/valgrind.log" || rc=$?
grep -E 'ERROR SUMMARY|definitely lost:|used_suppression' "$tmp/valgrind.log" | sed 's/^[=-]*[0-9]*[=-]* *//' | sort -u
if [ $rc -eq 99 ]; then
  fail "valgrind found errors:"
  grep -E '^==[0-9]+== ' "$tmp/valgrind.log" | grep -v -E 'used_suppression|^==[0-9]+== *$' | head -n 60
elif [ $rc -ne 0 ]; then
  fail "diglot build under valgrind exited $rc: $(grep -v '^[=-]' "$tmp/valgrind.log" | head -n 5)"
fi
grep -q 'ERROR SUMMARY: 0 errors' "$tmp/valgrind.log" || fail "no clean ERROR SUMMARY in the log"
pdfinfo "$tmp/cyberspace.pdf" >/dev/null 2>&1 || fail "the PDF made under valgrind is unreadable"
unzip -tq "$tmp/cyberspace.epub" >/dev/null 2>&1 || fail "the EPUB made under valgrind is damaged"
exit $status
