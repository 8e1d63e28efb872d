#!/usr/bin/env bash
# Build the Mesa 22.3.6 pieces the cross-checks need, from Debian bookworm's own source package:
#   aubinator, aubinator_error_decode, i965_disasm, i965_asm   -> $PREFIX/bin
#   libintel_noop_drm_shim.so (fake i915 device), libintel_dump_gpu.so (AUB recorder) -> $PREFIX/lib
# The GL drivers themselves are Debian's (libgl1-mesa-dri 22.3.6: iris_dri.so, crocus_dri.so), so no
# gallium driver is built here.
#
# usage: build-mesa.sh        (as root on Debian bookworm; about 15 minutes with JOBS=2)
# env:   WORK=/work/mesa-build  PREFIX=/opt/mesa-tools  JOBS=2
set -euo pipefail
WORK=${WORK:-/work/mesa-build}
PREFIX=${PREFIX:-/opt/mesa-tools}
JOBS=${JOBS:-2}
# meson looks for python3 on PATH and needs the one that has python3-mako (Debian's, not a pyenv shim)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH
export DEBIAN_FRONTEND=noninteractive

# 1. deb-src twins of the binary apt sources, so that `apt-get source mesa` works
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed 's/^Types: deb$/Types: deb-src/' "$f" > "${f%.sources}-src.sources"
  done
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends meson ninja-build python3-mako bison flex pkg-config gcc g++ \
  libdrm-dev libexpat1-dev zlib1g-dev libzstd-dev dpkg-dev xz-utils >/dev/null
# the GL stack the captures run on; installed only when missing, so that an installed driver is not upgraded
# (the fixtures were made with libgl1-mesa-dri 22.3.6-1+deb12u1 while the archive offered +deb12u2)
for p in libgl1-mesa-dri libegl1 libegl-mesa0 libgles2 libegl-dev libgles-dev libgl-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends "$p" >/dev/null
done

# 2. the source package (format 1.0: dpkg-source -x adds debian/ and leaves debian/patches unapplied; none touch src/intel)
mkdir -p "$WORK" && cd "$WORK"
if [ ! -f mesa-22.3.6/VERSION ]; then
  apt-get source --download-only mesa
  dpkg-source -x "$(ls mesa_22.3.6-*.dsc | sort -V | tail -n1)" mesa-22.3.6
fi

# 3. configure: Intel tools and the DRM shim only
if [ ! -f build/build.ninja ]; then
  meson setup build mesa-22.3.6 --buildtype=release --prefix="$PREFIX" \
    -Dtools=drm-shim,intel -Dgallium-drivers= -Dvulkan-drivers= -Dllvm=disabled -Dplatforms= \
    -Dglx=disabled -Degl=disabled -Dgles1=disabled -Dgles2=disabled -Dopengl=false -Dgbm=disabled \
    -Dshared-glapi=disabled -Dbuild-tests=false
fi

# 4. build just what is installed
T=src/intel/tools
ninja -C build -j "$JOBS" $T/libintel_noop_drm_shim.so $T/libintel_dump_gpu.so \
  $T/aubinator $T/aubinator_error_decode $T/i965_disasm $T/i965_asm

# 5. install
install -d "$PREFIX/bin" "$PREFIX/lib"
install -m 0755 build/$T/aubinator build/$T/aubinator_error_decode build/$T/i965_disasm build/$T/i965_asm "$PREFIX/bin/"
install -m 0755 build/$T/libintel_noop_drm_shim.so build/$T/libintel_dump_gpu.so "$PREFIX/lib/"
ls -l "$PREFIX/bin" "$PREFIX/lib"
