package io.genscope.parser.errorstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Problem;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text layer: lines, registers, buffers, payloads, and every kind of damage named by its line. */
class ErrorStateParserTest {
    /** MI_BATCH_BUFFER_START (PPGTT) to 0x1_0000_2000, then MI_NOOPs. */
    private static final int[] RING = {0x18800101, 0x00002000, 0x00000001, 0, 0, 0, 0, 0};
    /** MI_NOOP, MI_LOAD_REGISTER_IMM, MI_BATCH_BUFFER_END. */
    private static final int[] BATCH = {0, 0x11000001, 0x2358, 0x1, 0x05000000, 0};

    static ErrorState parse(String text) {
        return ErrorStateParser.parse(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static String raw(int[] dwords) {
        StringBuilder sb = new StringBuilder("~");
        Ascii85.encode(dwords, 0, dwords.length, sb);
        return sb.toString();
    }

    static String compressed(int[] dwords) {
        int[] z = ErrorStateWriter.deflate(dwords);
        StringBuilder sb = new StringBuilder(":");
        Ascii85.encode(z, 0, z.length, sb);
        return sb.toString();
    }

    static String modern(String ringPayload, String batchPayload) {
        return "GPU HANG: ecode 9:0:00000000, in glxgears [1234], hang on rcs0\n"
                + "Kernel: 5.4.0 x86_64\n"
                + "Platform: KABYLAKE\n"
                + "PCI ID: 0x5916\n"
                + "rcs0 command stream:\n"
                + "  START: 0x00010000\n"
                + "  HEAD:  0x00600008 [0x00000000]\n"
                + "  TAIL:  0x00000010 [0x00000000, 0x00000010]\n"
                + "  CTL:   0x00000001\n"
                + "  ACTHD: 0x00000001 00002004\n"
                + "  PDP0: 0x0000000012345000\n"
                + "rcs0 --- ring = 0x00000000 00010000\n"
                + ringPayload + "\n"
                + "rcs0 --- batch = 0x00000001 00002000\n"
                + "gtt_page_sizes = 0x00010000\n"
                + batchPayload + "\n"
                + "rcs0 --- HW context = 0x00000000 00020000\n"
                + ":" + compressed(new int[1024]).substring(1) + "\n"
                + "GuC log buffer: no\n";
    }

    @Test
    void modernLayoutWithBothPayloadKinds() {
        for (String ring : List.of(raw(RING), compressed(RING))) {
            ErrorState s = parse(modern(ring, compressed(BATCH)));
            assertThat(s.problems()).isEmpty();
            assertThat(s.pciId()).isEqualTo(0x5916);
            assertThat(s.platform()).isEqualTo("KABYLAKE");
            assertThat(s.application()).isEqualTo("glxgears [1234]");
            assertThat(s.engines()).singleElement().satisfies(r -> {
                assertThat(r.engine()).isEqualTo(Engine.RENDER);
                assertThat(r.start()).isEqualTo(0x10000);
                assertThat(r.head()).isEqualTo(0x00600008);
                assertThat(r.requestHead()).isZero();
                assertThat(r.ringHeadOffset()).isZero();
                assertThat(r.ringTailOffset()).isEqualTo(0x10);
                assertThat(r.ringSizeFromCtl()).isEqualTo(4096);
                assertThat(r.acthd()).isEqualTo(0x1_0000_2004L);
                assertThat(r.pdp0()).isEqualTo(0x12345000L);
                assertThat(r.line()).isEqualTo(5);
            });
            assertThat(s.buffers()).extracting(DumpedBuffer::kind)
                    .containsExactly(BufferKind.RING, BufferKind.BATCH, BufferKind.CONTEXT);
            assertThat(s.buffers().get(0).dwords()).containsExactly(RING);
            assertThat(s.buffers().get(1).dwords()).containsExactly(BATCH);
            assertThat(s.buffers().get(1).address()).isEqualTo(0x1_0000_2000L);
            assertThat(s.buffers().get(1).line()).isEqualTo(14);
            assertThat(s.buffers().get(2).dwords()).hasSize(1024).containsOnly(0);
            assertThat(s.text()).extracting(ErrorState.Text::text)
                    .contains("rcs0 command stream:", "  ACTHD: 0x00000001 00002004", "GuC log buffer: no")
                    .noneMatch(t -> t.startsWith("rcs0 ---") || t.startsWith("~") || t.startsWith(":")
                            || t.startsWith("gtt_page_sizes"));
        }
    }

    @Test
    void memoryResolvesAddressesInEitherSpaceAcrossAdjacentBuffers() {
        ErrorState s = parse(modern(raw(RING), raw(BATCH)));
        DumpedMemory m = new DumpedMemory(s.buffers());
        int[] dst = new int[4];
        assertThat(m.read(AddressSpace.PPGTT, 0x1_0000_2004L, dst, 0, 4)).isEqualTo(4);
        assertThat(dst).containsExactly(0x11000001, 0x2358, 0x1, 0x05000000);
        assertThat(m.read(AddressSpace.GGTT, 0x1_0000_2004L, dst, 0, 4)).isEqualTo(4);
        // canonical (sign-extended) addresses resolve like their 48-bit form
        assertThat(m.read(AddressSpace.PPGTT, 0xffff_0000_0001_0000L, dst, 0, 1)).isEqualTo(1);
        assertThat(dst[0]).isEqualTo(0x18800101);
        // reads stop at the end of the dump
        assertThat(m.read(AddressSpace.PPGTT, 0x1_0000_2010L, new int[8], 0, 8)).isEqualTo(2);
        assertThat(m.read(AddressSpace.GGTT, 0x30000, dst, 0, 1)).isZero();

        DumpedBuffer a = new DumpedBuffer("rcs0", Engine.RENDER, 0, "user", BufferKind.USER, 0x1000, new int[] {1, 2}, 1, 0);
        DumpedBuffer b = new DumpedBuffer("rcs0", Engine.RENDER, 0, "user", BufferKind.USER, 0x1008, new int[] {3}, 2, 0);
        DumpedBuffer shadow = new DumpedBuffer("rcs0", Engine.RENDER, 0, "user", BufferKind.USER, 0x1004, new int[] {9}, 3, 0);
        int[] three = new int[3];
        assertThat(new DumpedMemory(List.of(a, b, shadow)).read(AddressSpace.GGTT, 0x1000, three, 0, 3)).isEqualTo(3);
        assertThat(three).containsExactly(1, 2, 3);
    }

    @Test
    void legacyHexLayout() {
        StringBuilder t = new StringBuilder();
        t.append("Time: 1360000000 s 0 us\nPCI ID: 0x1616\n");
        t.append("render command stream:\n  START: 0x00010000\n  HEAD: 0x00600004\n  TAIL: 0x00000010\n");
        t.append("  CTL: 0x00003001\n  ACTHD: 0x00002004\n");
        t.append("render ring --- gtt_offset = 0x00000000 00002000\n");
        for (int i = 0; i < BATCH.length; i++) {
            t.append(String.format("%08x :  %08x%n", 4 * i, BATCH[i]));
        }
        t.append("render ring --- 2 requests\n  seqno 0x00000010, emitted 4295000000, tail 0x00000010\n");
        t.append("render ring --- ringbuffer = 0x00010000\n");
        for (int i = 0; i < RING.length; i++) {
            t.append(String.format("%08x :  %08x%n", 4 * i, RING[i]));
        }
        t.append("render ring --- HW Status = 0x00030000\n");
        t.append("[0000] 00000001 00000002 00000003 00000004\n[0010] 00000005 00000006 00000007 00000008\n");
        t.append("bsd command stream:\n  HEAD: 0x00000000\n  TAIL: 0x00000000\n");
        t.append("bsd ring --- ringbuffer = 0x00040000\n00000000 :  00000000\n");
        ErrorState s = parse(t.toString());

        assertThat(s.problems()).isEmpty();
        assertThat(s.pciId()).isEqualTo(0x1616);
        assertThat(s.engines()).extracting(EngineRegisters::engine).containsExactly(Engine.RENDER, Engine.VIDEO);
        EngineRegisters render = s.engines().get(0);
        assertThat(render.requestHead()).isEqualTo(-1);
        assertThat(render.ringHeadOffset()).as("wrap count stripped").isEqualTo(4);
        assertThat(render.ringSizeFromCtl()).isEqualTo(16384);
        assertThat(render.acthd()).isEqualTo(0x2004);
        assertThat(s.buffers()).extracting(DumpedBuffer::kind)
                .containsExactly(BufferKind.BATCH, BufferKind.RING, BufferKind.STATUS, BufferKind.RING);
        assertThat(s.buffers()).extracting(DumpedBuffer::engine)
                .containsExactly(Engine.RENDER, Engine.RENDER, Engine.RENDER, Engine.VIDEO);
        assertThat(s.buffers().get(0).dwords()).containsExactly(BATCH);
        assertThat(s.buffers().get(1).dwords()).containsExactly(RING);
        assertThat(s.buffers().get(2).dwords()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(s.text()).extracting(ErrorState.Text::text).contains("render ring --- 2 requests");
    }

    @Test
    void engineNamesOfEveryKernelEra() {
        assertThat(EngineName.parse("rcs0")).isEqualTo(new EngineName(Engine.RENDER, 0));
        assertThat(EngineName.parse("render ring")).isEqualTo(new EngineName(Engine.RENDER, 0));
        assertThat(EngineName.parse("render ring (w/a)")).isEqualTo(new EngineName(Engine.RENDER, 0));
        assertThat(EngineName.parse("vcs1")).isEqualTo(new EngineName(Engine.VIDEO, 1));
        assertThat(EngineName.parse("bsd")).isEqualTo(new EngineName(Engine.VIDEO, 0));
        assertThat(EngineName.parse("bsd2 ring")).isEqualTo(new EngineName(Engine.VIDEO, 1));
        assertThat(EngineName.parse("blitter ring")).isEqualTo(new EngineName(Engine.BLITTER, 0));
        assertThat(EngineName.parse("blt")).isEqualTo(new EngineName(Engine.BLITTER, 0));
        assertThat(EngineName.parse("bcs0")).isEqualTo(new EngineName(Engine.BLITTER, 0));
        assertThat(EngineName.parse("vecs0")).isEqualTo(new EngineName(Engine.VIDEOENHANCE, 0));
        assertThat(EngineName.parse("video enhancement ring")).isEqualTo(new EngineName(Engine.VIDEOENHANCE, 0));
        assertThat(EngineName.parse("ccs0")).isEqualTo(new EngineName(Engine.COMPUTE, 0));
        assertThat(EngineName.parse("global").engine()).isNull();
        assertThat(BufferKind.of("ringbuffer")).isEqualTo(BufferKind.RING);
        assertThat(BufferKind.of("gtt_offset")).isEqualTo(BufferKind.BATCH);
        assertThat(BufferKind.of("HW Context")).isEqualTo(BufferKind.CONTEXT);
        assertThat(BufferKind.of("WA batchbuffer")).isEqualTo(BufferKind.WA_BATCH);
        assertThat(BufferKind.of("GuC log buffer")).isEqualTo(BufferKind.GUC_LOG);
        assertThat(BufferKind.of("GuC CT buffer")).isEqualTo(BufferKind.OTHER);
    }

    @Test
    void gucCaptureRegisterNames() {
        ErrorState s = parse("  PCI ID: 0x46a6\n"
                + "GuC-Eng-Class: 0\n"
                + "    i915-Eng-Name: rcs0 command stream\n"
                + "      RING_HEAD:  0x00000100\n"
                + "      RING_TAIL:  0x00000200\n"
                + "  Engine-Instance-Register-List\n"
                + "    i915-Eng-Name: rcs0 command stream\n"
                + "      RING_CTL:  0x00003001\n"
                + "      ACTHD:  0x00004000\n"
                + "      ACTHD_UDW:  0x00000001\n");
        assertThat(s.pciId()).isEqualTo(0x46a6);
        assertThat(s.engines()).singleElement().satisfies(r -> {
            assertThat(r.engine()).isEqualTo(Engine.RENDER);
            assertThat(r.ringHeadOffset()).isEqualTo(0x100);
            assertThat(r.ringTailOffset()).isEqualTo(0x200);
            assertThat(r.acthd()).isEqualTo(0x1_0000_4000L);
            assertThat(r.ringSizeFromCtl()).isEqualTo(16384);
        });
    }

    private static List<String> messages(ErrorState s) {
        return s.problems().stream().map(Problem::message).toList();
    }

    @Test
    void badAscii85IsACorruptLineAndTheGoodPartIsKept() {
        String ring = raw(RING);
        String broken = ring.substring(0, 11) + "{" + ring.substring(12);
        ErrorState s = parse(modern(broken, raw(BATCH)));
        assertThat(s.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.CORRUPT);
            assertThat(p.message()).startsWith("line 13: bad ascii85 payload at column 12");
        });
        String text = modern(broken, raw(BATCH));
        int line13 = text.indexOf(broken);
        assertThat(s.problems().get(0).offset()).isEqualTo(line13 + 11);
        assertThat(s.buffers().get(0).dwords()).containsExactly(RING[0], RING[1]);
        assertThat(s.buffers().get(1).dwords()).containsExactly(BATCH);
    }

    @Test
    void badAndTruncatedZlib() {
        String z = compressed(BATCH);
        String flipped = z.substring(0, 8) + (z.charAt(8) == '!' ? '"' : '!') + z.substring(9);
        ErrorState bad = parse(modern(raw(RING), flipped));
        assertThat(bad.problems()).hasSize(1);
        assertThat(bad.problems().get(0).message()).startsWith("line 16: ");
        assertThat(bad.problems().get(0).kind()).isIn(Problem.Kind.CORRUPT, Problem.Kind.TRUNCATED);

        int[] big = new int[4096];
        for (int i = 0; i < big.length; i++) {
            big[i] = i * 0x9e3779b9;
        }
        String longZ = compressed(big);
        ErrorState cut = parse(modern(raw(RING), longZ.substring(0, longZ.length() / 2 / 5 * 5 + 1)));
        assertThat(cut.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Problem.Kind.TRUNCATED);
            assertThat(p.message()).startsWith("line 16: compressed payload ends before its zlib stream does");
        });
        int[] kept = cut.buffers().get(1).dwords();
        assertThat(kept.length).isBetween(1, big.length - 1);
        assertThat(kept).startsWith(Arrays.copyOf(big, kept.length - 1));
    }

    @Test
    void missingAndStrayPayloads() {
        ErrorState s = parse("PCI ID: 0x1912\nrcs0 --- batch = 0x00000000 00001000\nrcs0 --- ring = 0x00000000 00002000\n"
                + raw(RING) + "\n" + raw(BATCH) + "\n00000000 :  00000000\n00000004 :  00000000\nrcs0 --- user = 0x00000000 00003000\n");
        assertThat(messages(s)).containsExactly(
                "line 2: no payload follows the 'rcs0 --- batch' line",
                "line 5: payload without a '<engine> --- <buffer> = 0x...' line before it; skipped",
                "line 8: the file ends before the payload of 'rcs0 --- user'");
        assertThat(s.problems()).extracting(Problem::kind)
                .containsExactly(Problem.Kind.CORRUPT, Problem.Kind.CORRUPT, Problem.Kind.TRUNCATED);
        assertThat(s.buffers()).extracting(b -> b.dwords().length).containsExactly(0, RING.length, 0);
    }

    @Test
    void hexOffsetsPlaceTheirValuesWithinWhatTheInputCouldHold() {
        ErrorState s = parse("render ring --- gtt_offset = 0x00001000\n00000000 :  11111111\n0000000c :  22222222\n"
                + "f0000000 :  33333333\n00000010 :  44444444\n00000008 :  55555555\n00000015 :  66666666\n");
        assertThat(s.buffers()).singleElement().satisfies(b ->
                assertThat(b.dwords()).containsExactly(0x11111111, 0, 0x55555555, 0x22222222, 0x44444444));
        assertThat(messages(s)).containsExactly("line 3: offset 0xc where 0x4 was expected in the buffer of line 1"
                + " (4 lines out of sequence, 2 skipped as unusable, 1 dwords missing and read as zeros)");
    }

    @Test
    void problemsAreCappedWithANoteOnTheLineOfTheFirstLeftOut() {
        StringBuilder t = new StringBuilder("rcs0 command stream:\n");
        for (int i = 0; i < ParseProblems.LIMIT + 50; i++) {
            t.append("  HEAD: 0xZZ\n");
        }
        ErrorState s = parse(t.toString());
        assertThat(s.problems()).hasSize(ParseProblems.LIMIT + 1);
        assertThat(s.problems().get(ParseProblems.LIMIT).message()).isEqualTo("line " + (ParseProblems.LIMIT + 2)
                + ": 50 more problems from here on are not listed; the first: cannot read HEAD from \"0xZZ\"");
    }

    @Test
    void registerValuesThatCannotBeRead() {
        ErrorState s = parse("rcs0 command stream:\n  HEAD: 0xZZ\n  TAIL: 12\n  ACTHD: 0x00001000 zz\n");
        assertThat(messages(s)).containsExactly("line 2: cannot read HEAD from \"0xZZ\"",
                "line 3: cannot read TAIL from \"12\"");
        assertThat(s.engines().get(0).acthd()).isEqualTo(0x1000);
    }

    @Test
    void recognisesErrorStatesByContent() {
        ErrorStateFormat f = new ErrorStateFormat();
        assertThat(f.accepts(modern(raw(RING), raw(BATCH)).getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(f.accepts("No error state collected\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(f.accepts("render ring --- gtt_offset = 0x00001000\n".getBytes(StandardCharsets.US_ASCII))).isTrue();
        assertThat(f.accepts("hello world\n".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(f.accepts(new byte[] {0x0e, 0, (byte) 0x85, (byte) 0xe0, 'G', 'P', 'U', ' ', 'H', 'A', 'N', 'G'}))
                .isFalse();
    }
}
