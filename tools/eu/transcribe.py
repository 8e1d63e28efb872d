#!/usr/bin/env python3
"""Transcribe EU-ISA facts from Mesa's compiler sources into genscope .euspec files.

Rerun:
    python3 tools/eu/transcribe.py /work/mesa-build/mesa-22.3.6 \
        grammar/src/main/resources/io/genscope/eu

What it reads (facts only: bit positions, table values, names, numbers):
  * src/intel/compiler/brw_inst.h      field macros -> `field native|compact NAME = hi:lo;`
  * src/intel/compiler/brw_eu_compact.c compaction tables -> `table NAME { ... }`
  * src/intel/compiler/brw_eu.c        opcode list -> `opcode HW NAME srcs N dsts N;`
  * src/intel/compiler/brw_reg_type.c  hardware type encodings -> `names TYPES { hw = "LETTERS"; }`
  * src/intel/compiler/brw_disasm.c    name tables -> `names NAME { index = "text"; }`
Numeric tables and enum-indexed name tables are evaluated by compiling a tiny C
harness against Mesa's headers (gcc), so every value is what the C compiler sees.
Each generation's file states only its differences from the one it extends.
"""
import os, re, subprocess, sys, tempfile

GENS = [  # name, ver, verx10, parent (a family states what differs from its parent)
    ("gen8", 8, 80, None),
    ("gen9", 9, 90, "gen8"),
    ("gen11", 11, 110, "gen9"),
    ("gen12", 12, 120, "gen11"),
    ("gen125", 12, 125, "gen12"),
    ("gen75", 7, 75, "gen8"),
    ("gen7", 7, 70, "gen75"),
]
PARENT = {g: p for g, _, _, p in GENS}

def lineage(g):
    """The family and its ancestors, root first."""
    return (lineage(PARENT[g]) if PARENT[g] else []) + [g]

def strip_comments(s):
    s = re.sub(r"/\*.*?\*/", " ", s, flags=re.S)
    return re.sub(r"//[^\n]*", " ", s)

def md(x): return x + 96

MD12_PIECES = []  # (threshold, sub, add) read from brw_inst.h's MD12 macro by load_md12()

def load_md12(header):
    m = re.search(r"#define MD12\(x\)(.*?)\n\n", header, flags=re.S)
    body = m.group(1).replace("\\", " ")
    MD12_PIECES.clear()
    for th, sub, add in re.findall(r"\(x\)\s*>=\s*(\d+)\s*\?\s*\(x\)\s*-\s*(\d+)\s*\+\s*(\d+)", body):
        MD12_PIECES.append((int(th), int(sub), int(add)))
    last = re.findall(r":\s*\(x\)\s*-\s*(\d+)\s*\+\s*(\d+)\)\s*$", body.strip())
    MD12_PIECES.append((0, int(last[0][0]), int(last[0][1])))

def md12(x):
    for th, sub, add in MD12_PIECES:
        if x >= th:
            return x - sub + add
    raise ValueError("MD12")

def ev(tok):
    tok = tok.strip()
    return int(eval(tok.replace("MD12", "md12").replace("MD", "md"), {"md": md, "md12": md12}))

def assertion_holds(expr, ver, verx10):
    expr = expr.strip()
    if expr in ("", "true"): return True
    e = expr.replace("devinfo->verx10", str(verx10)).replace("devinfo->ver", str(ver))
    e = e.replace("||", " or ").replace("&&", " and ")
    return bool(eval(e))

