#!/usr/bin/env bash
# Sourced by the decode benchmarks (vs-aubinator.sh, kernels-cost.sh), from the repository root.
#   big_capture PATH        makes the large capture at PATH when it is missing: the bundled iris-tgl
#                           capture's packets repeated (io.genscope.bench.MakeBigCapture, about 480 MB)
#   timed NAME CMD...       runs CMD once (output dropped) and appends "NAME wall user+sys" to $TIMES;
#                           scratch files go to $TIMES.one and $TIMES.err; a failing CMD stops the bench
big_capture() {
  if [ ! -f "$1" ]; then
    [ -f bench/target/benchmarks.jar ] || mvn -B -q -o -Pbench -pl bench package -DskipTests
    java -cp bench/target/benchmarks.jar io.genscope.bench.MakeBigCapture fixtures/captures/iris-tgl.aub.xz "$1" 480
  fi
}
timed() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S" -o "$TIMES.one" "$@" >/dev/null 2>"$TIMES.err" || {
    echo "$(basename "$0"): '$*' failed:" >&2; cat "$TIMES.err" >&2; exit 1; }
  awk -v n="$name" '{printf "%s %s %.2f\n", n, $1, $2 + $3}' "$TIMES.one" >> "$TIMES"
}
