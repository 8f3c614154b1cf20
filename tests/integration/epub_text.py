#!/usr/bin/env python3
"""epub_text.py EPUB BOOK_DIR LAYOUT [LANG] — checks an EPUB against its manuscripts.

Called by the epub_*.sh integration tests. It asserts what epubcheck does
not look at:
  * OCF: `mimetype` is the first entry, stored, with no extra field, and
    holds exactly application/epub+zip;
  * every element that holds text has lang and xml:lang (equal) on itself
    or on its enclosing block (never only on <html>), and the language is
    right: Han characters only in zh blocks, none in other languages;
  * every character of every manuscript (markdown syntax removed) appears
    in the chapter documents in that language's blocks, at least as often;
  * the layout class on <body> is the one asked for.
Exits 1 with a message naming the first problems found.
"""
import collections
import re
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
INLINE = {"a", "em", "strong", "code", "sup", "s", "span", "br"}
SYNTAX = set("*_`#>[]\\")

problems = []


def fail(msg):
    problems.append(msg)


def is_han(ch):
    return "CJK UNIFIED" in unicodedata.name(ch, "") or "\u3400" <= ch <= "\u9fff"


def check_ocf(z):
    first = z.infolist()[0]
    if first.filename != "mimetype":
        fail("first zip entry is %s, not mimetype" % first.filename)
    if first.compress_type != zipfile.ZIP_STORED:
        fail("mimetype is compressed")
    if first.extra:
        fail("mimetype has an extra field (%d bytes)" % len(first.extra))
    if z.read("mimetype") != b"application/epub+zip":
        fail("mimetype content is %r" % z.read("mimetype"))


def walk(elem, lang, explicit, name, out):
    """Collects (lang, text) and checks language marking, depth first."""
    tag = elem.tag.replace(XHTML, "")
    l1, l2 = elem.get("lang"), elem.get(XML_LANG)
    if (l1 is None) != (l2 is None) or (l1 and l1 != l2):
        fail("%s: <%s> lang=%r xml:lang=%r" % (name, tag, l1, l2))
    if l1 and tag not in ("html",):
        lang, explicit = l1, True
    for text in [elem.text] + [c.tail for c in elem]:
        if text and text.strip():
            if not explicit:
                fail("%s: text %r in <%s> without a language of its own"
                     % (name, text.strip()[:30], tag))
            if tag not in INLINE and elem.get("lang") is None and tag not in ("title",):
                fail("%s: block <%s> holds text without lang" % (name, tag))
            han = any(is_han(ch) for ch in text)
            if han and not lang.startswith("zh"):
                fail("%s: Han text %r marked %s" % (name, text.strip()[:30], lang))
            out.append((lang, text))
    for child in elem:
        walk(child, lang, explicit, name, out)


def manuscript_chars(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"^\[\^[^\]]+\]:", "", text, flags=re.M)      # note definitions
    text = re.sub(r"\[\^[^\]]+\]", "", text)                    # note references
    text = re.sub(r"\]\([^)]*\)", "]", text)                    # link targets
    text = re.sub(r"^\s*(\d+[.)]|[-*+])\s+", "", text, flags=re.M)   # list markers
    text = re.sub(r"^\s*(```.*|---+|\*\*\*+|___+)\s*$", "", text, flags=re.M)
    text = re.sub(r"\\(.)", r"\1", text)                        # escapes
    return collections.Counter(ch for ch in text
                               if not ch.isspace() and ch not in SYNTAX)


def main():
    epub, book, layout = sys.argv[1:4]
    only = sys.argv[4] if len(sys.argv) > 4 else None
    z = zipfile.ZipFile(epub)
    check_ocf(z)
    texts = []
    for name in sorted(z.namelist()):
        if not name.endswith(".xhtml"):
            continue
        root = ET.fromstring(z.read(name))
        out = []
        walk(root, root.get("lang") or "", False, name, out)
        body = root.find(XHTML + "body")
        want = "single" if only else layout
        if name.split("/")[-1].startswith("c") and body.get("class") != want:
            fail("%s: body class %r, expected %r" % (name, body.get("class"), want))
        if name.split("/")[-1].startswith("c"):
            texts.extend(out)
    ini = open(book + "/book.ini", encoding="utf-8").read()
    langs = re.search(r"^languages\s*=\s*(.*)$", ini, re.M).group(1).split(";")
    for tag in langs:
        got = collections.Counter()
        for lang, text in texts:
            if lang == tag:
                got.update(ch for ch in text if not ch.isspace())
        if only and tag != only:
            if got:
                fail("%s text in a --lang %s edition" % (tag, only))
            continue
        want = manuscript_chars("%s/%s.md" % (book, tag))
        missing = {ch: n - got[ch] for ch, n in want.items() if got[ch] < n}
        if missing:
            fail("%s: characters missing from the XHTML: %r"
                 % (tag, dict(list(missing.items())[:20])))
    if problems:
        for p in problems[:30]:
            print("epub_text: " + p, file=sys.stderr)
        sys.exit(1)
    print("epub_text: %s ok (%d text nodes)" % (epub, len(texts)))


main()
