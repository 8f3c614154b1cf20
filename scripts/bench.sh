#!/usr/bin/env bash
# bench.sh DIGLOT — `make bench`: how fast diglot publishes, and the floor.
#
# Builds the seed book (content/cyberspace) and copies of it 10x and 40x
# larger in which every paragraph is distinct (scripts/make-bench-book.sh
# puts a copy number at the head of each block: no verbatim repeats, so
# no cache of whole paragraphs or pages can help). For each book and each
# output (PDF, EPUB, both in one process) it runs `diglot build` RUNS times under
# /usr/bin/time -v and prints the best wall time, pages per second and the
# peak RSS. Then the floor: HarfBuzz alone shaping all the text once with
# the same fonts (tests/bench/hb_floor), and the ratio of each PDF time to
# it. Last, the targets of issue 7, each marked ok or MISSED.
#
# Wall times depend on what else the machine runs; for comparisons that
# must hold, count instructions: valgrind --tool=callgrind DIGLOT build ...
#
# Environment: RUNS (default 3), BENCH_DIR (default: a fresh temp folder,
# removed at the end), BENCH_BOOK (default content/cyberspace).
# CALLGRIND=1: instead of timing, count instructions (valgrind callgrind,
# deterministic, so comparable on a loaded machine) for the 1x and 10x
# books, with the HarfBuzz floor counted the same way; the profiles stay
# in BENCH_DIR for callgrind_annotate.
set -euo pipefail
cd "$(dirname "$0")/.."
diglot=${1:?usage: bench.sh path/to/diglot}
diglot=$(cd "$(dirname "$diglot")" && pwd)/$(basename "$diglot")
floor_bin=$(dirname "$diglot")/tests/bench/hb_floor
runs=${RUNS:-3}
seed=${BENCH_BOOK:-content/cyberspace}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1570000000} LC_ALL=C.UTF-8

for tool in /usr/bin/time pdfinfo; do
  [ -x "$(command -v $tool)" ] || { echo "bench: $tool is missing (make deps)" >&2; exit 1; }
done
[ -x "$floor_bin" ] || { echo "bench: $floor_bin is missing (build first)" >&2; exit 1; }

if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR; mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/diglot-bench.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi

# The fonts the templates use, as the manifest pins them; the CJK .ttc
# holds several faces, hb_floor needs the index of the SC one.
font_file() { awk -F' *\\| *' -v fam="$1" '$1 == fam { print $3 }' fonts/MANIFEST; }
zh_file=$(font_file "Noto Serif CJK SC")
en_file=$(font_file "EB Garamond 12")
zh_index=$(fc-query -f '%{index}|%{family}\n' "$zh_file" | awk -F'|' '$2 ~ /(^|,)Noto Serif CJK SC(,|$)/ { print $1; exit }')
zh_font="$zh_file:${zh_index:-0}"

declare -A books=([1]="$seed")
for n in 10 40; do
  bash scripts/make-bench-book.sh "$seed" "$work/book-${n}x" "$n"
  books[$n]="$work/book-${n}x"
done

# measure KIND BOOK OUT → sets WALL (best, s) and RSS (max, MB); KIND
# "both" writes OUT.pdf and OUT.epub in one process, as `make` does.
measure() {
  local kind=$1 book=$2 out=$3 best="" rss=0 log="$work/time.log" args
  if [ "$kind" = both ]; then args=(--pdf "$out.pdf" --epub "$out.epub"); else args=("--$kind" "$out"); fi
  for ((r = 0; r < runs; r++)); do
    rm -f "$out" "$out.pdf" "$out.epub"
    if ! /usr/bin/time -v "$diglot" build "$book" "${args[@]}" 2>"$log" >/dev/null; then
      echo "bench: diglot build $book ${args[*]} failed:" >&2; cat "$log" >&2; exit 1
    fi
    local t kb
    t=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
          for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
    kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
    best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (b == "" || a < b) ? a : b }')
    rss=$(awk -v a="$kb" -v b="$rss" 'BEGIN { print (a / 1024 > b) ? a / 1024 : b }')
  done
  WALL=$best RSS=$rss
}

floor_of() { "$floor_bin" "$1" "$zh_font" "$en_file" 3 | awk -F'[= ]' '/^floor_ms=/ { print $2 / 1000 }'; }

# ir OUTFILE ARGS... → total instructions of one run under callgrind
ir() {
  local out=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>"$out.log" \
    || { cat "$out.log" >&2; exit 1; }
  awk '/^==[0-9]+== Collected :/ { print $4 }' "$out.log"
}
# incl PROFILE FUNCTION → inclusive instructions of FUNCTION
incl() {
  callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
    awk -v f="$2" '!found && $0 ~ ":" f " \\[" { gsub(",", "", $1); print $1; found = 1 }'
}

