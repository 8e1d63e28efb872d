#!/usr/bin/env bash
# genscope against Mesa's aubinator on the same large capture, in one interleaved run, and md5sum of
# the file in the same run as a yardstick. Writes the section "## Side by side with Mesa's
# aubinator" of docs/benchmarks.md (replaced on each run; bench/run.sh keeps it) and prints it.
#   bash bench/vs-aubinator.sh [CAPTURE]
# CAPTURE defaults to $DATA/big-tgl.aub, made when missing by io.genscope.bench.MakeBigCapture
# from the bundled iris-tgl capture (about 480 MB, 40 frames). DATA (default /work/bench-data, or
# bench-out/ when that is not writable) keeps it out of the repository.
# aubinator comes from bench/build-aubinator.sh (built there when missing).
# Each round runs: md5sum, genscope full decode, aubinator full decode, genscope --headers,
# aubinator --headers (A B A B ...); one warm-up round, then RUNS rounds (default 7); medians. Then
# the two full outputs are compared past their banners (the section says whether they are the same).
# genscope runs with its launcher's options and GENSCOPE_JAVA_OPTS=-Xmx256m (GENSCOPE names another
# launcher, e.g. one running a jar kept aside for a before/after comparison). With GENSCOPE_BEFORE set
# (another launcher, e.g. of the jar before a change) each round runs that one too, after GENSCOPE.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=bench/decode-timing.sh
. bench/decode-timing.sh
RUNS=${RUNS:-7}
GENSCOPE=${GENSCOPE:-./genscope}
GENSCOPE_BEFORE=${GENSCOPE_BEFORE:-}
DATA=${DATA:-/work/bench-data}
mkdir -p "$DATA" 2>/dev/null || DATA="$root/bench-out"
mkdir -p "$DATA"
aubinator="$(bash bench/build-aubinator.sh | tail -n1)"
big="${1:-$DATA/big-tgl.aub}"
big_capture "$big"
"$GENSCOPE" decode --headers fixtures/captures/iris-tgl.aub.xz >/dev/null   # jar and CDS archive up to date
[ -z "$GENSCOPE_BEFORE" ] || "$GENSCOPE_BEFORE" decode --headers fixtures/captures/iris-tgl.aub.xz >/dev/null
cat "$big" >/dev/null                                                      # page cache warm
export GENSCOPE_JAVA_OPTS=-Xmx256m
TIMES="$DATA/vs-aubinator.times"
: > "$TIMES"
round() {
  timed md5 md5sum "$big"
  timed gs-full "$GENSCOPE" decode "$big"
  timed aub-full "$aubinator" --no-pager --color=never "$big"
  [ -z "$GENSCOPE_BEFORE" ] || timed gsb-full "$GENSCOPE_BEFORE" decode "$big"
  timed gs-headers "$GENSCOPE" decode --headers "$big"
  timed aub-headers "$aubinator" --headers --no-pager --color=never "$big"
  [ -z "$GENSCOPE_BEFORE" ] || timed gsb-headers "$GENSCOPE_BEFORE" decode --headers "$big"
}
round
: > "$TIMES"   # the warm-up round is not counted
for i in $(seq "$RUNS"); do
  round
done
load=$(cut -d' ' -f1-3 /proc/loadavg)
# the largest heap the GC saw during a full decode
gc="$DATA/gc.log"
heap="$DATA/heap.log"
GENSCOPE_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$gc -Xlog:gc+heap+exit:file=$heap" "$GENSCOPE" decode "$big" >/dev/null
heapmb=$(python3 - "$gc" "$heap" <<'PY'
import re, sys
gc = [int(x) for x in re.findall(r'(\d+)M->\d+M', open(sys.argv[1]).read())]
used = sum(int(x) for x in re.findall(r'(?:new|tenured|old) generation +total \d+K, used (\d+)K', open(sys.argv[2]).read())) // 1024
print(max(gc + [used]))
PY
)
# the two full outputs past their five-line banners (program and file names differ there)
"$aubinator" --no-pager --color=never "$big" 2>/dev/null | tail -n +6 > "$DATA/aub-full.out" || true
"$GENSCOPE" decode "$big" 2>/dev/null | tail -n +6 > "$DATA/gs-full.out" || true
difflines=$(diff "$DATA/aub-full.out" "$DATA/gs-full.out" | grep -c '^[<>]' || true)
outlines=$(wc -l < "$DATA/gs-full.out")
rm -f "$DATA/aub-full.out" "$DATA/gs-full.out"
section="$DATA/vs-aubinator.md"
python3 - "$TIMES" "$big" "$RUNS" "$load" "$heapmb" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$GENSCOPE" "$GENSCOPE_BEFORE" \
  "$difflines" "$outlines" > "$section" <<'PY'
