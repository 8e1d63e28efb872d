#!/usr/bin/env bash
# Write the references that full decode of the new Mesa captures is tested against
# (fixtures/aubinator-genxml25/): Mesa 22.3.6's aubinator (the decoder every gen8-12 fixture matches byte for
# byte) reading Mesa 25.0.7's genxml (the release the gen7, gen75 and gen125 spec files were transcribed from).
#
# 25.0.7's genxml files import their predecessor; Mesa's own genxml_import.py --flatten resolves the imports.
# 22.3.6 loads DIR/gen<major>.xml and knows no "compute" engine class, so the flattened files are renamed and
# "compute" is dropped from the engine lists (the captures run on the render engine only). Nothing else changes.
# Only the DG2 references are written: for gen7/7.5 the output is byte-identical to fixtures/aubinator/
# (checked and reported below), whose files the test uses there.
#
# usage: make-refs-genxml25.sh [NAME...]      (default: iris-dg2 iris2-dg2 crocus-hsw crocus2-hsw crocus-ivb)
# env:   GENXML=/work/chroots/trixie/root/src/mesa-25.0.7/src/intel/genxml  (with genxml_import.py beside it:
#        the full source tree, e.g. /work/chroots/trixie/root/m25/mesa-25.0.7/src/intel/genxml)
#        AUBINATOR=/opt/mesa-tools/bin/aubinator (Mesa 22.3.6, tools/build-mesa-tools.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
fixtures=$(cd "$here/../../fixtures" && pwd)
GENXML=${GENXML:-/work/chroots/trixie/root/m25/mesa-25.0.7/src/intel/genxml}
AUBINATOR=${AUBINATOR:-/opt/mesa-tools/bin/aubinator}
names=("$@")
[ ${#names[@]} -gt 0 ] || names=(iris-dg2 iris2-dg2 crocus-hsw crocus2-hsw crocus-ivb)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$GENXML"/*.xml "$GENXML"/*.py "$work/"
(cd "$work" && python3 genxml_import.py --quiet --flatten gen70.xml gen75.xml gen80.xml gen90.xml gen110.xml \
    gen120.xml gen125.xml)
mkdir -p "$work/gen7" "$work/gen75" "$work/gen125" "$fixtures/aubinator-genxml25"
# directory, flattened file, the name 22.3.6 loads it by (gen<major>.xml)
for g in gen7:gen70:gen7 gen75:gen75:gen7 gen125:gen125:gen12; do
  IFS=: read -r dir file as <<< "$g"
  sed -e 's/engine="render|compute"/engine="render"/' -e 's/engine="blitter|compute|video"/engine="blitter|video"/' \
      "$work/$file.xml" > "$work/$dir/$as.xml"
done
for n in "${names[@]}"; do
  case $n in
    *-dg2) dir=$work/gen125 ;;
    *-hsw) dir=$work/gen75 ;;
    *-ivb) dir=$work/gen7 ;;
    *) echo "no generation known for $n" >&2; exit 1 ;;
  esac
  xz -dc "$fixtures/captures/$n.aub.xz" > "$work/$n.aub"
  (cd "$work" && "$AUBINATOR" --no-pager --color=never --xml="$dir" "$n.aub" 2>/dev/null) > "$work/$n.txt"
  case $n in
    *-dg2)
      out=$fixtures/aubinator-genxml25/$n.aubinator-full.txt.xz
      xz -9 < "$work/$n.txt" > "$out"
      echo "$n: $(wc -l < "$work/$n.txt") lines -> $out" ;;
    *)
      if cmp -s "$work/$n.txt" <(xz -dc "$fixtures/aubinator/$n.aubinator-full.txt.xz"); then
        echo "$n: identical to fixtures/aubinator/$n.aubinator-full.txt.xz"
      else
        echo "$n: DIFFERS from fixtures/aubinator/$n.aubinator-full.txt.xz"
      fi ;;
  esac
  rm -f "$work/$n.aub" "$work/$n.txt"
done