if [ "${CALLGRIND:-0}" = 1 ]; then
  command -v valgrind >/dev/null || { echo "bench: valgrind is missing" >&2; exit 1; }
  printf '%-6s %-5s %7s %16s %13s %15s %9s\n' book out pages "instructions" "per page" "hb_shape floor" "x floor"
  for n in 1 10; do
    book=${books[$n]}
    ir "$work/cg.floor.$n" "$floor_bin" "$book" "$zh_font" "$en_file" 1 >/dev/null
    floor=$(incl "$work/cg.floor.$n" hb_shape)
    for kind in pdf epub both; do
      if [ "$kind" = both ]; then args=(--pdf "$work/cg.$n.pdf" --epub "$work/cg.$n.epub")
      else args=("--$kind" "$work/cg.$n.$kind"); fi
      total=$(ir "$work/cg.$kind.$n" "$diglot" build "$book" "${args[@]}")
      pages=$(pdfinfo "$work/cg.$n.pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
      awk -v n="${n}x" -v k="$kind" -v p="${pages:-0}" -v t="$total" -v f="$floor" 'BEGIN {
        printf "%-6s %-5s %7d %16.0f %13.0f %15.0f %9.1f\n", n, k, p, t, (p ? t / p : 0), f, t / f }'
    done
  done
  echo "(profiles: $work/cg.<out>.<n>; callgrind_annotate --inclusive=yes shows where the instructions go)"
  exit 0
fi

declare -A T P
printf '%-6s %-5s %7s %9s %8s %9s %10s %9s\n' book out pages "wall s" pages/s "RSS MB" "floor s" "x floor"
for n in 1 10 40; do
  book=${books[$n]}
  floor=$(floor_of "$book")
  measure pdf "$book" "$work/$n.pdf"; T[pdf$n]=$WALL; R_pdf=$RSS
  pages=$(pdfinfo "$work/$n.pdf" | awk '/^Pages:/ { print $2 }'); P[$n]=$pages
  measure epub "$book" "$work/$n.epub"; T[epub$n]=$WALL; R_epub=$RSS
  measure both "$book" "$work/$n.both"; T[both$n]=$WALL; R_both=$RSS
  T[floor$n]=$floor; T[rss_pdf$n]=$R_pdf; T[rss_epub$n]=$R_epub
  for kind in pdf epub both; do
    wall=${T[$kind$n]}
    case $kind in pdf) rss=$R_pdf ;; epub) rss=$R_epub ;; both) rss=$R_both ;; esac
    awk -v n="${n}x" -v k="$kind" -v p="$pages" -v w="$wall" -v r="$rss" -v f="$floor" 'BEGIN {
      printf "%-6s %-5s %7d %9.3f %8.0f %9.1f %10.3f %9.1f\n", n, k, p, w, (w > 0 ? p / w : 0), r, f,
             (f > 0 ? w / f : 0) }'
  done
done
echo "(epub: --epub alone, which still typesets the whole book: its page-list names print pages;"
echo " both: --pdf and --epub in one process, as make does: one composition serves the PDF,"
echo " the page-list and the cover; pages/s counts print pages."
echo " Best of $runs runs; wall times depend on machine load, callgrind counts do not.)"

# A catalogue: four copies of the seed book through `batch`, one worker
# process against two (books are the unit of parallelism).
mkdir -p "$work/catalogue"
for i in 1 2 3 4; do rm -rf "$work/catalogue/seed$i"; cp -r "$seed" "$work/catalogue/seed$i"; done
echo
for j in 1 2; do
  /usr/bin/time -f "%e %M" -o "$work/cat.time" "$diglot" batch "$work/catalogue" \
    --out "$work/cat-out" -j "$j" --force >/dev/null
  read -r wall kb <"$work/cat.time"
  T[cat$j]=$wall
  echo "catalogue of 4 seed books, batch -j $j: $wall s (peak RSS of one process: $((kb / 1024)) MB)"
done
awk -v a="${T[cat1]}" -v b="${T[cat2]}" 'BEGIN { printf "  speed-up of -j 2: %.2fx (2 cores, shared with whatever else runs)\n", a / b }'

# Linear growth: the time per extra copy from 10x to 40x against 1x to 10x.
echo
echo "targets (issue 7):"
check() { awk -v v="$2" -v lim="$3" -v what="$1" -v unit="$4" 'BEGIN {
  printf "  %-34s %8.3f %-3s (target < %s) %s\n", what, v, unit, lim, (v < lim ? "ok" : "MISSED") }'; }
check "seed book PDF, wall" "${T[pdf1]}" 0.15 s
check "40x PDF, wall" "${T[pdf40]}" 1.2 s
check "40x EPUB, wall" "${T[epub40]}" 0.3 s
check "40x EPUB beside the PDF (both-pdf)" "$(awk -v a="${T[both40]}" -v b="${T[pdf40]}" 'BEGIN { print a - b }')" 0.3 s
check "40x peak RSS (PDF)" "${T[rss_pdf40]}" 150 MB
check "40x peak RSS (EPUB)" "${T[rss_epub40]}" 150 MB
for kind in pdf epub; do
  slope=$(awk -v a="${T[${kind}1]}" -v b="${T[${kind}10]}" -v c="${T[${kind}40]}" 'BEGIN {
    s1 = (b - a) / 9; s2 = (c - b) / 30; print (s1 > 0 ? s2 / s1 : 0) }')
  check "$kind: s per copy 10x..40x / 1x..10x" "$slope" 1.25 ""
done
