#!/bin/bash
# usage: run.sh PLATFORM OUT.aub [scene args...]; env VERBOSE=1 for intel_dump_gpu verbose
set -e
B=/tmp/xcheck/build/src/intel/tools
plat=$1; out=$2; shift 2
cfg=$(mktemp /tmp/xcheck/cfg.XXXX)
echo "file=$out" > $cfg
[ -n "$VERBOSE" ] && echo "verbose=$VERBOSE" >> $cfg
rm -f "$out"
LD_PRELOAD=$B/libintel_dump_gpu.so:$B/libintel_noop_drm_shim.so \
INTEL_DUMP_GPU_CONFIG=$cfg INTEL_STUB_GPU_PLATFORM=$plat \
EGL_PLATFORM=surfaceless MESA_LOADER_DRIVER_OVERRIDE=iris \
timeout 300 ${SCENE:-/tmp/xcheck/scene} "$@"
rm -f $cfg
ls -l "$out"
