#!/bin/sh
# Builds fixtures/eu/<gen>.oracle.xz: for every .expected file of Mesa 22.3.6's EU assembler test
# suite (src/intel/tools/tests/<gen>/), the instruction bytes and what Mesa's own disassembler
# (i965_disasm, built by /work/shared/tools/build-mesa-tools.sh) prints for them.
# Rerun: sh tools/eu/make-oracle-fixtures.sh /work/mesa-build/mesa-22.3.6 /opt/mesa-tools/bin/i965_disasm
# ONLY="gen75 gen125" (names of fixtures, without .oracle.xz / -asm) limits the run to those.
# Format, per test:  "=== NAME" line, "hex" lines (16 or 8 bytes each, as Mesa's suite writes
# them), a "--- disasm" line, then i965_disasm's output lines.
set -eu
MESA=$1
DISASM=$2
OUT=$(dirname "$0")/../../fixtures/eu
ONLY=${ONLY:-}
wanted() { [ -z "$ONLY" ] || case " $ONLY " in *" $1 "*) true ;; *) false ;; esac; }
mkdir -p "$OUT"
for triple in gen7:ivb:gen7 gen7.5:hsw:gen75 gen8:bdw:gen8 gen9:skl:gen9 gen11:icl:gen11; do
  src=${triple%%:*}; rest=${triple#*:}; plat=${rest%%:*}; gen=${rest#*:}
  wanted "$gen" || continue
  dir=$MESA/src/intel/tools/tests/$src
  [ -d "$dir" ] || continue
  tmp=$(mktemp -d)
  for exp in "$dir"/*.expected; do
    name=$(basename "$exp" .expected)
    echo "=== $name"
    sed 's/^/hex /' "$exp"
    python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(open(sys.argv[1]).read()))' "$exp" > "$tmp/bin"
    echo "--- disasm"
    "$DISASM" --gen "$plat" --input-path "$tmp/bin" 2>&1
  done > "$tmp/all"
  xz -9e -c "$tmp/all" > "$OUT/$gen.oracle.xz"
  echo "$gen: $(grep -c '^=== ' "$tmp/all") tests, $(grep -c '^hex ' "$tmp/all") instructions"
  rm -rf "$tmp"
done

# Second set: the suite's .asm files assembled by Mesa's i965_asm for a (possibly newer)
# platform, in native and in compacted form, then disassembled by i965_disasm: gen12 has no
# tests in Mesa 22.3.6 and gen11 only three, so this is how those get coverage. Files the
# assembler or disassembler fails on (crashes, errors) are left out.
ASM=$(dirname "$DISASM")/i965_asm
for triple in gen7:ivb:gen7 gen7.5:hsw:gen75 gen8:bdw:gen8 gen9:skl:gen9 gen9:icl:gen11 gen11:icl:gen11 gen9:tgl:gen12 gen11:tgl:gen12 \
              gen9:dg2:gen125 gen11:dg2:gen125; do
  src=${triple%%:*}; rest=${triple#*:}; plat=${rest%%:*}; gen=${rest#*:}
  wanted "$gen" || continue
  dir=$MESA/src/intel/tools/tests/$src
  [ -d "$dir" ] || continue
  tmp=$(mktemp -d)
  for asm in "$dir"/*.asm; do
    name=$(basename "$asm" .asm)
    for mode in native compact; do
      flag=""; [ "$mode" = compact ] && flag="--compact"
      "$ASM" --type hex --gen "$plat" $flag "$asm" > "$tmp/hex" 2>/dev/null || continue
      [ -s "$tmp/hex" ] || continue
      python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(open(sys.argv[1]).read()))' "$tmp/hex" > "$tmp/bin"
      "$DISASM" --gen "$plat" --input-path "$tmp/bin" > "$tmp/out" 2>&1 || continue
      echo "=== $src/$name/$mode"
      sed 's/^/hex /' "$tmp/hex"
      echo "--- disasm"
      cat "$tmp/out"
    done
  done >> "$tmp/all.$gen"
  cat "$tmp/all.$gen" >> "$OUT/.asm-$gen.tmp"
  rm -rf "$tmp"
done
for f in "$OUT"/.asm-*.tmp; do
  gen=$(basename "$f" .tmp); gen=${gen#.asm-}
  xz -9e -c "$f" > "$OUT/$gen-asm.oracle.xz"
  echo "$gen (assembled): $(grep -c '^=== ' "$f") files, $(grep -c '^hex ' "$f") instruction lines"
  rm -f "$f"
done
