#!/bin/bash
# print_ready.sh — what a printer's preflight looks at, in every print
# edition of content/cyberspace: no RGB colour operator left in any page
# (Cairo's black is gray now) and gray ones there instead, no page
# transparency group, the OutputIntent the template names (FOGRA39, or
# none with output-intent = none), /Trapped /False, no PDF/X version
# claimed, qpdf --check clean, every font embedded, the text complete, two
# builds byte-identical, and the pages still render with ink on them. A
# missing tool FAILS the test.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
tmp="$DG_TEST_TMP/print_ready"
rm -rf "$tmp" && mkdir -p "$tmp"
for tool in qpdf pdffonts pdftotext pdftoppm mutool python3 cmp; do
  command -v $tool >/dev/null || { echo "FAIL: $tool not installed"; exit 1; }
done
book="$DG_SOURCE_DIR/content/cyberspace"
[ -f "$book/book.ini" ] || { echo "FAIL: content/cyberspace missing"; exit 1; }
export SOURCE_DATE_EPOCH=1570000000
status=0
fail() { echo "FAIL: $*"; status=1; }

# Page dictionaries and page content streams of a QDF file (qpdf marks
# them "%% Page N" and "%% Contents for page N"): colour operators
# outside strings, gray operators, pages with a /Group.
qdf_report() { # QDF
  python3 - "$1" <<'PY'
import re, sys
qdf = open(sys.argv[1], "rb").read().decode("latin-1")
def objects(marker):
    for m in re.finditer(r"^%% " + marker + r" (\d+)\n.*?^endobj", qdf, re.S | re.M):
        yield m.group(1), m.group(0)
def ops(content):
    body = content.split("\nstream\n", 1)[-1]
    body = re.sub(r"\((?:\\.|[^\\)])*\)", "()", body, flags=re.S)  # strings are not operators
    return re.findall(r"(?<!\S)(rg|RG|sc|scn|SC|SCN|cs|CS|g|G)(?!\S)", body)
rgb, gray, groups, pages = 0, 0, [], 0
for n, obj in objects("Contents for page"):
    o = ops(obj)
    rgb += sum(1 for x in o if x not in ("g", "G"))
    gray += sum(1 for x in o if x in ("g", "G"))
for n, obj in objects("Page"):
    pages += 1
    if re.search(r"^  /Group ", obj, re.M):
        groups.append(n)
print(pages, rgb, gray, len(groups))
PY
}

# A page rendered at 40 dpi has dark pixels (text), so the rewritten
# content still draws.
has_ink() { # PDF PAGE
  pdftoppm -r 40 -gray -f "$2" -l "$2" "$1" "$1.page" || return 1
  python3 - "$1.page"-*.pgm <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
# binary PGM: P5, width height, maxval, then one byte a pixel
parts = data.split(maxsplit=4)
pixels = parts[4]
dark = sum(1 for b in pixels if b < 128)
sys.exit(0 if dark > 50 else 1)
PY
}