def inst_fields(src, ver, verx10):
    """Evaluate brw_inst.h's field macros for one generation: {(form, name): [(hi, lo), ...]}"""
    text = strip_comments(src)
    out = {}
    compact = text.index("brw_compact_inst_bits")
    # MD12 in the header is a C macro; check our copy agrees with it
    for m in re.finditer(r"^(F|FC|F8|FF|FD|FDC|FI|FK)\(([^;]*?)\)\s*;?\s*$", text, flags=re.M):
        kind, args = m.group(1), [a.strip() for a in m.group(2).replace("\n", " ").split(",")]
        name = args[0]
        form = "compact" if m.start() > compact else "native"
        def num(i): return ev(args[i])
        rng = None
        v12 = ver >= 12
        try:
            if kind in ("F", "FC"):
                if kind == "FC" and not assertion_holds(",".join(args[5:]), ver, verx10): continue
                rng = [(num(3), num(4))] if v12 else [(num(1), num(2))]
            elif kind == "F8":
                rng = [(num(5), num(6))] if v12 else [(num(3), num(4))] if ver >= 8 else [(num(1), num(2))]
            elif kind == "FF":
                rng = [(num(13), num(14))] if v12 else [(num(11), num(12))] if ver >= 8 else [(num(9), num(10))]
            elif kind in ("FD", "FDC"):
                if kind == "FDC":
                    if not assertion_holds(",".join(args[7:]), ver, verx10): continue
                    hi8, lo8, ex, exl, h12, l12 = num(1), num(2), num(3), num(4), num(5), num(6)
                else:
                    hi8, lo8, ex, exl, h12, l12 = num(11), num(12), num(13), num(14), num(15), num(16)
                    if ver < 8: hi8, lo8 = num(9), num(10)
                rng = ([(ex, exl), (h12, l12)] if ex != -1 else [(h12, l12)]) if v12 else [(hi8, lo8)]
            elif kind == "FI":
                if v12:
                    out[(form, name + "_is_imm")] = [(num(5), num(5))]
                    out[(form, name + "_lowbit")] = [(num(6), num(6))]
                    continue
                rng = [(num(3), num(4))] if ver >= 8 else [(num(1), num(2))]
            elif kind == "FK":
                if v12: continue
                rng = [(num(1), num(2))]
        except (IndexError, ValueError, SyntaxError, NameError) as e:
            if name != "name": print("skip", kind, name, e, file=sys.stderr)
            continue
        if rng and all(h >= 0 and l >= 0 for h, l in rng):
            out[(form, name)] = rng
    return out

def extract_array(src, name):
    m = re.search(r"(?:static\s+)?const\s+[^;=]*?\b" + re.escape(name) + r"\s*\[[^\]]*\]\s*=\s*\{", src)
    if not m: raise SystemExit("array not found: " + name)
    depth, i = 1, m.end()
    while depth:
        c = src[i]
        depth += (c == "{") - (c == "}")
        i += 1
    body = src[m.start():i]
    return re.sub(r"^static\s+", "", body) + ";\n"

# Fields whose layout brw_inst.h states in function bodies rather than field macros,
# read by hand from those functions.  `0{n}` appends n zero bits (the field value is
# the pieces concatenated, most significant first).
EXTRA_FIELDS_8 = {  # gen8's descriptor immediate is 29 bits, gen9's 31 (brw_inst_send_desc)
    "imm32": "127:96", "imm64": "127:64", "jip": "127:96", "uip": "95:64",
    "send_desc": "124:96",
    "send_ex_desc": "94:91, 88:85, 83:80, 67:64, 0{16}",
    "sends_ex_desc": "95:80, 0{6}, 67:64, 0{6}",
    "src1_ia1_addr_imm": "121:121, 104:96", "src0_ia1_addr_imm": "95:95, 72:64",
    "dst_ia1_addr_imm": "47:47, 56:48",
    "src1_ia16_addr_imm": "121:121, 104:100, 0{4}", "src0_ia16_addr_imm": "95:95, 72:68, 0{4}",
    "dst_ia16_addr_imm": "47:47, 56:52, 0{4}",
    "send_src0_ia16_addr_imm": "78:78, 72:68, 0{4}", "send_dst_ia16_addr_imm": "62:62, 56:52, 0{4}",
    "3src_a1_src0_imm": "82:67", "3src_a1_src2_imm": "124:109",
}
EXTRA_FIELDS_9 = dict(EXTRA_FIELDS_8, send_desc="126:96")
# Gen7: jumps are 16-bit, signed, counted in 8-byte units (the printer scales them);
# the descriptor immediate is 29 bits; align16 indirect offsets are not split.
EXTRA_FIELDS_7 = {
    "imm32": "127:96", "imm64": "127:64", "jip": "111:96", "uip": "127:112",
    "send_desc": "124:96",
    "src1_ia1_addr_imm": "105:96", "src0_ia1_addr_imm": "73:64", "dst_ia1_addr_imm": "57:48",
    "src1_ia16_addr_imm": "105:96", "src0_ia16_addr_imm": "73:64", "dst_ia16_addr_imm": "57:52",
    # brw_inst.h asserts gen8+ for this bit, but release builds (the oracle) read it on gen7 too
    "urb_channel_mask_present": "111:111",
}
EXTRA_FIELDS_12 = {
    "imm32": "127:96", "imm64": "127:64", "jip": "127:96", "uip": "95:64",
    "send_desc": "123:122, 71:67, 55:51, 121:113, 91:81",
    "send_ex_desc": "127:124, 97:96, 65:64, 47:35, 103:99, 0{6}",
    "sends_ex_desc": "127:124, 97:96, 65:64, 47:35, 103:99, 0{6}",
    "src1_ia1_addr_imm": "107:98", "src0_ia1_addr_imm": "75:66", "dst_ia1_addr_imm": "59:50",
    "3src_a1_src0_imm": "79:64", "3src_a1_src2_imm": "127:112",
}
# Gfx12.5 send fields Mesa 22.3.6 does not define but later releases do (brw_eu_inst.h of Mesa
# 25.0.7: send_src1_len and send_ex_bso, "verx10 >= 125"): with the extended descriptor in a
# register and ex_bso set, the source 1 length sits in the instruction instead.
EXTRA_FIELDS_125 = {"send_ex_bso": "39:39", "send_src1_len": "103:99"}

