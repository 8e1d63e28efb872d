#!/usr/bin/env bash
# Migration benchmarks (issue D1); run on an otherwise idle machine:
#   bash bench/migrate.sh            (about 4 minutes)
# 1. JMH HashBench: page-hash throughput on one thread (4 KiB pages, off-heap, cache- and DRAM-resident).
# 2. gmig against precopy in one run: default synthetic workload (1G memory, 512M graphics), 10 Gbit/s
#    token bucket, loopback TCP to a receiver in its own JVM, --verify.
# Results go to bench-out/ (hash.json, migrate.json, receive.jsonl) and a summary to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/bench-out"
mkdir -p "$out"
mvn -B -q -Pbench -DskipTests package
java -jar bench/target/benchmarks.jar HashBench -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$out/hash.json" \
  | tee "$out/hash.txt"
port=${GENSCOPE_BENCH_PORT:-47391}
java -jar repl/target/genscope.jar receive --listen "$port" --sessions 2 --json > "$out/receive.jsonl" &
receiver=$!
sleep 2
java -jar repl/target/genscope.jar migrate --policy precopy,gmig --to "tcp:127.0.0.1:$port" --bandwidth 10Gbit \
  --verify --json > "$out/migrate.json" || true
wait "$receiver" || true
python3 - "$out/hash.json" "$out/migrate.json" <<'PY'
import json, sys
hash_runs = json.load(open(sys.argv[1]))
print("\n## Page hashing, one thread (JMH HashBench, 4 MiB per op)\n")
print("| benchmark | working set | GB/s |\n|---|---|---|")
for r in hash_runs:
    s = r["primaryMetric"]["score"]; e = r["primaryMetric"]["scoreError"]
    print(f"| {r['benchmark'].split('.')[-1]} | {r['params']['set']} | {s*4*1048576/1e9:.2f} ± {e*4*1048576/1e9:.2f} |")
m = json.load(open(sys.argv[2]))
print("\n## gmig against precopy, default workload, 10 Gbit/s, loopback TCP\n")
print("| policy | downtime ms | pages in downtime | MB in downtime | total ms | rounds | skipped by hash | stop re-hash ms | verified |")
print("|---|---|---|---|---|---|---|---|---|")
for r in m["runs"]:
    print(f"| {r['policy']} | {r['downtime_ms']:.1f} | {r['pages_sent_downtime']} | {r['bytes_sent_downtime']/1e6:.1f} | "
          f"{r['total_ms']:.0f} | {len(r['rounds'])} | {r['pages_skipped_by_hash']} | {r['stop_hash_ms']:.1f} | {r['verified']} |")
c = m.get("comparison")
if c:
    print(f"\ngmig sends {c['pages_sent_downtime_reduction_pct']:.1f}% fewer pages during downtime than precopy; "
          f"downtime {c['gmig_downtime_ms']:.1f} ms against {c['precopy_downtime_ms']:.1f} ms.")
PY
