#!/usr/bin/env bash
# memory_linear.sh — peak memory grows at most linearly with the book.
#
# Builds the seed book and copies of it 1x, 10x and 40x as large
# (scripts/make-bench-book.sh: every paragraph distinct), PDF and EPUB in
# one process, under /usr/bin/time -v, and compares the peak RSS. A fixed
# part (fonts, fontconfig's cache, the libraries: about 100 MB) is paid
# once; what the book adds must cost no more per copy from 10x to 40x than
# from 1x to 10x, within a factor of two (quadratic growth would make it
# about five times as much). Measured here (RelWithDebInfo): 117, 127 and
# 166 MB. Labelled "slow" so `make asan` leaves it out: a sanitizer's
# quarantine would be measured too.
set -uo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
tmp="$DG_TEST_TMP/memory_linear"
rm -rf "$tmp" && mkdir -p "$tmp"
export SOURCE_DATE_EPOCH=1570000000
status=0
fail() { echo "FAIL: $*"; status=1; }

declare -A rss
for n in 1 10 40; do
  bash "$DG_SOURCE_DIR/scripts/make-bench-book.sh" "$DG_SOURCE_DIR/content/cyberspace" "$tmp/book$n" $n
  if ! /usr/bin/time -f '%M' -o "$tmp/rss$n" "$DIGLOT" build "$tmp/book$n" \
      --pdf "$tmp/book$n.pdf" --epub "$tmp/book$n.epub" 2>"$tmp/err$n"; then
    fail "${n}x: build failed: $(head -n 3 "$tmp/err$n")"
    exit 1
  fi
  rss[$n]=$(tail -n 1 "$tmp/rss$n")
  echo "${n}x: peak RSS ${rss[$n]} KB, $(pdfinfo "$tmp/book$n.pdf" | awk '/^Pages:/ { print $2 }') pages"
done
# KB per copy of the book, with a floor so that noise in a small first
# difference cannot make the bound impossibly tight.
first=$(( (rss[10] - rss[1]) / 9 ))
second=$(( (rss[40] - rss[10]) / 30 ))
floor=512
bound=$(( 2 * (first > floor ? first : floor) ))
echo "per copy: ${first} KB from 1x to 10x, ${second} KB from 10x to 40x (bound ${bound} KB)"
[ "$second" -le "$bound" ] || fail "memory grows faster than the book: ${second} KB per copy from 10x to 40x"
exit $status
