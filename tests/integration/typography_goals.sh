#!/usr/bin/env bash
# typography_goals.sh — issue 4's goal figures, measured in the PDF itself
# (mutool stext: every character with its position; pdftotext for the
# extracted text) by tests/data/typography/measure.py:
#   0 kinsoku violations; every non-final Chinese line within 0.5 pt of
#   both edges and none past the measure; English word gaps p95 <= 0.45 em,
#   max <= 0.60 em, none under 0.15 em; no run of three hyphenated lines;
#   no stray space between Han characters in the extracted text.
# On content/cyberspace in the parallel, facing and interleaved layouts,
# and on the stress text tests/data/typography/stress.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000
t="$DG_TEST_TMP/typography_goals"; rm -rf "$t"; mkdir -p "$t"
measure="$DG_SOURCE_DIR/tests/data/typography/measure.py"
status=0

run() {   # name book [diglot options...] -- [measure options...]
  local name=$1 book=$2; shift 2
  local opts=() mopts=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do opts+=("$1"); shift; done
  [ $# -gt 0 ] && shift
  mopts=("$@")
  "$DIGLOT" build "$book" --pdf "$t/$name.pdf" ${opts[@]+"${opts[@]}"}
  mutool draw -q -F stext -o "$t/$name.xml" "$t/$name.pdf" 2>/dev/null
  pdftotext "$t/$name.pdf" "$t/$name.txt"
  python3 "$measure" "$t/$name.xml" --text "$t/$name.txt" --check --label "$name" \
    ${mopts[@]+"${mopts[@]}"} || status=1
}

run parallel "$DG_SOURCE_DIR/content/cyberspace"
run facing "$DG_SOURCE_DIR/content/cyberspace" --layout facing
run interleaved "$DG_SOURCE_DIR/content/cyberspace" --layout interleaved
# The stress English is built from very long words in a 22-em column; its
# 95th-percentile gap is 0.48 em today: one line of six gaps at 0.58 em
# ("5G, AI, IPv6 and Internet Governance, notwithstanding") ahead of
# "extraordinarily counterproductive misunderstandings about" and two
# hyphenated lines, where a third hyphen in a row would be needed to do
# better. The figure does not move with tolerance, line penalty or the
# hyphen demerits (measured). Known miss of issue 4, printed, not failed;
# every other figure is enforced on it.
run stress "$DG_SOURCE_DIR/tests/data/typography/stress" -- --waive gap_p95
exit $status
