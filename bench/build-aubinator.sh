#!/usr/bin/env bash
# Builds Mesa 22.3.6's aubinator (the reference decoder genscope is compared with) from Debian
# bookworm's mesa source package, when it is not built yet:
#   bash bench/build-aubinator.sh          (prints the path of the aubinator binary)
# Tools only: -Dtools=intel with the iris driver, no LLVM, no window systems, no Vulkan. Needs root
# for apt-get (source package and build dependencies). Nothing goes into the repository:
#   PREFIX  where the binary is installed   (default /opt/mesa-tools; the binary is $PREFIX/bin/aubinator)
#   WORK    source and build directory      (default ${TMPDIR:-/tmp}/mesa-tools-src)
#   JOBS    parallel compile jobs           (default: number of cores)
set -euo pipefail
PREFIX=${PREFIX:-/opt/mesa-tools}
WORK=${WORK:-${TMPDIR:-/tmp}/mesa-tools-src}
JOBS=${JOBS:-$(nproc)}
VERSION=22.3.6

if [ -x "$PREFIX/bin/aubinator" ]; then
  echo "$PREFIX/bin/aubinator"
  exit 0
fi

# meson looks python3 up on PATH: the system one is the one with python3-mako installed
export PATH=/usr/bin:/bin:/usr/sbin:/sbin:$PATH
export DEBIAN_FRONTEND=noninteractive

# apt-get source needs deb-src lines; derive them from the binary ones when there are none
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && sed 's/^Types: deb$/Types: deb-src/' "$f" > "${f%.sources}-src.sources"
  done
  if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb /deb-src /p' /etc/apt/sources.list > /etc/apt/sources.list.d/genscope-src.list
  fi
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends meson ninja-build python3-mako bison flex pkg-config gcc g++ \
  libdrm-dev libexpat1-dev zlib1g-dev dpkg-dev xz-utils >/dev/null

src="$WORK/mesa-$VERSION"
build="$WORK/build"
mkdir -p "$WORK"
if [ ! -f "$src/VERSION" ]; then
  (cd "$WORK" && apt-get source --download-only mesa)
  dsc=$(ls "$WORK"/mesa_"$VERSION"-*.dsc | sort -V | tail -n1)
  rm -rf "$src"
  dpkg-source -x "$dsc" "$src"
fi
grep -qx "$VERSION" "$src/VERSION" || { echo "build-aubinator: expected Mesa $VERSION, got $(cat "$src/VERSION")" >&2; exit 1; }

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "$src" --buildtype=release --prefix="$PREFIX" \
    -Dgallium-drivers=iris -Dvulkan-drivers= -Dplatforms= -Dglx=disabled -Degl=disabled -Dgbm=disabled \
    -Dllvm=disabled -Dtools=intel -Dbuild-tests=false
fi
ninja -C "$build" -j "$JOBS" src/intel/tools/aubinator src/intel/tools/aubinator_error_decode
install -d "$PREFIX/bin"
install -m 0755 "$build/src/intel/tools/aubinator" "$build/src/intel/tools/aubinator_error_decode" "$PREFIX/bin/"
echo "$PREFIX/bin/aubinator"
