#!/usr/bin/env bash
# typography_hostile.sh — issue 6's hostile paragraphs through the whole
# print pipeline, each inside a time limit: a 6,000-letter English "word"
# (in both columns), a 300,000-character Chinese paragraph without
# punctuation, and a paragraph of 3,000 。 (kinsoku forbids every break).
# Each must end in a correct book: every character drawn inside the page
# with a right margin left (no overfull line running off the page), and
# every character of the manuscript in the extracted text.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000
t="$DG_TEST_TMP/typography_hostile"; rm -rf "$t"; mkdir -p "$t"
# A hang or a quadratic blow-up, not a benchmark: the seed book takes
# about a second; the 300,000-character book a few (shared 2-core box).
LIMIT_S=60

book() {   # name: writes $t/name/book.ini
  mkdir -p "$t/$1"
  cat > "$t/$1/book.ini" <<INI
[book]
languages=zh-Hans;en
template=parallel-a4
date=2019-10
title[zh-Hans]=压力
title[en]=Stress
INI
}

python3 - "$t" <<'PY'
import sys
t = sys.argv[1]
word = "a" * 6000
def write(name, zh, en):
    open(f"{t}/{name}/zh-Hans.md", "w").write(zh)
    open(f"{t}/{name}/en.md", "w").write(en)
import os
for n in ("word", "han", "stops"):
    os.makedirs(f"{t}/{n}", exist_ok=True)
write("word", "# 一\n\n前面" + word + "后面。\n", "# One\n\nBefore the word " + word + " after it.\n")
han = "".join(chr(0x4E00 + (i * 7919) % 2000) for i in range(300000))
write("han", "# 一\n\n" + han + "\n", "# One\n\nShort.\n")
write("stops", "# 一\n\n" + "。" * 3000 + "\n", "# One\n\nShort.\n")
PY

status=0
for name in word han stops; do
  book "$name"
  start=$(date +%s.%N)
  if ! timeout "$LIMIT_S" "$DIGLOT" build "$t/$name" --pdf "$t/$name.pdf"; then
    echo "FAIL $name: build failed or exceeded ${LIMIT_S} s"; status=1; continue
  fi
  end=$(date +%s.%N)
  mutool draw -q -F stext -o "$t/$name.xml" "$t/$name.pdf" 2>/dev/null
  pdftotext "$t/$name.pdf" "$t/$name.txt"
  python3 - "$t" "$name" "$start" "$end" <<'PY' || status=1
import re, sys
t, name, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
xml = open(f"{t}/{name}.xml").read()
ok = True
# every character's quad inside the page, 36 pt (half an inch) from its edges
for page in re.finditer(r'<page [^>]*width="([\d.]+)"[^>]*>(.*?)</page>', xml, re.S):
    width = float(page.group(1))
    for q in re.finditer(r'<char quad="([-\d. ]+)"[^>]*c="([^"]*)"', page.group(2)):
        xs = [float(v) for v in q.group(1).split()[0::2]]
        if min(xs) < 36 - 0.01 or max(xs) > width - 36 + 0.01:
            print(f"FAIL {name}: {q.group(2)!r} drawn at x {min(xs):.1f}..{max(xs):.1f} "
                  f"on a {width:.1f} pt page")
            ok = False
            break
text = open(f"{t}/{name}.txt").read()
# drop the page furniture (running heads, folios, contents, colophon)
furniture = {"压力", "Stress", "一", "One", "目", "录", "Contents"}
folio = re.compile(r"^([0-9]+|[ivxlcdm]+)$")   # arabic or roman page numbers
lines = [l for l in text.splitlines()
         if l.strip() not in furniture and not folio.match(l.strip()) and not l.startswith("Date:")]
flat = re.sub(r"\s+", "", "".join(lines))
# every character of the body paragraphs, as often as the manuscript
# has it: an emergency break loses or doubles nothing. (pdftotext
# interleaves the parallel columns, so counts, not sequences.)
from collections import Counter
bodies = {"word": "前面" + "a" * 6000 + "后面。" + "Beforetheword" + "a" * 6000 + "afterit.",
          "han": "".join(chr(0x4E00 + (i * 7919) % 2000) for i in range(300000)) + "Short.",
          "stops": "。" * 3000 + "Short."}[name]
want, have = Counter(bodies), Counter(flat)
bad = [c for c in sorted(set(want) | set(have)) if want[c] != have[c]]
if bad:
    print(f"FAIL {name}: {len(bad)} characters miscounted in the extracted text, e.g. "
          f"{bad[0]!r}: {have[bad[0]]} of {want[bad[0]]}")
    ok = False
print(f"{'ok' if ok else 'FAIL'} {name}: {end - start:.2f} s, {len(xml) // 1000} kB of stext")
sys.exit(0 if ok else 1)
PY
done
exit $status
