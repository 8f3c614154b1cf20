#!/usr/bin/env bash
# footnote_overflow.sh — no text lost at the foot of a column.
#
# Footnotes are stacked at the foot of the column of their reference and
# are not continued onto the next page. A note taller than a page's text
# area used to be placed all the same and drawn upwards past the top of
# the page: a 2,500-character note on A4 in parallel lost its first lines
# from the PDF with exit 0 (so did the 17-character note of the mini book
# on a 50 mm page at a Chinese share of 0.41, before such columns were
# refused). Such a note is now refused at its definition; a note that
# fits, and the mini book over a sweep of narrow column splits, build with
# every character of the manuscripts in the PDF.
set -uo pipefail
. "$(dirname "$0")/lib/hostile.bash"
tmp="$DG_TEST_TMP/footnote_overflow"
rm -rf "$tmp" && mkdir -p "$tmp/out"
data="$tmp/data"
make_data_dir "$data"
export DIGLOT_DATA_DIR="$data"

# A paragraph citing note 1, whose text is sentence × N in each language.
note_book() { # DIR N
  local zh='' en='' i
  for ((i = 0; i < $2; i++)); do
    zh+="第${i}句补充说明网络空间治理的历史背景与各方立场。"
    en+=" Sentence $i adds background on the history of cyberspace governance."
  done
  make_book "$1" $'# 注释\n\n正文引用一条注释[^1]，然后继续。\n\n[^1]: '"$zh"$'\n' \
    $'# Notes\n\nThe text cites a note[^1] and goes on.\n\n[^1]:'"$en"$'\n'
}
refused_at_note='zh-Hans\.md:5:1: error: footnote \[\^1\] is [0-9]+ pt tall'

# A4 parallel: 100 sentences (2,500 characters) cannot fit; 8 do.
note_book "$tmp/long" 100
hostile_build long_parallel "$tmp/long" "$tmp/out" "$refused_at_note" --layout parallel
note_book "$tmp/short" 8
hostile_build short_parallel "$tmp/short" "$tmp/out" - --layout parallel

# A 50 mm page (legal in facing and interleaved): 3 sentences are too many.
printf '[page]\nsize = 50x50mm\ninside-mm = 12\noutside-mm = 12\ntop-mm = 12\nbottom-mm = 12\nbleed-mm = 10\ncontents = false\n' \
  >"$data/templates/small.ini"
cp "$data/templates/parallel-a4.css" "$data/templates/small.css"
note_book "$tmp/three" 3
for layout in facing interleaved; do
  hostile_build "three_small_$layout" "$tmp/three" "$tmp/out" "$refused_at_note" \
    --template small --layout "$layout"
done

# The mini book at narrow legal column splits: a 92 mm page, the Chinese
# share from 0.38 to 0.6 with balance off (each column 6 em or more).
for ratio in 0.38 0.41 0.44 0.47 0.5 0.53 0.56 0.6; do
  t="narrow_$ratio"
  printf '[page]\nsize = 92x120mm\ninside-mm = 12\noutside-mm = 12\ncontents = false\n[columns]\nbalance = false\nratio-min = 0.2\nratio-max = 0.8\nratio = %s\n' \
    "$ratio" >"$data/templates/$t.ini"
  cp "$data/templates/parallel-a4.css" "$data/templates/$t.css"
  hostile_build "mini_$t" "$DG_SOURCE_DIR/tests/data/print/mini" "$tmp/out" - \
    --template "$t" --layout parallel
done
exit $status
