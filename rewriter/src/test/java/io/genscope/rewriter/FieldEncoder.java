package io.genscope.rewriter;

import io.genscope.spec.CommandDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.Member;

/**
 * Test-side encoder: writes and reads field values bit by bit (deliberately not the rewriter's
 * code), with the spec's conventions: bit numbers absolute over the command, address-like values
 * given as byte addresses (shifted left by the start bit's position in its dword).
 */
final class FieldEncoder {
    private FieldEncoder() {
    }

    /** Sets bits {@code start..end} (absolute) to the low bits of {@code raw}, one dword piece at a time. */
    static void setBits(int[] d, int start, int end, long raw) {
        int b = start;
        while (b <= end) {
            int w = b >>> 5;
            int lo = b & 31;
            int n = Math.min(32 - lo, end - b + 1); // bits of this dword in the field
            long pieceMask = ((1L << n) - 1) << lo;
            long piece = ((raw >>> (b - start)) << lo) & pieceMask;
            d[w] = (int) ((d[w] & ~pieceMask) | piece);
            b += n;
        }
    }

    static long getBits(int[] d, int start, int end) {
        long v = 0;
        int b = start;
        while (b <= end) {
            int w = b >>> 5;
            int lo = b & 31;
            int n = Math.min(32 - lo, end - b + 1);
            long piece = ((d[w] & 0xffffffffL) >>> lo) & ((1L << n) - 1);
            v |= piece << (b - start);
            b += n;
        }
        return v;
    }

    /** Sets a field at {@code base + f.start()}, taking address-like values as byte addresses. */
    static void set(int[] d, int base, FieldDef f, long value) {
        int start = base + f.start();
        setBits(d, start, base + f.end(), f.type().isAddressLike() ? value >>> (start & 31) : value);
    }

    static long get(int[] d, int base, FieldDef f) {
        int start = base + f.start();
        long v = getBits(d, start, base + f.end());
        return f.type().isAddressLike() ? v << (start & 31) : v;
    }

    /**
     * A command of {@code dwords} dwords with its header fields at their fixed values and its
     * DWord Length saying {@code dwords}.
     */
    static int[] command(CommandDef def, int dwords) {
        int[] d = new int[dwords];
        for (Member m : def.members()) {
            if (m instanceof FieldDef f && f.defaultValue() != null && f.end() < 32) {
                set(d, 0, f, f.defaultValue());
            }
        }
        if (def.lengthField() != null) {
            set(d, 0, def.lengthField(), dwords - def.bias());
        }
        return d;
    }
}
