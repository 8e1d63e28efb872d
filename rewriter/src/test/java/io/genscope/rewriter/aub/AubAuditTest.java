package io.genscope.rewriter.aub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.genscope.rewriter.Finding;
import io.genscope.rewriter.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The strict audit on a capture (gen9, as the AUB version names no device here: forced): the ring
 * updates the GTT itself, then starts a GGTT batch that loads the ring start register and starts
 * itself again. {@code --strict} writes nothing; without it the output is written and the report
 * holds the three findings, each with its command, its GPU address and its rule.
 *
 * <pre>
 * guest GGTT  physical   what
 * 0x1000      0x100000   ring
 * 0x2000      0x101000   LRCA (status page)
 * 0x3000      0x102000   register state
 * 0x10000     0x110000   the batch
 * </pre>
 */
class AubAuditTest {
    @TempDir
    Path tmp;

    static byte[] capture() {
        AubBuilder b = new AubBuilder().version("audit");
        b.ggttEntries(0x1000, 0x100001, 0x101001, 0x102001);
        b.ggttEntries(0x10000, 0x110001);
        int[] ctx = new int[64];
        ctx[1] = 0x11000009; // MI_LOAD_REGISTER_IMM, 5 pairs: context control, head, tail, start, control
        int[] pairs = {0x2244, 0x00090009, 0x2034, 0, 0x2030, 0x20, 0x2038, 0x1000, 0x203c, 0x1};
        System.arraycopy(pairs, 0, ctx, 2, pairs.length);
        ctx[12] = 0x05000000;
        b.write(0, 0x3000, ctx);
        b.write(0, 0x1000,
                0x11800002, 0x1000, 0x12345001, 0,  // 0x1000 MI_UPDATE_GTT: the guest rewrites a GTT entry
                0x18800001, 0x10000, 0,             // 0x1010 MI_BATCH_BUFFER_START, GGTT
                0);
        b.write(2, 0x110000,
                0x11000001, 0x2038, 0x5000,         // 0x10000 MI_LOAD_REGISTER_IMM ring start
                0x18800001, 0x10000, 0);            // 0x1000c MI_BATCH_BUFFER_START back to 0x10000
        for (int v : new int[] {0, 0, 0, 0x2339}) {
            b.register(0x2230, v);
        }
        return b.bytes();
    }

    @Test
    void strictRefusesTheCaptureAndEveryFindingNamesCommandAddressAndRule() throws IOException {
        Path in = tmp.resolve("hostile.aub");
        Files.write(in, capture());
        Path out = tmp.resolve("out.aub");
        AubRemapper remapper = new AubRemapper(CaptureRemapTest.MAP, io.genscope.spec.SpecLoader.builtin("gen9"));
        AubRemapper.Result strict = remapper.remap(in, out, true);
        assertThat(strict.written()).isFalse();
        assertThat(out).doesNotExist();
        assertThat(strict.report().findings()).extracting(Finding::kind, Finding::source, Finding::command,
                Finding::address, Finding::value).containsExactly(
                tuple(Finding.Kind.PRIVILEGED_COMMAND, Source.COMMAND, "MI_UPDATE_GTT", 0x1000L, 0x11800002L),
                tuple(Finding.Kind.REGISTER_NOT_ALLOWED, Source.COMMAND, "MI_LOAD_REGISTER_IMM", 0x10000L, 0x2038L),
                tuple(Finding.Kind.BATCH_LOOP, Source.COMMAND, "MI_BATCH_BUFFER_START", 0x1000cL, 0x10000L));
        assertThat(strict.report().auditCount()).isEqualTo(3);
        // each finding points at the file bytes of its command
        byte[] bytes = Files.readAllBytes(in);
        for (Finding f : strict.report().findings()) {
            assertThat(f.offset()).isPositive();
            int dw0 = java.nio.ByteBuffer.wrap(bytes, (int) f.offset(), 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                    .getInt();
            assertThat(strict.spec().find(io.genscope.spec.Engine.RENDER, dw0).name()).isEqualTo(f.command());
        }
        AubRemapper.Result lenient = remapper.remap(in, out, false);
        assertThat(lenient.written()).isTrue();
        assertThat(lenient.report().auditCount()).isEqualTo(3);
    }
}
