#!/usr/bin/env bash
# Where the start of `genscope decode --headers` goes: each step adds one thing to the one before,
# so the differences between rows are the cost of that thing. Medians of RUNS (default 7) runs,
# interleaved; prints a Markdown table.
#   bash bench/startup.sh [BIG_CAPTURE]
# Rows: the JVM alone with the launcher's options; the jar, class-data sharing archive, argument
# parsing (decode skips picocli: cli.QuickDecode), spec load and decoding a one-dword raw buffer; the
# headers of a small uncompressed real capture; the headers of the big capture (bench/vs-aubinator.sh
# makes it); last, apart, `--version`, which still goes through picocli.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
RUNS=${RUNS:-7}
GENSCOPE=${GENSCOPE:-./genscope}
DATA=${DATA:-/work/bench-data}
mkdir -p "$DATA" 2>/dev/null || DATA="$root/bench-out"
mkdir -p "$DATA"
big="${1:-$DATA/big-tgl.aub}"
small="$DATA/iris-tgl.aub"
[ -f "$small" ] || xz -dc fixtures/captures/iris-tgl.aub.xz > "$small"
raw="$DATA/noop.bin"
printf '\0\0\0\0' > "$raw"   # one MI_NOOP
"$GENSCOPE" decode --headers fixtures/captures/iris-tgl.aub.xz >/dev/null   # jar and CDS archive up to date
cat "$small" "$big" >/dev/null 2>&1 || true
times="$DATA/startup.times"
: > "$times"
run() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$DATA/time.one" "$@" >/dev/null 2>&1 || true
  awk -v n="$name" '{printf "%s %s %.3f\n", n, $1, $2 + $3}' "$DATA/time.one" >> "$times"
}
for i in $(seq "$RUNS"); do
  run jvm java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto -version
  run version "$GENSCOPE" --version
  run spec "$GENSCOPE" decode --raw --gen tgl --headers "$raw"
  run small "$GENSCOPE" decode --headers "$small"
  [ -f "$big" ] && run big "$GENSCOPE" decode --headers "$big"
done
python3 - "$times" "$(stat -c %s "$small")" "$( [ -f "$big" ] && stat -c %s "$big" || echo 0)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    n, w, c = line.split()
    rows.setdefault(n, []).append((float(w), float(c)))
small, big, load = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
labels = [("jvm", "`java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -version` (the JVM alone)"),
          ("spec", "`genscope decode --raw --gen tgl --headers` one MI_NOOP (+ jar, CDS archive, arguments, spec load, decode path)"),
          ("small", f"`genscope decode --headers` iris-tgl.aub, {small/1e6:.0f} MB uncompressed (+ AUB reading)"),
          ("big", f"`genscope decode --headers` big-tgl.aub, {big/1e6:.0f} MB"),
          ("version", "`genscope --version` (apart: the JVM, jar, CDS archive and picocli's start; compare with the first row)")]
print(f"Medians of {len(rows['jvm'])} interleaved runs; load average {load} at the end.\n")
print("| step | wall (ms) | user+sys CPU (ms) | wall added by the step (ms) |\n|---|---|---|---|")
prev = None
rows_ms = {k: statistics.median(x for x, _ in v) * 1000 for k, v in rows.items()}
for key, label in labels:
    if key not in rows:
        continue
    w = statistics.median(x for x, _ in rows[key]) * 1000
    c = statistics.median(y for _, y in rows[key]) * 1000
    base = rows_ms["jvm"] if key == "version" else prev
    print(f"| {label} | {w:.0f} | {c:.0f} | {'' if base is None else f'{w - base:+.0f}'} |")
    prev = w
PY
