package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Submission;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Test helper: writes an i915 error state for one engine, in the layout the kernel prints, so
 * that the reader can be checked against captures whose contents are known.
 *
 * <ul>
 *   <li>{@link Layout#COMPRESSED}: modern, payloads {@code :} + ascii85 of a zlib stream
 *       (a kernel built with error compression);
 *   <li>{@link Layout#RAW}: modern, payloads {@code ~} + ascii85 of the dwords;
 *   <li>{@link Layout#HEX}: legacy (before about Linux 4.10), payloads as {@code %08x :  %08x} lines,
 *       the context image as {@code [%04x]} lines of four dwords.
 * </ul>
 */
final class ErrorStateWriter {
    enum Layout { COMPRESSED, RAW, HEX }

    /** A buffer to dump: kernel name ({@code ring}, {@code batch}, {@code HW context}, {@code user}), address, dwords. */
    record Buffer(String name, long address, int[] dwords) {
    }

    /**
     * One engine's state.
     *
     * @param submission where its ring was (start, head, tail, size) and the context (descriptor, PML4)
     * @param acthd the address to report as ACTHD
     * @param buffers the buffers, in the order to print them
     */
    record EngineDump(Submission submission, long acthd, List<Buffer> buffers) {
    }

    private ErrorStateWriter() {
    }

    static String write(int pciId, String platform, String process, EngineDump e, Layout layout) {
        boolean legacy = layout == Layout.HEX;
        String engine = legacy ? "render" : "rcs0";
        StringBuilder out = new StringBuilder(1 << 16);
        out.append("GPU HANG: ecode 9:0:00000000, in ").append(process).append(", hang on ").append(engine).append('\n');
        out.append("Kernel: 6.1.0-genscope x86_64\n");
        out.append("Time: 1700000000 s 0 us\n");
        out.append("Active process (on ring ").append(engine).append("): ").append(process).append('\n');
        out.append("Reset count: 0\n");
        out.append("Platform: ").append(platform).append('\n');
        out.append(String.format("PCI ID: 0x%04x%n", pciId));
        out.append("PCI Revision: 0x07\n");
        out.append("IOMMU enabled?: 0\n");
        out.append("GT awake: yes\n");
        out.append("EIR: 0x00000000\n");
        out.append("PGTBL_ER: 0x00000000\n");
        for (int i = 0; i < 4; i++) {
            out.append(String.format("  fence[%d] = 00000000%n", i));
        }
        Submission s = e.submission();
        int ctl = ((s.ringSize() - 4096) & 0x1ff000) | 1;
        out.append(engine).append(" command stream:\n");
        if (legacy) {
            out.append(String.format("  START: 0x%08x%n", s.ringStart() & 0xffff_ffffL));
            out.append(String.format("  HEAD: 0x%08x%n", s.ringHead() | 3 << 21)); // wrap count 3
            out.append(String.format("  TAIL: 0x%08x%n", s.ringTail()));
            out.append(String.format("  CTL: 0x%08x%n", ctl));
            out.append(String.format("  ACTHD: 0x%08x %08x%n", e.acthd() >>> 32, e.acthd() & 0xffff_ffffL));
            out.append("  IPEIR: 0x00000000\n  IPEHR: 0x00000000\n  INSTDONE: 0xffffffff\n");
        } else {
            out.append(String.format("  CCID:  0x%08x%n", s.lrca() | 0x109));
            out.append(String.format("  START: 0x%08x%n", s.ringStart() & 0xffff_ffffL));
            out.append(String.format("  HEAD:  0x%08x [0x%08x]%n", s.ringHead() + 0x200000, s.ringHead()));
            out.append(String.format("  TAIL:  0x%08x [0x%08x, 0x%08x]%n", s.ringTail(), s.ringTail(), s.ringTail()));
            out.append(String.format("  CTL:   0x%08x%n", ctl));
            out.append("  MODE:  0x00000000\n");
            out.append(String.format("  HWS:   0x%08x%n", s.lrca()));
            out.append(String.format("  ACTHD: 0x%08x %08x%n", e.acthd() >>> 32, e.acthd() & 0xffff_ffffL));
            out.append("  IPEIR: 0x00000000\n  IPEHR: 0x00000000\n  ESR:   0x00000000\n");
            out.append("  INSTDONE: 0xffffffff\n  SC_INSTDONE: 0xffffffff\n");
            for (Buffer b : e.buffers()) {
                if (b.name().equals("batch")) {
                    long end = b.address() + 4L * b.dwords().length;
                    out.append(String.format("  batch: [0x%08x_%08x, 0x%08x_%08x]%n", b.address() >>> 32,
                            b.address() & 0xffff_ffffL, end >>> 32, end & 0xffff_ffffL));
                }
            }
            out.append("  GFX_MODE: 0x00008000\n");
            out.append(String.format("  PDP0: 0x%016x%n", s.pml4()));
            out.append("  hung: 1\n  engine reset count: 0\n");
            out.append("  Active context: ").append(process).append(" prio 0, guilty 1 active 0\n");
        }
        for (Buffer b : e.buffers()) {
            buffer(out, engine, b, layout);
        }
        out.append("IER: 0x00000000\n");
        out.append("i915.enable_hangcheck=yes\n");
        return out.toString();
    }

    private static void buffer(StringBuilder out, String engine, Buffer b, Layout layout) {
        long hi = b.address() >>> 32;
        long lo = b.address() & 0xffff_ffffL;
        if (layout == Layout.HEX) {
            String name = switch (b.name()) {
                case "ring" -> "ringbuffer";
                case "batch" -> "gtt_offset";
                case "HW context" -> "HW Context";
                default -> b.name();
            };
            if (name.equals("ringbuffer")) {
                out.append(String.format("%s ring --- %s = 0x%08x%n", engine, name, lo));
            } else {
                out.append(String.format("%s ring --- %s = 0x%08x %08x%n", engine, name, hi, lo));
            }
            int[] d = b.dwords();
            for (int i = 0; i < d.length; i++) {
                out.append(String.format("%08x :  %08x%n", 4 * i, d[i]));
            }
            if (name.equals("HW Context")) {
                // the status page of the context, as kernels of that time printed it: [%04x] and four dwords
                out.append(String.format("%s ring --- HW Status = 0x%08x%n", engine, lo));
                for (int i = 0; i + 3 < Math.min(1024, d.length); i += 4) {
                    out.append(String.format("[%04x] %08x %08x %08x %08x%n", 4 * i, d[i], d[i + 1], d[i + 2], d[i + 3]));
                }
            }
            return;
        }
        out.append(String.format("%s --- %s = 0x%08x %08x%n", engine, b.name(), hi, lo));
        if (b.dwords().length > 4096) {
            out.append("gtt_page_sizes = 0x00010000\n");
        }
        if (layout == Layout.RAW) {
            out.append('~');
            Ascii85.encode(b.dwords(), 0, b.dwords().length, out);
        } else {
            out.append(':');
            int[] z = deflate(b.dwords());
            Ascii85.encode(z, 0, z.length, out);
        }
        out.append('\n');
    }

    /** zlib stream of the dwords (little-endian bytes), zero-padded to whole dwords as the kernel prints it. */
    static int[] deflate(int[] dwords) {
        byte[] in = new byte[4 * dwords.length];
        for (int i = 0; i < dwords.length; i++) {
            for (int k = 0; k < 4; k++) {
                in[4 * i + k] = (byte) (dwords[i] >>> (8 * k));
            }
        }
        Deflater d = new Deflater();
        d.setInput(in);
        d.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        while (!d.finished()) {
            z.write(chunk, 0, d.deflate(chunk));
        }
        d.end();
        byte[] bytes = z.toByteArray();
        int[] out = new int[(bytes.length + 3) / 4];
        for (int i = 0; i < bytes.length; i++) {
            out[i >>> 2] |= (bytes[i] & 0xff) << (8 * (i & 3));
        }
        return out;
    }
}