import os, statistics, sys
times, big, runs, load, heap, when, gs, gsb, difflines, outlines = sys.argv[1:11]
rows = {}
for line in open(times):
    name, wall, cpu = line.split()
    rows.setdefault(name, []).append((float(wall), float(cpu)))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in rows.items()}
size = os.path.getsize(big)
print("## Side by side with Mesa's aubinator\n")
print(f"Produced by `bash bench/vs-aubinator.sh` at {when} (load average {load} when the run ended). "
      f"`{os.path.basename(big)}`: {size/1e6:.0f} MB, the bundled iris-tgl capture's packets repeated "
      "(`io.genscope.bench.MakeBigCapture`, 40 frames). aubinator is Mesa 22.3.6's, built by "
      "`bench/build-aubinator.sh`. One interleaved run: a warm-up round, then "
      f"{runs} rounds of md5sum, genscope, aubinator (full), genscope, aubinator (`--headers`); "
      "medians; page cache warm; output to /dev/null; genscope through its launcher with "
      "`GENSCOPE_JAVA_OPTS=-Xmx256m`"
      + ("" if gs == "./genscope" else f" (`GENSCOPE={gs}`)")
      + (f"; \"genscope before\" is `GENSCOPE_BEFORE={gsb}`, run after aubinator in each round" if gsb else "")
      + ".\n")
print("| command | wall (s) | user+sys CPU (s) | wall / aubinator's | wall / md5sum's |\n|---|---|---|---|---|")
def row(label, key, ref):
    w, c = med[key]
    rel = f"{w / med[ref][0]:.2f}" if ref else "-"
    print(f"| {label} | {w:.2f} | {c:.2f} | {rel} | {w / med['md5'][0]:.2f} |")
row("`md5sum FILE`", "md5", None)
row("`aubinator --no-pager --color=never FILE`", "aub-full", "aub-full")
row("`genscope decode FILE`", "gs-full", "aub-full")
if "gsb-full" in med:
    row("genscope before: `genscope decode FILE`", "gsb-full", "aub-full")
row("`aubinator --headers --no-pager --color=never FILE`", "aub-headers", "aub-headers")
row("`genscope decode --headers FILE`", "gs-headers", "aub-headers")
if "gsb-headers" in med:
    row("genscope before: `genscope decode --headers FILE`", "gsb-headers", "aub-headers")
print(f"\nLargest heap occupancy the GC saw during genscope's full decode: {heap} MB (cap `-Xmx256m`).")
same = ("the same" if difflines == "0" else f"different in {int(difflines):,} lines")
print(f"\nThe two full outputs past their five-line banners ({int(outlines):,} lines, EU disassembly under the "
      f"\"Referenced ... shader:\" headings included), compared with `diff` in the same run: {same}.\n")
PY
python3 - docs/benchmarks.md "$section" <<'PY'
import sys
doc, sec = open(sys.argv[1]).read().split("\n"), open(sys.argv[2]).read().rstrip("\n").split("\n")
head = "## Side by side with Mesa's aubinator"
if head in doc:
    a = doc.index(head)
    b = next((i for i in range(a + 1, len(doc)) if doc[i].startswith("## ") or doc[i].startswith("### What the figures say")), len(doc))
    doc[a:b] = sec + [""]
else:
    at = next((i for i, l in enumerate(doc) if l.startswith("### What the figures say") or l.startswith("## Migration")), len(doc))
    doc[at:at] = sec + [""]
open(sys.argv[1], "w").write("\n".join(doc))
PY
cat "$section"