# Where a compaction-table entry's bits land in the native form (the entry read most
# significant bit first, piece by piece), read by hand from brw_eu_compact.c's
# set_uncompacted_* functions; and message-descriptor fields from brw_eu.h's
# brw_*_desc_* helpers (bits of the 32-bit descriptor).
SCATTER_8 = {
    "control_index": "33:31, 23:12, 10:9, 34:34, 8:8",
    "datatype": "63:61, 94:89, 46:35",
    "subreg": "100:96, 68:64, 52:48",
    "src_index0": "88:77", "src_index1": "120:109",
    "3src_control_index": "34:32, 28:8",
    "3src_source_index": "125:125, 104:104, 83:83, 114:107, 93:86, 72:65, 55:37",
}
SCATTER_9 = dict(SCATTER_8, **{
    "3src_control_index": "36:35, 34:32, 28:8",
    "3src_source_index": "126:125, 105:104, 84:84, 83:83, 114:107, 93:86, 72:65, 55:37",
})
SCATTER_7 = {
    "control_index": "90:89, 31:31, 23:8",
    "datatype": "63:61, 46:32",
    "subreg": "100:96, 68:64, 52:48",
    "src_index0": "88:77", "src_index1": "120:109",
}
SCATTER_12 = {
    "control_index": "95:92, 34:34, 33:33, 32:32, 31:31, 28:28, 27:24, 23:22, 21:19, 18:16",
    "datatype": "98:98, 91:88, 66:66, 50:50, 49:48, 47:47, 46:46, 43:40, 39:36, 35:35",
    "subreg": "103:99, 71:67, 55:51",
    "src_index0": "87:84, 83:81, 80:80, 65:64, 45:44",
    "src_index1": "121:120, 119:116, 115:113, 112:112, 97:96",
    "3src_control_index": "95:92, 90:88, 82:80, 50:50, 48:48, 42:40, 39:39, 38:36, 34:34, 33:33, 32:32, 31:31, 28:28, 27:24, 23:23, 22:22, 21:19, 18:16",
    "3src_source_index": "114:114, 113:112, 98:98, 97:96, 91:91, 87:86, 85:84, 83:83, 66:66, 65:64, 47:47, 46:46, 45:44, 43:43, 35:35",
    "3src_subreg": "119:115, 103:99, 71:67, 55:51",
}
SCATTER_125 = dict(SCATTER_12, **{
    "3src_control_index": "95:92, 90:88, 82:80, 50:50, 49:48, 42:40, 39:39, 38:36, 34:34, 33:33, 32:32, 31:31, 28:28, 27:24, 23:23, 22:22, 21:19, 18:16",
})
DESC_7 = {
    "mlen": "28:25", "rlen": "24:20", "bti": "7:0", "sampler": "11:8",
    "sampler_msg_type": "16:12", "sampler_simd_mode": "18:17",
    "dp_msg_type": "17:14", "dp_msg_control": "13:8", "fb_msg_type": "17:14", "fb_msg_control": "13:8",
    "fb_last_rt": "12:12",
}
DESC_8 = {
    "mlen": "28:25", "rlen": "24:20", "ex_mlen": "9:6", "bti": "7:0", "sampler": "11:8",
    "sampler_msg_type": "16:12", "sampler_simd_mode": "29:29, 18:17", "sampler_return_format": "30:30",
    "dp_msg_type": "18:14", "dp_msg_control": "13:8", "fb_msg_type": "17:14", "fb_msg_control": "13:8",
    "fb_last_rt": "12:12",
}
DESC_11 = dict(DESC_8, fb_coarse_write="18:18")
# Gfx12.5 load/store (LSC) message descriptor and extended descriptor (brw_eu.h lsc_* helpers).
DESC_125 = dict(DESC_11, **{
    "lsc_opcode": "5:0", "lsc_addr_size": "8:7", "lsc_data_size": "11:9", "lsc_vect_size": "14:12",
    "lsc_cmask": "15:12", "lsc_transpose": "15:15", "lsc_cache": "19:17", "lsc_dest_len": "24:20",
    "lsc_src0_len": "28:25", "lsc_addr_type": "30:29", "lsc_fence_scope": "11:9",
    "lsc_flush_type": "14:12", "lsc_backup_routing": "18:18",
    "lsc_flat_base_offset": "31:12", "lsc_bss_index": "31:6", "lsc_bti_index": "31:24",
    "lsc_bti_base_offset": "23:12",
})
EXTRA_COMPACT_8 = {"imm": "39:35, 63:56"}
EXTRA_COMPACT_12 = {"imm": "63:52"}

