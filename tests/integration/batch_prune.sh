#!/usr/bin/env bash
# batch_prune.sh — outputs of a book deleted or renamed in content/, or of
# an edition dropped from its book.ini, are removed with their stamp, and
# reported; files diglot did not write (the user's own, or an output the
# user replaced) are never deleted; --pdf-only keeps EPUBs; shards prune
# safely.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000
t="$DG_TEST_TMP/batch_prune"; rm -rf "$t"; mkdir -p "$t/content"
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "$DG_SOURCE_DIR/tests/data/catalogue/alpha" "$DG_SOURCE_DIR/tests/data/catalogue/beta" "$t/content/"
cp -r "$t/content/alpha" "$t/content/gamma"
echo "editions=en" >>"$t/content/alpha/book.ini"
batch() { timeout -k 5 60 "$DIGLOT" batch "$t/content" --out "$t/out" "$@" >"$t/log" 2>&1 \
  || { cat "$t/log"; fail "batch $*"; }; }
files() { ls -A "$t/out" | grep -v '^\.diglot\.lock$' | sort | tr '\n' ' '; }

batch -j 2
# The user's own files in out/, one named like a book's output.
echo "mine" >"$t/out/notes.txt"
echo "mine" >"$t/out/zeta.pdf"
printf 'not a stamp\n' >"$t/out/.hidden"

# 1. beta renamed to delta, gamma deleted but the user replaced gamma.pdf.
mv "$t/content/beta" "$t/content/delta"
rm -r "$t/content/gamma"
cp "$t/out/alpha.epub" "$t/out/gamma.pdf"   # not the bytes diglot wrote there
batch --report "$t/r1.json"
grep -q '^beta: removed beta.epub, beta.pdf (its book is no longer in the catalogue)$' "$t/log" \
  || { cat "$t/log"; fail "beta's outputs not reported as removed"; }
grep -q '^gamma: removed gamma.epub (its book is no longer in the catalogue)$' "$t/log" \
  || { cat "$t/log"; fail "gamma.epub not removed"; }
grep -q "out/gamma.pdf: warning: not pruned: its book is no longer in the catalogue; kept: it is no longer the file diglot wrote" "$t/log" \
  || { cat "$t/log"; fail "the replaced gamma.pdf is not reported as kept"; }
grep -q '^delta: built' "$t/log" || fail "delta not built"
grep -q ', 3 outputs pruned in' "$t/log" || { cat "$t/log"; fail "summary lacks the pruned count"; }
[ "$(files)" = ".alpha.stamp .delta.stamp .hidden alpha.en.epub alpha.en.pdf alpha.epub alpha.pdf delta.epub delta.pdf gamma.pdf notes.txt zeta.pdf " ] \
  || fail "after renaming/deleting: $(files)"
grep -q '"summary": {"built": 1, "skipped": 1, "failed": 0, "pruned": 3}' "$t/r1.json" || fail "report summary"
grep -q '{"book": "beta", "file": "beta.pdf", "removed": true, "reason": "its book is no longer in the catalogue"}' "$t/r1.json" \
  || fail "report: beta.pdf"
grep -q '{"book": "gamma", "file": "gamma.pdf", "removed": false' "$t/r1.json" || fail "report: kept gamma.pdf"

# Nothing left to prune: a second run removes and reports nothing.
batch
grep -q 'removed\|pruned' "$t/log" && { cat "$t/log"; fail "pruned twice"; }

# 2. An edition dropped from book.ini; --pdf-only still keeps the EPUBs.
sed -i '/^editions=/d' "$t/content/alpha/book.ini"
batch --pdf-only
grep -q "^alpha: removed alpha.en.epub, alpha.en.pdf (edition 'en' is no longer in book.ini)$" "$t/log" \
  || { cat "$t/log"; fail "dropped edition not pruned"; }
[ "$(files)" = ".alpha.stamp .delta.stamp .hidden alpha.epub alpha.pdf delta.epub delta.pdf gamma.pdf notes.txt zeta.pdf " ] \
  || fail "after dropping the edition: $(files)"
