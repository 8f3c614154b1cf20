#!/usr/bin/env bash
# make-bench-book.sh SRC_BOOK OUT_BOOK COPIES
#
# Writes a book that is COPIES copies of SRC_BOOK in which no two
# paragraphs are the same: every block (heading, paragraph, list item,
# quote) of copy k starts with "§k " right after its Markdown marker, and
# footnote labels are renamed per copy so they stay unique. A typesetter
# that caches whole paragraphs or pages therefore gains nothing from the
# repetition — the benchmark measures typesetting, not a cache hit.
# Both manuscripts get the same treatment block for block, so the copy
# stays aligned.
set -euo pipefail
src=${1:?usage: make-bench-book.sh SRC_BOOK OUT_BOOK COPIES}
out=${2:?usage: make-bench-book.sh SRC_BOOK OUT_BOOK COPIES}
copies=${3:?usage: make-bench-book.sh SRC_BOOK OUT_BOOK COPIES}

mkdir -p "$out"
# book.ini: the same metadata, another identifier so nobody mixes them up.
sed -e "s/^identifier=.*/identifier=urn:diglot:bench-${copies}x/" "$src/book.ini" >"$out/book.ini"

# The manuscripts: one per language of book.ini (other .md files, such as
# editorial notes, are not part of the book).
langs=$(awk -F= '/^languages *=/ { gsub(/ /, "", $2); gsub(/;/, " ", $2); print $2 }' "$src/book.ini")
for lang in $langs; do
  md="$src/$lang.md"
  awk -v copies="$copies" '
    { lines[NR] = $0 }
    END {
      for (k = 1; k <= copies; k++) {
        tag = "§" k " "
        blank = 1; fence = 0
        for (i = 1; i <= NR; i++) {
          line = lines[i]
          if (line ~ /^(```|~~~)/) { fence = !fence; print line; blank = 0; continue }
          if (fence) { print line; continue }
          # Footnote references and definitions: one label space per copy.
          gsub(/\[\^/, "[^c" k "-", line)
          if (line ~ /^[ \t]*$/) { blank = 1; print line; continue }
          if (blank) {
            if (match(line, /^(#+ |[0-9]+[.)] |[-*+] |> ?|\[\^[^]]*\]: )/))
              line = substr(line, 1, RLENGTH) tag substr(line, RLENGTH + 1)
            else if (line !~ /^(---|\*\*\*|___)[ \t]*$/)
              line = tag line
          }
          blank = 0
          print line
        }
        print ""
      }
    }' "$md" >"$out/$(basename "$md")"
done
