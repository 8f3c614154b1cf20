#!/usr/bin/env bash
# batch_killed.sh — a batch killed outright (SIGKILL: the OOM killer, a CI
# hard timeout) leaves its run folder in OUT_DIR; the next batch removes
# it, but never the run folder of a batch that is still alive, and two
# batches at once on one OUT_DIR both finish with whole, consistent
# outputs. Its workers die with it.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000
t="$DG_TEST_TMP/batch_killed"; rm -rf "$t"; mkdir -p "$t/content" "$t/out"
fail() { echo "FAIL: $*" >&2; exit 1; }
for id in k1 k2 k3 k4; do cp -r "$DG_SOURCE_DIR/content/cyberspace" "$t/content/$id"; done
runs() { ls -A "$t/out" | grep '^\.diglot-run-' || true; }
gone() { [ ! -e "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
# Waits (at most 30 s) until a worker is writing into a run folder
# other than IGNORE.
wait_staging() { # PID IGNORE
  for _ in $(seq 1 3000); do
    find "$t/out" -mindepth 3 -path '*/.diglot-run-*/*' -type f 2>/dev/null | grep -q -v -F "/$2/" && return 0
    kill -0 "$1" 2>/dev/null || return 1
    sleep 0.01
  done
  return 1
}

# 1. A live batch B, stopped (SIGSTOP) once its run folder exists: alive,
# holding its lock, doing nothing — so the order of what follows is fixed.
timeout -k 5 120 "$DIGLOT" batch "$t/content" --out "$t/out" -j 1 >"$t/logB" 2>&1 &
b=$!
for _ in $(seq 1 3000); do [ -n "$(runs)" ] && break; sleep 0.01; done
bpid=$(pgrep -P "$b" -x diglot || true)
[ -n "$bpid" ] || fail "batch B did not start"
kill -STOP "$bpid"
live=$(runs | grep -v '\.lock$')
[ -n "$live" ] || fail "batch B never made its run folder"

# 2. SIGKILL batch A mid-build: its run folder and lock stay behind.
# (Not under `timeout`: $! must be diglot itself; it is killed below.)
"$DIGLOT" batch "$t/content" --out "$t/out" -j 2 >"$t/logA" 2>&1 &
a=$!
wait_staging "$a" "$live" || fail "batch A never staged a book"
workers=$(pgrep -P "$a" || true)
[ -n "$workers" ] || fail "batch A has no workers"
kill -KILL "$a"
wait "$a" 2>/dev/null || true
for w in $workers; do
  for _ in $(seq 1 500); do gone "$w" && break; sleep 0.01; done
  gone "$w" || fail "worker $w outlived its killed batch"
done
dead=$(runs | grep -v -F "$live" | grep -v '\.lock$' || true)
[ -n "$dead" ] || fail "SIGKILL left no run folder: the test proves nothing"
[ -e "$t/out/$dead.lock" ] || fail "no lock file beside $dead"
echo "killed batch A left $dead; batch B (stopped) owns $live"

# 3. Batch C removes A's run folder, not B's, and builds everything.
timeout -k 5 120 "$DIGLOT" batch "$t/content" --out "$t/out" -j 2 --report "$t/c.json" \
  >"$t/logC" 2>&1 || { cat "$t/logC"; fail "batch C failed"; }
grep -q "removed $t/out/$dead: staging left by a batch that died" "$t/logC" \
  || { cat "$t/logC"; fail "C did not report removing $dead"; }
grep -q "\"dead_runs\": \[\"$dead\"\]" "$t/c.json" || fail "report lacks dead_runs"
[ ! -e "$t/out/$dead" ] && [ ! -e "$t/out/$dead.lock" ] || fail "A's run folder or lock left"
[ -d "$t/out/$live" ] && [ -e "$t/out/$live.lock" ] || fail "C removed the live batch B's run folder"
# (A may have committed a book before it was killed: up to date then.)
grep -q '^batch: 4 books: [1-4] built, [0-3] up to date, 0 failed' "$t/logC" \
  || { cat "$t/logC"; fail "C did not build the rest"; }

# B resumes: its workers finished while it was stopped; it commits over
# C's outputs (same bytes) and must still succeed.
kill -CONT "$bpid"
set +e; wait "$b"; rb=$?; set -e
[ "$rb" -eq 0 ] || { cat "$t/logB"; fail "batch B failed after C ran: exit $rb"; }

# 3. Nothing left but whole outputs and consistent stamps.
[ -z "$(runs)" ] || fail "run folders left: $(runs)"
for id in k1 k2 k3 k4; do
  pdfinfo "$t/out/$id.pdf" >/dev/null 2>&1 || fail "$id.pdf damaged"
  unzip -tq "$t/out/$id.epub" >/dev/null 2>&1 || fail "$id.epub damaged"
done
"$DIGLOT" batch "$t/content" --out "$t/out" >"$t/log4" 2>&1 || fail "last batch"
grep -q '^batch: 4 books: 0 built, 4 up to date' "$t/log4" || { cat "$t/log4"; fail "stamps disagree with outputs"; }
ls -A "$t/out" | grep -v -E '^(\.k[1-4]\.stamp|k[1-4]\.(pdf|epub)|\.diglot\.lock)$' && fail "stray files in out/"
# 4. `make pdf` beside `make epub` on one out/: each commit re-reads the
# book's stamp under the commit lock, so neither drops the other's entries.
mkdir -p "$t/c2"
cp -r "$DG_SOURCE_DIR/tests/data/catalogue/alpha" "$DG_SOURCE_DIR/tests/data/catalogue/beta" "$t/c2/"
timeout -k 5 60 "$DIGLOT" batch "$t/c2" --out "$t/o2" --pdf-only -j 1 >"$t/logP" 2>&1 &
p=$!
timeout -k 5 60 "$DIGLOT" batch "$t/c2" --out "$t/o2" --epub-only -j 1 >"$t/logE" 2>&1 || fail "epub-only beside pdf-only"
wait "$p" || fail "pdf-only beside epub-only"
"$DIGLOT" batch "$t/c2" --out "$t/o2" >"$t/log5" 2>&1 || fail "after the pair"
grep -q '^batch: 2 books: 0 built, 2 up to date' "$t/log5" || { cat "$t/log5"; fail "concurrent batches lost a stamp entry"; }
echo "ok"
