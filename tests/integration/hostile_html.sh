#!/usr/bin/env bash
# hostile_html.sh — script in a manuscript. Raw HTML (a <script> block,
# event attributes on inline and block elements, comments) and links to
# script schemes are refused with a positioned error, in either language,
# before anything is written. Markup that is text — a code span, a code
# block, an escaped '<', a title in book.ini — is printed as text: it
# reaches the PDF as characters and the EPUB as escaped characters, never
# as an element or attribute (checked by parsing every XHTML document).
set -uo pipefail
. "$(dirname "$0")/lib/hostile.bash"
tmp="$DG_TEST_TMP/hostile_html"
rm -rf "$tmp" && mkdir -p "$tmp/out"
refused='^[^ ]+/(zh-Hans|en)\.md:[0-9]+:[0-9]+: error: (raw HTML is not allowed|link target runs a script)'

n=0
refuse() { # EN-PARAGRAPH: the English manuscript carries it, then the Chinese
  n=$((n + 1))
  make_book "$tmp/en$n" $'# 标题\n\n段落。\n' "# Title"$'\n\n'"$1"$'\n'
  hostile_build "en$n" "$tmp/en$n" "$tmp/out" "$refused"
  grep -q "/en\.md:3:" "$tmp/out/en$n.stderr" || fail "en$n: error not at en.md line 3"
  make_book "$tmp/zh$n" "# 标题"$'\n\n'"$1"$'\n' $'# Title\n\nA paragraph.\n'
  hostile_build "zh$n" "$tmp/zh$n" "$tmp/out" "$refused"
}
refuse '<script>alert(1)</script>'
refuse '<SCRIPT SRC=//evil.example/x.js></SCRIPT>'
refuse 'Text <img src=x onerror=alert(1)> more.'
refuse 'A <a href="#" onclick="steal()">link</a>.'
refuse '<div onmouseover="steal()">hover</div>'
refuse '<svg onload=alert(1)>'
refuse 'Hidden <!-- <script>alert(1)</script> --> comment.'
refuse '[click](javascript:alert(1))'
refuse '[click](  JaVaScRiPt:alert(1))'
refuse '<javascript:alert(1)>'
refuse '[click](vbscript:msgbox)'
refuse '[click](data:text/html,%3Cscript%3Ealert(1)%3C/script%3E)'
refuse $'[click][ref]\n\n[ref]: javascript:alert(1)'

# Markup as text builds, and stays text.
make_book "$tmp/text" \
  $'# 标题\n\n代码 `<script>alert(1)</script>` 与 \\<b onclick="x">。\n\n```\n<script>alert(2)</script>\n```\n' \
  $'# Title\n\nCode `<script>alert(1)</script>` and \\<b onclick="x">.\n\n```\n<script>alert(2)</script>\n```\n'
printf 'author[en]=<script>alert(3)</script>\nsubtitle[en]=<img src=x onerror=alert(4)>\n' \
  >>"$tmp/text/book.ini"
hostile_build text "$tmp/text" "$tmp/out" -
grep -qF '<script>alert(1)</script>' "$tmp/out/text.txt" || fail "text: code span missing from the PDF"
mkdir -p "$tmp/out/text.x" && (cd "$tmp/out/text.x" && unzip -q ../text.epub) || fail "text: unzip"
python3 - "$tmp/out/text.x" <<'PY' || status=1
import glob, sys
import xml.etree.ElementTree as ET
bad, texts = [], []
for path in sorted(glob.glob(sys.argv[1] + "/EPUB/*.xhtml")):
    root = ET.parse(path).getroot()
    texts.append("".join(root.itertext()))
    for el in root.iter():
        tag = el.tag.split("}")[-1]
        if tag == "script":
            bad.append("%s: <script> element" % path)
        bad += ["%s: <%s %s=...>" % (path, tag, a) for a in el.attrib if a.split("}")[-1].lower().startswith("on")]
joined = "".join(texts)
for want in ("<script>alert(1)</script>", "<script>alert(2)</script>", '<b onclick="x">',
             "<script>alert(3)</script>"):
    if want not in joined:
        bad.append("text %r is not in the EPUB as text" % want)
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
exit $status
