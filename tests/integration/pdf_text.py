#!/usr/bin/env python3
"""pdf_text.py DUMP PDFTEXT [LANG...] — does the PDF's extracted text hold
every character of the manuscripts?

DUMP is `diglot dump` of the book, PDFTEXT `pdftotext -raw` of the PDF.
Both sides are NFKC-normalised with whitespace, soft hyphens and hyphens
at line ends removed (a hyphenated word reads back as "Presi-\\ndent").
Two checks, each able to fail: every block's characters occur in order
in the PDF text (a subsequence), and no character occurs fewer times in
the PDF than in the manuscripts (a multiset)."""
import collections, re, sys, unicodedata

def norm(s):
    s = unicodedata.normalize("NFKC", s)
    s = re.sub(r"[\u00ad\u2010](\s*\n)", "", s)
    return "".join(c for c in s if not c.isspace() and c != "\u00ad")

def blocks(dump, langs):
    out, lang = [], None
    for line in dump.splitlines():
        m = re.match(r"^  (\S+) ", line)
        if m and not line.startswith("    "):
            lang = m.group(1)
            continue
        if line.startswith("    ") and (not langs or lang in langs):
            parts = re.findall(r'"((?:[^"\\]|\\.)*)"', line)
            out.append("".join(p.replace('\\"', '"').replace("\\\\", "\\") for p in parts))
    return out

def main():
    dump = open(sys.argv[1], encoding="utf-8").read()
    pdf = norm(open(sys.argv[2], encoding="utf-8").read())
    texts = [norm(b) for b in blocks(dump, set(sys.argv[3:]))]
    if not texts or not pdf:
        print("FAIL: nothing to compare"); return 1
    bad = 0
    for t in texts:
        it = iter(pdf)
        if not all(c in it for c in t):
            print("FAIL: not in order in the PDF:", t[:60]); bad += 1
    need = collections.Counter("".join(texts))
    have = collections.Counter(pdf)
    missing = {c: n - have[c] for c, n in need.items() if have[c] < n}
    if missing:
        print("FAIL: characters missing from the PDF:",
              " ".join("U+%04X%s×%d" % (ord(c), c, n) for c, n in list(missing.items())[:20]))
        bad += 1
    print("%d blocks, %d characters checked" % (len(texts), sum(need.values())))
    return 1 if bad else 0

sys.exit(main())
