#!/usr/bin/env bash
# What the EU disassembly under the "Referenced ... shader:" headings costs a full decode: the same
# jar decodes the large capture with kernels disassembled (as shipped) and without (the bench-only
# switch -Dgenscope.decode.kernels=none), interleaved, and the medians go into a markdown section.
#   bash bench/kernels-cost.sh [CAPTURE]
# CAPTURE defaults to $DATA/big-tgl.aub, made when missing by io.genscope.bench.MakeBigCapture from the
# bundled iris-tgl capture (about 480 MB, 40 frames), as bench/vs-aubinator.sh does. DATA defaults to
# /work/bench-data (bench-out/ when that is not writable). JAR (default repl/target/genscope.jar, built
# with `mvn -B -q -o -pl repl package -DskipTests`) is copied to $DATA first, so builds running meanwhile
# do not change what is measured; it runs with the launcher's options (C1 only, serial collector, a
# class-data-sharing archive of its own) and -Xmx256m. One warm-up round, then RUNS rounds (default 11)
# of: with, without (A B A B ...); medians, and the medians of the rounds' differences; page cache
# warm; output to /dev/null.
# Prints the section; docs/benchmarks.md keeps it under "EU disassembly in the full decode".
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=bench/decode-timing.sh
. bench/decode-timing.sh
RUNS=${RUNS:-11}
DATA=${DATA:-/work/bench-data}
mkdir -p "$DATA" 2>/dev/null || DATA="$root/bench-out"
mkdir -p "$DATA"
big="${1:-$DATA/big-tgl.aub}"
big_capture "$big"
jar="$DATA/kernels-cost.jar"
jsa="$DATA/kernels-cost.jsa"
cp "${JAR:-repl/target/genscope.jar}" "$jar"
rm -f "$jsa"
java -XX:ArchiveClassesAtExit="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off -cp "$jar" io.genscope.cli.Main \
  decode fixtures/captures/iris-tgl.aub.xz >/dev/null 2>&1 || rm -f "$jsa"
gs=(java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile="$jsa" -Xlog:cds=off -Xlog:cds+dynamic=off
  -Xmx256m)
cat "$big" >/dev/null   # page cache warm
# what each variant prints: the disassembly must really be there, and only there
with_lines=$("${gs[@]}" -cp "$jar" io.genscope.cli.Main decode "$big" | wc -l)
without_lines=$("${gs[@]}" -Dgenscope.decode.kernels=none -cp "$jar" io.genscope.cli.Main decode "$big" | wc -l)
TIMES="$DATA/kernels-cost.times"
: > "$TIMES"
round() {
  timed with "${gs[@]}" -cp "$jar" io.genscope.cli.Main decode "$big"
  timed without "${gs[@]}" -Dgenscope.decode.kernels=none -cp "$jar" io.genscope.cli.Main decode "$big"
}
round
: > "$TIMES"   # the warm-up round is not counted
for i in $(seq "$RUNS"); do
  round
done
load=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$TIMES" "$big" "$RUNS" "$load" "$with_lines" "$without_lines" "$(date -u '+%Y-%m-%d %H:%M UTC')" <<'PY'
import os, statistics, sys
times, big, runs, load, with_lines, without_lines, when = sys.argv[1:8]
rows = {}
for line in open(times):
    name, wall, cpu = line.split()
    rows.setdefault(name, []).append((float(wall), float(cpu)))
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in rows.items()}
base = med["without"]
print("### EU disassembly in the full decode (issue H)\n")
print(f"Produced by `bash bench/kernels-cost.sh` at {when} (load average {load} when the run ended). "
      f"`{os.path.basename(big)}`: {os.path.getsize(big) / 1e6:.0f} MB. One jar, the launcher's JVM options and "
      f"`-Xmx256m`; \"without\" adds the bench-only switch `-Dgenscope.decode.kernels=none` (headings printed, "
      f"nothing below them: the output before the disassembler). A warm-up round, then {runs} rounds of "
      f"with, without; medians; page cache warm; output to /dev/null.\n")
print("| full decode | output lines | wall (s) | user+sys CPU (s) | wall / without's | CPU / without's |")
print("|---|---|---|---|---|---|")
for name, lines in (("with", with_lines), ("without", without_lines)):
    w, c = med[name]
    print(f"| {name} kernels | {int(lines):,} | {w:.2f} | {c:.2f} | {w / base[0]:.3f} | {c / base[1]:.3f} |")
# each round ran both variants back to back: the median of the rounds' differences is steadier
# on a shared machine than the difference of the medians
pairs = list(zip(rows["with"], rows["without"]))
dw = statistics.median(w[0] - wo[0] for w, wo in pairs)
dc = statistics.median(w[1] - wo[1] for w, wo in pairs)
print(f"\nWith minus without, median of the {len(pairs)} rounds' differences: wall {dw:.3f} s "
      f"({dw / base[0] * 100:.1f}% of without's median), CPU {dc:.3f} s ({dc / base[1] * 100:.1f}%).")
print()
print("Each run, in order (wall s): " + "; ".join(
    f"{k} " + " ".join(f"{w:.2f}" for w, _ in v) for k, v in rows.items()))
PY
