#!/usr/bin/env bash
# Write Mesa 25.0.7 aubinator references for the new-generation Mesa captures:
#   fixtures/captures/NAME.aub.xz -> fixtures/aubinator25/NAME.aubinator-{headers,full}.txt.xz
# aubinator runs inside the trixie chroot that build-mesa25-tools.sh set up; each capture is decompressed
# into $ROOT/tmp/aub25 and decoded there by its bare name, so the "File name:" line carries no directory.
#
# usage: make-refs25.sh [NAME...]      (default: iris-dg2 iris2-dg2 crocus-hsw crocus2-hsw crocus-ivb)
# env:   ROOT=/work/chroots/trixie  PREFIX=/opt/mesa25-tools
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../../fixtures" && pwd)
ROOT=${ROOT:-/work/chroots/trixie}
PREFIX=${PREFIX:-/opt/mesa25-tools}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(iris-dg2 iris2-dg2 crocus-hsw crocus2-hsw crocus-ivb)
mkdir -p "$ROOT/tmp/aub25" "$fixtures/aubinator25"
for n in "${names[@]}"; do
  xz -dc "$fixtures/captures/$n.aub.xz" > "$ROOT/tmp/aub25/$n.aub"
  for mode in headers full; do
    opt=""; [ $mode = headers ] && opt=--headers
    out="$fixtures/aubinator25/$n.aubinator-$mode.txt.xz"
    chroot "$ROOT" /bin/sh -c "cd /tmp/aub25 && $PREFIX/bin/aubinator $opt --no-pager --color=never $n.aub" | xz -9 > "$out"
    echo "$n $mode: $(xz -dc "$out" | wc -l) lines, $(xz -dc "$out" | grep -c '^0x') starting with 0x"
  done
  rm -f "$ROOT/tmp/aub25/$n.aub"
done
