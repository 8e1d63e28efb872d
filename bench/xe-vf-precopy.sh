#!/usr/bin/env bash
# Pre-copy of an xe SR-IOV VF's VRAM (issue 19, points 4-5): xe's stop-copy, gMig's one-shot pre-copy
# and genscope's policy at emulated 10, 25 and 100 Gbit/s links on the default VF workload (4 GiB
# VRAM quota, 60% holding data, 50,000 GPU page writes a second, 90% into a 256 MiB hot set), each run
# on a fresh VF, its xe packet stream written to a file, restored with XeVfReader and checked by
# digest against the source at its stop. About 3 minutes and 9 GiB of RAM at 4 GiB; run on an
# otherwise idle machine:
#   bash bench/xe-vf-precopy.sh
#   GENSCOPE_XE_WORKLOAD=xe-vf:quota=1G GENSCOPE_XE_RATES=10 bash bench/xe-vf-precopy.sh   (smaller)
# Then the capture-driven model: the same 4 GiB VF replaying neo2-lnl and neo2-ptl in a loop (no synthetic
# writes), at 10 Gbit/s (GENSCOPE_XE_CAPTURES="" skips it).
# Results: bench-out/xe-vf-precopy-<time>[-<capture>].{md,jsonl,svg}; stream files in a scratch directory, deleted.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
out="$root/bench-out"
mkdir -p "$out"
if [ -z "${GENSCOPE_BENCH_NOBUILD:-}" ]; then
  mvn -B -q -o -pl migration compile
  [ -f repl/target/genscope.jar ] || mvn -B -q -DskipTests package -pl repl -am
fi
scratch="$(mktemp -d "${TMPDIR:-/tmp}/xe-vf-precopy.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
workload="${GENSCOPE_XE_WORKLOAD:-xe-vf}"
rates="${GENSCOPE_XE_RATES-10,25,100}"   # set empty to run the captures only
echo "load before: $(uptime)"
stamp="$(date +%Y%m%d-%H%M%S)"
bench() {
  # the migration module's classes first, the dependencies from the genscope jar
  java -Xmx1g -XX:MaxDirectMemorySize=12g --add-exports java.base/sun.nio.ch=ALL-UNNAMED \
    -cp migration/target/classes:repl/target/genscope.jar io.genscope.migration.xe.precopy.XeVfPrecopyBench \
    --policies stop-copy,gmig,genscope --no-gpu-stop-too --dir "$scratch" "$@" ${GENSCOPE_XE_ARGS:-}
}
[ -z "$rates" ] || bench --workload "$workload" --rates "$rates" --out "$out/xe-vf-precopy-$stamp"
for c in ${GENSCOPE_XE_CAPTURES-neo2-lnl neo2-ptl}; do
  case "$c" in neo2-lnl) device=0x6420 ;; *) device=0xb080 ;; esac
  bench --workload "xe-vf:rate=0,device=$device" --rates "${GENSCOPE_XE_CAPTURE_RATES:-10}" \
    --capture "fixtures/captures/$c.aub.xz" --out "$out/xe-vf-precopy-$stamp-$c"
done
echo "load after: $(uptime)"