check_pdf() { # PDF INTENT [intent-only]
  local pdf=$1 intent=$2
  qpdf --check "$pdf" >"$pdf.check" 2>&1 || fail "qpdf --check $pdf: $(tail -3 "$pdf.check")"
  grep -q 'No syntax or stream encoding errors' "$pdf.check" || fail "$pdf: qpdf --check not clean"
  qpdf --qdf --object-streams=disable "$pdf" "$pdf.qdf"
  read -r pages rgb gray groups < <(qdf_report "$pdf.qdf")
  [ "$pages" -ge 3 ] || fail "$pdf: $pages pages in the QDF report"
  [ "$rgb" -eq 0 ] || fail "$pdf: $rgb RGB/other colour operators left in page contents"
  [ "$gray" -ge "$pages" ] || fail "$pdf: only $gray gray operators on $pages pages"
  [ "$groups" -eq 0 ] || fail "$pdf: $groups pages keep a transparency /Group"
  qpdf --show-object=1 "$pdf" >"$pdf.root"   # the catalog (qpdf renumbers it 1)
  if [ "$intent" = none ]; then
    grep -q '/OutputIntents' "$pdf.root" && fail "$pdf: OutputIntents with output-intent = none"
  else
    grep -q "/OutputIntents \[ << .*/OutputConditionIdentifier ($intent) .*/RegistryName (http://www.color.org) /S /GTS_PDFX" \
      "$pdf.root" || fail "$pdf: no $intent OutputIntent: $(cat "$pdf.root")"
  fi
  [ "${3:-}" = intent-only ] && return
  grep -q '/StructTreeRoot' "$pdf.root" || fail "$pdf: structure tree lost"
  grep -q '/Outlines' "$pdf.root" || fail "$pdf: outline lost"
  grep -q '/PageLabels' "$pdf.root" || fail "$pdf: page labels lost"
  grep -q '/Subtype /Link' "$pdf.qdf" || fail "$pdf: links lost"
  local info; info=$(qpdf --show-object=trailer "$pdf" | grep -o '/Info [0-9]*' | cut -d' ' -f2)
  qpdf --show-object="$info" "$pdf" >"$pdf.info"
  grep -q '/Trapped /False' "$pdf.info" || fail "$pdf: no /Trapped /False"
  grep -q '/CreationDate (D:2019' "$pdf.info" || fail "$pdf: CreationDate without D:"
  # a PDF/X claim would be false: link annotations lie in the bleed box
  grep -q 'GTS_PDFX' "$pdf.info" && fail "$pdf: claims a PDF/X version"
  pdffonts "$pdf" | tail -n +3 >"$pdf.fonts"
  [ -s "$pdf.fonts" ] || fail "$pdf: no fonts"
  while read -r line; do
    [[ $line =~ \ yes\ +yes\ +yes\  ]] || fail "$pdf: font not embedded/subset/unicode: $line"
  done <"$pdf.fonts"
  pdftotext -raw "$pdf" "$pdf.txt"
  python3 "$DG_SOURCE_DIR/tests/integration/pdf_text.py" "$tmp/book.dump" "$pdf.txt" \
    >"$pdf.textcheck" || fail "$pdf: text: $(grep FAIL "$pdf.textcheck" | head -3)"
  mutool draw -q -r 20 -o "$pdf.%d.png" "$pdf" 1-3 2>"$pdf.mutool" || fail "$pdf: mutool draw"
  # (this mutool build says "ICC support is not available" of every file)
  grep -v 'ICC support is not available' "$pdf.mutool" >"$pdf.mutool.rest" || true
  [ ! -s "$pdf.mutool.rest" ] || fail "$pdf: mutool says: $(head -3 "$pdf.mutool.rest")"
  has_ink "$pdf" 5 || fail "$pdf: page 5 renders blank"
}

"$DIGLOT" dump "$book" >"$tmp/book.dump"
if [ -n "${PRINT_READY_ONLY:-}" ]; then # check one given PDF (to see the checks fail)
  check_pdf "$PRINT_READY_ONLY" FOGRA39
  exit $status
fi
for edition in parallel facing interleaved facing-16k interleaved-a5; do
  case $edition in
    parallel|facing|interleaved) args=(--layout "$edition") ;;
    *) args=(--template "$edition") ;;
  esac
  out="$tmp/$edition"
  "$DIGLOT" build "$book" "${args[@]}" --pdf "$out.pdf" 2>"$out.err" \
    || { fail "build ${args[*]}: $(cat "$out.err")"; continue; }
  if [[ $edition != *-* ]]; then # each layout is built twice
    "$DIGLOT" build "$book" "${args[@]}" --pdf "$out.2.pdf"
    cmp -s "$out.pdf" "$out.2.pdf" || fail "${args[*]}: two builds differ"
  fi
  check_pdf "$out.pdf" FOGRA39
  echo "ok: ${args[*]}: $(stat -c %s "$out.pdf") bytes"
done

# output-intent chooses the condition, or none; an unknown one is refused
data="$tmp/data"
mkdir -p "$data/templates"
cp "$DG_SOURCE_DIR"/templates/* "$data/templates/"
ln -sfn "$DG_SOURCE_DIR/fonts" "$data/fonts"
for intent in CGATS21_CRPC6 none; do
  sed "s/^output-intent = .*/output-intent = $intent/" "$DG_SOURCE_DIR/templates/parallel-a4.ini" \
    >"$data/templates/intent-$intent.ini"
  grep -q "^output-intent = $intent$" "$data/templates/intent-$intent.ini" \
    || fail "parallel-a4.ini has no output-intent line to change"
  DIGLOT_DATA_DIR="$data" "$DIGLOT" build "$book" --template "intent-$intent" \
    --pdf "$tmp/intent-$intent.pdf" || { fail "build with output-intent = $intent"; continue; }
  check_pdf "$tmp/intent-$intent.pdf" "$intent" intent-only
done
sed "s/^output-intent = .*/output-intent = ISO-coated/" "$DG_SOURCE_DIR/templates/parallel-a4.ini" \
  >"$data/templates/intent-bad.ini"
if DIGLOT_DATA_DIR="$data" "$DIGLOT" build "$book" --template intent-bad \
     --pdf "$tmp/bad.pdf" 2>"$tmp/bad.err"; then
  fail "output-intent = ISO-coated accepted"
fi
grep -q "intent-bad.ini:[0-9]*:[0-9]*: error: unknown output-intent 'ISO-coated'" "$tmp/bad.err" \
  || fail "bad output-intent message: $(cat "$tmp/bad.err")"
[ ! -e "$tmp/bad.pdf" ] || fail "a PDF was written for a bad template"
exit $status