NUM_TABLES = [  # (our name, mesa array, gens)
    ("control_index", "gfx8_control_index_table", ["gen8"]),
    ("datatype", "gfx8_datatype_table", ["gen8"]),
    ("subreg", "gfx8_subreg_table", ["gen8"]),
    ("src_index", "gfx8_src_index_table", ["gen8"]),
    ("datatype", "gfx11_datatype_table", ["gen11"]),
    ("control_index", "gfx12_control_index_table", ["gen12"]),
    ("datatype", "gfx12_datatype_table", ["gen12"]),
    ("subreg", "gfx12_subreg_table", ["gen12"]),
    ("src0_index", "gfx12_src0_index_table", ["gen12"]),
    ("src1_index", "gfx12_src1_index_table", ["gen12"]),
    ("3src_control_index", "gfx8_3src_control_index_table", ["gen8"]),
    ("3src_source_index", "gfx8_3src_source_index_table", ["gen8"]),
    ("3src_control_index", "gfx12_3src_control_index_table", ["gen12"]),
    ("3src_source_index", "gfx12_3src_source_index_table", ["gen12"]),
    ("3src_subreg", "gfx12_3src_subreg_table", ["gen12"]),
    ("src0_index", "xehp_src0_index_table", ["gen125"]),
    ("src1_index", "xehp_src1_index_table", ["gen125"]),
    ("3src_control_index", "xehp_3src_control_index_table", ["gen125"]),
    ("3src_source_index", "xehp_3src_source_index_table", ["gen125"]),
    ("control_index", "gfx7_control_index_table", ["gen75"]),
    ("datatype", "gfx7_datatype_table", ["gen75"]),
    ("subreg", "gfx7_subreg_table", ["gen75"]),
    ("src_index", "gfx7_src_index_table", ["gen75"]),
]
# Tables of the families that have no such compaction (gen7 compacts no 3-source instruction).
NO_TABLES = {"gen75": ["3src_control_index", "3src_source_index"], "gen7": ["3src_control_index", "3src_source_index"]}
NAME_TABLES = ["m_negate", "_abs", "m_bitnot", "debug_ctrl", "saturate", "cmpt_ctrl", "accwr", "branch_ctrl", "wectrl", "exec_size", "pred_inv", "dep_ctrl", "access_mode", "end_of_thread", "conditional_modifier", "vert_stride", "width", "horiz_stride", "chan_sel",
               "pred_ctrl_align16", "pred_ctrl_align1", "thread_ctrl", "reg_file", "writemask",
               "gfx6_sfid", "gfx7_gateway_subfuncid", "dp_rc_msg_type_gfx7", "dp_rc_msg_type_gfx9",
               "m_rt_write_subtype", "dp_dc0_msg_type_gfx7", "dp_oword_block_rw", "dp_dc1_msg_type_hsw",
               "aop", "aop_float", "pixel_interpolator_msg_types", "math_function", "sync_function",
               "gfx7_urb_opcode", "urb_swizzle", "gfx5_sampler_msg_type", "gfx5_sampler_simd_mode",
               "dp_write_port_msg_type"]
