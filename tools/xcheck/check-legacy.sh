#!/bin/bash
# usage: check-legacy.sh NAME GEN    e.g. check-legacy.sh crocus-hsw hsw   (reads $DIR/NAME.aub)
# The headers check of check.sh for a pre-gen8 capture, for as long as genscope cannot read that AUB
# dialect itself: legacy-batches.py cuts out each submission's ring data and batch, genscope decodes them
# with --raw --headers --gen GEN (the ring at address 0, as aubinator does), and compare.py sets the
# result against aubinator --headers. Checks the gen7/gen7.5 specs' command recognition, not the reader.
# env: DIR (/work/xcheck/out)  AUBINATOR  GENSCOPE  NSHOW  (as in check.sh)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd ${DIR:-/work/xcheck/out}
A=${AUBINATOR:-/opt/mesa-tools/bin/aubinator}
if [ -z "$GENSCOPE" ]; then
  cp=""
  for m in grammar parser rewriter migration api repl; do cp="$cp:$root/$m/target/classes"; done
  GENSCOPE="java -cp ${cp#:}:$root/repl/target/genscope.jar io.genscope.cli.Main"
fi
n=$1; gen=$2
parts=$(mktemp -d /tmp/xcheck-legacy.XXXX)
$A --headers --no-pager --color=never $n.aub > $n.aubinator-headers.txt 2>$n.aubinator.err
python3 "$here/legacy-batches.py" $n.aub $parts | while read -r i engine address file; do
  $GENSCOPE decode --raw --headers --gen $gen --engine $engine --address 0 $parts/$(printf %03d $i).ring | grep '^0x'
  [ "$file" != - ] && $GENSCOPE decode --raw --headers --gen $gen --engine $engine --address $address $file | grep '^0x'
done > gs-$n.legacy-headers.txt
rm -rf "$parts"
echo "== $n (legacy dialect, batches decoded raw as $gen): $(grep -c '^0x' $n.aubinator-headers.txt) aubinator 0x lines"
python3 "$here/compare.py" headers $n.aubinator-headers.txt gs-$n.legacy-headers.txt ${NSHOW:-3}
