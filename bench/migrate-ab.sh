#!/usr/bin/env bash
# gmig against precopy (the D1 benchmark's run) with two builds of genscope, interleaved A B A B ...
# on the same idle machine, so that a change is measured against its base in one phase of the host:
#   bash bench/migrate-ab.sh OLD.jar NEW.jar [RUNS=4]
# Make OLD.jar from a commit with: git worktree add /tmp/base COMMIT && (cd /tmp/base && mvn -B -q package -DskipTests)
# Each run: a fresh receiver JVM and a fresh sender JVM, default workload (1G memory, 512M graphics),
# 10 Gbit/s token bucket, loopback TCP, --verify. Prints one line per gmig run and the medians.
set -euo pipefail
old=$1 new=$2 runs=${3:-4}
out=$(mktemp -d)
port=${GENSCOPE_BENCH_PORT:-47392}
echo "load before: $(uptime)"
for i in $(seq 1 "$runs"); do
  for v in old new; do
    jar=$old; [ "$v" = new ] && jar=$new
    java -jar "$jar" receive --listen "$port" --sessions 2 --json > "$out/receive-$v-$i.jsonl" &
    receiver=$!
    sleep 2
    java -jar "$jar" migrate --policy precopy,gmig --to "tcp:127.0.0.1:$port" --bandwidth 10Gbit --verify --json \
      > "$out/migrate-$v-$i.json" || true
    wait "$receiver" || true
  done
done
echo "load after: $(uptime)"
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
print("| build | run | gmig downtime ms | gmig pages in downtime | precopy pages in downtime | fewer | one-shot round ms | verified |")
print("|---|---|---|---|---|---|---|---|")
for v in ("old", "new"):
    d = []
    for i in range(1, runs + 1):
        m = json.load(open(f"{out}/migrate-{v}-{i}.json"))
        # reports of today's builds carry genscope's figures under "vgpu" (query-migrate's shape)
        by = {r["policy"]: r for r in (x.get("vgpu", x) for x in m["runs"])}
        g, p = by["gmig"], by["precopy"]
        d.append(g["downtime_ms"])
        one_shot = next((r["ms"] for r in g["rounds"] if r["phase"] == "gpu-copy"), 0)
        print(f"| {v} | {i} | {g['downtime_ms']:.1f} | {g['pages_sent_downtime']} | {p['pages_sent_downtime']} | "
              f"{100 * (1 - g['pages_sent_downtime'] / p['pages_sent_downtime']):.1f}% | {one_shot:.0f} | "
              f"{g['verified'] and p['verified']} |")
    print(f"\n{v}: gmig downtime median {statistics.median(d):.1f} ms, min {min(d):.1f}, max {max(d):.1f}")
PY
