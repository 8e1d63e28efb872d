#!/bin/bash
# usage: run.sh PLATFORM OUT.aub [scene args...]
# Runs a GL program with Debian's own Mesa driver on a faked i915 device (Mesa's noop DRM shim) and
# records what it submits with Mesa's intel_dump_gpu. PLATFORM is a name Mesa 22.3.6's
# intel_device_name_to_pci_device_id() knows (bdw skl icl tgl dg2 hsw ivb ...; each stands for one PCI id).
# env: DRIVER=iris|crocus (iris)   SCENE=program (/work/xcheck/scene)   VERBOSE=1 (intel_dump_gpu verbose)
#      MESA_TOOLS=dir holding lib/libintel_{dump_gpu,noop_drm_shim}.so (/opt/mesa-tools, see build-mesa.sh)
set -e
L=${MESA_TOOLS:-/opt/mesa-tools}/lib
plat=$1; out=$2; shift 2
cfg=$(mktemp /tmp/xcheck-cfg.XXXX)
echo "file=$out" > $cfg
[ -n "$VERBOSE" ] && echo "verbose=$VERBOSE" >> $cfg
rm -f "$out"
LD_PRELOAD=$L/libintel_dump_gpu.so:$L/libintel_noop_drm_shim.so \
INTEL_DUMP_GPU_CONFIG=$cfg INTEL_STUB_GPU_PLATFORM=$plat \
EGL_PLATFORM=surfaceless MESA_LOADER_DRIVER_OVERRIDE=${DRIVER:-iris} \
timeout 300 ${SCENE:-/work/xcheck/scene} "$@"
rm -f $cfg
ls -l "$out"