grep -q 'alpha.en' "$t/out/.alpha.stamp" && fail "the stamp still names the dropped edition"
batch --pdf-only
grep -q '^batch: 2 books: 0 built, 2 up to date' "$t/log" || { cat "$t/log"; fail "pruning broke the stamps"; }

# 3. Shards on one out/: a gone book is pruned once, by whichever shard
# comes first; a book of the other shard is never touched.
for id in s1 s2 s3; do cp -r "$DG_SOURCE_DIR/tests/data/catalogue/alpha" "$t/content/$id"; done
batch --epub-only
rm -r "$t/content/s2"
# Sorted: alpha delta s1 s3 — shard 1/2 has alpha, s1; shard 2/2 delta, s3.
rm "$t/out/delta.epub" "$t/out/s3.epub"       # shard 2's books, now stale
batch --shard 1/2 --epub-only
grep -q '^s2: removed s2.epub (its book is no longer in the catalogue)$' "$t/log" || { cat "$t/log"; fail "shard 1 did not prune s2"; }
grep -q 'delta\|s3' "$t/log" && { cat "$t/log"; fail "shard 1 touched shard 2's books"; }
[ -e "$t/out/.s3.stamp" ] && [ -e "$t/out/.delta.stamp" ] || fail "shard 1 removed a stamp of shard 2"
batch --shard 2/2 --epub-only
grep -q 'removed' "$t/log" && { cat "$t/log"; fail "shard 2 pruned again"; }
grep -q '^s3: built s3.epub' "$t/log" || fail "shard 2 did not build s3"

# 4. Separate out/ per shard (CI jobs): each prunes the gone book itself.
mkdir -p "$t/o1" "$t/o2"
"$DIGLOT" batch "$t/content" --out "$t/o1" --shard 1/2 --epub-only >/dev/null
"$DIGLOT" batch "$t/content" --out "$t/o2" --shard 2/2 --epub-only >/dev/null
cp "$t/out/s1.epub" "$t/o1/gone.epub"; sed 's/s1.epub/gone.epub/' "$t/out/.s1.stamp" >"$t/o1/.gone.stamp"
cp "$t/out/s1.epub" "$t/o2/gone.epub"; sed 's/s1.epub/gone.epub/' "$t/out/.s1.stamp" >"$t/o2/.gone.stamp"
"$DIGLOT" batch "$t/content" --out "$t/o1" --shard 1/2 --epub-only >"$t/log" || fail "o1"
grep -q '^gone: removed gone.epub' "$t/log" || { cat "$t/log"; fail "shard 1 did not prune its own out/"; }
"$DIGLOT" batch "$t/content" --out "$t/o2" --shard 2/2 --epub-only >"$t/log" || fail "o2"
grep -q '^gone: removed gone.epub' "$t/log" || { cat "$t/log"; fail "shard 2 did not prune its own out/"; }

# 5. A stamp of format 1 (diglot before pruning): pruned by size.
cp "$t/out/alpha.pdf" "$t/out/old.pdf"
printf 'diglot-stamp 1\n%s %s 5 old.pdf\n' "$(printf 'a%.0s' $(seq 64))" "$(stat -c %s "$t/out/old.pdf")" >"$t/out/.old.stamp"
batch --pdf-only
grep -q '^old: removed old.pdf' "$t/log" || { cat "$t/log"; fail "format-1 stamp not pruned"; }
# A stamp naming files outside its book's names, or outside out/, is ignored.
printf 'diglot-stamp 1\n%s 5 1 notes.txt\n%s 5 1 ../content/alpha/book.ini\n' "$(printf 'a%.0s' $(seq 64))" "$(printf 'a%.0s' $(seq 64))" >"$t/out/.evil.stamp"
batch --pdf-only
[ -e "$t/out/notes.txt" ] && [ -e "$t/content/alpha/book.ini" ] || fail "a forged stamp deleted a file"

# The user's files survived everything.
[ "$(cat "$t/out/notes.txt")" = mine ] && [ "$(cat "$t/out/zeta.pdf")" = mine ] && [ -e "$t/out/.hidden" ] \
  || fail "a user's file was touched"
echo "ok"
