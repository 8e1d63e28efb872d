package io.genscope.migration.xe.precopy;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.xe.XePacketHeader;
import io.genscope.migration.xe.XePacketType;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.migration.xe.XeVfWriter;
import io.genscope.parser.capture.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Linux's restore rules as the reader checks them, and a stream's order against Linux's save
 * (docs/xe-vf-migration.md, "Restore order"), on hand-written streams.
 */
class VfOrderTest {
    private static final long QUOTA = 1 << 20;

    @TempDir
    Path dir;

    /** Writes a stream through {@code body} into a new file. */
    private Path stream(String name, Body body) throws IOException {
        Path f = dir.resolve(name);
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            body.write(new XeVfWriter(ch));
        }
        return f;
    }

    @FunctionalInterface
    private interface Body {
        void write(XeVfWriter w) throws IOException;
    }

    private static XeVfWriter state(XeVfWriter w) throws IOException {
        return w.guc(0, 0, new byte[16]).ggtt(0, 0, new long[] {1, 3}).mmio(0, 0, new int[4]);
    }

    private static ByteBuffer pages(int n, int fill) {
        ByteBuffer b = ByteBuffer.allocate(n * 4096);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) fill);
        }
        return b;
    }

    @Test
    void aStreamInLinuxsSaveOrderIsSaidToBe() throws Exception {
        Path f = stream("save.bin", w -> state(w.descriptor(0xe20b, 0)).vram(0, 0, 0, pages(128, 1))
                .vram(0, 0, 128 * 4096, pages(128, 2)).trailer());
        try (RestoredVf r = VfRestore.restore(f, QUOTA)) {
            assertThat(r.problems()).isEmpty();
            assertThat(r.order().saveOrder()).as(r.order().describe()).isTrue();
            assertThat(r.order().describe()).isEqualTo("in Linux's save order");
        }
    }

    @Test
    void aMediaGtsPacketsAfterThePrimaryGtsVramAreSaveOrderAndCarriedAsOpaque() throws Exception {
        Path f = stream("media.bin", w -> state(w.descriptor(0xb080, 0)).vram(0, 0, 0, pages(256, 3))
                .guc(0, 1, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}).mmio(0, 1, new int[] {9, 8, 7, 6})
                .raw(new XePacketHeader(1, 0x42, 0, 0, 0, 5, 3), ByteBuffer.wrap(new byte[] {1, 2, 3})).trailer());
        try (RestoredVf r = VfRestore.restore(f, QUOTA)) {
            assertThat(r.problems()).as("an unknown type carried is no problem").isEmpty();
            assertThat(r.order().firstDeparture()).contains("packet 7 (unknown type 0x42)",
                    "a packet Linux's save never writes");
            assertThat(r.state().mmio()).as("the primary GT's registers").containsExactly(0, 0, 0, 0);
            assertThat(r.state().opaque()).extracting(XeVfState.Packet::type, XeVfState.Packet::gt)
                    .extracting(t -> t.toList()).containsExactly(List.of(5, 1), List.of(4, 1), List.of(0x42, 0));
            assertThat(r.state().opaque().get(2).bytes()).containsExactly(1, 2, 3);
            assertThat(r.state().opaque().get(2).offset()).isEqualTo(5);
        }
        Path g = stream("media-only.bin", w -> state(w.descriptor(0xb080, 0)).vram(0, 0, 0, pages(256, 3))
                .guc(0, 1, new byte[4]).mmio(0, 1, new int[4]).trailer());
        try (RestoredVf r = VfRestore.restore(g, QUOTA)) {
            assertThat(r.order().saveOrder()).as(r.order().describe()).isTrue();
        }
    }

    @Test
    void resentRangesAndVramBeforeTheStateRestoreInStreamOrderAndAreNamed() throws Exception {
        // a pre-copy stream: all of VRAM while running, then the state, then a page sent again
        Path f = stream("pre.bin", w -> state(w.descriptor(0xe20b, 0).vram(0, 0, 0, pages(256, 1)))
                .vram(0, 0, 4096 * 7, pages(2, 9)).trailer());
        try (RestoredVf r = VfRestore.restore(f, QUOTA)) {
            assertThat(r.problems()).isEmpty();
            VfOrder o = r.order();
            assertThat(o.saveOrder()).isFalse();
            assertThat(o.vramBeforeState()).isEqualTo(1);
            assertThat(o.resentBytes()).isEqualTo(2 * 4096);
            assertThat(o.firstDeparture()).startsWith("packet 2 (GuC state) at byte ").contains("after the GT's VRAM");
            ByteBuffer page = ByteBuffer.allocate(4096);
            r.vram().read(7, page, 0);
            assertThat(page.get(100)).as("the later copy wins").isEqualTo((byte) 9);
            r.vram().read(6, page, 0);
            assertThat(page.get(100)).isEqualTo((byte) 1);
        }
        // VRAM of the stop out of place in the chunk sequence
        Path g = stream("gap.bin", w -> state(w.descriptor(0xe20b, 0)).vram(0, 0, 4096, pages(1, 1)).trailer());
        try (RestoredVf r = VfRestore.restore(g, QUOTA)) {
            assertThat(r.order().firstDeparture()).contains("VRAM at 0x1000, where the chunk before ended at 0x0");
        }
    }

    @Test
    void whatLinuxsRestoreRefusesIsAProblemWithItsOffset() throws Exception {
        Path zero = stream("zero.bin", w -> state(w.descriptor(0xe20b, 0))
                .raw(new XePacketHeader(1, 0, 0, 0, 0, 0, 0), ByteBuffer.allocate(0)).trailer());
        assertThat(XeVfReader.read(zero).problems()).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("packet 4", "type 0 is never a packet"));

        Path desc = stream("desc.bin", w -> state(w.packet(XePacketType.DESCRIPTOR, 1, 0, 0, ByteBuffer.allocate(0)))
                .trailer());
        assertThat(XeVfReader.read(desc).problems()).extracting(Problem::offset, Problem::message)
                .anySatisfy(t -> assertThat(t.toList()).containsExactly(2L,
                        "packet 0 (descriptor) at byte 0: tile 1, GT 0; Linux's restore takes it only on tile 0, GT 0"));

        Path trailer = stream("trailer.bin", w -> state(w.descriptor(0xe20b, 0))
                .raw(XePacketHeader.of(XePacketType.TRAILER, 0, 1, 8, 0), ByteBuffer.allocate(0)));
        assertThat(XeVfReader.read(trailer).problems()).extracting(Problem::message).hasSize(2)
                .anySatisfy(m -> assertThat(m).contains("(trailer)", "tile 0, GT 1"))
                .anySatisfy(m -> assertThat(m).contains("(trailer)", "offset 0x8"));
    }
}
