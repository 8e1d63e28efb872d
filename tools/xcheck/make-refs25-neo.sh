#!/usr/bin/env bash
# Write Mesa 25.0.7 aubinator references for the NEO captures of Meteor Lake, Lunar Lake and Panther Lake:
#   fixtures/captures/neo2-P.aub.xz --(genscope's AubCopy, NeoToMesa.java)--> neo2-P-mesa.aub (Mesa's dialect)
#   --(aubinator 25.0.7 in the trixie chroot)--> fixtures/aubinator25/neo2-P.aubinator-{headers,full}.txt.xz
# aubinator cannot read NEO's dialect, has no compute-engine submission port and walks 4-level page tables
# only: the copy names a PCI ID, submits the compute engine's contexts to the render engine and points each
# context at the PML4 under its PML5 (fixtures/aubinator25/README.md). Aubinator decodes the copy by its bare
# name in $ROOT/tmp/aub25neo; INTEL_FORCE_PROBE=* because 25.0.7 lists Panther Lake as not yet supported.
#
# usage: make-refs25-neo.sh [P...]      (default: mtl lnl ptl)
# env:   ROOT=/work/chroots/trixie  PREFIX=/opt/mesa25-tools
#        CP (classpath holding AubCopy; default: the repo's compiled classes ahead of repl/target/genscope.jar)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
fixtures=$root/fixtures
ROOT=${ROOT:-/work/chroots/trixie}
PREFIX=${PREFIX:-/opt/mesa25-tools}
if [ -z "${CP:-}" ]; then
  CP=""
  for m in grammar parser; do CP="$CP:$root/$m/target/classes"; done
  CP="${CP#:}:$root/repl/target/genscope.jar"
fi
products=("$@")
[ ${#products[@]} -gt 0 ] || products=(mtl lnl ptl)
work=$ROOT/tmp/aub25neo
mkdir -p "$work" "$fixtures/aubinator25"
for p in "${products[@]}"; do
  case $p in
    mtl) id=0x7d55 ;;   # Intel(R) Arc(tm) Graphics (MTL)
    lnl) id=0x64a0 ;;   # Intel(R) Graphics (LNL)
    ptl) id=0xb080 ;;   # Intel(R) Graphics (PTL)
    *) echo "no PCI ID chosen for $p" >&2; exit 1 ;;
  esac
  n=neo2-$p
  rm -f "$work/$n-mesa.aub"
  java -cp "$CP" "$here/NeoToMesa.java" "$fixtures/captures/$n.aub.xz" "$work/$n-mesa.aub" $id
  for mode in headers full; do
    opt=""; [ $mode = headers ] && opt=--headers
    out=$fixtures/aubinator25/$n.aubinator-$mode.txt.xz
    chroot "$ROOT" /bin/sh -c "cd /tmp/aub25neo && INTEL_FORCE_PROBE='*' $PREFIX/bin/aubinator $opt --no-pager \
        --color=never $n-mesa.aub 2>/dev/null" | xz -9 > "$out"
    echo "$n $mode: $(xz -dc "$out" | wc -l) lines, $(xz -dc "$out" | grep -c '^0x') starting with 0x," \
        "$(xz -dc "$out" | grep -c 'unknown instruction') unknown"
  done
  rm -f "$work/$n-mesa.aub"
done
rmdir "$work" 2>/dev/null || true
