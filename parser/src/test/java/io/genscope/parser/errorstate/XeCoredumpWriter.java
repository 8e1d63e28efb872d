package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Submission;

/**
 * Test helper: writes an Xe devcoredump holding one job: its batch address, the engine's
 * registers and every PPGTT buffer of an {@link ErrorStateWriter.EngineDump} as a VM area.
 */
final class XeCoredumpWriter {
    private XeCoredumpWriter() {
    }

    static String write(int pciId, String process, long batch, ErrorStateWriter.EngineDump e) {
        Submission s = e.submission();
        StringBuilder out = new StringBuilder(1 << 16);
        out.append("**** Xe Device Coredump ****\n");
        out.append("Reason: Timedout job\nkernel: 6.8.0-genscope\nmodule: xe\n");
        out.append("Snapshot time: 1700000000.000000000\nUptime: 100.000000000\n");
        out.append("Process: ").append(process).append('\n');
        out.append(String.format("PCI ID: 0x%04x%nPCI revision: 0x07%n", pciId));
        out.append("\n**** GuC CT ****\nCT enabled: 1\n\t[CTB].length: 0x10\n\t[CTB].data: zzzz\n");
        out.append("\n**** Job ****\n\tGuC ID: 2\n\tName: ").append(process).append("\n\tClass: 0\n");
        out.append("\tLogical mask: 0x1\n\tWidth: 1\n");
        out.append("\t[HWCTX].length: 0x8\n\t[HWCTX].data: zz\n");
        out.append(String.format("\tbatch_addr[0]: 0x%016x%n", batch));
        out.append("\n**** HW Engines ****\n");
        out.append("rcs0 (physical), logical instance=0\n");
        out.append("\tForcewake: domain 0x2, ref 1\n");
        out.append(String.format("\tRING_START: 0x%08x%n", s.ringStart()));
        out.append(String.format("\tRING_HEAD: 0x%08x%n", s.ringHead()));
        out.append(String.format("\tRING_TAIL: 0x%08x%n", s.ringTail()));
        out.append(String.format("\tRING_CTL: 0x%08x%n", ((s.ringSize() - 4096) & 0x1ff000) | 1));
        out.append(String.format("\tACTHD: 0x%016x%n", e.acthd()));
        out.append("\tBBADDR: 0x0000000000000000\n");
        out.append("bcs0 (physical), logical instance=0\n\tACTHD: 0x0000000000000000\n");
        out.append("\n**** VM state ****\n");
        for (ErrorStateWriter.Buffer b : e.buffers()) {
            if (b.name().equals("batch") || b.name().equals("user")) {
                out.append(String.format("[%x].length: 0x%x%n", b.address(), 4L * b.dwords().length));
                out.append(String.format("[%x].data: ", b.address()));
                Ascii85.encode(b.dwords(), 0, b.dwords().length, out);
                out.append('\n');
            }
        }
        out.append("[ffff00000000].length: 0x1000\n[ffff00000000].error: -14\n");
        return out.toString();
    }
}
