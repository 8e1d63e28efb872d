#!/usr/bin/env bash
# Migration benchmarks (issue D1); run on an otherwise idle machine:
#   bash bench/migrate.sh            (about 3 minutes; GENSCOPE_BENCH_RUNS=N sets the number of runs, 5)
# 1. JMH HashBench: page-hash throughput on one thread (4 KiB pages, off-heap, cache- and DRAM-resident).
# 2. gmig against precopy in one run, repeated: default synthetic workload (1G memory, 512M graphics),
#    10 Gbit/s token bucket, loopback TCP to a receiver in its own JVM (a fresh sender and receiver
#    for every run), --verify.
# Results go to bench-out/ (hash.json, migrate-N.json, receive-N.jsonl) and a summary to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/bench-out"
mkdir -p "$out"
mvn -B -q -Pbench -DskipTests package
java -jar bench/target/benchmarks.jar HashBench -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff "$out/hash.json" \
  | tee "$out/hash.txt"
port=${GENSCOPE_BENCH_PORT:-47391}
runs=${GENSCOPE_BENCH_RUNS:-5}
echo "load before: $(uptime)"
for i in $(seq 1 "$runs"); do
  java -jar repl/target/genscope.jar receive --listen "$port" --sessions 2 --json > "$out/receive-$i.jsonl" &
  receiver=$!
  sleep 2
  java -jar repl/target/genscope.jar migrate --policy precopy,gmig --to "tcp:127.0.0.1:$port" --bandwidth 10Gbit \
    --verify --json > "$out/migrate-$i.json" || true
  wait "$receiver" || true
done
echo "load after: $(uptime)"
python3 - "$out/hash.json" "$out" "$runs" <<'PY'
import json, statistics, sys
hash_runs = json.load(open(sys.argv[1]))
out, runs = sys.argv[2], int(sys.argv[3])
print("\n## Page hashing, one thread (JMH HashBench, 4 MiB per op)\n")
print("| benchmark | working set | GB/s |\n|---|---|---|")
for r in hash_runs:
    s = r["primaryMetric"]["score"]; e = r["primaryMetric"]["scoreError"]
    print(f"| {r['benchmark'].split('.')[-1]} | {r['params']['set']} | {s*4*1048576/1e9:.2f} ± {e*4*1048576/1e9:.2f} |")
print("\n## gmig against precopy, default workload, 10 Gbit/s, loopback TCP\n")
print("| run | policy | downtime ms | pages in downtime | MB in downtime | total ms | rounds (pages) | skipped by hash | stop re-hash ms | device state ms | END to resumed ms | verified |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
gmig, cut = [], []
for i in range(1, runs + 1):
    m = json.load(open(f"{out}/migrate-{i}.json"))
    by = {}
    for r in (x.get("vgpu", x) for x in m["runs"]):
        by[r["policy"]] = r
        rounds = " / ".join(f"{x['phase']} {x['pages']}" for x in r["rounds"])
        print(f"| {i} | {r['policy']} | {r['downtime_ms']:.1f} | {r['pages_sent_downtime']} | {r['bytes_sent_downtime']/1e6:.1f} | "
              f"{r['total_ms']:.0f} | {rounds} | {r['pages_skipped_by_hash']} | {r['stop_hash_ms']:.1f} | "
              f"{r['device_state_ms']:.1f} | {r['resume_wait_ms']:.1f} | {r['verified']} |")
    if "gmig" in by and "precopy" in by:
        gmig.append(by["gmig"]["downtime_ms"])
        cut.append(100 * (1 - by["gmig"]["pages_sent_downtime"] / by["precopy"]["pages_sent_downtime"]))
if gmig:
    print(f"\ngmig downtime over {len(gmig)} runs: median {statistics.median(gmig):.1f} ms, min {min(gmig):.1f}, "
          f"max {max(gmig):.1f}; {sum(d < 100 for d in gmig)} of {len(gmig)} under 100 ms. Pages sent during downtime: "
          f"{min(cut):.1f}-{max(cut):.1f}% fewer than precopy (gMig's paper: 80%).")
PY
