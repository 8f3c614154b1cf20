#!/usr/bin/env bash
# batch_incremental.sh — unchanged books are skipped, changed ones rebuilt,
# --force rebuilds all, a deleted output is rebuilt alone, other options
# rebuild; and the outputs do not depend on -j.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000
t="$DG_TEST_TMP/batch_incremental"; rm -rf "$t"; mkdir -p "$t/content"
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "$DG_SOURCE_DIR/tests/data/catalogue/alpha" "$DG_SOURCE_DIR/tests/data/catalogue/beta" "$t/content/"
batch() { "$DIGLOT" batch "$t/content" --out "$t/out" "$@" >"$t/log" 2>&1 || { cat "$t/log"; fail "batch $*"; }; }
inode() { stat -c %i "$t/out/$1"; }

batch -j 2
grep -q '^batch: 2 books: 2 built, 0 up to date' "$t/log" || fail "first build"
[ -f "$t/out/.alpha.stamp" ] || fail "no stamp"
a_pdf=$(inode alpha.pdf); b_pdf=$(inode beta.pdf)

# Nothing changed: both skipped, files untouched.
batch
grep -q '^alpha: up to date$' "$t/log" && grep -q '^beta: up to date$' "$t/log" || fail "not skipped"
[ "$(inode alpha.pdf)" = "$a_pdf" ] || fail "alpha.pdf rewritten though current"

# Touching without changing bytes is no change.
touch "$t/content/alpha/en.md"
batch
grep -q '^batch: 2 books: 0 built, 2 up to date' "$t/log" || fail "touch caused a rebuild"

# A changed manuscript rebuilds that book only.
sed -i 's/common space/shared space/' "$t/content/alpha/en.md"
batch
grep -q '^alpha: built alpha.pdf' "$t/log" || fail "changed alpha not rebuilt"
grep -q '^beta: up to date$' "$t/log" || fail "unchanged beta rebuilt"
[ "$(inode alpha.pdf)" != "$a_pdf" ] || fail "alpha.pdf not replaced"
[ "$(inode beta.pdf)" = "$b_pdf" ] || fail "beta.pdf replaced"

# A deleted output is rebuilt, and only it.
rm "$t/out/beta.epub"
batch --report "$t/r.json"
grep -q '^beta: built beta.epub (' "$t/log" || fail "deleted beta.epub not rebuilt"
grep -q '^beta: built.*beta.pdf' "$t/log" && fail "beta.pdf rebuilt though current"
grep -q '{"file": "beta.pdf", "format": "pdf", "edition": null, "built": false, "bytes": [1-9][0-9]*, "pages": [1-9]' "$t/r.json" \
  || fail "report of a current output lacks its recorded size/pages"

# A truncated output is not trusted.
: >"$t/out/beta.pdf"
batch
grep -q '^beta: built beta.pdf' "$t/log" || fail "truncated beta.pdf trusted"

# Other options, other outputs: rebuilt; then --force rebuilds everything.
batch --layout interleaved
grep -q '^batch: 2 books: 2 built' "$t/log" || fail "--layout did not rebuild"
batch --layout interleaved
grep -q '^batch: 2 books: 0 built, 2 up to date' "$t/log" || fail "same options rebuilt"
batch --layout interleaved --force
grep -q '^batch: 2 books: 2 built' "$t/log" || fail "--force did not rebuild"

# The same bytes whatever -j.
"$DIGLOT" batch "$t/content" --out "$t/j1" -j 1 >/dev/null
"$DIGLOT" batch "$t/content" --out "$t/j2" -j 2 >/dev/null
for f in alpha.pdf alpha.epub beta.pdf beta.epub; do
  cmp -s "$t/j1/$f" "$t/j2/$f" || fail "$f differs between -j 1 and -j 2"
done
echo "ok"
