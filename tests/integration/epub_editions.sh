#!/bin/bash
# epub_editions.sh — every EPUB edition of the test book and of
# content/cyberspace: epubcheck must report 0 errors and 0 warnings (a
# missing epubcheck or java FAILS), every manuscript character is in the
# XHTML in the right language, and two builds are byte-identical.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
EPUBCHECK=${EPUBCHECK:-/usr/share/java/epubcheck.jar}
tmp="$DG_TEST_TMP/epub_editions"
rm -rf "$tmp" && mkdir -p "$tmp"

command -v java >/dev/null || { echo "FAIL: java not installed (epubcheck needs it)"; exit 1; }
[ -f "$EPUBCHECK" ] || { echo "FAIL: $EPUBCHECK missing (apt-get install epubcheck)"; exit 1; }
[ -f "$DG_SOURCE_DIR/content/cyberspace/book.ini" ] || { echo "FAIL: content/cyberspace missing"; exit 1; }

export SOURCE_DATE_EPOCH=1570000000
status=0
epubcheck_clean() {
  local log="$1.epubcheck"
  java -jar "$EPUBCHECK" "$1" >"$log" 2>&1 || true
  if ! grep -q "Messages: 0 fatals / 0 errors / 0 warnings" "$log"; then
    echo "FAIL: epubcheck on $1:"; cat "$log"; return 1
  fi
}

for book in "$DG_SOURCE_DIR/tests/data/epub/sample" "$DG_SOURCE_DIR/content/cyberspace"; do
  name=$(basename "$book")
  for edition in parallel interleaved parallel:en parallel:zh-Hans; do
    layout=${edition%%:*}
    lang=""; [ "$edition" != "$layout" ] && lang=${edition#*:}
    args=(--layout "$layout"); [ -n "$lang" ] && args+=(--lang "$lang")
    out="$tmp/$name-$layout${lang:+-$lang}.epub"
    "$DIGLOT" build "$book" --epub "$out" "${args[@]}"
    # Reproducibility once per book (each build also typesets the print twin).
    if [ "$edition" = parallel ]; then
      "$DIGLOT" build "$book" --epub "$out.again" "${args[@]}"
      cmp "$out" "$out.again" || { echo "FAIL: $out not reproducible"; status=1; }
    fi
    epubcheck_clean "$out" || status=1
    python3 "$DG_SOURCE_DIR/tests/integration/epub_text.py" "$out" "$book" "$layout" $lang || status=1
    echo "$out: $(stat -c %s "$out") bytes"
  done
done

# A language the book does not have is a usage error, not an empty EPUB.
if "$DIGLOT" build "$DG_SOURCE_DIR/tests/data/epub/sample" --epub "$tmp/x.epub" --lang fr 2>"$tmp/err"; then
  echo "FAIL: --lang fr succeeded"; status=1
fi
grep -q "no such language" "$tmp/err" || { echo "FAIL: no message for --lang fr"; cat "$tmp/err"; status=1; }
[ ! -e "$tmp/x.epub" ] || { echo "FAIL: a failed build left $tmp/x.epub"; status=1; }
exit $status
