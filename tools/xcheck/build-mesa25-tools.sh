#!/usr/bin/env bash
# Build Mesa 25.0.7's Intel decoders inside a Debian trixie chroot (the host keeps its own packages):
#   aubinator, aubinator_error_decode, brw_disasm (gen9+ EU disassembler), elk_disasm (gen4-gen8),
#   intel_dev_info                                    -> $ROOT$PREFIX/bin
# Mesa 25.0 compiles its genxml into the binaries; they run inside the chroot only
# (`chroot $ROOT $PREFIX/bin/aubinator ...`, with the input copied under $ROOT/tmp).
# These are the reference decoders for the spec files transcribed from the same Mesa release
# (gen7, gen75, gen125, gen20, gen30); the Mesa 22.3.6 tools of build-mesa.sh stay the oracle for
# the older captures.
#
# usage: build-mesa25-tools.sh      (as root on a Debian host with debootstrap; about 25 minutes with JOBS=2)
# env:   ROOT=/work/chroots/trixie  PREFIX=/opt/mesa25-tools  JOBS=2  MESA_DEB=25.0.7-2+deb13u1
set -euo pipefail
ROOT=${ROOT:-/work/chroots/trixie}
PREFIX=${PREFIX:-/opt/mesa25-tools}
JOBS=${JOBS:-2}
MESA_DEB=${MESA_DEB:-25.0.7-2+deb13u1}
UPSTREAM=${MESA_DEB%%-*}
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

# 1. the chroot: a minimal trixie with binary and source entries
if [ ! -x "$ROOT/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
  mkdir -p "$ROOT"
  debootstrap --variant=minbase trixie "$ROOT" http://deb.debian.org/debian
fi
if ! grep -qs '^deb-src .* trixie ' "$ROOT/etc/apt/sources.list"; then
  printf 'deb http://deb.debian.org/debian trixie main\ndeb-src http://deb.debian.org/debian trixie main\n' \
    > "$ROOT/etc/apt/sources.list"
fi
cp /etc/resolv.conf "$ROOT/etc/resolv.conf" 2>/dev/null || true
mounted=()
for m in proc dev; do
  if ! mountpoint -q "$ROOT/$m"; then
    if [ "$m" = proc ]; then mount -t proc proc "$ROOT/proc"; else mount --bind /dev "$ROOT/dev"; fi
    mounted+=("$ROOT/$m")
  fi
done
cleanup() { for m in "${mounted[@]}"; do umount "$m" || true; done; }
trap cleanup EXIT
in_root() { chroot "$ROOT" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive bash -c "$1"; }

# 2. build prerequisites (inside the chroot). Check-Valid-Until is off because a chroot whose sources
#    include an older sid snapshot refuses its expired Release file otherwise.
in_root 'apt-get -o Acquire::Check-Valid-Until=false update -qq &&
  apt-get install -y -qq --no-install-recommends meson ninja-build python3-mako python3-yaml python3-packaging \
    bison flex pkg-config gcc g++ libdrm-dev libexpat1-dev zlib1g-dev libzstd-dev dpkg-dev xz-utils >/dev/null'

# 3. the source package (format 3.0 (quilt): dpkg-source -x applies Debian's patches; none touch src/intel)
in_root "set -e; mkdir -p /root/m25 && cd /root/m25
  if [ ! -f mesa-$UPSTREAM/VERSION ]; then
    ls mesa_$MESA_DEB.dsc >/dev/null 2>&1 || cp /root/src/mesa_$UPSTREAM* . 2>/dev/null ||
      apt-get source --download-only mesa=$MESA_DEB
    dpkg-source -x mesa_$MESA_DEB.dsc mesa-$UPSTREAM
  fi
  echo \"Mesa version: \$(cat mesa-$UPSTREAM/VERSION)\""

# 4. configure: the Intel tools only (no gallium or vulkan driver, no LLVM, no window system)
in_root "set -e; cd /root/m25
  [ -f /root/build25/build.ninja ] || meson setup /root/build25 mesa-$UPSTREAM --buildtype=release --prefix=$PREFIX \
    -Dtools=intel -Dgallium-drivers= -Dvulkan-drivers= -Dllvm=disabled -Dplatforms= -Dglx=disabled -Degl=disabled \
    -Dgles1=disabled -Dgles2=disabled -Dopengl=false -Dgbm=disabled -Dbuild-tests=false -Dintel-rt=disabled"

# 5. build just the tools and install them
in_root "set -e; cd /root/build25
  ninja -j$JOBS src/intel/tools/aubinator src/intel/tools/aubinator_error_decode src/intel/tools/intel_dev_info \
    src/intel/compiler/brw_disasm src/intel/compiler/elk/elk_disasm
  install -d $PREFIX/bin
  install -m 0755 src/intel/tools/aubinator src/intel/tools/aubinator_error_decode src/intel/tools/intel_dev_info \
    src/intel/compiler/brw_disasm src/intel/compiler/elk/elk_disasm $PREFIX/bin/
  ls -l $PREFIX/bin"
