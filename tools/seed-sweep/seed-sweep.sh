#!/usr/bin/env bash
# Runs a seeded test class over many seeds in one JVM (outside CI): every seeded test must hold for
# every seed. Needs the module built with its test classes (mvn -B -o -pl MODULE test-compile).
#
#   bash tools/seed-sweep/seed-sweep.sh MODULE TEST_CLASS[#METHOD] [COUNT=1000] [FIRST=1]
# (a method with parameters is named with their types: #method(java.nio.file.Path))
# SWEEP_LOADER=shared keeps one class loader for all seeds (see SeedSweep.java); SWEEP_M2=DIR names the Maven
# repository when it is not ~/.m2/repository (a sweep on a copy of the tree, with its own repository)
#   bash tools/seed-sweep/seed-sweep.sh migration 'io.genscope.migration.dirty.HashWorkersTest#scanReportsChangedPagesExceptTheSkippedOnes' 1000
set -euo pipefail
cd "$(dirname "$0")/../.."
module=$1 class=$2 count=${3:-1000} first=${4:-1}
cp_file=$(mktemp)
snap=$(mktemp -d)
trap 'rm -rf "$cp_file" "$snap"' EXIT
mvn -B -q ${SWEEP_M2:+-Dmaven.repo.local=$SWEEP_M2} -pl "$module" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
# the JUnit Platform launcher of the same version as the engine on the test classpath
plat=$(tr ':' '\n' < "$cp_file" | sed -n 's|.*/junit-platform-engine-\(.*\)\.jar$|\1|p')
jar="${SWEEP_M2:-$HOME/.m2/repository}/org/junit/platform/junit-platform-launcher/$plat/junit-platform-launcher-$plat.jar"
if [ ! -f "$jar" ]; then
  mvn -B -q ${SWEEP_M2:+-Dmaven.repo.local=$SWEEP_M2} dependency:get -Dartifact="org.junit.platform:junit-platform-launcher:$plat" >/dev/null
fi
# a copy of the compiled classes, so that a build meanwhile cannot change them under the sweep
cp -r "$module/target/classes" "$snap/classes"
cp -r "$module/target/test-classes" "$snap/test-classes"
sweep=$PWD/tools/seed-sweep/SeedSweep.java
cd "$module"   # the tests find their fixtures from the module's directory, as under Maven
exec java -Xmx2g -cp "$(cat "$cp_file"):$jar" "$sweep" "$snap/test-classes:$snap/classes" "$class" "$count" "$first"
