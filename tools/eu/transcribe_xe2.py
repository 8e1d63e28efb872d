#!/usr/bin/env python3
"""Transcribe the Xe2 (gen20) and Xe3 (gen30) EU-ISA facts from Mesa 25.0.7 into genscope .euspec files.

Rerun (Mesa 25.0.7's source and its configured build tree, e.g. the trixie chroot's):
    python3 tools/eu/transcribe_xe2.py /work/chroots/trixie/root/m25/mesa-25.0.7 \
        /work/chroots/trixie/root/build25 grammar/src/main/resources/io/genscope/eu

gen20 extends gen125 (written by transcribe.py from Mesa 22.3.6) and gen30 extends gen20; each file
states only what differs from its parent, which is read back from OUT_DIR. What it reads (facts only):
  * brw_eu_inst.h      the gen20 columns of the F20/FV20/FD20 field macros and of the AddrImm macro,
                       fields whose assertion fails from gen20 (removed) or holds only from gen20 or
                       gen30 (added), the compacted form's F20/FD20 fields
  * brw_eu_compact.c   the xe2_* compaction tables
  * brw_eu.c           the opcode table (entries whose platform mask has XE2 / XE3)
  * brw_reg_type.c     the type decoding of gen20 (evaluated by brw_type_decode in a C harness)
  * brw_disasm.c       the name tables the disassembler prints, with the xe2_* ones in place of
                       the tables they replace from gen20
Where an entry of a compaction table lands in the native form (brw_eu_compact.c's
set_uncompacted_* bodies) and the message-descriptor bits (brw_eu.h helpers) were read by hand,
as in transcribe.py.
"""
import os, re, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from transcribe import extract_array, q, strip_comments, write_spec  # noqa: E402 (the Mesa 22.3.6 transcriber's helpers)

# Where a compaction-table entry's bits land (most significant piece first), gen20 bodies of
# set_uncompacted_control/_subreg/_src0/_src1/_3src_control_index; datatype and the 3-source
# source and subregister tables keep gen12's layout.
SCATTER_20 = {
    "control_index": "95:92, 34:34, 32:32, 31:31, 28:28, 27:26, 25:24, 23:21, 20:18",
    "subreg": "87:87, 71:67, 55:51, 33:33",
    "src_index0": "86:84, 83:81, 80:80, 65:64, 45:44",
    "src_index1": "121:120, 118:116, 115:113, 112:112, 103:99, 97:96",
    "3src_control_index": "95:92, 90:88, 82:80, 50:50, 49:48, 42:40, 39:39, 38:36, 34:34, 32:32, 31:31, 28:28, 27:26, 25:24, 23:21, 20:18",
}
# Message descriptor fields that moved (brw_message_ex_desc_ex_mlen, lsc_msg_desc_cache_ctrl).
DESC_20 = {"ex_mlen": "10:6", "lsc_cache": "19:16", "sampler_msg_type": "31:31, 16:12",
           "rt_simd": "8:8"}  # brw_rt_trace_ray_desc_exec_size
# Mesa 25 reads a 64-bit immediate from gen12 on as its two dwords swapped (brw_eu_inst_imm_uq).
EXTRA_FIELDS_20 = {"imm64": "95:64, 127:96"}
# Gen30's gather send reads no src1 length into its extended descriptor (brw_eu_inst_send_ex_desc).
EXTRA_FIELDS_30 = {"sends_ex_desc_gather": "127:124, 97:96, 65:64, 47:35, 0{11}"}

TABLES = [  # (our name, Mesa 25 array)
    ("control_index", "xe2_control_index_table"), ("datatype", "xe2_datatype_table"),
    ("subreg", "xe2_subreg_table"), ("src0_index", "xe2_src0_index_table"),
    ("src1_index", "xe2_src1_index_table"), ("3src_control_index", "xe2_3src_control_index_table"),
    ("3src_dpas_control_index", "xe2_3src_dpas_control_index_table"),
    ("3src_source_index", "xe2_3src_source_index_table"),
    ("3src_dpas_source_index", "xe2_3src_dpas_source_index_table"), ("3src_subreg", "xe2_3src_subreg_table"),
]
# Name tables, by our name, and the Mesa 25 array gen20 prints (xe2_* where the disassembler
# switches to one from gen20). Tables absent here keep what the parent has; reg_file among them,
# since Mesa 25 indexes it by its own register-file enum, not the hardware encoding ours uses.
NAMES = {n: n for n in [
    "m_negate", "_abs", "m_bitnot", "debug_ctrl", "saturate", "cmpt_ctrl", "accwr", "branch_ctrl", "wectrl",
    "exec_size", "pred_inv", "dep_ctrl", "access_mode", "end_of_thread", "conditional_modifier", "vert_stride",
    "width", "horiz_stride", "chan_sel", "thread_ctrl", "writemask", "gfx6_sfid",
    "gfx7_gateway_subfuncid", "dp_rc_msg_type_gfx9", "dp_dc0_msg_type_gfx7", "dp_oword_block_rw",
    "dp_dc1_msg_type_hsw", "aop", "aop_float", "math_function", "sync_function", "gfx7_urb_opcode",
    "urb_swizzle", "lsc_operation", "lsc_addr_surface_type", "lsc_fence_scope", "lsc_flush_type", "lsc_addr_size",
    "lsc_backup_fence_routing", "lsc_data_size", "lsc_vect_size_str", "lsc_cmask_str", "dpas_systolic_depth"]}
