package io.genscope.migration.xe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Problem.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XeVfReaderTest {
    @TempDir
    Path dir;

    @Test
    void writtenStreamReadsBackPacketForPacket() throws Exception {
        byte[] s = XeVfSamples.stream();
        XeVfData d = XeVfSamples.read(dir, "vf.bin", s);
        assertThat(d.problems()).isEmpty();
        assertThat(d.packets()).extracting(p -> p.header().type().orElseThrow()).containsExactly(XePacketType.DESCRIPTOR,
                XePacketType.GUC, XePacketType.GGTT, XePacketType.MMIO, XePacketType.VRAM, XePacketType.VRAM,
                XePacketType.TRAILER);
        XePacket.Descriptor desc = d.descriptor().orElseThrow();
        assertThat(desc.deviceId()).hasValue(XeVfSamples.DEVICE_ID);
        assertThat(desc.revision()).hasValue(XeVfSamples.REVISION);
        assertThat(desc.klvs()).contains(XeKlv.of(0xf0e0, 7, 8));
        assertThat(desc.header().size()).isEqualTo(4L * (2 + 2 + 3));
        assertThat(d.packets(XePacket.Guc.class).get(0).state()).isEqualTo(XeVfSamples.guc());
        assertThat(d.packets(XePacket.Ggtt.class).get(0).entries()).isEqualTo(XeVfSamples.ggtt());
        assertThat(d.packets(XePacket.Mmio.class).get(0).registers()).isEqualTo(XeVfSamples.mmio());
        List<XePacket.Vram> vram = d.packets(XePacket.Vram.class);
        for (int c = 0; c < 2; c++) {
            assertThat(vram.get(c).header().offset()).isEqualTo((long) c * XeVfSamples.VRAM_CHUNK);
            ByteBuffer b = ByteBuffer.allocate(XeVfSamples.VRAM_CHUNK);
            assertThat(d.readVram(vram.get(c), 0, b)).isEqualTo(XeVfSamples.VRAM_CHUNK);
            assertThat(b.array()).isEqualTo(XeVfSamples.vram(c));
        }
        assertThat(d.packets().get(1).at()).isEqualTo(XePacketHeader.BYTES + desc.header().size());
        assertThat(d.size()).isEqualTo(s.length);
    }

    @Test
    void headerLayoutIsTheKernels() throws Exception {
        byte[] s = XeVfSamples.stream();
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(s[0]).isEqualTo((byte) 1); // version
        assertThat(s[1]).isEqualTo((byte) 1); // descriptor
        assertThat(b.getLong(16)).isEqualTo(28); // 7 dwords of KLVs
        assertThat(b.getInt(24)).isEqualTo(0xf001_0001); // key 0xf001, 1 dword
        assertThat(b.getInt(28)).isEqualTo(XeVfSamples.DEVICE_ID);
        assertThat(XeVfReader.looksLike(s)).isTrue();
        assertThat(XeVfReader.looksLike(Arrays.copyOf(s, 23))).isFalse();
        assertThat(XeVfReader.looksLike("GPU HANG: ecode 9:0:00000000, in xyz".getBytes())).isFalse();
    }

    @Test
    void ggttEntriesDecodeAsTheXeDriverWritesThem() {
        XeGgttPte e = XeGgttPte.of(0x12_3456_7000L, true, 2);
        assertThat(e.raw()).isEqualTo(0x12_3456_7000L | 0b11 | 1L << 53);
        assertThat(e.valid()).isTrue();
        assertThat(e.localMemory()).isTrue();
        assertThat(e.patIndex()).isEqualTo(2);
        assertThat(e.address()).isEqualTo(0x12_3456_7000L);
        XeGgttPte owned = new XeGgttPte(e.raw() | 5L << 2 | 1L << 63);
        assertThat(owned.vfid()).isEqualTo(5);
        assertThat(owned.otherBits()).isEqualTo(1L << 63);
        assertThat(XeGgttPte.of(0x1000, false, 0).continuedBy(XeGgttPte.of(0x2000, false, 0))).isTrue();
        assertThat(XeGgttPte.of(0x1000, false, 0).continuedBy(XeGgttPte.of(0x3000, false, 0))).isFalse();
        assertThat(XeGgttPte.of(0x1000, false, 0).continuedBy(XeGgttPte.of(0x2000, false, 1))).isFalse();
        assertThatThrownBy(() -> XeGgttPte.of(0x1001, false, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XeGgttPte.of(0x1000, false, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedHeaderIsAProblemAtItsOffset() throws Exception {
        byte[] s = XeVfSamples.stream();
        int cut = s.length - 10; // inside the trailer's header
        XeVfData d = XeVfSamples.read(dir, "cut.bin", Arrays.copyOf(s, cut));
        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.TRUNCATED);
            assertThat(p.offset()).isEqualTo(s.length - XePacketHeader.BYTES);
            assertThat(p.message()).contains("packet 6", "inside its header");
        });
        assertThat(d.packets()).hasSize(6);
    }

    @Test
    void sizeBeyondTheFileIsRefusedBeforeAllocating() throws Exception {
        byte[] s = XeVfSamples.stream();
        int ggttAt = (int) offsetOf(s, 2);
        for (long hostile : new long[] {-1L, Long.MAX_VALUE, 1L << 40, s.length}) {
            byte[] m = s.clone();
            ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putLong(ggttAt + 16, hostile);
            XeVfData d = XeVfSamples.read(dir, "big.bin", m);
            assertThat(d.problems()).as("size %d", hostile).singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(Kind.TRUNCATED);
                assertThat(p.offset()).isEqualTo(ggttAt + 16);
                assertThat(p.message()).contains("packet 2 (GGTT) at byte " + ggttAt, "runs past the end of the file",
                        Long.toUnsignedString(hostile));
            });
            assertThat(d.packets()).hasSize(2);
        }
    }

    @Test
    void oversizedPayloadWithinTheFileIsSkippedNotLoaded() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XeVfWriter w = new XeVfWriter(Channels.newChannel(bytes));
        w.descriptor(XeVfSamples.DEVICE_ID, 0).packet(XePacketType.MMIO, 0, 0, 0, ByteBuffer.allocate(8192)).trailer();
        XeVfData d = XeVfSamples.read(dir, "mmio.bin", bytes.toByteArray());
        assertThat(d.packets()).hasSize(3);
        assertThat(d.packets().get(1)).isInstanceOf(XePacket.Skipped.class);
        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.CORRUPT);
            assertThat(p.message()).contains("packet 1 (MMIO)", "8192 bytes, more than the 4096");
        });
    }

    @Test
    void unknownTypeIsSkippedAndReadingGoesOn() throws Exception {
        byte[] s = XeVfSamples.stream();
        int at = (int) offsetOf(s, 3);
        s[at + 1] = 0x2a;
        XeVfData d = XeVfSamples.read(dir, "type.bin", s);
        assertThat(d.packets()).hasSize(7);
        assertThat(d.packets().get(3)).isInstanceOf(XePacket.Skipped.class);
        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.UNSUPPORTED);
            assertThat(p.offset()).isEqualTo(at + 1);
            assertThat(p.message()).contains("packet 3 (unknown type 0x2a) at byte " + at, "skipped");
        });
    }

    @Test
    void unknownVersionIsRefusedByName() throws Exception {
        byte[] s = XeVfSamples.stream();
        int at = (int) offsetOf(s, 2);
        s[at] = 2;
        XeVfData d = XeVfSamples.read(dir, "v2.bin", s);
        assertThat(d.packets()).hasSize(2);
        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.UNSUPPORTED);
            assertThat(p.offset()).isEqualTo(at);
            assertThat(p.message()).contains("packet 2", "version 2 is not one genscope reads", "version 1");
        });
        s[0] = 7;
        assertThat(XeVfReader.looksLike(s)).as("detected, so that the version can be named").isTrue();
        assertThat(XeVfSamples.read(dir, "v7.bin", s).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("packet 0", "version 7"));
    }

    @Test
    void orderAndShapeProblemsNameThePacket() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XeVfWriter w = new XeVfWriter(Channels.newChannel(bytes));
        w.mmio(0, 0, new int[3]).descriptor(1, 2).descriptor(List.of(XeKlv.of(0xf001, 1, 2)))
                .packet(XePacketType.GGTT, 0, 0, 0, ByteBuffer.allocate(12));
        ByteBuffer badKlv = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0xf001_0005).putInt(1).flip();
        w.packet(XePacketType.DESCRIPTOR, 0, 0, 0, badKlv).trailer();
        bytes.write(new byte[5]);
        XeVfData d = XeVfSamples.read(dir, "shape.bin", bytes.toByteArray());
        List<String> messages = new ArrayList<>(d.problems().stream().map(Problem::toString).toList());
        assertThat(messages).hasSize(7);
        assertThat(messages.get(0)).contains("packet 0 (MMIO) at byte 0", "3 registers; Linux saves 4");
        assertThat(messages.get(1)).contains("packet 0 (MMIO) at byte 0", "must start with a descriptor");
        assertThat(messages.get(2)).contains("packet 2 (descriptor)", "a second descriptor");
        assertThat(messages.get(3)).contains("packet 3 (GGTT)", "12 bytes are not a whole");
        assertThat(messages.get(4)).contains("packet 4 (descriptor)", "KLV key 0xf001 claims 5 dwords, 1 are left");
        assertThat(messages.get(5)).contains("packet 4 (descriptor)", "a second descriptor");
        assertThat(messages.get(6)).contains("packet 5 (trailer) ends the stream, yet 5 bytes follow it");
        assertThat(d.problems()).allSatisfy(p -> assertThat(p.offset()).isBetween(0L, d.size()));
    }

    @Test
    void missingTrailerAndEmptyFile() throws Exception {
        byte[] s = XeVfSamples.stream();
        XeVfData d = XeVfSamples.read(dir, "notrailer.bin", Arrays.copyOf(s, s.length - XePacketHeader.BYTES));
        assertThat(d.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.TRUNCATED);
            assertThat(p.message()).contains("without a trailer", "6 packets");
        });
        assertThat(XeVfSamples.read(dir, "empty.bin", new byte[0]).problems()).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("empty"));
    }

    @Test
    void listingShowsPacketsAndGgttRuns() throws Exception {
        XeVfData d = XeVfSamples.read(dir, "vf.bin", XeVfSamples.stream());
        List<String> lines = new ArrayList<>();
        XeVfText.print(d, lines::add);
        assertThat(lines).contains("PCI ID:           0xe20b, revision 0x01",
                "  GGTT +0x00000000..+0x0007ffff (128 pages): valid, local memory, PAT 0 -> 0x000200000000..0x00020007ffff",
                "  GGTT +0x00080000..+0x000fffff (128 pages): valid, local memory, PAT 3 -> 0x000200080000..0x0002000fffff",
                "  GGTT +0x00100000..+0x00103fff (4 pages): not valid",
                "  GGTT +0x00104000..+0x0012bfff (40 pages): valid, system memory, PAT 1 -> 0x000000204000..0x00000022bfff");
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Device:", "BMG"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("packet 2 at byte").contains("GGTT, tile 0 GT 0, 300 entries",
                "296 valid, 256 in local memory, PAT index 0/1/2/3: 128/40/0/128"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("MMIO, tile 0 GT 0, 4 registers: 0x00000001 0xdead0000"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("VRAM, tile 0 GT 0, 8 KiB at VRAM offset 0x2000"));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("GuC state, tile 0 GT 0, 4096 bytes (1024 dwords)"));
        assertThat(lines.get(lines.size() - 1)).endsWith(": trailer");
    }

    /** Byte offset of packet {@code n} in a well-formed stream. */
    static long offsetOf(byte[] s, int n) {
        ByteBuffer b = ByteBuffer.wrap(s).order(ByteOrder.LITTLE_ENDIAN);
        long at = 0;
        for (int i = 0; i < n; i++) {
            at += XePacketHeader.BYTES + b.getLong((int) at + 16);
        }
        return at;
    }
}
