package io.genscope.migration.xe;

import io.genscope.parser.aub.Device;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * The text listing of xe VF migration data that {@code genscope decode} prints: a banner, then
 * one line per packet; GGTT entries in runs (consecutive pages with the same attributes and
 * consecutive physical pages), MMIO registers by value, GuC state and VRAM by size. Problems are
 * not listed here; the caller prints them.
 */
public final class XeVfText {
    /** GGTT runs listed per packet before the rest are counted only. */
    public static final int MAX_RUNS = 256;

    private XeVfText() {
    }

    /** Lists {@code data}, one line at a time, no line separators. */
    public static void print(XeVfData data, Consumer<String> line) {
        line.accept("genscope: Intel GPU capture decoder.");
        line.accept("File name:        " + data.file().getFileName());
        describe(data, line);
    }

    /** The listing without the banner: format, device, then one line per packet (decode prints it as comments). */
    public static void describe(XeVfData data, Consumer<String> line) {
        line.accept("Format:           xe SR-IOV VF migration data (Linux xe-vfio-pci), " + data.packets().size()
                + " packets, " + data.size() + " bytes");
        data.descriptor().ifPresent(d -> {
            d.deviceId().ifPresent(id -> line.accept(String.format("PCI ID:           0x%04x%s", id,
                    d.revision().isPresent() ? String.format(", revision 0x%02x", d.revision().getAsInt()) : "")));
            d.deviceId().ifPresent(id -> line.accept("Device:           " + Device.byPciId(id)
                    .map(x -> x.name() + " (" + x.platform() + ", spec " + x.spec() + ")").orElse("not one genscope knows")));
        });
        line.accept("");
        for (int i = 0; i < data.packets().size(); i++) {
            packet(i, data.packets().get(i), line);
        }
    }

    private static void packet(int index, XePacket p, Consumer<String> line) {
        XePacketHeader h = p.header();
        String head = "packet " + index + " at byte " + p.at() + ": " + h.typeLabel()
                + (p instanceof XePacket.Descriptor || p instanceof XePacket.Trailer ? "" : ", tile " + h.tile() + " GT " + h.gt())
                + (h.flags() != 0 ? String.format(", flags 0x%x", h.flags()) : "");
        if (p instanceof XePacket.Descriptor d) {
            line.accept(head + ", " + h.size() + " bytes, " + d.klvs().size() + " KLVs");
            d.klvs().forEach(k -> line.accept("  " + k));
        } else if (p instanceof XePacket.Ggtt g) {
            ggtt(head, g, line);
        } else if (p instanceof XePacket.Mmio m) {
            StringBuilder s = new StringBuilder(head + ", " + m.registers().length + " registers:");
            for (int v : m.registers()) {
                s.append(String.format(" 0x%08x", v));
            }
            line.accept(s.toString());
        } else if (p instanceof XePacket.Guc g) {
            line.accept(head + ", " + h.size() + " bytes (" + h.size() / 4 + " dwords), starting "
                    + HexFormat.of().formatHex(g.state(), 0, Math.min(16, g.state().length)));
        } else if (p instanceof XePacket.Vram) {
            line.accept(head + String.format(", %s at VRAM offset 0x%x", bytes(h.size()), h.offset()));
        } else if (p instanceof XePacket.Skipped) {
            line.accept(head + ", " + Long.toUnsignedString(h.size()) + " bytes: skipped");
        } else {
            line.accept(head);
        }
    }

    private static void ggtt(String head, XePacket.Ggtt g, Consumer<String> line) {
        int valid = 0;
        int local = 0;
        int[] pat = new int[4];
        for (int i = 0; i < g.count(); i++) {
            XeGgttPte e = g.entry(i);
            if (e.valid()) {
                valid++;
                local += e.localMemory() ? 1 : 0;
                pat[e.patIndex()]++;
            }
        }
        line.accept(head + ", " + g.count() + " entries (" + bytes(g.count() * 4096L) + " of GGTT): " + valid + " valid, "
                + local + " in local memory, PAT index 0/1/2/3: " + pat[0] + "/" + pat[1] + "/" + pat[2] + "/" + pat[3]);
        int runs = 0;
        int start = 0;
        for (int i = 1; i <= g.count(); i++) {
            if (i < g.count() && g.entry(i - 1).continuedBy(g.entry(i))) {
                continue;
            }
            if (runs++ < MAX_RUNS) {
                line.accept("  " + run(g, start, i));
            }
            start = i;
        }
        if (runs > MAX_RUNS) {
            line.accept("  ... " + (runs - MAX_RUNS) + " more runs");
        }
    }

    /** "GGTT +0x00000000..+0x0000ffff (16 pages): valid, local memory, PAT 0 -> 0x000100000000..0x00010000ffff". */
    private static String run(XePacket.Ggtt g, int from, int to) {
        XeGgttPte first = g.entry(from);
        XeGgttPte last = g.entry(to - 1);
        String range = String.format("GGTT +0x%08x..+0x%08x (%d page%s): ", from * 4096L, to * 4096L - 1, to - from,
                to - from == 1 ? "" : "s");
        if (!first.valid()) {
            return range + "not valid" + (first.raw() != 0 ? String.format(", raw 0x%016x", first.raw()) : "");
        }
        return range + "valid, " + (first.localMemory() ? "local memory" : "system memory") + ", PAT " + first.patIndex()
                + (first.vfid() != 0 ? ", VF " + first.vfid() : "")
                + (first.otherBits() != 0 ? String.format(", other bits 0x%x", first.otherBits()) : "")
                + String.format(" -> 0x%012x..0x%012x", first.address(), last.address() + 4095);
    }

    /** "512 MiB", "12 KiB", "100 bytes". */
    static String bytes(long n) {
        if (n >= 1L << 30 && n % (1L << 30) == 0) {
            return (n >> 30) + " GiB";
        }
        if (n >= 1L << 20 && n % (1L << 20) == 0) {
            return (n >> 20) + " MiB";
        }
        if (n >= 1L << 10 && n % (1L << 10) == 0) {
            return (n >> 10) + " KiB";
        }
        return Long.toUnsignedString(n) + " bytes";
    }
}