NAMES.update({"pred_ctrl_align1": "xe2_pred_ctrl", "lsc_cache_load": "xe2_lsc_cache_load",
              "lsc_cache_store": "xe2_lsc_cache_store", "gfx5_sampler_msg_type": "xe2_sampler_msg_type",
              "gfx5_sampler_simd_mode": "xe2_sampler_simd_mode", "m_rt_write_subtype": "m_rt_write_subtype_xe2"})
# How reg() names each architecture register block ("#": the number inside the block).
ARF_TEXT = [("BRW_ARF_NULL", "null"), ("BRW_ARF_ADDRESS", "a#"), ("BRW_ARF_ACCUMULATOR", "acc#"),
            ("BRW_ARF_FLAG", "f#"), ("BRW_ARF_MASK", "mask#"), ("BRW_ARF_SCALAR", "s#"), ("BRW_ARF_STATE", "sr#"),
            ("BRW_ARF_CONTROL", "cr#"), ("BRW_ARF_NOTIFICATION_COUNT", "n#"), ("BRW_ARF_IP", "ip"),
            ("BRW_ARF_TDR", "tdr0"), ("BRW_ARF_TIMESTAMP", "tm#")]


def holds(expr, verx10):
    """Whether a field macro's assertion holds for a platform (verx10 200 or 300)."""
    e = expr.strip()
    if e in ("", "true"):
        return True
    e = e.replace("devinfo->verx10", str(verx10)).replace("devinfo->ver", str(verx10 // 10))
    return bool(eval(e.replace("||", " or ").replace("&&", " and ")))


def pieces(*ranges):
    return ", ".join(r if isinstance(r, str) else f"{r[0]}:{r[1]}" for r in ranges)


F20_FIELDS = set()  # the (form, name) of every F20/FV20/FD20 macro: these override the parent


def inst_fields(src, verx10):
    """The fields of brw_eu_inst.h for a gen20+ platform: {(form, name): pieces or None (removed)}."""
    text = strip_comments(src)
    compact_at = text.index("brw_eu_compact_inst_bits")
    out = {}
    for m in re.finditer(r"^(F|FC|F20|FV20|FD20|FF|FFC|FDC)\(([^;]*?)\)\s*$", text, flags=re.M):
        kind, args = m.group(1), [a.strip() for a in m.group(2).replace("\n", " ").split(",")]
        name, form = args[0], "compact" if m.start() > compact_at else "native"
        if name == "name":
            continue
        n = [int(a) if re.fullmatch(r"-?\d+", a) else None for a in args]
        if kind in ("F20", "FV20", "FD20"):
            F20_FIELDS.add((form, name))
        if kind in ("F20", "FV20"):
            out[(form, name)] = None if n[5] == -1 else pieces((n[5], n[6]))
        elif kind == "FD20" and form == "native":
            out[(form, name)] = pieces((n[5], n[6]), (n[7], n[7]) if n[7] != -1 else "0{1}")
        elif kind == "FD20":
            out[(form, name)] = pieces((n[7], n[8]), (n[5], n[6]))
        elif kind in ("F", "FC", "FF", "FFC") and form == "native":
            if kind in ("FC", "FFC") and not holds(args[5], verx10):
                out[(form, name)] = None
            elif n[3] is not None and n[3] >= 0 and (kind in ("F", "FC") or n[3] == n[4]):
                # a field new in Mesa 25 (the caller keeps only those its parent lacks); a
                # two-bit register file (is-immediate and low bit) is stated by its parts
                out[(form, name)] = pieces((n[3], n[4]))
    for m in re.finditer(r"^BRW_IA1_ADDR_IMM\(([^;]*?)\)\s*$", text, flags=re.M):
        a = [x.strip() for x in m.group(1).split(",")]
        zero = int(a[8])
        out[("native", a[0] + "_ia1_addr_imm")] = pieces((int(a[6]), int(a[7])), (zero, zero) if zero != -1 else "0{1}")
    return out


def numeric_table(src, name):
    m = re.search(re.escape(name) + r"\s*\[[^\]]*\]\s*=\s*\{(.*?)\};", strip_comments(src), flags=re.S)
    return [int(v.strip().rstrip("uUlL"), 0) for v in m.group(1).split(",") if v.strip()]


def run_harness(mesa, build):
    comp = os.path.join(mesa, "src/intel/compiler")
    dis = open(os.path.join(comp, "brw_disasm.c")).read()
    eu = open(os.path.join(comp, "brw_eu.c")).read()
    c = ['#include <stdio.h>\n#include <stdint.h>\n#include "brw_eu_defines.h"\n#include "brw_isa_info.h"\n#include "intel_gfx_ver_enum.h"\n',
         '#include "brw_reg_type.c"\n#define ARRAY_N(a) (sizeof(a) / sizeof((a)[0]))\n']
    arrays = sorted(set(NAMES.values()) | {"m_rt_write_subtype"})
    for arr in arrays:
        c.append(extract_array(dis, arr))
    c.append(extract_array(eu, "opcode_descs"))
    c.append("int main(void) {\n")
    for arr in arrays:
        c.append(f'  for (unsigned i = 0; i < ARRAY_N({arr}); i++) if ({arr}[i]) printf("N {arr} %u %s\\n", i, {arr}[i]);\n')
    for define, text in ARF_TEXT:
        c.append(f'  printf("A %d {text}\\n", {define});\n')
    c.append('  for (unsigned i = 0; i < ARRAY_N(opcode_descs); i++) printf("O %u %s %d %d %d %d\\n", opcode_descs[i].hw,'
             ' opcode_descs[i].name, opcode_descs[i].nsrc, opcode_descs[i].ndst,'
             ' !!(opcode_descs[i].gfx_vers & XE2), !!(opcode_descs[i].gfx_vers & XE3));\n')
    c.append('  struct intel_device_info d = {0}; d.ver = 20;\n'
             '  for (unsigned t = 0; t < 16; t++) {\n'
             '    enum brw_reg_type r = brw_type_decode(&d, FIXED_GRF, t), i = brw_type_decode(&d, IMM, t);\n'
             '    if (r != BRW_TYPE_INVALID) printf("Y reg %u %s\\n", t, brw_reg_type_to_letters(r));\n'
             '    if (i != BRW_TYPE_INVALID) printf("Y imm %u %s\\n", t, brw_reg_type_to_letters(i));\n  }\n'
             '  for (unsigned e = 0; e < 2; e++) for (unsigned t = 0; t < 8; t++) {\n'
             '    enum brw_reg_type r = brw_type_decode_for_3src(&d, t, e);\n'
             '    if (r != BRW_TYPE_INVALID) printf("Y 3src_a1 %u %s\\n", e * 16 + t, brw_reg_type_to_letters(r));\n  }\n')
    c.append("  return 0;\n}\n")
    with tempfile.TemporaryDirectory() as d:
        cf, exe = os.path.join(d, "h.c"), os.path.join(d, "h")
        open(cf, "w").write("".join(c))
        inc = [f"-I{os.path.join(build, 'src')}", f"-I{os.path.join(build, 'src/intel')}"]
        inc += [f"-I{os.path.join(mesa, p)}" for p in ("src/intel/compiler", "src/intel", "src", "include", "src/mesa", "src/gallium/include")]
        subprocess.run(["gcc", "-w", "-DNDEBUG", "-DHAVE_ENDIAN_H", "-DUTIL_ARCH_LITTLE_ENDIAN=1", "-DUTIL_ARCH_BIG_ENDIAN=0", *inc, cf, "-o", exe], check=True)
        return subprocess.run([exe], check=True, capture_output=True, text=True).stdout.splitlines()


def read_spec(outdir, family):
    """A family's resolved statements from its .euspec and its ancestors': {key: line}."""
    text = open(os.path.join(outdir, family + ".euspec")).read()
    parent = re.search(r"^isa \S+(?: extends (\S+))?;", text, flags=re.M).group(1)
    d = read_spec(outdir, parent) if parent else {}
    for line in text.splitlines():
        p = line.split()
        if not p or p[0].startswith("#") or p[0] == "isa":
            continue
        if p[0] == "remove":
            key = ("field", p[2] + " " + p[3].rstrip(";")) if p[1] == "field" else (p[1], p[2].rstrip(";"))
            d.pop(key, None)
        elif p[0] == "field":
            d[("field", p[1] + " " + p[2])] = line
        elif p[0] == "opcode":
            d[("opcode", p[1])] = line
        else:
            d[(p[0], p[1])] = line
    return d


def main():
    mesa, build, outdir = sys.argv[1], sys.argv[2], sys.argv[3]
    comp = os.path.join(mesa, "src/intel/compiler")
    inst = open(os.path.join(comp, "brw_eu_inst.h")).read()
    compact = open(os.path.join(comp, "brw_eu_compact.c")).read()
    lines = run_harness(mesa, build)
    base = read_spec(outdir, "gen125")
    specs = {}
    for family, verx10, parent in (("gen20", 200, "gen125"), ("gen30", 300, "gen20")):
        d = dict(base if family == "gen20" else specs["gen20"])
        parent_fields = set(d)
        for (form, name), p in inst_fields(inst, verx10).items():
            key = ("field", form + " " + name)
            if p is None:
                d.pop(key, None)
            elif key not in parent_fields or name.endswith("_ia1_addr_imm") or form == "compact" \
                    or (form, name) in F20_FIELDS:
                d[key] = f"field {form} {name} = {p};"
        if family == "gen20":
            for form, table in (("scatter", SCATTER_20), ("desc", DESC_20), ("native", EXTRA_FIELDS_20)):
                for name, p in table.items():
                    d[("field", form + " " + name)] = f"field {form} {name} = {p};"
            for ours, arr in TABLES:
                d[("table", ours)] = f"table {ours} {{ " + ", ".join(hex(v) for v in numeric_table(compact, arr)) + " }"
            names = {}
            for l in lines:
                if l.startswith("N "):
                    _, arr, idx, txt = l.split(" ", 3)
                    names.setdefault(arr, []).append(f"{idx} = {q(txt)};")
            for ours, arr in NAMES.items():
                d[("names", ours)] = f"names {ours} {{ " + " ".join(names.get(arr, [])) + " }"
            # Mesa indexes its 16-entry DC0 message-type table with a 5-bit field; for 16 and up
            # the Debian build of 25.0.7 reads the Xe2 rt-write subtypes stored after it, then the
            # older ones (measured with brw_disasm): stated so that we print what the oracle prints.
            past = [f"{int(e.split(' ', 1)[0]) + 16} {e.split(' ', 1)[1]}" for e in names.get("m_rt_write_subtype_xe2", [])]
            past += [f"{int(e.split(' ', 1)[0]) + 24} {e.split(' ', 1)[1]}" for e in names.get("m_rt_write_subtype", [])]
            d[("names", "dp_dc0_msg_type_gfx7_past_end")] = "names dp_dc0_msg_type_gfx7_past_end { " + " ".join(past) + " }"
            arf = [l.split(" ", 2) for l in lines if l.startswith("A ")]
            d[("names", "arf")] = "names arf { " + " ".join(f"{a[1]} = {q(a[2])};" for a in arf) + " }"
            types = {}
            for l in lines:
                if l.startswith("Y "):
                    _, kind, hw, *letters = l.split(" ")
                    types.setdefault(kind, []).append(f"{hw} = {q(' '.join(letters))};")
            for kind, entries in types.items():
                d[("names", "types_" + kind)] = f"names types_{kind} {{ " + " ".join(entries) + " }"
        else:
            for name, p in EXTRA_FIELDS_30.items():
                d[("field", "native " + name)] = f"field native {name} = {p};"
        col = 5 if family == "gen20" else 6
        for k in [k for k in d if k[0] == "opcode"]:
            del d[k]
        for l in lines:
            p = l.split(" ")
            if p[0] == "O" and p[col] == "1":
                d[("opcode", p[1])] = f"opcode {p[1]} {p[2]} srcs {p[3]} dsts {p[4]};"
        specs[family] = d
        platforms = "Xe2: Lunar Lake, Battlemage" if family == "gen20" else "Xe3: Panther Lake"
        write_spec(outdir, family,
                   [f"# EU instruction set facts for {family} ({platforms}), transcribed by tools/eu/transcribe_xe2.py",
                    "# from Mesa 25.0.7. Regenerate, don't edit by hand.", f"isa {family} extends {parent};", ""],
                   d, base if family == "gen20" else specs["gen20"])


if __name__ == "__main__":
    main()
