#!/usr/bin/env python3
"""Writes fixtures/errorstate/legacy-skl-hand.txt: a small i915 error state in the legacy hex layout
(Linux 4.4 era, Skylake), composed by hand for genscope's tests. The commands are hand-encoded:

  ring (GGTT 0x0000d000, 4 KiB): 4 x MI_NOOP (an older request), then at 0x10 the hung request:
      MI_BATCH_BUFFER_START (GGTT) -> 0x0001a000, MI_NOOP; HEAD = 0x10 (wrap count 1), TAIL = 0x20
  batch (GGTT 0x0001a000, 4 KiB): MI_NOOP, PIPE_CONTROL, MI_LOAD_REGISTER_IMM, 3DSTATE_VF_TOPOLOGY,
      3DPRIMITIVE (ACTHD points here), PIPE_CONTROL, MI_BATCH_BUFFER_END
  HW Status page (GGTT 0x0000c000) as [%04x] lines; an idle bsd ring.

Usage: python3 tools/make_legacy_error_state.py > fixtures/errorstate/legacy-skl-hand.txt
       xz -9 fixtures/errorstate/legacy-skl-hand.txt
"""

RING_ADDR, BATCH_ADDR, HWS_ADDR, BSD_RING_ADDR = 0xd000, 0x1a000, 0xc000, 0x4d000

batch = [0x00000000,                                   # MI_NOOP
         0x7a000004, 0x00101001, 0, 0, 0, 0,           # PIPE_CONTROL (CS stall, RT and depth flush)
         0x11000001, 0x00007010, 0x00010001,           # MI_LOAD_REGISTER_IMM
         0x784b0000, 0x00000004,                       # 3DSTATE_VF_TOPOLOGY: TRILIST
         0x7b000005, 0x00000004, 3, 0, 1, 0, 0,        # 3DPRIMITIVE: 3 vertices, 1 instance
         0x7a000004, 0x00100000, 0, 0, 0, 0,           # PIPE_CONTROL (CS stall)
         0x05000000]                                   # MI_BATCH_BUFFER_END
acthd = BATCH_ADDR + 4 * batch.index(0x7b000005)
batch += [0] * (1024 - len(batch))

ring = [0, 0, 0, 0, 0x18800001, BATCH_ADDR, 0, 0] + [0] * (1024 - 8)
status = [(i * 0x11) & 0xff if i < 16 else 0 for i in range(1024)]
status[0x30] = 0x00000f42  # seqno


def hexdump(words):
    return "".join("%08x :  %08x\n" % (4 * i, w) for i, w in enumerate(words))


out = []
out.append("GPU HANG: ecode 9:0:0x84df3ec4, in glxgears [2271], reason: Ring hung, action: reset\n")
out.append("Time: 1462000000 s 0 us\nKernel: 4.4.0-genscope\n")
out.append("PCI ID: 0x1916\nEIR: 0x00000000\nIER: 0x02a00000\nPGTBL_ER: 0x00000000\n")
out.append("FORCEWAKE: 0x00010001\nDERRMR: 0x00000000\nCCID: 0x00000000\nMissed interrupts: 0x00000000\n")
out.append("".join("  fence[%d] = 00000000\n" % i for i in range(4)))
out.append("render command stream:\n")
out.append("  START: 0x%08x\n  HEAD: 0x%08x\n  TAIL: 0x%08x\n  CTL: 0x00000001\n" % (RING_ADDR, 0x00200010, 0x20))
out.append("  ACTHD: 0x%08x %08x\n  IPEIR: 0x00000000\n  IPEHR: 0x7b000005\n  INSTDONE: 0xffffffff\n"
           % (acthd >> 32, acthd & 0xffffffff))
out.append("  BBADDR: 0x00000000_%08x\n  BB_STATE: 0x00000000\n  INSTPS: 0x00000000\n" % acthd)
out.append("  INSTPM: 0x00006000\n  FADDR: 0x00000000 %08x\n  RC PSMI: 0x00000010\n" % (acthd + 0x10))
out.append("  FAULT_REG: 0x00000000\n  GFX_MODE: 0x00008000\n  seqno: 0x00000f42\n  last_seqno: 0x00000f43\n")
out.append("  waiting: no\n  ring->head: 0x00000010\n  ring->tail: 0x00000020\n  hangcheck: hung [40]\n")
out.append("bsd command stream:\n  START: 0x%08x\n  HEAD: 0x00000040\n  TAIL: 0x00000040\n" % BSD_RING_ADDR)
out.append("  CTL: 0x00000001\n  ACTHD: 0x00000000 %08x\n  hangcheck: idle [0]\n" % (BSD_RING_ADDR + 0x40))
out.append("render ring --- gtt_offset = 0x00000000 %08x\n" % BATCH_ADDR)
out.append(hexdump(batch))
out.append("render ring --- 2 requests\n  seqno 0x00000f42, emitted 4295100000, tail 0x00000010\n")
out.append("  seqno 0x00000f43, emitted 4295100016, tail 0x00000020\n")
out.append("render ring --- ringbuffer = 0x%08x\n" % RING_ADDR)
out.append(hexdump(ring))
out.append("render ring --- HW Status = 0x%08x\n" % HWS_ADDR)
out.append("".join("[%04x] %08x %08x %08x %08x\n" % ((16 * i,) + tuple(status[4 * i:4 * i + 4]))
                   for i in range(256)))
out.append("bsd ring --- ringbuffer = 0x%08x\n" % BSD_RING_ADDR)
out.append(hexdump([0] * 1024))
out.append("Display IO: 0x00000000\n")
print("".join(out), end="")
