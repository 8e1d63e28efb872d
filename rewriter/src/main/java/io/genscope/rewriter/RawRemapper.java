package io.genscope.rewriter;

import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Remaps a raw command buffer: little-endian dwords read one command after another (no batch is
 * followed: the buffer is all there is), as a buffer at GPU address {@code address} running from
 * {@code space} on {@code engine}. The output has the input's length; trailing bytes that do not
 * make a whole dword are copied as they are.
 *
 * <p>A GGTT buffer is audited too ({@link CommandAudit}: unknown and refused commands, register
 * loads outside the allow-list, starts looping back into the buffer, a last command cut off);
 * the audit's findings join the report (and make {@code --strict} refuse the output).
 */
public final class RawRemapper {
    private RawRemapper() {
    }

    /** Returns the rewritten bytes; relocations and findings go to {@code report}. */
    public static byte[] remap(byte[] input, long address, Engine engine, AddressSpace space,
            CommandRewriter rewriter, RemapReport report) {
        int n = input.length / 4;
        int[] dwords = new int[n];
        ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(dwords);
        if (space == AddressSpace.GGTT) {
            report.countGgttBuffer();
            RewriteSink sink = report.sink(Source.COMMAND, engine, i -> address + 4L * i, i -> 4L * i);
            report.countCommands(new CommandAudit(rewriter.spec()).buffer(engine, dwords, 0, n, address, sink));
            rewriter.rewrite(engine, space, dwords, 0, n, sink);
        } else {
            report.countPpgttBuffer();
        }
        byte[] out = input.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(dwords);
        return out;
    }
}
