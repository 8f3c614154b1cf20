#!/usr/bin/env bash
# hostile_text.sh — manuscripts that stress the line breaker and both
# writers, built to PDF and EPUB inside a time limit (lib/hostile.bash):
# a 300,000-character Chinese paragraph with no punctuation (no break
# preferred over another, one paragraph of hundreds of pages), a
# 6,000-character English "word" (wider than any column: it must be broken
# somewhere, not drawn off the page), paragraphs of punctuation only (every
# character a kinsoku case), lists and quotes nested as deep as the reader
# allows (indents wider than the column), and 10,000 segments (the
# per-segment costs).
# Each must come out as a correct book: every character in both outputs,
# ink inside the trim box.
set -uo pipefail
. "$(dirname "$0")/lib/hostile.bash"
tmp="$DG_TEST_TMP/hostile_text"
rm -rf "$tmp" && mkdir -p "$tmp/out"

python3 - "$tmp" <<'PY'
import os, random, sys
root = sys.argv[1]
random.seed(6)
ini = "[book]\nlanguages=zh-Hans;en\ntitle[zh-Hans]=敌对输入\ntitle[en]=Hostile input\n"
def book(name, zh, en):
    os.makedirs(os.path.join(root, name))
    for f, t in (("book.ini", ini), ("zh-Hans.md", zh), ("en.md", en)):
        open(os.path.join(root, name, f), "w", encoding="utf-8").write(t)
han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
book("long_han", "# 长段落\n\n" + "".join(random.choice(han) for _ in range(300000)) + "\n",
     "# A long paragraph\n\nIts translation is short.\n")
word = "".join(random.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(6000))
book("long_word", "# 长词\n\n前" + word + "后。\n", "# A long word\n\nBefore " + word + " after.\n")
zh_p = "。，、；：？！“”‘’（）《》〈〉【】……——·"
en_p = ".,;:?!\"'()-...--/"
book("punctuation", "# 标点\n\n" + zh_p * 40 + "\n\n" + "，" * 500 + "\n\n" + "（" * 300 + "\n",
     "# Punctuation\n\n" + en_p * 40 + "\n\n" + "," * 500 + "\n\n" + "(" * 300 + "\n")
# Lists 30 deep and a quote 31 deep (the reader allows 32 levels): the
# indents add up to more than a column, and the text must stay on the page.
zh, en = ["# 深层嵌套"], ["# Deep nesting"]
for i in range(30):
    zh.append("  " * i + "- 第%d层列表项，文字较长以便换行。" % i)
    en.append("  " * i + "- Level %d list item, with enough words to wrap." % i)
book("deep", "\n".join(zh) + "\n\n" + "> " * 31 + "深层引用，文字较长以便换行。\n",
     "\n".join(en) + "\n\n" + "> " * 31 + "A deep quote with enough words to wrap.\n")
zh, en = ["# 一万段"], ["# Ten thousand segments"]
for i in range(1, 10000):
    zh.append("第%d段，内容。" % i)
    en.append("Paragraph %d, content." % i)
book("segments", "\n\n".join(zh) + "\n", "\n\n".join(en) + "\n")
PY

for name in long_han long_word punctuation deep segments; do
  hostile_build "$name" "$tmp/$name" "$tmp/out" -
done
# The 10,000 segments really are there, in order, in both outputs.
grep -c '^Paragraph [0-9]*, content\.$' "$tmp/out/segments.txt" | grep -qx 9999 ||
  fail "segments: the PDF text does not hold 9,999 body paragraphs one per line"
n=$(unzip -p "$tmp/out/segments.epub" 'EPUB/c*.xhtml' | grep -o 'class="pair' | wc -l)
[ "$n" -eq 10000 ] || fail "segments: the EPUB holds $n pairs, not 10000"
exit $status
