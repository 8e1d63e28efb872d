#!/usr/bin/env bash
# What protecting the link costs: the default workload (synthetic, 1G memory, 512M graphics), gmig,
# no bandwidth limit, loopback TCP, --verify, without protection, with TLS and with a pre-shared key,
# interleaved none tls psk none tls psk ... so that every mode sees the same phases of the host:
#   bash bench/migrate-tls.sh [JAR=repl/target/genscope.jar] [RUNS=5]
# Each run: a fresh receiver JVM and a fresh sender JVM. Uses the test certificates of the migration
# module (migration/src/test/resources/io/genscope/migration/tls). Prints one line per run and the
# medians per mode, with the load average before and after. GENSCOPE_BENCH_WORKLOAD=SPEC migrates
# another workload (a quick check: synthetic:memory=64M,graphics=32M).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=bench/loopback-run.sh
. "$here/bench/loopback-run.sh"
jar=${1:-$here/repl/target/genscope.jar}
runs=${2:-5}
tls=$here/migration/src/test/resources/io/genscope/migration/tls
port=${GENSCOPE_BENCH_PORT:-47393}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf 'benchmark pre-shared key, 32 bytes long\n' > "$out/key.psk"
args_for() {
  case "$1:$2" in
    none:*) ;;
    tls:receive) echo "--tls-cert $tls/server.pem --tls-key $tls/server.key --tls-ca $tls/ca.pem" ;;
    tls:migrate) echo "--tls-cert $tls/client.pem --tls-key $tls/client.key --tls-ca $tls/ca.pem" ;;
    psk:*) echo "--psk-file $out/key.psk" ;;
  esac
}
echo "load before: $(uptime)"
for i in $(seq 1 "$runs"); do
  for mode in none tls psk; do
    # shellcheck disable=SC2046
    loopback_run "$jar" "$port" "$out/$mode-$i" "$(args_for "$mode" receive)" --policy gmig --verify \
      ${GENSCOPE_BENCH_WORKLOAD:+--workload "$GENSCOPE_BENCH_WORKLOAD"} $(args_for "$mode" migrate)
  done
done
echo "load after: $(uptime)"
python3 - "$out" "$runs" <<'PY'
import json, statistics, sys
out, runs = sys.argv[1], int(sys.argv[2])
print("| mode | run | total ms | MiB sent | MiB/s | downtime ms | verified |")
print("|---|---|---|---|---|---|---|")
rates = {}
for i in range(1, runs + 1):
    for mode in ("none", "tls", "psk"):
        try:
            m = json.load(open(f"{out}/{mode}-{i}-migrate.json"))
            r = [x.get("vgpu", x) for x in m.get("runs", [m])][0]
        except (OSError, ValueError, KeyError, IndexError) as e:
            print(f"| {mode} | {i} | failed: {e} | | | | |")
            continue
        mib = r["bytes_sent"] / 1048576
        rate = mib / (r["total_ms"] / 1000)
        rates.setdefault(mode, []).append((r["total_ms"], rate, r["downtime_ms"]))
        print(f"| {mode} | {i} | {r['total_ms']:.0f} | {mib:.1f} | {rate:.0f} | {r['downtime_ms']:.1f} | {r['verified']} |")
print()
base = statistics.median(x[1] for x in rates.get("none", [(0, 0, 0)]))
for mode, xs in rates.items():
    rate = statistics.median(x[1] for x in xs)
    cost = f", {100 * (1 - rate / base):.0f}% below none" if base and mode != "none" else ""
    print(f"{mode}: median total {statistics.median(x[0] for x in xs):.0f} ms, {rate:.0f} MiB/s{cost},"
          f" downtime {statistics.median(x[2] for x in xs):.1f} ms ({len(xs)} runs)")
PY
