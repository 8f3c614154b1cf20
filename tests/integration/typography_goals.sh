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
. "$(dirname "$0")/lib/hostile.bash"   # make_data_dir
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

# The same, quietly, answering only pass or fail.
run_quiet() {   # name book
  "$DIGLOT" build "$2" --pdf "$t/$1.pdf"
  mutool draw -q -F stext -o "$t/$1.xml" "$t/$1.pdf" 2>/dev/null
  python3 "$measure" "$t/$1.xml" --check --label "$1" >"$t/$1.measure"
}

run parallel "$DG_SOURCE_DIR/content/cyberspace"
run facing "$DG_SOURCE_DIR/content/cyberspace" --layout facing
run interleaved "$DG_SOURCE_DIR/content/cyberspace" --layout interleaved
# The stress English is built from very long words in a 22-em column:
# its loosest lines ("5G, AI, IPv6 and Internet Governance,
# notwithstanding") reach the goals only with glyph expansion
# (expansion-pct) on top of total fit.
run stress "$DG_SOURCE_DIR/tests/data/typography/stress"
run stress-facing "$DG_SOURCE_DIR/tests/data/typography/stress" --layout facing
run stress-interleaved "$DG_SOURCE_DIR/tests/data/typography/stress" --layout interleaved
# Without expansion (a copy of the templates with expansion-pct = 0) the
# same text misses the p95 figure (0.48 em when written): the control
# shows that expansion is what carries it, and that the key turns it off.
data="$t/data"
make_data_dir "$data"
sed -i 's/^expansion-pct = .*/expansion-pct = 0/' "$data/templates/parallel-a4.ini"
if DIGLOT_DATA_DIR="$data" run_quiet control "$DG_SOURCE_DIR/tests/data/typography/stress"; then
  echo "stress without expansion: meets every goal; expected a p95 miss (is expansion-pct read?)"
  status=1
fi
exit $status
