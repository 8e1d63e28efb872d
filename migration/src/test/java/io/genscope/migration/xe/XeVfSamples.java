package io.genscope.migration.xe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** A small, well-formed VF stream for the tests: every packet type, two VRAM chunks. */
final class XeVfSamples {
    static final int DEVICE_ID = 0xe20b;
    static final int REVISION = 0x01;
    static final int GGTT_PAGES = 300;
    static final int VRAM_CHUNK = 8192;

    private XeVfSamples() {
    }

    static long[] ggtt() {
        long[] e = new long[GGTT_PAGES];
        for (int i = 0; i < 256; i++) {
            e[i] = XeGgttPte.of(0x2_0000_0000L + i * 4096L, true, i < 128 ? 0 : 3).raw();
        }
        for (int i = 260; i < GGTT_PAGES; i++) {
            e[i] = XeGgttPte.of(0x10_0000L + i * 4096L, false, 1).raw();
        }
        return e;
    }

    static byte[] guc() {
        byte[] b = new byte[4096];
        new SplittableRandom(5).nextBytes(b);
        return b;
    }

    static byte[] vram(int chunk) {
        byte[] b = new byte[VRAM_CHUNK];
        new SplittableRandom(100 + chunk).nextBytes(b);
        return b;
    }

    static int[] mmio() {
        return new int[] {0x1, 0xdead0000, 0, 0x8000_0000};
    }

    /** descriptor, GuC, GGTT, MMIO, VRAM 0, VRAM 1, trailer: as Linux orders them for one GT. */
    static byte[] stream() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XeVfWriter w = new XeVfWriter(Channels.newChannel(bytes));
        w.descriptor(DEVICE_ID, REVISION, XeKlv.of(0xf0e0, 7, 8))
                .guc(0, 0, guc())
                .ggtt(0, 0, ggtt())
                .mmio(0, 0, mmio())
                .vram(0, 0, 0, ByteBuffer.wrap(vram(0)))
                .vram(0, 0, VRAM_CHUNK, ByteBuffer.wrap(vram(1)))
                .trailer();
        return bytes.toByteArray();
    }

    static XeVfData read(Path dir, String name, byte[] bytes) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, bytes);
        return XeVfReader.read(f);
    }
}
