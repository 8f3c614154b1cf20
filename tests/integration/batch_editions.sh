#!/usr/bin/env bash
# batch_editions.sh — `editions` in book.ini: a one-language edition and a
# layout edition are written beside the main one, honour --pdf-only, and
# a name that is neither a language nor a layout fails that book alone.
set -euo pipefail
: "${DIGLOT:?}" "${DG_SOURCE_DIR:?}" "${DG_TEST_TMP:?}"
export SOURCE_DATE_EPOCH=1570000000
t="$DG_TEST_TMP/batch_editions"; rm -rf "$t"; mkdir -p "$t/content"
fail() { echo "FAIL: $*" >&2; exit 1; }
cp -r "$DG_SOURCE_DIR/tests/data/catalogue/alpha" "$DG_SOURCE_DIR/tests/data/catalogue/beta" "$t/content/"
echo "editions=en;interleaved" >>"$t/content/alpha/book.ini"
echo "editions=fr" >>"$t/content/beta/book.ini"

set +e
"$DIGLOT" batch "$t/content" --out "$t/out" --pdf-only >"$t/log" 2>&1; code=$?
set -e
[ "$code" -eq 1 ] || { cat "$t/log"; fail "exit $code, expected 1 (beta asks for 'fr')"; }
[ "$(ls "$t/out")" = "$(printf 'alpha.en.pdf\nalpha.interleaved.pdf\nalpha.pdf')" ] \
  || { ls "$t/out"; fail "wrong set of outputs"; }
grep -q "content/beta/book.ini: error: editions: 'fr' is neither a language of the book nor a layout" "$t/log" \
  || { cat "$t/log"; fail "no positioned error for 'fr'"; }
# The English edition holds no Chinese text; the main one does.
pdftotext "$t/out/alpha.en.pdf" - | grep -q 'Cyberspace is the common' || fail "en edition lacks English"
if pdftotext "$t/out/alpha.en.pdf" - | grep -q '网络空间是'; then fail "en edition holds Chinese"; fi
pdftotext "$t/out/alpha.pdf" - | grep -q '网络空间是' || fail "main edition lacks Chinese"
# Editions are incremental like the main one.
"$DIGLOT" batch "$t/content" --out "$t/out" --pdf-only >"$t/log" 2>&1 || true
grep -q '^alpha: up to date$' "$t/log" || { cat "$t/log"; fail "editions rebuilt though current"; }
echo "ok"
