package io.genscope.migration.xe;

import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * xe VF migration data opened like a capture: the listing of its packets ({@link XeVfText}) as
 * comments, the reader's problems, then every context found in VRAM through the GGTT packet
 * ({@link XeVfContexts}) as a submission whose ring walks through {@link XeVfMemory}, so that
 * {@code genscope decode} prints its commands as it prints a capture's. Contexts are looked for
 * only when the data says where its GGTT range starts (genscope's descriptor KLV
 * {@link XeKlv#GENSCOPE_GGTT_BASE}; Linux's own stream does not carry it).
 */
public final class XeVfCapture {
    /** The format name {@link CaptureInfo#format()} carries. */
    public static final String FORMAT = "xe-vf";

    private XeVfCapture() {
    }

    /**
     * Reads {@code file} and tells {@code listener} what it holds.
     *
     * @param forced the spec to decode with instead of the descriptor's device, or null
     * @return the contexts found
     */
    public static List<XeVfContexts.Found> read(Path file, Spec forced, CaptureListener listener) throws IOException {
        XeVfData data = XeVfReader.read(file);
        Optional<XePacket.Descriptor> d = data.descriptor();
        int pciId = d.flatMap(x -> x.deviceId().isPresent() ? Optional.of(x.deviceId().getAsInt()) : Optional.empty())
                .orElse(0);
        Optional<Device> device = Device.byPciId(pciId);
        listener.info(new CaptureInfo(FORMAT, pciId, device.map(Device::spec).orElse(null),
                device.map(x -> x.name() + " (" + x.platform() + ")").orElse(""), "none (xe VF migration data)"));
        XeVfText.describe(data, line -> listener.comment(0, line));
        data.problems().forEach(listener::problem);
        Spec spec = forced != null ? forced : device.map(x -> SpecLoader.builtin(x.spec())).orElse(null);
        List<XePacket.Ggtt> ggtt = data.packets(XePacket.Ggtt.class);
        String none = d.isEmpty() || d.get().ggttBase().isEmpty()
                ? "the data does not say where its GGTT range starts (genscope's descriptor KLV 0xfe01)"
                : ggtt.isEmpty() ? "the data has no GGTT packet" : spec == null ? "no spec for its device (give one with --gen)" : null;
        if (none != null) {
            listener.comment(0, "");
            listener.comment(0, "Contexts: not looked for: " + none);
            return List.of();
        }
        long base = d.get().ggttBase().getAsLong();
        try (XeVfMemory vf = new XeVfMemory(data, base)) {
            GpuMemory memory = synchronizedView(vf);
            List<XeVfContexts.Found> found = XeVfContexts.find(memory, base, ggtt.get(0).count(), spec);
            listener.comment(0, "");
            listener.comment(0, String.format("Contexts: %d found in VRAM through the GGTT (range 0x%x, %d pages); batches"
                    + " in the PPGTT are guest memory, not in the data, and show as unavailable", found.size(), base,
                    ggtt.get(0).count()));
            for (int i = 0; i < found.size(); i++) {
                XeVfContexts.Found f = found.get(i);
                listener.comment(0, String.format("context %d on %s: image at 0x%x, ring at 0x%x (%d bytes), head 0x%x,"
                        + " tail 0x%x", i, f.engine().specName(), f.lrca(), f.ring().ringStart(), f.ring().ringSize(),
                        f.ring().head(), f.ring().tail()));
                listener.submission(f.submission(i), memory, -1);
            }
            return found;
        }
    }

    /** The printer may read on several threads; the image's memory reads through one page buffer. */
    private static GpuMemory synchronizedView(XeVfMemory vf) {
        return (space, address, dst, off, count) -> {
            synchronized (vf) {
                return vf.read(space, address, dst, off, count);
            }
        };
    }
}
