#!/usr/bin/env python3
"""Transcribe Mesa genxml hardware facts (names, bit ranges, types, enum values) into GenSpec files.

Usage: python3 tools/genxml2gspec.py OLD_GENXML_DIR NEW_GENXML_DIR OUT_DIR [GEN ...]

  OLD_GENXML_DIR  src/intel/genxml of Mesa 22.3.6 (Debian bookworm's source package): gen8, gen9,
                  gen11 and gen12, the files the existing fixtures are checked against with that
                  Mesa's aubinator (file names gen8.xml ... gen12.xml).
  NEW_GENXML_DIR  src/intel/genxml of a current Mesa (recorded: 25.0.7, Debian trixie's
                  mesa_25.0.7-2+deb13u1): gen7, gen7.5, gen12.5, Xe2 (gen20) and Xe3 (gen30), from
                  gen70.xml, gen75.xml, gen125.xml, gen200.xml and gen300.xml.
  GEN ...         only (re)write these outputs (e.g. gen125 gen20); the default is all of them.

How to rerun (the genxml files are not kept in this repository):

  # once: a trixie chroot outside the repository, never trixie packages on the host
  apt-get install -y debootstrap
  debootstrap --variant=minbase trixie /work/chroots/trixie http://deb.debian.org/debian
  echo 'deb-src http://deb.debian.org/debian trixie main' >> /work/chroots/trixie/etc/apt/sources.list
  cp /etc/resolv.conf /work/chroots/trixie/etc/resolv.conf
  chroot /work/chroots/trixie sh -c 'apt-get update && mkdir -p /root/src && cd /root/src &&
      apt-get source --download-only mesa=25.0.7-2+deb13u1'
  tar -C /work/chroots/trixie/root/src -xJf /work/chroots/trixie/root/src/mesa_25.0.7.orig.tar.xz \
      --wildcards 'mesa-25.0.7/src/intel/genxml/*' 'mesa-25.0.7/include/pci_ids/*'
  # Mesa 22.3.6: `apt-get source mesa` on bookworm (tools/xcheck/README.md), or any unpacked tree
  python3 tools/genxml2gspec.py /work/mesa-build/mesa-22.3.6/src/intel/genxml \
      /work/chroots/trixie/root/src/mesa-25.0.7/src/intel/genxml grammar/src/main/resources/io/genscope/spec

The old files must come out byte-identical to the ones in the repository (the script is checked
that way); the new ones only change when the Mesa they come from does.

genxml is the public, machine-readable description of Intel GEN commands (MIT licensed). This
script only carries over facts: command/field names, bit positions, lengths, engines and enum
values. It writes them in genscope's own GenSpec language, one file per generation, each later
generation stated as the difference from the one it extends, plus genscope's own address-space
metadata (which fields are GGTT under which gate). Hand-written definitions that genxml does not
carry (the gen8+ XY_* blitter set, the GVT-relevant MI commands, video engine headers, engine
registers) live in `*-extra.gspec` next to the generated files and are never overwritten here.

Newer genxml files are themselves differences: `<import name="gen120.xml">` pulls in every
definition of the named file (with its own imports resolved, recursively) except those named by an
`<exclude name="..."/>`, and a definition in the importing file replaces an imported one of the
same name. Fields and groups give their position either as absolute `start`/`end` bits or as
`dword="N"` with `bits="hi:lo"` (or one bit, `bits="n"`) relative to that dword; both are read.
A generation's output is the difference from the generation it extends as transcribed here (so
gen125 is stated against gen12 as Mesa 22.3.6 describes it, and repeats what Mesa has changed in
the gen12 definitions since).

Members are emitted in the order the decoder prints them: by start bit, a later definition with the
same start bit before an earlier one (the order Mesa's decoder uses, so field-by-field output
compares line for line).
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

GENS = [  # (source: 0 old Mesa, 1 current Mesa; file, our name, version, title, parent)
    (1, "gen70.xml", "gen7", "7", "Ivy Bridge, Bay Trail", None),
    (1, "gen75.xml", "gen75", "7.5", "Haswell", "gen7"),
    (0, "gen8.xml", "gen8", "8", "Broadwell", None),
    (0, "gen9.xml", "gen9", "9", "Skylake, Kaby Lake, Coffee Lake", "gen8"),
    (0, "gen11.xml", "gen11", "11", "Ice Lake, Elkhart Lake", "gen9"),
    (0, "gen12.xml", "gen12", "12", "Tiger Lake, Rocket Lake, Alder Lake, DG1", "gen11"),
    (1, "gen125.xml", "gen125", "12.5", "DG2 (Alchemist), ATS-M, Meteor Lake, Arrow Lake", "gen12"),
    (1, "gen200.xml", "gen20", "20", "Xe2: Lunar Lake, Battlemage", "gen125"),
    (1, "gen300.xml", "gen30", "30", "Xe3: Panther Lake, Wildcat Lake", "gen20"),
]

# (command, field) -> (space, gate field or None, gate value, validity conditions (all must hold))
# space: the address space when the gate holds (or always, without a gate); the other one otherwise.
ADDRESS_SPACES = {
    ("MI_BATCH_BUFFER_START", "Batch Buffer Start Address"): ("ppgtt", "Address Space Indicator", 1, None),
    ("MI_STORE_DATA_IMM", "Address"): ("ggtt", "Use Global GTT", 1, None),
    ("MI_STORE_REGISTER_MEM", "Memory Address"): ("ggtt", "Use Global GTT", 1, None),
    ("MI_LOAD_REGISTER_MEM", "Memory Address"): ("ggtt", "Use Global GTT", 1, None),
    ("MI_ATOMIC", "Memory Address"): ("ggtt", "Memory Type", 1, None),
    ("MI_COPY_MEM_MEM", "Destination Memory Address"): ("ggtt", "Use Global GTT Destination", 1, None),
    ("MI_COPY_MEM_MEM", "Source Memory Address"): ("ggtt", "Use Global GTT Source", 1, None),
    ("MI_SEMAPHORE_WAIT", "Semaphore Address"): ("ggtt", "Memory Type", 1, None),
    ("MI_CONDITIONAL_BATCH_BUFFER_END", "Compare Address"): ("ggtt", "Use Global GTT", 1, None),
    ("MI_REPORT_PERF_COUNT", "Memory Address"): ("ggtt", "Use Global GTT", 1, None),
    ("MI_CLFLUSH", "Page Base Address"): ("ggtt", "Use Global GTT", 1, None),
    ("MI_FLUSH_DW", "Address"): ("ggtt", "Destination Address Type", 1,
                                 [("Post-Sync Operation", "!=", 0), ("Store Data Index", "==", 0)]),
    ("PIPE_CONTROL", "Address"): ("ggtt", "Destination Address Type", 1,
                                  [("Post Sync Operation", "!=", 0), ("Store Data Index", "==", 0),
                                   ("LRI Post Sync Operation", "==", 0)]),
    ("MI_DISPLAY_FLIP", "Display Buffer Base Address"): ("ggtt", None, None, None),
    ("MI_DISPLAY_FLIP", "Left Eye Display Buffer Base Address"): ("ggtt", None, None, None),
    # state bases and vertex buffers: addresses only when their modify-enable bit says they are set
    ("VERTEX_BUFFER_STATE", "Buffer Starting Address"): ("batch", None, None, [("Address Modify Enable", "==", 1)]),
    # gen7/7.5 give the buffer's end as an address too (gen8 replaced it by a size)
    ("VERTEX_BUFFER_STATE", "End Address"): ("batch", None, None, [("Address Modify Enable", "==", 1)]),
}
for _base in ("General State", "Surface State", "Dynamic State", "Indirect Object", "Instruction",
              "Bindless Surface State", "Bindless Sampler State"):
    ADDRESS_SPACES[("STATE_BASE_ADDRESS", _base + " Base Address")] = (
        "batch", None, None, [(_base + " Base Address Modify Enable", "==", 1)])

ENGINES = {"render": "render|compute", "video": "video|videoenhance", "blitter": "blitter", "compute": "compute"}


def engines(attr):
    """genxml's engine list in ours, each engine once (render also means compute, as before gen12.5)."""
    out = []
    for x in attr.split("|"):
        for e in ENGINES[x].split("|"):
            if e not in out:
                out.append(e)
    return "|".join(out)


