# hostile.bash — shared by tests/integration/hostile_*.sh (sourced, not a
# test itself: ctest registers only tests/integration/*.sh).
#
# The promise under test (issue 6): whatever the manuscript or template,
# `diglot build` ends inside a time limit in either a correct book (every
# character of the manuscripts in the PDF and the EPUB, ink inside the
# trim box, both files complete) or exit 1 with a positioned
# "file:line:col: error:" and no output at all — never a crash (exit >= 128),
# a hang, a half-written file or a temporary file left behind.
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000 LC_ALL=C.UTF-8
status=0
fail() { echo "FAIL: $*"; status=1; }

# Seconds one build may take. The slowest input here (10,000 segments)
# takes about 6 s in a RelWithDebInfo build on one core; sanitizer builds
# run about eight times slower.
HOSTILE_LIMIT=${HOSTILE_LIMIT:-60}
if ldd "$DIGLOT" 2>/dev/null | grep -q 'libasan\|libubsan'; then
  HOSTILE_LIMIT=$((HOSTILE_LIMIT * 8))
fi

# A private data dir (DIGLOT_DATA_DIR): the shipped templates and fonts,
# so a test can add templates of its own.
make_data_dir() { # DIR
  mkdir -p "$1/templates"
  cp "$DG_SOURCE_DIR"/templates/* "$1/templates/"
  ln -sfn "$DG_SOURCE_DIR/fonts" "$1/fonts"
}

# A book folder; ZH and EN are manuscript texts (printf %s, no escapes).
make_book() { # DIR ZH EN
  mkdir -p "$1"
  printf '[book]\nlanguages=zh-Hans;en\ntitle[zh-Hans]=敌对输入\ntitle[en]=Hostile input\n' >"$1/book.ini"
  printf '%s' "$2" >"$1/zh-Hans.md"
  printf '%s' "$3" >"$1/en.md"
}

# Hidden files in DIR are temporary outputs (".NAME.XXXXXX") left behind.
no_temp_files() { # DIR WHAT
  local left
  left=$(ls -A "$1" | grep '^\.' || true)
  [ -z "$left" ] || fail "$2: temporary file left in $1: $left"
}

# Every glyph of the PDF inside the trim box (pdftotext -bbox measures from
# the media box's top left; pdfinfo -box gives the trim box bottom-up).
ink_inside_trim() { # PDF WHAT
  pdftotext -bbox "$1" "$1.bbox.html" 2>/dev/null || { fail "$2: pdftotext -bbox"; return; }
  pdfinfo -box "$1" >"$1.info" || { fail "$2: pdfinfo"; return; }
  python3 - "$1.bbox.html" "$1.info" "$2" <<'PY' || status=1
import re, sys
html, info, what = open(sys.argv[1]).read(), open(sys.argv[2]).read(), sys.argv[3]
media_h = float(re.search(r"MediaBox:\s+\S+\s+\S+\s+\S+\s+(\S+)", info).group(1))
x0, y0, x1, y1 = map(float, re.search(r"TrimBox:\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", info).groups())
top, bottom = media_h - y1, media_h - y0
bad = [w for w in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)', html)
       if float(w.group(1)) < x0 - 0.5 or float(w.group(3)) > x1 + 0.5
       or float(w.group(2)) < top - 0.5 or float(w.group(4)) > bottom + 0.5]
if bad:
    w = bad[0]
    print("FAIL: %s: %d words outside the trim box, first %r at x %s..%s y %s..%s (trim x %g..%g y %g..%g)"
          % (what, len(bad), w.group(5)[:30], w.group(1), w.group(3), w.group(2), w.group(4), x0, x1, top, bottom))
    sys.exit(1)
PY
}

# The outputs of a successful build are a correct book.
check_book() { # NAME BOOK OUTDIR LAYOUT
  local name=$1 book=$2 out=$3 layout=$4
  pdfinfo "$out/$name.pdf" >/dev/null 2>&1 || fail "$name: PDF unreadable"
  unzip -tq "$out/$name.epub" >/dev/null 2>&1 || fail "$name: EPUB zip damaged"
  "$DIGLOT" dump "$book" >"$out/$name.dump" || fail "$name: dump"
  pdftotext -raw "$out/$name.pdf" "$out/$name.txt" || fail "$name: pdftotext"
  python3 "$DG_SOURCE_DIR/tests/integration/pdf_text.py" "$out/$name.dump" "$out/$name.txt" \
    >"$out/$name.pdfcheck" || fail "$name: PDF text: $(grep FAIL "$out/$name.pdfcheck")"
  python3 "$DG_SOURCE_DIR/tests/integration/epub_text.py" "$out/$name.epub" "$book" "$layout" \
    >"$out/$name.epubcheck" 2>&1 || fail "$name: EPUB text: $(head -c 600 "$out/$name.epubcheck")"
  [ "${HOSTILE_INK:-yes}" = no ] || ink_inside_trim "$out/$name.pdf" "$name"
}

# Builds BOOK as OUT/NAME.pdf + OUT/NAME.epub and judges the outcome.
# REFUSAL is an ERE the first stderr line must match when the build exits
# 1; "-" means the input must build. Extra arguments go to `diglot build`.
hostile_build() { # NAME BOOK OUT REFUSAL [ARGS...]
  local name=$1 book=$2 out=$3 refusal=$4 layout=parallel
  shift 4
  local prev=
  for a in "$@"; do
    [ "$prev" = --layout ] && [ "$a" = interleaved ] && layout=interleaved
    prev=$a
  done
  local start=$SECONDS rc=0
  timeout -k 5 "$HOSTILE_LIMIT" "$DIGLOT" build "$book" --pdf "$out/$name.pdf" \
    --epub "$out/$name.epub" "$@" >"$out/$name.stdout" 2>"$out/$name.stderr" || rc=$?
  local took=$((SECONDS - start))
  echo "$name: exit $rc in ${took}s"
  if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
    fail "$name: no result within ${HOSTILE_LIMIT}s (hang?)"
  elif [ $rc -ge 128 ]; then
    fail "$name: crashed (exit $rc): $(tail -n 5 "$out/$name.stderr")"
  elif [ $rc -eq 0 ]; then
    [ "$refusal" = - ] || fail "$name: built, but should be refused with /$refusal/"
    check_book "$name" "$book" "$out" "$layout"
  elif [ $rc -eq 1 ]; then
    [ "$refusal" != - ] || fail "$name: refused: $(head -n 3 "$out/$name.stderr")"
    head -n 1 "$out/$name.stderr" | grep -Eq -- "$refusal" ||
      fail "$name: stderr does not match /$refusal/: $(head -n 3 "$out/$name.stderr")"
    [ ! -e "$out/$name.pdf" ] && [ ! -e "$out/$name.epub" ] ||
      fail "$name: refused, yet an output was written"
  else
    fail "$name: exit $rc: $(head -n 3 "$out/$name.stderr")"
  fi
  no_temp_files "$out" "$name"
}
