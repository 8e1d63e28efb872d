#!/usr/bin/env bash
# Compression benchmark (issue D2, item 5); run on an otherwise idle machine:
#   bash bench/migrate-compress.sh          (about 2 minutes)
# The default synthetic workload (1G memory, 512M graphics) with page contents that compress about
# 3:1 with LZ4 (compressibility=3), 1 Gbit/s token bucket, loopback TCP to a receiver in its own JVM,
# --verify; precopy and gmig, each with --compress none, lz4 and delta.
# Results go to bench-out/ (compress-<mode>.json, receive-compress.jsonl) and a summary to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/bench-out"
mkdir -p "$out"
workload=${GENSCOPE_BENCH_WORKLOAD:-synthetic:compressibility=3}
bandwidth=${GENSCOPE_BENCH_BANDWIDTH:-1Gbit}
mvn -B -q -o -DskipTests package -pl repl -am 2>/dev/null || mvn -B -q -DskipTests package -pl repl -am
echo "load before: $(uptime)"
port=${GENSCOPE_BENCH_PORT:-47392}
java -jar repl/target/genscope.jar receive --listen "$port" --sessions 6 --json > "$out/receive-compress.jsonl" &
receiver=$!
sleep 2
for mode in none lz4 delta; do
  java -jar repl/target/genscope.jar migrate --workload "$workload" --policy precopy,gmig --compress "$mode" \
    --to "tcp:127.0.0.1:$port" --bandwidth "$bandwidth" --verify --json > "$out/compress-$mode.json" || true
done
wait "$receiver" || true
echo "load after: $(uptime)"
python3 - "$out" "$workload" "$bandwidth" <<'PY'
import json, sys
out, workload, bandwidth = sys.argv[1:4]
runs = {}
for mode in ("none", "lz4", "delta"):
    for r in (x.get("vgpu", x) for x in json.load(open(f"{out}/compress-{mode}.json"))["runs"]):
        runs[(r["policy"], mode)] = r
print(f"\n## Compression: {workload}, {bandwidth}, loopback TCP, --verify\n")
print("| policy | --compress | total ms | vs none | downtime ms | MB sent | ratio | lz4 / delta / raw / zero pages | encode ms | verified |")
print("|---|---|---|---|---|---|---|---|---|---|")
for policy in ("precopy", "gmig"):
    base = runs[(policy, "none")]["total_ms"]
    for mode in ("none", "lz4", "delta"):
        r = runs[(policy, mode)]
        c = r.get("compression")
        kinds = "-" if c is None else f"{c['lz4_pages']} / {c['delta_pages']} / {c['raw_pages']} / {c['zero_pages']}"
        ratio = "-" if c is None else f"{c['ratio']:.2f}"
        enc = "-" if c is None else f"{c['encode_ms']:.0f}"
        print(f"| {policy} | {mode} | {r['total_ms']:.0f} | {base / r['total_ms']:.2f}x | {r['downtime_ms']:.1f} | "
              f"{r['bytes_sent']/1e6:.1f} | {ratio} | {kinds} | {enc} | {r['verified']} |")
PY
