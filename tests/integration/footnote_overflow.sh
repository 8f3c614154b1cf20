#!/usr/bin/env bash
# footnote_overflow.sh — no text lost at the foot of a column.
#
# A note taller than the room left under its reference used to be placed
# all the same and drawn upwards past the top of the page (a 2,500-
# character note on A4 in parallel lost its first lines from the PDF with
# exit 0), and was then refused. Now it is continued: its first lines on
# the page of its reference, the rest at the top of the next pages' note
# areas. A note of 300 sentences (7,500 Chinese characters, 20,000
# English) must build in parallel, facing, interleaved and --lang en with
# every character of the manuscripts in the PDF, in order, over several
# pages, more pages than the same book with a short note, and a PDF
# qpdf --check accepts; so must a note too tall for a 50 mm page, and the
# mini book over a sweep of narrow column splits.
set -uo pipefail
. "$(dirname "$0")/lib/hostile.bash"
tmp="$DG_TEST_TMP/footnote_overflow"
rm -rf "$tmp" && mkdir -p "$tmp/out"
data="$tmp/data"
make_data_dir "$data"
export DIGLOT_DATA_DIR="$data"

# A paragraph citing note 1, whose text is sentence × N in each
# language, and a paragraph after it.
note_book() { # DIR N
  local zh='' en='' i
  for ((i = 0; i < $2; i++)); do
    zh+="第${i}句补充说明网络空间治理的历史背景与各方立场。"
    en+=" Sentence $i adds background on the history of cyberspace governance."
  done
  make_book "$1" $'# 注释\n\n正文引用一条注释[^1]，然后继续。\n\n注释之后的正文。\n\n[^1]: '"$zh"$'\n' \
    $'# Notes\n\nThe text cites a note[^1] and goes on.\n\nThe text after the note.\n\n[^1]:'"$en"$'\n'
}

pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }

# Pages of PDF whose text holds WORD (pdftotext ends each page with \f).
pages_with() { # PDF WORD
  pdftotext -raw "$1" - | awk -v RS='\f' -v w="$2" 'index($0, w) { n++ } END { print n + 0 }'
}

qpdf_ok() { # PDF WHAT
  qpdf --check "$1" >"$1.qpdf" 2>&1 || fail "$2: qpdf --check: $(tail -n 3 "$1.qpdf")"
}

note_book "$tmp/long" 300
note_book "$tmp/short" 8
for layout in parallel facing interleaved; do
  hostile_build "long_$layout" "$tmp/long" "$tmp/out" - --layout "$layout"
  hostile_build "short_$layout" "$tmp/short" "$tmp/out" - --layout "$layout"
  long="$tmp/out/long_$layout.pdf" short="$tmp/out/short_$layout.pdf"
  [ -e "$long" ] && [ -e "$short" ] || continue
  qpdf_ok "$long" "long_$layout"
  [ "$(pages "$long")" -gt "$(pages "$short")" ] ||
    fail "long_$layout: $(pages "$long") pages, no more than the short note's $(pages "$short")"
  # the English note runs over three pages at least
  spread=$(pages_with "$long" Sentence)
  [ "$spread" -ge 3 ] || fail "long_$layout: the note is on $spread pages, not continued"
  [ "$(pages_with "$short" Sentence)" -eq 1 ] ||
    fail "short_$layout: a short note is split"
done

# One language: the note continues in the single column.
for n in 8 300; do
  name="lang_en_$n" book="$tmp/long"
  [ $n = 8 ] && book="$tmp/short"
  "$DIGLOT" build "$book" --pdf "$tmp/out/$name.pdf" --lang en 2>"$tmp/out/$name.stderr" ||
    { fail "$name: $(head -n 3 "$tmp/out/$name.stderr")"; continue; }
  "$DIGLOT" dump "$book" >"$tmp/out/$name.dump"
  pdftotext -raw "$tmp/out/$name.pdf" "$tmp/out/$name.txt"
  python3 "$DG_SOURCE_DIR/tests/integration/pdf_text.py" "$tmp/out/$name.dump" \
    "$tmp/out/$name.txt" en >"$tmp/out/$name.pdfcheck" ||
    fail "$name: PDF text: $(grep FAIL "$tmp/out/$name.pdfcheck")"
  qpdf_ok "$tmp/out/$name.pdf" "$name"
  ink_inside_trim "$tmp/out/$name.pdf" "$name"
done
[ "$(pages "$tmp/out/lang_en_300.pdf")" -gt "$(pages "$tmp/out/lang_en_8.pdf")" ] ||
  fail "lang_en_300: no more pages than lang_en_8"
[ "$(pages_with "$tmp/out/lang_en_300.pdf" Sentence)" -ge 3 ] ||
  fail "lang_en_300: the note is not continued over three pages"

# A 50 mm page (legal in facing and interleaved): 3 sentences are more
# than a page's note area, so they continue too.
printf '[page]\nsize = 50x50mm\ninside-mm = 12\noutside-mm = 12\ntop-mm = 12\nbottom-mm = 12\nbleed-mm = 10\ncontents = false\n' \
  >"$data/templates/small.ini"
cp "$data/templates/parallel-a4.css" "$data/templates/small.css"
note_book "$tmp/three" 3
for layout in facing interleaved; do
  hostile_build "three_small_$layout" "$tmp/three" "$tmp/out" - --template small --layout "$layout"
  [ -e "$tmp/out/three_small_$layout.pdf" ] && qpdf_ok "$tmp/out/three_small_$layout.pdf" "three_small_$layout"
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
