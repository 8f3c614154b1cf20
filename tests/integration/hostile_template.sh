#!/usr/bin/env bash
# hostile_template.sh — print templates asking for the impossible. A 1 mm
# page, negative margins, absurd or non-finite font sizes, margins that
# leave no text area: each is refused with an error naming the template
# (and the line and column of the value, when one value is at fault),
# before anything is written. A template at the edges of every legal range
# (a 50 mm page, 36 pt type on 36 pt leading, six-em indents, headings at
# four times the body size, the narrowest column ratio) must still give a
# correct book in every layout: no hang, no lost text, no ink off the page.
set -uo pipefail
. "$(dirname "$0")/lib/hostile.bash"
tmp="$DG_TEST_TMP/hostile_template"
rm -rf "$tmp" && mkdir -p "$tmp/out"
data="$tmp/data"
make_data_dir "$data"
export DIGLOT_DATA_DIR="$data"
book="$DG_SOURCE_DIR/tests/data/print/mini"

refuse() { # NAME WHERE TEMPLATE-TEXT: WHERE is ":line:col" or "" (whole template)
  printf '%s' "$3" >"$data/templates/$1.ini"
  hostile_build "$1" "$book" "$tmp/out" \
    "^$(printf '%s' "$data/templates/$1.ini" | sed 's/[.[\*^$]/\\&/g')$2: error: " --template "$1"
}
refuse page_1mm :2:8 $'[page]\nsize = 1x1mm\n'
refuse page_narrow :3:8 $'[page]\n# 49 mm wide\nsize = 49x297mm\n'
refuse margin_negative :3:13 $'[page]\nsize = A5\ninside-mm = -5\n'
refuse margin_top_negative :2:10 $'[page]\ntop-mm = -0.1\n'
refuse margin_huge :2:14 $'[page]\noutside-mm = 1e6\n'
refuse font_huge :2:11 $'[zh]\nsize-pt = 1000\n'
refuse font_zero :2:11 $'[en]\nsize-pt = 0\n'
refuse font_negative :2:11 $'[en]\nsize-pt = -12\n'
refuse font_nan :2:11 $'[zh]\nsize-pt = nan\n'
refuse font_inf :3:14 $'[en]\nsize-pt = 12\nleading-pt = inf\n'
refuse heading_huge :2:11 $'[headings]\nscale-1 = 100\n'
# Rules over several keys are refused at the key written last.
refuse no_text_area :4:1 $'[page]\nsize = A5\ninside-mm = 65\noutside-mm = 65\n'
refuse no_text_area_size :4:1 $'[page]\ntop-mm = 40\nbottom-mm = 40\nsize = 100x100mm\n'
refuse leading_small :3:1 $'[zh]\nsize-pt = 20\nleading-pt = 10\n'
refuse ratio_order :3:1 $'[columns]\nratio-max = 0.4\nratio-min = 0.45\n'
# Running heads and folios are drawn in the margins: no margin, no room.
refuse heads_no_margin :3:1 $'[page]\nsize = A5\ntop-mm = 0\n'
refuse folios_no_margin :4:1 $'[page]\nrunning-heads = false\ntop-mm = 0\nbottom-mm = 0\n'
# A column narrower than its type (a 50 mm page at 36 pt, parallel).
refuse column_narrow :9:1 \
  $'[page]\nsize = 50x50mm\ninside-mm = 12\noutside-mm = 12\ntop-mm = 12\nbottom-mm = 12\ncontents = false\n[zh]\nsize-pt = 36\nleading-pt = 36\n'
# A contents page needs its title and two entries under it.
refuse contents_no_room :6:1 \
  $'[page]\nsize = 50x50mm\ninside-mm = 12\noutside-mm = 12\ntop-mm = 12\nbottom-mm = 12\n'

# Legal extremes: a 50 mm page (no contents: no room for one), and 36 pt
# type with 144 pt headings, six-em indents and ten-em quote and list
# steps on A4. Each must build in facing and interleaved with every
# character in both outputs and no ink outside the trim box (the title
# page of the 50 mm book is scaled into its text area, a first-line indent
# never pushes a deep quote's first word off the page).
printf '[page]\nsize = 50x50mm\ninside-mm = 12\noutside-mm = 12\ntop-mm = 12\nbottom-mm = 12\nbleed-mm = 10\ncontents = false\n' \
  >"$data/templates/small.ini"
cat >"$data/templates/large.ini" <<'INI'
[columns]
balance = false
[zh]
size-pt = 36
leading-pt = 36
indent-em = 6
[en]
size-pt = 36
leading-pt = 36
indent-em = 6
[headings]
scale-1 = 4
scale-2 = 4
scale-3 = 4
before-1-pt = 200
after-1-pt = 100
[blocks]
quote-indent-em = 10
list-indent-em = 10
INI
# In parallel both are refused: their columns cannot hold their type.
refuse_layout() { # TEMPLATE WHERE
  hostile_build "${1}_parallel" "$book" "$tmp/out" \
    "^$(printf '%s' "$data/templates/$1.ini" | sed 's/[.[\*^$]/\\&/g')$2: error: the \\[zh\\] text column is [0-9.]+ em wide" \
    --template "$1" --layout parallel
}
refuse_layout small :4:1
refuse_layout large :6:1
for t in small large; do
  cp "$data/templates/parallel-a4.css" "$data/templates/$t.css"
  for layout in facing interleaved; do
    hostile_build "${t}_$layout" "$book" "$tmp/out" - --template "$t" --layout "$layout"
  done
done
exit $status
