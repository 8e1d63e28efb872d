#!/usr/bin/env bash
# Benchmarks for genscope; writes the decode part of docs/benchmarks.md (everything before the
# first "## Migration" heading; the migration sections, written by bench/migrate*.sh runs, and the
# hand-written "### What the figures say" notes are kept as they are). Run on an otherwise idle machine:
#   bash bench/run.sh            (about 3 minutes)
# In-JVM: JMH DecodeBench (header walk and full decode over real command dwords) and RewriteBench
# (GGTT address rewriting over the same dwords).
# Whole process: ./genscope decode on a ~480 MB capture (iris-tgl repeated) against md5sum of the
# same file, 5 runs each (median), JVM heap capped at 256 MB.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/bench-out"
mkdir -p "$out"
mvn -B -q -Pbench -DskipTests install
java -Dgenscope.fixtures="$root/fixtures" -jar bench/target/benchmarks.jar 'DecodeBench|RewriteBench' \
  -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$out/jmh.json" | tee "$out/jmh.txt"
big="$out/big-tgl.aub"
[ -f "$big" ] || java -cp bench/target/benchmarks.jar io.genscope.bench.MakeBigCapture \
  fixtures/captures/iris-tgl.aub.xz "$big" 480
./genscope decode --headers fixtures/captures/iris-tgl.aub.xz >/dev/null   # build jar and CDS archive
cat "$big" >/dev/null                                                      # warm the page cache
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
timeit() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
md5=$(for i in 1 2 3 4 5; do timeit md5sum "$big"; done | median)
full=$(for i in 1 2 3 4 5; do GENSCOPE_JAVA_OPTS=-Xmx256m timeit ./genscope decode "$big"; done | median)
hdrs=$(for i in 1 2 3 4 5; do GENSCOPE_JAVA_OPTS=-Xmx256m timeit ./genscope decode --headers "$big"; done | median)
heap=$(GENSCOPE_JAVA_OPTS="-Xmx256m -Xlog:gc:file=$out/gc.log -Xlog:gc+heap+exit:file=$out/heap.log" \
  ./genscope decode "$big" >/dev/null; python3 - "$out/gc.log" "$out/heap.log" <<'PY'
import re, sys
gc = [int(x) for x in re.findall(r'(\d+)M->\d+M', open(sys.argv[1]).read())]
used = sum(int(x) for x in re.findall(r'(?:new|tenured|old) generation +total \d+K, used (\d+)K', open(sys.argv[2]).read())) // 1024
print(max(gc + [used]))
PY
)
size=$(stat -c %s "$big")
kept="$out/benchmarks-kept.md"
notes="$out/benchmarks-notes.md"
side="$out/benchmarks-side.md"
sed -n '/^## Migration/,$p' docs/benchmarks.md > "$kept" 2>/dev/null || : > "$kept"
# the side-by-side section written by bench/vs-aubinator.sh is kept too
sed -n "/^## Side by side with Mesa's aubinator/,/^##/p" docs/benchmarks.md | sed '/^##/{/Side by side/!d}' > "$side" 2>/dev/null || : > "$side"
sed -n '/^### What the figures say/,/^## Migration/p' docs/benchmarks.md | sed '$d' > "$notes" 2>/dev/null || : > "$notes"
python3 - "$out/jmh.json" "$md5" "$full" "$hdrs" "$size" "${heap:-0}" > docs/benchmarks.md <<'PY'
import json, sys, platform, subprocess
jmh = json.load(open(sys.argv[1])); md5, full, hdrs = map(float, sys.argv[2:5]); size = int(sys.argv[5]); heap = int(sys.argv[6])
mib = 4  # DecodeBench processes 4 MiB of command dwords per operation
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True, text=True).stdout.strip()
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
print("# genscope benchmarks\n")
print(f"Machine: {cpu}, {subprocess.run(['nproc'],capture_output=True,text=True).stdout.strip()} cores; {java}.\n")
print("Produced by `bash bench/run.sh` (JMH 1.37 `-f 1 -wi 3 -w 2s -i 5 -r 2s`; whole-process figures are the median of 5 runs with a warm page cache).\n")
print("## In-JVM decode and rewrite throughput (JMH `DecodeBench`, `RewriteBench`)\n")
print("Real command dwords of the bundled captures (every command their submissions execute, repeated to 4 MiB).\n")
print("| benchmark | capture | ops/s | MB/s of command dwords |\n|---|---|---|---|")
for r in jmh:
    name = r["benchmark"].split(".")[-1]; p = r["params"]["capture"]; s = r["primaryMetric"]["score"]; e = r["primaryMetric"]["scoreError"]
    print(f"| {name} | {p} | {s:.1f} ± {e:.1f} | {s*mib*1.048576:.0f} |")
print("\n## Whole process on a large capture\n")
print(f"`bench-out/big-tgl.aub`: {size/1e6:.0f} MB, iris-tgl's packets repeated (`io.genscope.bench.MakeBigCapture`).\n")
print("| command | wall time (s) | relative to md5sum |\n|---|---|---|")
print(f"| `md5sum big-tgl.aub` | {md5:.2f} | 1.00 |")
print(f"| `GENSCOPE_JAVA_OPTS=-Xmx256m ./genscope decode big-tgl.aub > /dev/null` | {full:.2f} | {full/md5:.2f} |")
print(f"| `GENSCOPE_JAVA_OPTS=-Xmx256m ./genscope decode --headers big-tgl.aub > /dev/null` | {hdrs:.2f} | {hdrs/md5:.2f} |")
print(f"\nLargest heap occupancy seen by the GC during the full decode (`-Xlog:gc` before each collection and `-Xlog:gc+heap+exit` at the end): {heap} MB (cap: `-Xmx256m`). "
      "The capture is memory-mapped; pages written whole by one packet stay in the mapping, so the heap does not grow with the file.")
print("\nMesa's aubinator on the same kind of file: `bash bench/vs-aubinator.sh` (next section).")
PY
# the notes end with the blank line that stood before "## Migration"
printf '\n' >> docs/benchmarks.md
if [ -s "$side" ]; then
  cat "$side" >> docs/benchmarks.md
fi
if [ -s "$notes" ]; then
  cat "$notes" >> docs/benchmarks.md
fi
if [ -s "$kept" ]; then
  cat "$kept" >> docs/benchmarks.md
fi
cat docs/benchmarks.md
