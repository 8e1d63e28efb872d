#!/usr/bin/env bash
# Migration on a captured workload (issue D2): precopy, gmig and genscope in one run on iris-tgl
# replayed in a loop (capture-driven GPU writes), 10 Gbit/s token bucket, loopback TCP to a
# receiver in its own JVM, --verify. Run on an otherwise idle machine:
#   bash bench/migrate-capture.sh          (about 1 minute; GENSCOPE_BENCH_RUNS=N repeats the run)
# Results go to bench-out/ (migrate-capture-N.json, receive-capture.jsonl) and a summary to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/bench-out"
mkdir -p "$out"
if [ -z "${GENSCOPE_BENCH_NOBUILD:-}" ]; then
  mvn -B -q -DskipTests package -pl repl -am
fi
runs=${GENSCOPE_BENCH_RUNS:-1}
port=${GENSCOPE_BENCH_PORT:-47392}
workload="capture:fixtures/captures/iris-tgl.aub.xz,loop"
java -jar repl/target/genscope.jar receive --listen "$port" --sessions $((3 * runs)) --json > "$out/receive-capture.jsonl" &
receiver=$!
sleep 2
echo "load before: $(uptime)"
for i in $(seq 1 "$runs"); do
  java -jar repl/target/genscope.jar migrate --workload "$workload" --policy precopy,gmig,genscope \
    --to "tcp:127.0.0.1:$port" --bandwidth 10Gbit --verify --json > "$out/migrate-capture-$i.json" || true
done
echo "load after: $(uptime)"
wait "$receiver" || true
python3 - "$out" "$runs" <<'PY'
import json, sys
out, runs = sys.argv[1], int(sys.argv[2])
print("\n## precopy, gmig and genscope on iris-tgl looping, 10 Gbit/s, loopback TCP, --verify\n")
print("| run | policy | downtime ms | vGPU stall ms | pages in downtime | MB in downtime | MB sent | total ms | rounds (pages) | skipped by hash | stop re-hash ms | verified |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|")
for i in range(1, runs + 1):
    m = json.load(open(f"{out}/migrate-capture-{i}.json"))
    by = {}
    for r in (x.get("vgpu", x) for x in m["runs"]):
        by[r["policy"]] = r
        rounds = " / ".join(f"{x['phase']} {x['pages']}" for x in r["rounds"])
        print(f"| {i} | {r['policy']} | {r['downtime_ms']:.1f} | {r.get('gpu_stall_ms', r['downtime_ms']):.1f} | {r['pages_sent_downtime']} | {r['bytes_sent_downtime']/1e6:.2f} | "
              f"{r['bytes_sent']/1e6:.1f} | {r['total_ms']:.0f} | {rounds} | {r['pages_skipped_by_hash']} | "
              f"{r['stop_hash_ms']:.1f} | {r['verified']} |")
    p, g, s = by.get("precopy"), by.get("gmig"), by.get("genscope")
    if p and g and s:
        cut = 100.0 * (p["pages_sent_downtime"] - g["pages_sent_downtime"]) / max(1, p["pages_sent_downtime"])
        print(f"\nrun {i}: gmig sends {cut:.1f}% fewer pages during downtime than precopy; genscope against gmig: "
              f"downtime {s['downtime_ms']:.1f} vs {g['downtime_ms']:.1f} ms (vGPU stall {s.get('gpu_stall_ms', 0):.1f} vs {g['downtime_ms']:.1f}), bytes {s['bytes_sent']} vs {g['bytes_sent']} "
              f"({g['bytes_sent'] - s['bytes_sent']} fewer)\n")
PY