# Name tables only some families use: the gfx12.5 load/store messages, gen7's URB complete bit.
NAME_TABLES_125 = ["lsc_operation", "lsc_addr_surface_type", "lsc_fence_scope", "lsc_flush_type",
                   "lsc_addr_size", "lsc_backup_fence_routing", "lsc_data_size", "lsc_vect_size_str",
                   "lsc_cmask_str", "lsc_cache_load", "lsc_cache_store"]
NAME_TABLES_ONLY = {"gen125": NAME_TABLES_125, "gen75": ["urb_complete"]}

# How brw_disasm.c's reg() names each architecture register block; "#" stands for the
# register number inside the block (low 4 bits).
ARF_TEXT = [("BRW_ARF_NULL", "null"), ("BRW_ARF_ADDRESS", "a#"), ("BRW_ARF_ACCUMULATOR", "acc#"),
            ("BRW_ARF_FLAG", "f#"), ("BRW_ARF_MASK", "mask#"), ("BRW_ARF_MASK_STACK", "ms#"),
            ("BRW_ARF_MASK_STACK_DEPTH", "msd#"), ("BRW_ARF_STATE", "sr#"), ("BRW_ARF_CONTROL", "cr#"),
            ("BRW_ARF_NOTIFICATION_COUNT", "n#"), ("BRW_ARF_IP", "ip"), ("BRW_ARF_TDR", "tdr0"),
            ("BRW_ARF_TIMESTAMP", "tm#")]

HARNESS_HEAD = r'''
#include <stdio.h>
#include <stdint.h>
#include "brw_eu_defines.h"
#include "brw_isa_info.h"
#include "brw_gfx_ver_enum.h"
#define ARRAY_N(a) (sizeof(a) / sizeof((a)[0]))
'''

