package io.genscope.migration.xe;

import io.genscope.parser.aub.AubHeader;
import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.aub.AubSummary;
import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.Ggtt;
import io.genscope.spec.AddressSpace;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes the VF migration data a PF would save for a VF that ran a captured workload, as the GPU
 * memory stands at the end of the capture: the capture's GGTT range (first to last page with an
 * entry) becomes the VF's GGTT range, and every page behind it becomes VF VRAM, packed in GGTT
 * order, the entries rewritten to point there (local memory, the capture's PAT index). So the
 * image is self-contained, as for a Battlemage VF, also when the capture is from an integrated
 * part (Lunar Lake, Panther Lake) whose real VF data would carry no VRAM (docs/xe-vf-migration.md).
 * The PPGTT and the pages only it reaches are left out: on a real VF they are guest memory.
 *
 * <p>Packets: the descriptor (the capture's PCI id, revision 0, genscope's GGTT-base KLV; a NEO
 * capture names its platform instead of a PCI id, and the image takes the first id genscope's
 * device table lists for that platform), the
 * GGTT, 4 MMIO scratch registers as zeros (a capture does not hold them), VRAM in chunks, the
 * trailer. No GuC packet: its state is the firmware's and no capture has it.
 */
public final class XeVfCaptureImage {
    /** Linux's largest VRAM chunk. */
    public static final int DEFAULT_CHUNK = 512 << 20;

    /**
     * What was written.
     *
     * @param pciId the capture's device (0 when it names none)
     * @param spec the built-in spec that decodes it, or null
     * @param ggttBase graphics address of the VF's first GGTT page
     * @param ggttEntries entries in the GGTT packet
     * @param vramPages pages of VRAM written
     * @param contexts the capture's submissions (their LRCA and ring are GGTT addresses in the range)
     * @param bytes bytes written
     * @param problems the capture's problems, and why nothing was written when that happened
     */
    public record Made(int pciId, String spec, long ggttBase, int ggttEntries, int vramPages, List<Submission> contexts, long bytes,
            List<Problem> problems) {
        public Made {
            contexts = List.copyOf(contexts);
            problems = List.copyOf(problems);
        }
    }

    private XeVfCaptureImage() {
    }

    /** Writes the image of {@code capture} (an AUB, optionally .xz) to {@code out}, VRAM in chunks of at most {@code chunk} bytes. */
    public static Made write(Path capture, WritableByteChannel out, int chunk) throws IOException {
        if (chunk < 4096 || chunk % 4096 != 0) {
            throw new IllegalArgumentException("VRAM chunks are whole pages, not " + chunk + " bytes");
        }
        List<Submission> submissions = new ArrayList<>();
        ContextMemory[] last = new ContextMemory[1];
        AubHeader[] header = new AubHeader[1];
        AubSummary summary = new AubReader().read(capture, new AubListener() {
            @Override
            public void header(AubHeader h) {
                header[0] = h;
            }

            @Override
            public void submission(Submission s, ContextMemory memoryNow) {
                submissions.add(s);
                last[0] = memoryNow;
            }
        });
        List<Problem> problems = new ArrayList<>(summary.problems());
        int pciId = header[0] == null ? 0 : pciId(header[0]);
        String spec = header[0] == null ? null : header[0].specName();
        if (last[0] == null || last[0].ggtt().entryCount() == 0) {
            problems.add(new Problem(Problem.Kind.UNSUPPORTED, 0, "the capture submits nothing through a GGTT;"
                    + " there is no VF state to save"));
            return new Made(pciId, spec, 0, 0, 0, submissions, 0, problems);
        }
        ContextMemory memory = last[0];
        Ggtt ggtt = memory.ggtt();
        long[] indices = ggtt.indices();
        long first = indices[0];
        int count = (int) Math.min(indices[indices.length - 1] - first + 1, XeVfReader.MAX_GGTT / 8);
        long beyond = Arrays.stream(indices).filter(i -> i - first >= count).count();
        if (beyond > 0) {
            problems.add(new Problem(Problem.Kind.UNSUPPORTED, 0, beyond + " GGTT pages lie more than 4 GiB past the"
                    + String.format(" first (0x%x); a VF's GGTT range is smaller, they are left out", first << 12)));
        }
        long[] entries = new long[count];
        int pages = 0;
        for (long index : indices) {
            if (index - first < count) {
                int pat = new XeGgttPte(ggtt.entry(index).getAsLong()).patIndex();
                entries[(int) (index - first)] = XeGgttPte.of((long) pages++ << 12, true, pat).raw();
            }
        }
        XeVfWriter w = new XeVfWriter(out);
        long base = first << 12;
        w.descriptor(pciId, 0, XeKlv.of(XeKlv.GENSCOPE_GGTT_BASE, (int) base, (int) (base >>> 32)));
        w.ggtt(0, 0, entries).mmio(0, 0, new int[XeVfReader.MMIO_REGISTERS]);
        vram(w, memory, base, entries, pages, chunk);
        w.trailer();
        return new Made(pciId, spec, base, count, pages, submissions, w.bytesWritten(), problems);
    }

    /** The header's PCI id, else the first one of the platform its version packet names, else 0. */
    private static int pciId(AubHeader h) {
        if (h.pciId() != 0) {
            return h.pciId();
        }
        return h.product().flatMap(p -> Device.all().stream().filter(d -> d.platform().equals(p.platform())).findFirst())
                .map(Device::pciId).orElse(0);
    }

    /** The pages behind the entries, in VRAM order (which is GGTT order), in chunks. */
    private static void vram(XeVfWriter w, ContextMemory memory, long base, long[] entries, int pages, int chunk)
            throws IOException {
        int[] dwords = new int[1024];
        int i = 0;
        for (long offset = 0; offset < (long) pages << 12; offset += chunk) {
            int n = (int) Math.min(chunk, ((long) pages << 12) - offset);
            ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
            while (b.hasRemaining()) {
                while (entries[i] == 0) {
                    i++;
                }
                Arrays.fill(dwords, 0);
                memory.read(AddressSpace.GGTT, base + ((long) i << 12), dwords, 0, 1024);
                b.asIntBuffer().put(dwords);
                b.position(b.position() + 4096);
                i++;
            }
            w.vram(0, 0, offset, b.flip());
        }
    }
}
