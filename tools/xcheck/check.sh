#!/bin/bash
# usage: check.sh NAME   (reads $DIR/NAME.aub, writes the aubinator and genscope outputs beside it)
# Decodes one capture with Mesa's aubinator (--headers and full) and with genscope, then compares:
# the 0x lines of the headers modes, and the share of aubinator's full output genscope reproduces in order.
# env: DIR (/work/xcheck/out)  AUBINATOR (/opt/mesa-tools/bin/aubinator)  NSHOW (3 differences shown)
#      GENSCOPE (command that runs genscope; default: the repo's compiled classes ahead of its shaded jar,
#      so a spec compiled a minute ago is used without packaging anything)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd ${DIR:-/work/xcheck/out}
A=${AUBINATOR:-/opt/mesa-tools/bin/aubinator}
if [ -z "$GENSCOPE" ]; then
  cp=""
  for m in grammar parser rewriter migration api repl; do cp="$cp:$root/$m/target/classes"; done
  GENSCOPE="java -cp ${cp#:}:$root/repl/target/genscope.jar io.genscope.cli.Main"
fi
n=$1
$A --headers --no-pager --color=never $n.aub > $n.aubinator-headers.txt 2>$n.aubinator.err; r1=$?
$A --no-pager --color=never $n.aub > $n.aubinator-full.txt 2>>$n.aubinator.err; r2=$?
$GENSCOPE decode --headers $n.aub > gs-$n.headers.txt 2>gs-$n.err; r3=$?
$GENSCOPE decode $n.aub > gs-$n.full.txt 2>>gs-$n.err; r4=$?
echo "== $n: size=$(stat -c %s $n.aub) $(grep -m1 'PCI ID' $n.aubinator-headers.txt | tr -s ' ') rc aub=$r1/$r2 gs=$r3/$r4 aub-unknown=$(grep -c unknown $n.aubinator-headers.txt) gs-unknown=$(grep -c unknown gs-$n.headers.txt)"
[ -s $n.aubinator.err ] && head -3 $n.aubinator.err
[ -s gs-$n.err ] && head -3 gs-$n.err
python3 "$here/compare.py" headers $n.aubinator-headers.txt gs-$n.headers.txt ${NSHOW:-3}
python3 "$here/compare.py" full $n.aubinator-full.txt gs-$n.full.txt ${NSHOW:-3}
