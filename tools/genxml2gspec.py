#!/usr/bin/env python3
"""Transcribe Mesa genxml hardware facts (names, bit ranges, types, enum values) into GenSpec files.

Usage: tools/genxml2gspec.py GENXML_DIR OUT_DIR

genxml is the public, machine-readable description of Intel GEN commands (MIT licensed). This
script only carries over facts: command/field names, bit positions, lengths, engines and enum
values. It writes them in genscope's own GenSpec language, one file per generation, each later
generation stated as the difference from the one it extends, plus genscope's own address-space
metadata (which fields are GGTT under which gate). Hand-written definitions that genxml does not
carry (the gen8+ XY_* blitter set, the GVT-relevant MI commands, video engine headers) live in
`*-extra.gspec` next to the generated files and are never overwritten by this script.

Members are emitted in the order the decoder prints them: by start bit, a later definition with the
same start bit before an earlier one (the order Mesa's decoder uses, so field-by-field output
compares line for line).
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

GENS = [  # (file, our name, version, title, parent)
    ("gen8.xml", "gen8", "8", "Broadwell", None),
    ("gen9.xml", "gen9", "9", "Skylake, Kaby Lake, Coffee Lake", "gen8"),
    ("gen11.xml", "gen11", "11", "Ice Lake, Elkhart Lake", "gen9"),
    ("gen12.xml", "gen12", "12", "Tiger Lake, Rocket Lake, Alder Lake, DG1", "gen11"),
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
}
for _base in ("General State", "Surface State", "Dynamic State", "Indirect Object", "Instruction",
              "Bindless Surface State", "Bindless Sampler State"):
    ADDRESS_SPACES[("STATE_BASE_ADDRESS", _base + " Base Address")] = (
        "batch", None, None, [(_base + " Base Address Modify Enable", "==", 1)])

ENGINES = {"render": "render|compute", "video": "video|videoenhance", "blitter": "blitter"}


def q(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def num(v):
    v = v.strip()
    return v if v.lower().startswith("0x") else str(int(v, 0))


def mesa_order(children):
    """Insert each member before the first one whose start is >= its own (Mesa's list insert)."""
    out = []
    for el in children:
        start = int(el.get("start"), 0)
        i = 0
        while i < len(out) and start > int(out[i].get("start"), 0):
            i += 1
        out.insert(i, el)
    return out


def emit_members(el, structs, enums, cmd, indent, lines):
    members = [c for c in el if c.tag in ("field", "group")]
    for m in mesa_order(members):
        pad = "  " * indent
        if m.tag == "group":
            lines.append(f"{pad}group count {m.get('count')} at {m.get('start')} stride {m.get('size')} {{")
            emit_members(m, structs, enums, cmd, indent + 1, lines)
            lines.append(pad + "}")
            continue
        start, end = int(m.get("start"), 0), int(m.get("end"), 0)
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
            if gate:
                opts += f" if {q(gate)} == {value}"
            for field, op, value in valid or []:
                if any(f.get("name") == field for f in el.iter("field")):
                    opts += f" when {q(field)} {op} {value}"
        values = [v for v in m if v.tag == "value"]
        head = f"{pad}field {q(m.get('name'))} {bits} {ty}{opts}"
        if values:
            lines.append(head + " {")
            for v in values:
                lines.append(f"{pad}  {num(v.get('value'))} {q(v.get('name'))};")
            lines.append(pad + "}")
        else:
            lines.append(head + ";")


def items(path):
    root = ET.parse(path).getroot()
    structs = {e.get("name") for e in root if e.tag == "struct"}
    enums = {e.get("name") for e in root if e.tag == "enum"}
    out = {}
    for e in root:
        name = e.get("name")
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
                attrs += " engines " + "|".join(ENGINES[x] for x in e.get("engine").split("|"))
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


KIND = {"enum": "enum", "struct": "struct", "register": "register", "instruction": "command"}
ORDER = {"enum": 0, "struct": 1, "instruction": 2, "register": 3}


def main():
    src, dst = Path(sys.argv[1]), Path(sys.argv[2])
    previous = None
    for fname, name, version, title, parent in GENS:
        cur = items(src / fname)
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
            f"// {name}: {title}. Facts transcribed from Mesa genxml ({fname}) by tools/genxml2gspec.py;",
            "// do not edit by hand, put additions in the matching *-extra.gspec.",
            f"generation {name} version {version} title {q(title)}" + (f" extends {parent}" if parent else "") + ";",
            "",
        ]
        (dst / f"{name}.gspec").write_text("\n".join(header) + "\n\n".join(body) + "\n")
        previous = cur
        print(f"{name}: {len(body)} definitions written")


if __name__ == "__main__":
    main()