def run_harness(mesa):
    comp = os.path.join(mesa, "src/intel/compiler")
    cmp_src = open(os.path.join(comp, "brw_eu_compact.c")).read()
    dis_src = open(os.path.join(comp, "brw_disasm.c")).read()
    eu_src = open(os.path.join(comp, "brw_eu.c")).read()
    c = [HARNESS_HEAD]
    c.append('#include "brw_reg_type.c"\n')
    for _, arr, _ in NUM_TABLES: c.append(extract_array(cmp_src, arr))
    for arr in NAME_TABLES + NAME_TABLES_125 + NAME_TABLES_ONLY["gen75"]: c.append(extract_array(dis_src, arr))
    c.append(extract_array(eu_src, "opcode_descs"))
    c.append("int main(void) {\n")
    for _, arr, _ in NUM_TABLES:
        c.append(f'  printf("T {arr}");\n  for (unsigned i = 0; i < ARRAY_N({arr}); i++) printf(" 0x%llx", (unsigned long long){arr}[i]);\n  printf("\\n");\n')
    for arr in NAME_TABLES + NAME_TABLES_125 + NAME_TABLES_ONLY["gen75"]:
        c.append(f'  for (unsigned i = 0; i < ARRAY_N({arr}); i++) if ({arr}[i]) printf("N {arr} %u %s\\n", i, {arr}[i]);\n')
    # architecture register numbers (brw_eu_defines.h) with the prefix the disassembler prints
    for define, text in ARF_TEXT:
        c.append(f'  printf("A %d {text}\\n", {define});\n')
    c.append('  for (unsigned i = 0; i < ARRAY_N(opcode_descs); i++) printf("O %u %s %d %d %d %d %d %d %d %d %d\\n", opcode_descs[i].hw, opcode_descs[i].name, opcode_descs[i].nsrc, opcode_descs[i].ndst,'
             ' !!(opcode_descs[i].gfx_vers & GFX8), !!(opcode_descs[i].gfx_vers & GFX9), !!(opcode_descs[i].gfx_vers & GFX11), !!(opcode_descs[i].gfx_vers & GFX12),'
             ' !!(opcode_descs[i].gfx_vers & GFX125), !!(opcode_descs[i].gfx_vers & GFX75), !!(opcode_descs[i].gfx_vers & GFX7));\n')
    for tab, g in (("gfx8_hw_type", "gen8"), ("gfx11_hw_type", "gen11"), ("gfx12_hw_type", "gen12"),
                   ("gfx125_hw_type", "gen125"), ("gfx7_hw_type", "gen75")):
        c.append(f'  for (unsigned t = 0; t < ARRAY_N({tab}); t++) {{ if ({tab}[t].reg_type != INVALID) printf("Y {g} reg %d %s\\n", {tab}[t].reg_type, brw_reg_type_to_letters(t));'
                 f' if ({tab}[t].imm_type != INVALID) printf("Y {g} imm %d %s\\n", {tab}[t].imm_type, brw_reg_type_to_letters(t)); }}\n')
    for tab, g, kind in (("gfx8_hw_3src_type", "gen8", "a16"),
                         ("gfx11_hw_3src_type", "gen11", "a1"), ("gfx12_hw_3src_type", "gen12", "a1"),
                         ("gfx125_hw_3src_type", "gen125", "a1"), ("gfx7_hw_3src_type", "gen75", "a16")):
        c.append(f'  for (unsigned t = 0; t < ARRAY_N({tab}); t++) if ({tab}[t].reg_type != INVALID) printf("Y {g} 3src_{kind} %d %s\\n",'
                 f' {tab}[t].reg_type + ({"0" if kind == "a16" else f"(int){tab}[t].exec_type * 16"}), brw_reg_type_to_letters(t));\n')
    c.append("  return 0;\n}\n")
    with tempfile.TemporaryDirectory() as d:
        cf, exe = os.path.join(d, "h.c"), os.path.join(d, "h")
        open(cf, "w").write("".join(c))
        inc = [f"-I{os.path.join(mesa, p)}" for p in ("src/intel/compiler", "src/intel", "src", "include", "src/mesa", "src/gallium/include")]
        subprocess.run(["gcc", "-w", "-DNDEBUG", "-DHAVE_ENDIAN_H", "-DUTIL_ARCH_LITTLE_ENDIAN=1", "-DUTIL_ARCH_BIG_ENDIAN=0", "-I" + os.path.join(os.path.dirname(mesa), "build", "src"), *inc, cf, "-o", exe], check=True)
        return subprocess.run([exe], check=True, capture_output=True, text=True).stdout.splitlines()

def q(s): return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