def span(el):
    """(start, end) bits of a field or group: absolute start/end, or dword="N" bits="hi:lo"."""
    if el.get("dword") is not None:
        base = 32 * int(el.get("dword"), 0)
        bits = el.get("bits", "0:31" if el.tag == "field" else "0")
        hi, _, lo = bits.partition(":")
        hi, lo = int(hi, 0), int(lo or hi, 0)
        return base + min(hi, lo), base + max(hi, lo)
    start = int(el.get("start"), 0)
    return start, int(el.get("end", el.get("start")), 0)


KINDS = ("enum", "struct", "register", "instruction")


def resolved(path, seen=None):
    """The top-level definitions of a genxml file with its imports resolved, as (tag, name) -> element."""
    seen = set() if seen is None else seen
    if path.resolve() in seen:
        raise SystemExit(f"import cycle at {path}")
    seen.add(path.resolve())
    root = ET.parse(path).getroot()
    own = {(e.tag, e.get("name")): e for e in root if e.tag in KINDS}
    out = {}
    for imp in root.iter("import"):
        excluded = {x.get("name") for x in imp if x.tag == "exclude"}
        for key, e in resolved(path.parent / imp.get("name"), seen).items():
            if key[1] not in excluded and key not in own:
                out[key] = e
    out.update(own)
    return out


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def num(v):
    v = v.strip()
    return v if v.lower().startswith("0x") else str(int(v, 0))


def mesa_order(children):
    """Insert each member before the first one whose start is >= its own (Mesa's list insert)."""
    out = []
    for el in children:
        start = span(el)[0]
        i = 0
        while i < len(out) and start > span(out[i])[0]:
            i += 1
        out.insert(i, el)
    return out


