#!/bin/bash
# check.sh NAME  (expects /tmp/xcheck/out/NAME.aub)
cd ${DIR:-/tmp/xcheck/out}
A=/tmp/xcheck/build/src/intel/tools/aubinator
J=${JAR:-/tmp/xcheck/jar/genscope.jar}
n=$1
$A --headers --no-pager --color=never $n.aub > $n.aubinator-headers.txt 2>$n.aubinator.err; r1=$?
$A --no-pager --color=never $n.aub > $n.aubinator-full.txt 2>>$n.aubinator.err; r2=$?
java -jar $J decode --headers $n.aub > gs-$n.headers.txt 2>gs-$n.err; r3=$?
java -jar $J decode $n.aub > gs-$n.full.txt 2>>gs-$n.err; r4=$?
echo "== $n: size=$(stat -c %s $n.aub) $(grep -m1 'PCI ID' $n.aubinator-headers.txt | tr -s ' ') rc aub=$r1/$r2 gs=$r3/$r4 aub-unknown=$(grep -c unknown $n.aubinator-headers.txt) gs-unknown=$(grep -c unknown gs-$n.headers.txt)"
[ -s $n.aubinator.err ] && head -3 $n.aubinator.err
[ -s gs-$n.err ] && head -3 gs-$n.err
python3 /tmp/xcheck/compare.py headers $n.aubinator-headers.txt gs-$n.headers.txt ${NSHOW:-3}
/tmp/xcheck/fastfull.sh $n.aubinator-full.txt gs-$n.full.txt
python3 /tmp/xcheck/classify2.py $n.aubinator-full.txt gs-$n.full.txt ${NSHOW:-3}