def main():
    mesa, outdir = sys.argv[1], sys.argv[2]
    inst_src = open(os.path.join(mesa, "src/intel/compiler/brw_inst.h")).read()
    load_md12(inst_src)
    print("MD12 pieces:", MD12_PIECES)
    lines = run_harness(mesa)
    full = {}
    for g, ver, vx, parent in GENS:
        d = {}
        for (form, name), rng in inst_fields(inst_src, ver, vx).items():
            d[("field", form + " " + name)] = "field " + form + " " + name + " = " + ", ".join(f"{h}:{l}" for h, l in rng) + ";"
        for name, pieces in (EXTRA_FIELDS_12 if ver >= 12 else EXTRA_FIELDS_9 if ver >= 9 else EXTRA_FIELDS_8 if ver >= 8 else EXTRA_FIELDS_7).items():
            if ver >= 9 or "ex_desc" not in name:
                if ver >= 11 or not name.startswith("3src_a1"):
                    d[("field", "native " + name)] = "field native " + name + " = " + pieces + ";"
        for name, pieces in (EXTRA_FIELDS_125 if vx >= 125 else {}).items():
            d[("field", "native " + name)] = "field native " + name + " = " + pieces + ";"
        scatter = (SCATTER_125 if vx >= 125 else SCATTER_12 if ver >= 12 else SCATTER_9 if ver >= 9
                   else SCATTER_8 if ver >= 8 else SCATTER_7)
        desc = DESC_125 if vx >= 125 else DESC_11 if ver >= 11 else DESC_8 if ver >= 8 else DESC_7
        for form, table in (("scatter", scatter), ("desc", desc),
                            ("compact", EXTRA_COMPACT_12 if ver >= 12 else EXTRA_COMPACT_8)):
            for name, pieces in table.items():
                d[("field", form + " " + name)] = "field " + form + " " + name + " = " + pieces + ";"
        full[g] = d
    tables = {l.split()[1]: l.split()[2:] for l in lines if l.startswith("T ")}
    for g, *_ in GENS:  # each family takes the table its nearest ancestor (or itself) defines
        for ours, arr, gens in NUM_TABLES:
            if ours in NO_TABLES.get(g, []): continue
            owner = [a for a in lineage(g) if any(o == ours and gens[0] == a for o, _, gens in NUM_TABLES)]
            if owner and owner[-1] == gens[0]:
                full[g][("table", ours)] = f"table {ours} {{ " + ", ".join(tables[arr]) + " }"
    names = {}
    for l in lines:
        if l.startswith("N "):
            _, arr, idx, txt = l.split(" ", 3)
            names.setdefault(arr, []).append(f"{idx} = {q(txt)};")
    for g, *_ in GENS:
        for arr, entries in names.items():
            if any(arr in only and fam not in lineage(g) for fam, only in NAME_TABLES_ONLY.items()): continue
            full[g][("names", arr)] = f"names {arr} {{ " + " ".join(entries) + " }"
    # Mesa 22.3.6's disassembler indexes its 16-entry DC0 message-type table with a 5-bit
    # field; for values 16 and up the Debian build reads the rt-write subtype table stored
    # right after it, and i965_disasm/aubinator print those strings. Stated here so that we
    # print what they print (the oracle), not because the hardware has such messages.
    past = [e for e in names.get("m_rt_write_subtype", [])]
    for g, *_ in GENS:
        full[g][("names", "dp_dc0_msg_type_gfx7_past_end")] = "names dp_dc0_msg_type_gfx7_past_end { " + " ".join(
            str(int(e.split(" ", 1)[0]) + 16) + " " + e.split(" ", 1)[1] for e in past) + " }"
    arf = [l.split(" ", 2) for l in lines if l.startswith("A ")]
    for g, *_ in GENS:
        full[g][("names", "arf")] = "names arf { " + " ".join(f"{a[1]} = {q(a[2])};" for a in arf) + " }"
    gi = {"gen8": 0, "gen9": 1, "gen11": 2, "gen12": 3, "gen125": 4, "gen75": 5, "gen7": 6}
    types = {}
    for l in lines:
        p = l.split()
        if p[0] == "O":
            hw, nm, ns, nd, flags = int(p[1]), p[2], p[3], p[4], p[5:]
            for g, i in gi.items():
                if flags[i] == "1":
                    full[g][("opcode", str(hw))] = f"opcode {hw} {nm} srcs {ns} dsts {nd};"
        elif p[0] == "Y":
            types.setdefault((p[1], p[2]), []).append(f"{p[3]} = {q(p[4])};")
    for h, *_ in GENS:  # each family takes the type table of its nearest ancestor (or itself)
        for kind in {k for _, k in types}:
            owner = [a for a in lineage(h) if (a, kind) in types]
            if owner:
                full[h][("names", "types_" + kind)] = f"names types_{kind} {{ " + " ".join(types[(owner[-1], kind)]) + " }"
    for g, ver, vx, parent in GENS:
        d = full[g]
        out = [f"# EU instruction set facts for {g}, transcribed by tools/eu/transcribe.py from Mesa 22.3.6.",
               "# Regenerate, don't edit by hand.",
               f"isa {g}" + (f" extends {parent}" if parent else "") + ";", ""]
        write_spec(outdir, g, out, d, full[parent] if parent else {})

def write_spec(outdir, family, header, d, base):
    """Writes FAMILY.euspec: the header lines, then each statement of d that base lacks or states
    otherwise (fields, opcodes, tables, names, in that order), then a remove for what base has and d not."""
    out = list(header)
    for k in sorted(d, key=lambda k: (["field", "opcode", "table", "names"].index(k[0]), k[1] if k[0] != "opcode" else int(k[1]))):
        if base.get(k) != d[k]:
            out.append(d[k])
    for k in sorted(base):
        if k not in d:
            out.append(f"remove {k[0]} {k[1].split(' ')[-1] if k[0] != 'field' else k[1]};")
    open(os.path.join(outdir, family + ".euspec"), "w").write("\n".join(out) + "\n")
    print(family, len(out), "lines")

if __name__ == "__main__":
    main()
