package io.genscope.parser.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.memory.BufferMemory;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class RawFormatTest {
    @TempDir
    Path dir;

    private static RawFormat.Parsed text(String s) {
        return RawFormat.parse(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void textTokensCommentsAndSeparators() {
        RawFormat.Parsed p = text("# header comment\n0x7a000004 0 1,2\r\n\tDEADBEEF#tail comment\n0X5000000\n");
        assertThat(p.text()).isTrue();
        assertThat(p.problems()).isEmpty();
        assertThat(p.dwords()).containsExactly(0x7a000004, 0, 1, 2, 0xdeadbeef, 0x05000000);
    }

    @Test
    void badTokensAreSkippedWithTheirOffset() {
        RawFormat.Parsed p = text("1 zz 123456789 0x 2");
        assertThat(p.dwords()).containsExactly(1, 2);
        assertThat(p.problems()).extracting(Problem::offset).containsExactly(2L, 5L, 15L);
        assertThat(p.problems()).allSatisfy(q -> assertThat(q.kind()).isEqualTo(Problem.Kind.CORRUPT));
    }

    @Test
    void manyBadTokensAreCountedNotListed() {
        RawFormat.Parsed p = text("q ".repeat(1000));
        assertThat(p.problems()).hasSize(RawFormat.MAX_PROBLEMS + 2);
        assertThat(p.problems().get(RawFormat.MAX_PROBLEMS).message()).startsWith("900 more tokens");
        assertThat(p.problems().get(RawFormat.MAX_PROBLEMS + 1).message()).contains("no hex dwords");
    }

    @Test
    void binaryDwordsAreLittleEndianAndAPartialDwordIsReported() {
        RawFormat.Parsed p = RawFormat.parse(new byte[] {0, 0, 0, 5, 4, 3, 2, 1, 9});
        assertThat(p.text()).isFalse();
        assertThat(p.dwords()).containsExactly(0x05000000, 0x01020304);
        assertThat(p.problems()).singleElement().satisfies(q -> {
            assertThat(q.kind()).isEqualTo(Problem.Kind.TRUNCATED);
            assertThat(q.offset()).isEqualTo(8);
        });
        assertThat(RawFormat.parse(new byte[0]).problems()).extracting(Problem::kind)
                .containsExactly(Problem.Kind.TRUNCATED);
    }

    @Test
    void aByteOutsidePrintableAsciiMakesTheFileBinary() {
        assertThat(RawFormat.parse("0x05000000".getBytes(StandardCharsets.US_ASCII)).text()).isTrue();
        byte[] bytes = "0x05000000\u0001".getBytes(StandardCharsets.US_ASCII);
        assertThat(RawFormat.parse(bytes).text()).isFalse();
    }

    @Test
    void bufferMemoryMapsTheDwordsAtTheirAddressInOneSpace() {
        int[] dwords = {1, 2, 3, 4};
        GpuMemory m = new BufferMemory(AddressSpace.PPGTT, 0xffff_0000_1000_0000L, dwords);
        int[] dst = new int[8];
        assertThat(m.read(AddressSpace.PPGTT, 0x1000_0004L, dst, 0, 8)).isEqualTo(3);
        assertThat(dst).startsWith(2, 3, 4);
        assertThat(m.read(AddressSpace.PPGTT, 0x1000_0010L, dst, 0, 1)).isZero();
        assertThat(m.read(AddressSpace.PPGTT, 0x0fff_fffcL, dst, 0, 1)).isZero();
        assertThat(m.read(AddressSpace.GGTT, 0x1000_0000L, dst, 0, 1)).isZero();
        assertThatThrownBy(() -> new BufferMemory(AddressSpace.GGTT, 2, dwords))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readReportsOneBufferThroughCapturesAlsoWhenCompressed() throws IOException {
        Path plain = dir.resolve("batch.txt");
        Files.writeString(plain, "0x05000000\n");
        Path xz = dir.resolve("batch.bin.xz");
        try (XZOutputStream out = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options())) {
            out.write(new byte[] {0, 0, 0, 0, 0, 0, 0, 5});
        }
        for (Path file : List.of(plain, xz)) {
            List<String> seen = new ArrayList<>();
            CaptureFormat used = Captures.read(file, new RawFormat(Engine.BLITTER, 0x2000, AddressSpace.GGTT),
                    new CaptureListener() {
                        @Override
                        public void info(CaptureInfo info) {
                            seen.add("info " + info.format());
                        }

                        @Override
                        public void buffer(Engine engine, long address, AddressSpace space, int[] dwords,
                                GpuMemory memory) {
                            int[] probe = new int[1];
                            seen.add(engine + " " + Long.toHexString(address) + " " + space + " " + dwords.length
                                    + " mapped " + memory.read(space, address + 4L * (dwords.length - 1), probe, 0, 1)
                                    + " " + Integer.toHexString(probe[0]));
                        }

                        @Override
                        public void problem(Problem problem) {
                            seen.add("problem " + problem);
                        }
                    });
            assertThat(used).isInstanceOf(RawFormat.class);
            assertThat(seen).containsExactly("info raw", "BLITTER 2000 GGTT " + (file == plain ? 1 : 2)
                    + " mapped 1 5000000");
        }
    }

    @Test
    void rawIsNeverRecognisedByContent() {
        RawFormat f = new RawFormat(Engine.RENDER, 0, AddressSpace.GGTT);
        assertThat(f.accepts(new byte[] {0, 0, 0, 5})).isFalse();
        assertThat(f.name()).isEqualTo("raw");
        assertThatThrownBy(() -> new RawFormat(Engine.RENDER, 6, AddressSpace.GGTT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
