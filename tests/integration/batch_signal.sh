#!/usr/bin/env bash
# batch_signal.sh — a batch stopped by SIGTERM (a CI job's timeout), SIGINT
# (Ctrl-C, sent to the whole process group) or SIGHUP dies of that signal
# after stopping its workers and removing its run folder, its lock and
# every temporary file; earlier outputs stay as they were.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000
t="$DG_TEST_TMP/batch_signal"; rm -rf "$t"; mkdir -p "$t/content" "$t/out"
fail() { echo "FAIL: $*" >&2; exit 1; }
for id in s1 s2 s3; do cp -r "$DG_SOURCE_DIR/content/cyberspace" "$t/content/$id"; done
echo "earlier" >"$t/out/s1.pdf"
# A file (mostly a hidden temporary .NAME.XXXXXX) staged in a run folder.
staged() { find "$t/out" -mindepth 3 -path '*/.diglot-run-*/*' -type f 2>/dev/null | grep -q .; }
gone() { [ ! -e "/proc/$1" ] || grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }

for sig in TERM INT HUP; do
  # Job control on: the batch leads a process group of its own, so SIGINT
  # can go to the whole group as a terminal's Ctrl-C does, without
  # reaching this script. (Not setsid: it forks when it is a group
  # leader, and then $! is not the batch.)
  set -m
  "$DIGLOT" batch "$t/content" --out "$t/out" -j 2 --force >"$t/log" 2>&1 &
  pid=$!
  set +m
  for _ in $(seq 1 3000); do
    staged && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  staged || {
    set +e; wait "$pid"; rc=$?; set -e
    cat "$t/log"; ls -lA "$t/out"; fail "SIG$sig: no staged file seen (batch exit $rc)"; }
  workers=$(pgrep -P "$pid" || true)
  if [ "$sig" = INT ]; then kill -s INT -- "-$pid"; else kill -s "$sig" "$pid"; fi
  set +e; timeout 30 tail --pid="$pid" -f /dev/null; wait "$pid"; rc=$?; set -e
  want=$(( 128 + $(kill -l "$sig") ))
  [ "$rc" -eq "$want" ] || { cat "$t/log"; fail "SIG$sig: exit $rc, want $want"; }
  for w in $workers; do gone "$w" || fail "SIG$sig: worker $w still running"; done
  left=$(ls -A "$t/out" | grep -v -E '^(\.diglot\.lock|\.s[1-3]\.stamp|s[1-3]\.(pdf|epub)|s1\.pdf)$' || true)
  [ -z "$left" ] || fail "SIG$sig left: $left"
  echo "ok: SIG$sig exit $rc, nothing left behind"
done
grep -qx earlier "$t/out/s1.pdf" || pdfinfo "$t/out/s1.pdf" >/dev/null 2>&1 \
  || fail "s1.pdf is neither the earlier file nor a whole PDF"
echo "ok"
