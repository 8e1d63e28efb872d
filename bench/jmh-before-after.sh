#!/usr/bin/env bash
# In-JVM full decode with printing (JMH DecodeBench.fullPrint, and fullDecode for reference) of two
# builds of the benchmarks jar, interleaved (before, after, before, after ...: ROUNDS forks each),
# to compare a change with what came before it on the same machine at the same time:
#   bash bench/jmh-before-after.sh BEFORE.jar AFTER.jar
# Make a jar with `mvn -B -q -o -Pbench -pl bench package -DskipTests` (bench/target/benchmarks.jar)
# on each version and keep a copy outside the repository. Prints a Markdown table: medians of the
# forks' scores, MB/s of command dwords (4 MiB per operation), and after/before.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
before=$1
after=$2
ROUNDS=${ROUNDS:-3}
BENCH=${BENCH:-'DecodeBench.full'}
out=$(mktemp -d)
for r in $(seq "$ROUNDS"); do
  for which in before after; do
    jar=$before
    [ "$which" = after ] && jar=$after
    java -Dgenscope.fixtures="$root/fixtures" -jar "$jar" "$BENCH" -f 1 -wi 2 -w 2s -i 3 -r 2s \
      -rf json -rff "$out/$which-$r.json" >/dev/null
  done
done
python3 - "$out" "$ROUNDS" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import glob, json, os, statistics, sys
out, rounds, load = sys.argv[1], int(sys.argv[2]), sys.argv[3]
scores = {}
for f in glob.glob(os.path.join(out, "*.json")):
    which = os.path.basename(f).split("-")[0]
    for r in json.load(open(f)):
        key = (r["benchmark"].split(".")[-1], r["params"]["capture"])
        scores.setdefault(key, {}).setdefault(which, []).append(r["primaryMetric"]["score"])
mib = 4 * 1.048576
print(f"JMH `-f 1 -wi 2 -w 2s -i 3 -r 2s`, {rounds} forks of each jar, interleaved; medians; load average {load} at the end.\n")
print("| benchmark | capture | before: ops/s (MB/s) | after: ops/s (MB/s) | after / before |\n|---|---|---|---|---|")
for (name, cap), s in sorted(scores.items()):
    b = statistics.median(s.get("before", [float("nan")]))
    a = statistics.median(s.get("after", [float("nan")]))
    print(f"| {name} | {cap} | {b:.2f} ({b*mib:.1f}) | {a:.2f} ({a*mib:.1f}) | {a/b:.1f} |")
PY
rm -rf "$out"
