#!/usr/bin/env bash
# batch_shard.sh — two shards build a catalogue exactly once between them,
# through --shard and through GitLab's CI_NODE_INDEX/CI_NODE_TOTAL.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000
t="$DG_TEST_TMP/batch_shard"; rm -rf "$t"; mkdir -p "$t/content"
fail() { echo "FAIL: $*" >&2; exit 1; }
# Five books: copies of alpha under other ids.
for id in e1 e2 e3 e4 e5; do cp -r "$DG_SOURCE_DIR/tests/data/catalogue/alpha" "$t/content/$id"; done

"$DIGLOT" batch "$t/content" --out "$t/out1" --shard 1/2 --epub-only -j 2 >"$t/log1"
# "-j2" joined, as make takes it (GOption alone would read "--epub-only" as the number)
CI_NODE_INDEX=2 CI_NODE_TOTAL=2 "$DIGLOT" batch "$t/content" --out "$t/out2" -j2 --epub-only >"$t/log2"
grep -q 'with 2 jobs' "$t/log2" || fail "-j2 was not read as 2 jobs"

list() { ls "$1" | grep '\.epub$' | sort; }
a=$(list "$t/out1"); b=$(list "$t/out2")
[ -n "$a" ] && [ -n "$b" ] || fail "a shard built nothing: [$a] [$b]"
[ -z "$(comm -12 <(echo "$a") <(echo "$b"))" ] || fail "a book was built by both shards"
[ "$(printf '%s\n%s\n' "$a" "$b" | sort | tr '\n' ' ')" = "e1.epub e2.epub e3.epub e4.epub e5.epub " ] \
  || fail "shards do not cover the catalogue: [$a] [$b]"
# Round-robin over sorted ids: sizes 3 and 2.
[ "$(echo "$a" | wc -l)" -eq 3 ] && [ "$(echo "$b" | wc -l)" -eq 2 ] || fail "unbalanced"
grep -q '(shard 2/2)' "$t/log2" || fail "CI_NODE_* not honoured"
# --shard wins over the environment; a bad spec is a usage error (exit 2).
CI_NODE_INDEX=2 CI_NODE_TOTAL=2 "$DIGLOT" batch "$t/content" --out "$t/out3" --shard 1/2 --epub-only >"$t/log3"
[ "$(list "$t/out3")" = "$a" ] || fail "--shard did not override CI_NODE_*"
set +e
"$DIGLOT" batch "$t/content" --out "$t/out4" --shard 3/2 2>/dev/null; code=$?
set -e
[ "$code" -eq 2 ] || fail "--shard 3/2 gave exit $code"
echo "ok"
