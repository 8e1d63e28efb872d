#!/bin/bash
# usage: make-fixtures.sh [NAME...]   (default: every name in the table below)
# Remakes the Mesa-driver captures of issue [G] and their aubinator references:
#   fixtures/captures/NAME.aub.xz, fixtures/aubinator/NAME.aubinator-{headers,full}.txt.xz   (xz -9)
# Needs build-mesa.sh's /opt/mesa-tools and Debian bookworm's libgl1-mesa-dri 22.3.6 (iris, crocus).
# env: OUT=/work/xcheck/out (work dir; each capture is made there under its fixture name, which aubinator
#      prints as "File name:")  MESA_TOOLS=/opt/mesa-tools
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
OUT=${OUT:-/work/xcheck/out}
MESA_TOOLS=${MESA_TOOLS:-/opt/mesa-tools}
export MESA_TOOLS
mkdir -p "$OUT"

# NAME  INTEL_STUB_GPU_PLATFORM (stands for one PCI id)  driver  program  extra env (- for none)  program args
# scene args: frames readback compute blit. Crocus offers GLES 3.0 on Ivy Bridge; the override to 3.1 lets
# scene.c create its context, and its compute dispatch then runs on crocus' gen7 compute path (GPGPU_WALKER).
# scene2 needs GL 4.6 core, which crocus offers on Haswell but not on Ivy Bridge (so there is no crocus2-ivb).
table() {
  cat <<'END'
iris-dg2     dg2  iris    scene   -                               1
crocus-hsw   hsw  crocus  scene   -                               1
crocus-ivb   ivb  crocus  scene   MESA_GLES_VERSION_OVERRIDE=3.1  1
iris2-dg2    dg2  iris    scene2  -
crocus2-hsw  hsw  crocus  scene2  -
END
}

gcc -O2 -o "$OUT/scene" "$here/scene.c" -lEGL -lGLESv2
gcc -O2 -o "$OUT/scene2" "$here/scene2.c" -lEGL -lGL

want=" $* "
table | while read -r name plat driver prog envs args; do
  [ $# -gt 0 ] && [[ "$want" != *" $name "* ]] && continue
  [ "$envs" = - ] && envs=
  echo "== $name: INTEL_STUB_GPU_PLATFORM=$plat MESA_LOADER_DRIVER_OVERRIDE=$driver $envs $prog $args"
  (cd "$OUT" && env $envs DRIVER=$driver SCENE="$OUT/$prog" "$here/run.sh" "$plat" "$name.aub" $args)
  (cd "$OUT" &&
    "$MESA_TOOLS/bin/aubinator" --headers --no-pager --color=never "$name.aub" > "$name.aubinator-headers.txt" &&
    "$MESA_TOOLS/bin/aubinator" --no-pager --color=never "$name.aub" > "$name.aubinator-full.txt")
  xz -9 -c "$OUT/$name.aub" > "$root/fixtures/captures/$name.aub.xz"
  for m in headers full; do
    xz -9 -c "$OUT/$name.aubinator-$m.txt" > "$root/fixtures/aubinator/$name.aubinator-$m.txt.xz"
  done
  ls -l "$root/fixtures/captures/$name.aub.xz" "$root/fixtures/aubinator/$name.aubinator-"*.txt.xz
done
