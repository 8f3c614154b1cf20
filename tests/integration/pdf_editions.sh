#!/bin/bash
# pdf_editions.sh — every print edition of the test book and of
# content/cyberspace: the PDF's text holds every manuscript character,
# every font is embedded as a subset, TrimBox and BleedBox are on every
# page, qpdf --check passes, the PDF is tagged with /Lang, and two builds
# are byte-identical. A missing tool FAILS the test.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
tmp="$DG_TEST_TMP/pdf_editions"
rm -rf "$tmp" && mkdir -p "$tmp"
for tool in pdftotext pdffonts pdfinfo qpdf python3 cmp; do
  command -v $tool >/dev/null || { echo "FAIL: $tool not installed"; exit 1; }
done
[ -f "$DG_SOURCE_DIR/content/cyberspace/book.ini" ] || { echo "FAIL: content/cyberspace missing"; exit 1; }
export SOURCE_DATE_EPOCH=1570000000
status=0
fail() { echo "FAIL: $*"; status=1; }

check_pdf() { # pdf dump langs...
  local pdf=$1 dump=$2; shift 2
  qpdf --check "$pdf" >"$pdf.qpdf" 2>&1 || fail "qpdf --check $pdf: $(tail -3 "$pdf.qpdf")"
  local pages; pages=$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')
  [ "${pages:-0}" -ge 3 ] || fail "$pdf: $pages pages"
  pdfinfo "$pdf" | grep -q '^Tagged: *yes' || fail "$pdf: not tagged"
  # every page: TrimBox inside BleedBox inside MediaBox, none equal
  pdfinfo -box -f 1 -l "$pages" "$pdf" | python3 -c '
import re, sys
boxes = {}
n = 0
for line in sys.stdin:
    m = re.match(r"Page\s+(\d+)\s+(\w+):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
    if m:
        boxes.setdefault(m.group(1), {})[m.group(2)] = [float(x) for x in m.groups()[2:]]
for page, b in boxes.items():
    t, bl, me = b["TrimBox"], b["BleedBox"], b["MediaBox"]
    ok = me[0] < bl[0] < t[0] and t[2] < bl[2] < me[2] and me[1] < bl[1] < t[1] and t[3] < bl[3] < me[3]
    if not ok:
        sys.exit("page %s: boxes %s" % (page, b))
    n += 1
if n == 0:
    sys.exit("no boxes found")
' || fail "$pdf: boxes"
  pdffonts "$pdf" | tail -n +3 >"$pdf.fonts"
  [ -s "$pdf.fonts" ] || fail "$pdf: no fonts"
  while read -r line; do
    font=${line%% *}
    [[ $font =~ ^[A-Z]{6}\+ ]] || fail "$pdf: font $font is not a subset"
    [[ $line =~ \ yes\ +yes\ +yes\  ]] || fail "$pdf: font not embedded/subset/unicode: $line"
  done <"$pdf.fonts"
  qpdf --show-object=trailer "$pdf" >"$pdf.trailer"
  grep -q '/ID \[ <' "$pdf.trailer" || fail "$pdf: no /ID"
  qpdf --show-object=1 "$pdf" >"$pdf.root"   # the catalog (qpdf renumbers it 1)
  grep -q '/Lang (' "$pdf.root" || fail "$pdf: no /Lang in the catalog"
  grep -q '/StructTreeRoot' "$pdf.root" || fail "$pdf: no structure tree"
  pdftotext -raw "$pdf" "$pdf.txt"
  python3 "$DG_SOURCE_DIR/tests/integration/pdf_text.py" "$dump" "$pdf.txt" "$@" || fail "$pdf: text"
}

for book in "$DG_SOURCE_DIR/tests/data/print/mini" "$DG_SOURCE_DIR/content/cyberspace"; do
  name=$(basename "$book")
  "$DIGLOT" dump "$book" >"$tmp/$name.dump"
  for edition in parallel facing interleaved parallel-a4:en facing-16k interleaved-a5 \
                 interleaved-a5:zh-Hans; do
    args=(); langs=()
    case $edition in
      parallel|facing|interleaved) args=(--layout "$edition") ;;
      *:*) args=(--template "${edition%%:*}" --lang "${edition#*:}"); langs=("${edition#*:}") ;;
      *) args=(--template "$edition") ;;
    esac
    out="$tmp/$name-${edition/:/-}"
    if ! "$DIGLOT" build "$book" "${args[@]}" --pdf "$out.pdf" 2>"$out.err"; then
      fail "build $name ${args[*]}: $(cat "$out.err")"; continue
    fi
    if [[ $edition != *-* ]]; then # each layout is built twice
      "$DIGLOT" build "$book" "${args[@]}" --pdf "$out.2.pdf"
      cmp -s "$out.pdf" "$out.2.pdf" || fail "$name ${args[*]}: two builds differ"
    fi
    check_pdf "$out.pdf" "$tmp/$name.dump" "${langs[@]}"
    echo "ok: $name ${args[*]}: $(pdfinfo "$out.pdf" | awk '/^Pages:/ {print $2}') pages, $(stat -c %s "$out.pdf") bytes"
  done
done
# a one-language edition carries only that language
pdftotext "$tmp/mini-parallel-a4-en.pdf" - | grep -q '序言' && fail "--lang en edition has Chinese headings"
pdfinfo "$tmp/mini-parallel-a4-en.pdf" | grep -q '^Title: *Jointly Build' || fail "--lang en title"
exit $status
