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
import java.util.OptionalLong;

/**
 * xe VF migration data opened like a capture: the listing of its packets ({@link XeVfText}) as
 * comments, the reader's problems, then every context found in VRAM through the GGTT packet
 * ({@link XeVfContexts}) as a submission whose ring walks through {@link XeVfMemory}, so that
 * {@code genscope decode} prints its commands as it prints a capture's. The GGTT range's base is
 * the user's, or the data's (genscope's descriptor KLV {@link XeKlv#GENSCOPE_GGTT_BASE}; Linux's
 * own stream does not carry it), or inferred from the context images
 * ({@link XeVfContexts#inferBase}) when exactly one base fits them.
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
        return read(file, forced, OptionalLong.empty(), listener);
    }

    /**
     * As {@link #read(Path, Spec, CaptureListener)} with the VF's GGTT base given by the user (from
     * the PF's provisioning), which goes before the data's own KLV and before inferring one.
     */
    public static List<XeVfContexts.Found> read(Path file, Spec forced, OptionalLong givenBase, CaptureListener listener)
            throws IOException {
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
        String none = ggtt.isEmpty() ? "the data has no GGTT packet" : spec == null ? "no spec for its device (give one with --gen)" : null;
        OptionalLong klv = d.isPresent() ? d.get().ggttBase() : OptionalLong.empty();
        XeVfBase chosen = none == null ? XeVfBase.of(data, spec, givenBase, "--ggtt-base") : null;
        if (chosen instanceof XeVfBase.Unknown u) {
            none = u.reason();
        }
        if (none != null) {
            listener.comment(0, "");
            listener.comment(0, "Contexts: not looked for: " + none);
            return List.of();
        }
        XeVfBase.Known known = (XeVfBase.Known) chosen;
        String origin = known.origin();
        long base = known.address();
        listener.comment(0, "");
        listener.comment(0, String.format("GGTT base:        0x%x, %s%s", base, origin, givenBase.isPresent() && klv.isPresent()
                && klv.getAsLong() != base ? String.format(" (the descriptor says 0x%x)", klv.getAsLong()) : ""));
        try (XeVfMemory vf = new XeVfMemory(data, base)) {
            GpuMemory memory = synchronizedView(vf);
            List<XeVfContexts.Found> found = XeVfContexts.find(memory, base, ggtt.get(0).count(), spec);
            listener.comment(0, String.format("Contexts: %d found in VRAM through the GGTT (range 0x%x, %d pages); batches"
                    + " in the PPGTT are guest memory, not in the data, and show as unavailable", found.size(), base,
                    ggtt.get(0).count()));
            for (int i = 0; i < found.size(); i++) {
                XeVfContexts.Found f = found.get(i);
                listener.comment(0, String.format("context %d on %s: image at 0x%x, ring at 0x%x (%d bytes), head 0x%x,"
                        + " tail 0x%x%s", i, f.engine().specName(), f.lrca(), f.ring().ringStart(), f.ring().ringSize(),
                        f.ring().head(), f.ring().tail(), f.ringState() < 0 ? ""
                                : String.format(", ring registers in its indirect ring state at 0x%x", f.ringState())));
                listener.submission(f.submission(i), memory, -1);
            }
            return found;
        }
    }

    /**
     * Copies {@code image} to {@code out} as Linux's PF writes it: the descriptor with the device id
     * and revision alone (no genscope KLV, so no GGTT base), then the other packets byte for byte.
     * For trying what decode does with a real stream; the image must have a descriptor.
     */
    public static void linuxForm(Path image, java.nio.channels.WritableByteChannel out) throws IOException {
        XePacket.Descriptor d = XeVfReader.read(image).descriptor()
                .orElseThrow(() -> new IOException(image + ": no descriptor"));
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(image)) {
            new XeVfWriter(out).descriptor(d.deviceId().orElse(0), d.revision().orElse(0));
            long at = d.at() + XePacketHeader.BYTES + d.header().size();
            while (at < in.size()) {
                at += in.transferTo(at, in.size() - at, out);
            }
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
