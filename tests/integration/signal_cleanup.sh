#!/usr/bin/env bash
# A build stopped by SIGTERM or SIGINT (a CI timeout, Ctrl-C) dies of that
# signal and leaves no temporary .NAME.XXXXXX file beside its outputs;
# an earlier output stays as it was.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
work="$DG_TEST_TMP/signal_cleanup"
rm -rf "$work" && mkdir -p "$work/out"
bash "$DG_SOURCE_DIR/scripts/make-bench-book.sh" "$DG_SOURCE_DIR/content/cyberspace" "$work/book" 20
export SOURCE_DATE_EPOCH=1570000000
echo "earlier" > "$work/out/book.pdf"

fail() { echo "FAIL: $*"; exit 1; }

for sig in TERM INT; do
  "$DIGLOT" build "$work/book" --pdf "$work/out/book.pdf" --epub "$work/out/book.epub" &
  pid=$!
  # Wait until a temporary file exists, so the signal lands mid-write.
  for _ in $(seq 1 600); do
    compgen -G "$work/out/.book.*" >/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.01
  done
  compgen -G "$work/out/.book.*" >/dev/null || fail "no temporary file seen before SIG$sig (build too fast?)"
  kill -s "$sig" "$pid"
  set +e; wait "$pid"; rc=$?; set -e
  want=$(( 128 + $(kill -l "$sig") ))
  [ "$rc" -eq "$want" ] || fail "SIG$sig: exit $rc, want $want"
  left=$(ls -A "$work/out" | grep '^\.' || true)
  [ -z "$left" ] || fail "SIG$sig left temporary files: $left"
  [ "$(cat "$work/out/book.pdf")" = earlier ] || fail "SIG$sig replaced the earlier PDF"
  [ ! -e "$work/out/book.epub" ] || fail "SIG$sig left a new EPUB"
  echo "ok: SIG$sig exit $rc, no temporary file, earlier PDF intact"
done