def emit_members(el, structs, enums, cmd, indent, lines):
    members = [c for c in el if c.tag in ("field", "group")]
    for m in mesa_order(members):
        pad = "  " * indent
        if m.tag == "group":
            lines.append(f"{pad}group count {m.get('count')} at {span(m)[0]} stride {m.get('size')} {{")
            emit_members(m, structs, enums, cmd, indent + 1, lines)
            lines.append(pad + "}")
            continue
        start, end = span(m)
        bits = f"{start}" if start == end else f"{start}..{end}"
        t = m.get("type")
        if t in ("uint", "int", "bool", "float", "address", "offset", "mbz", "mbo"):
            ty = t
        elif len(t) > 1 and t[0] in "us" and "." in t and t[1].isdigit():
            ty = t
        elif t in structs:
            ty = "struct " + q(t)
        elif t in enums:
            ty = "enum " + q(t)
        else:
            raise SystemExit(f"unknown type {t} in {cmd}")
        opts = ""
        d = m.get("default")
        if d is not None:
            opts += " = " + num(d)
        rule = ADDRESS_SPACES.get((cmd, m.get("name")))
        if rule and t == "address":
            space, gate, value, valid = rule
            opts += f" space {space}"
            if gate and not any(f.get("name") == gate for f in el.iter("field")):
                raise SystemExit(f"{cmd}.{m.get('name')}: gate field {gate!r} is gone; update ADDRESS_SPACES")
            if gate:
                opts += f" if {q(gate)} == {value}"
            for field, op, value in valid or []:
                if any(f.get("name") == field for f in el.iter("field")):
                    opts += f" when {q(field)} {op} {value}"
        values = [v for v in m if v.tag == "value"]
        head = f"{pad}field {q(m.get('name') or '')} {bits} {ty}{opts}"  # unnamed: an mbo bit
        if values:
            lines.append(head + " {")
            for v in values:
                lines.append(f"{pad}  {num(v.get('value'))} {q(v.get('name'))};")
            lines.append(pad + "}")
        else:
            lines.append(head + ";")


def items(path):
    defs = resolved(path)
    structs = {name for tag, name in defs if tag == "struct"}
    enums = {name for tag, name in defs if tag == "enum"}
    out = {}
    for (tag, name), e in defs.items():
        lines = []
        if e.tag == "enum":
            lines.append(f"enum {q(name)} {{")
            for v in e:
                if v.tag == "value":
                    lines.append(f"  {num(v.get('value'))} {q(v.get('name'))};")
            lines.append("}")
        elif e.tag == "struct":
            lines.append(f"struct {q(name)} dwords {e.get('length')} {{")
            emit_members(e, structs, enums, name, 1, lines)
            lines.append("}")
        elif e.tag == "register":
            lines.append(f"register {q(name)} at {e.get('num')} dwords {e.get('length')} {{")
            emit_members(e, structs, enums, name, 1, lines)
            lines.append("}")
        elif e.tag == "instruction":
            attrs = ""
            if e.get("engine"):
                attrs += " engines " + engines(e.get("engine"))
            if e.get("length"):
                attrs += " dwords " + e.get("length")
            attrs += " bias " + (e.get("bias") or "1")
            lines.append(f"command {q(name)}{attrs} {{")
            emit_members(e, structs, enums, name, 1, lines)
            lines.append("}")
        else:
            continue
        out[(e.tag, name)] = "\n".join(lines)
    return out


MESA = ("22.3.6", "25.0.7")  # the Mesa each source directory comes from, named in the new files' headers

KIND = {"enum": "enum", "struct": "struct", "register": "register", "instruction": "command"}
ORDER = {"enum": 0, "struct": 1, "instruction": 2, "register": 3}


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__.split("How to rerun")[0])
    srcs, dst = (Path(sys.argv[1]), Path(sys.argv[2])), Path(sys.argv[3])
    only = set(sys.argv[4:])
    done = {}
    for which, fname, name, version, title, parent in GENS:
        cur = items(srcs[which] / fname)
        done[name] = cur
        previous = done[parent] if parent else None
        if only and name not in only:
            continue
        body = []
        for key in sorted(cur, key=lambda k: (ORDER[k[0]], k[1])):
            if previous is not None and previous.get(key) == cur[key]:
                continue
            body.append(cur[key])
        if previous is not None:
            for key in sorted(previous, key=lambda k: (ORDER[k[0]], k[1])):
                if key not in cur:
                    body.append(f"remove {KIND[key[0]]} {q(key[1])};")
        header = [
            f"// {name}: {title}. Facts transcribed from Mesa {MESA[which]} genxml ({fname}) by tools/genxml2gspec.py;"
            if which else
            f"// {name}: {title}. Facts transcribed from Mesa genxml ({fname}) by tools/genxml2gspec.py;",
            "// do not edit by hand, put additions in the matching *-extra.gspec.",
            f"generation {name} version {version} title {q(title)}" + (f" extends {parent}" if parent else "") + ";",
            "",
        ]
        (dst / f"{name}.gspec").write_text("\n".join(header) + "\n\n".join(body) + "\n")
        print(f"{name}: {len(body)} definitions written")


if __name__ == "__main__":
    main()
