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
            report.countCommands(countCommands(rewriter, engine, dwords));
            rewriter.rewrite(engine, space, dwords, 0, n, report.sink(Source.COMMAND, engine,
                    i -> address + 4L * i, i -> 4L * i));
        } else {
            report.countPpgttBuffer();
        }
        byte[] out = input.clone();
        ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().put(dwords);
        return out;
    }

    private static long countCommands(CommandRewriter rewriter, Engine engine, int[] d) {
        long count = 0;
        int i = 0;
        while (i < d.length) {
            io.genscope.spec.CommandDef def = rewriter.spec().find(engine, d[i]);
            i += def != null ? def.length(d[i]) : Math.max(1, io.genscope.spec.LengthRules.fallback(d[i]));
            count++;
        }
        return count;
    }
}
