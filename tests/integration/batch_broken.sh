#!/usr/bin/env bash
# batch_broken.sh — a catalogue with a broken book: the good books are
# built, the broken one is reported under its name with its positioned
# error, nothing is written for it, the exit code is 1, and the JSON report
# says so book by book.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000
t="$DG_TEST_TMP/batch_broken"; rm -rf "$t"; mkdir -p "$t"
cp -r "$DG_SOURCE_DIR/tests/data/catalogue" "$t/content"
fail() { echo "FAIL: $*" >&2; exit 1; }

set +e
"$DIGLOT" batch "$t/content" --out "$t/out/nested" -j 2 --report "$t/report.json" \
  >"$t/stdout" 2>"$t/stderr"
code=$?
set -e
[ "$code" -eq 1 ] || { cat "$t/stdout" "$t/stderr"; fail "exit code $code, expected 1"; }

# The good books: both outputs, real files (OUT_DIR was created).
for id in alpha beta; do
  head -c 5 "$t/out/nested/$id.pdf" | grep -q '%PDF-' || fail "$id.pdf missing or not a PDF"
  # An EPUB is a zip whose first entry is "mimetype" (name at offset 30).
  [ "$(head -c 38 "$t/out/nested/$id.epub" | tail -c 8)" = mimetype ] || fail "$id.epub missing"
  grep -q "^$id: built $id.pdf ([0-9]* pages" "$t/stdout" || fail "no 'built' line for $id"
done
# The broken book: named, its error positioned, nothing written, no debris.
grep -A1 '^broken: FAILED, nothing written$' "$t/stderr" | grep -q 'broken/zh-Hans.md:5:1: error:' \
  || { cat "$t/stderr"; fail "broken's error does not follow its FAILED line on stderr"; }
grep -q 'content/broken/zh-Hans.md:5:1: error: paragraph has no counterpart' "$t/stderr" \
  || { cat "$t/stderr"; fail "positioned error missing"; }
grep -q '1 of 3 books failed' "$t/stderr" || fail "no failure count"
if ls -A "$t/out/nested" | grep -q broken; then fail "something was written for broken"; fi
if ls -A "$t/out/nested" | grep -q '\.build-'; then fail "a staging folder was left"; fi
grep -q '^batch: 3 books: 2 built, 0 up to date, 1 failed' "$t/stdout" || fail "summary"

# The report: one line per book with its status; sizes are the files'.
r="$t/report.json"
grep -q '"summary": {"built": 2, "skipped": 0, "failed": 1, "pruned": 0}' "$r" || fail "report summary"
grep -q '{"id": "broken", "status": "failed"' "$r" || fail "report: broken not failed"
grep -q '"errors": \[".*broken/zh-Hans.md:5:1: error: paragraph has no counterpart' "$r" \
  || fail "report: broken's error"
for id in alpha beta; do
  grep -q "{\"id\": \"$id\", \"status\": \"built\"" "$r" || fail "report: $id not built"
  size=$(stat -c %s "$t/out/nested/$id.pdf")
  grep -q "{\"file\": \"$id.pdf\", \"format\": \"pdf\", \"edition\": null, \"built\": true, \"bytes\": $size, \"pages\": [1-9]" "$r" \
    || fail "report: $id.pdf size/pages"
done
echo "ok"
