package io.genscope.parser.print;

import io.genscope.parser.decode.CFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A growable byte buffer that the printer formats into: names as pre-encoded bytes, numbers as
 * digits written in place (no String per value), text as UTF-8. A buffer of its own hands what
 * was written to the output at {@link #drainTo}; the buffer of a {@link ByteOut} is written to
 * that one's stream whenever it is full (the printer writes straight into the output's buffer,
 * with no copy in between).
 */
final class LineBuffer {
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    /** Chars of text encoded per check for room. */
    private static final int TEXT_CHUNK = 1024;

    /** Where a full buffer goes, or null: the buffer grows until drained. */
    private final OutputStream spill;
    byte[] buf;
    int n;

    /** A buffer of its own, drained by {@link #drainTo}. */
    LineBuffer() {
        this(null, 8192);
    }

    /** The buffer of a {@link ByteOut} writing to {@code spill}. */
    LineBuffer(OutputStream spill, int capacity) {
        this.spill = spill;
        this.buf = new byte[capacity];
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Room for {@code k} more bytes (one check per line: the writers below it do not check). */
    void ensure(int k) {
        if (n + k > buf.length) {
            makeRoom(k);
        }
    }

    private void makeRoom(int k) {
        if (spill != null && n > 0) {
            spill();
            if (k <= buf.length) {
                return;
            }
        }
        buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
    }

    /** Writes what the buffer holds to its stream and empties it. */
    void spill() {
        try {
            spill.write(buf, 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        n = 0;
    }

    void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
    }

    void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    /** An ASCII char. */
    void put(char c) {
        ensure(1);
        buf[n++] = (byte) c;
    }

    /** Text as UTF-8, a surrogate half as its own 3-byte form (file names are the only text beyond ASCII). */
    void put(CharSequence s) {
        put(s, 0, s.length());
    }

    /** Chars {@code [start, end)} of {@code s}, as {@link #put(CharSequence)}. */
    void put(CharSequence s, int start, int end) {
        for (int from = start; from < end; from += TEXT_CHUNK) {
            int to = Math.min(end, from + TEXT_CHUNK);
            ensure(3 * (to - from));
            byte[] b = buf;
            int at = n;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[at++] = (byte) c;
                } else if (c < 0x800) {
                    b[at++] = (byte) (0xc0 | (c >> 6));
                    b[at++] = (byte) (0x80 | (c & 0x3f));
                } else {
                    b[at++] = (byte) (0xe0 | (c >> 12));
                    b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    b[at++] = (byte) (0x80 | (c & 0x3f));
                }
            }
            n = at;
        }
    }

    /** Room every number writer may use: {@code %08x} of a long, a long in decimal, {@code %f} of a float. */
    static final int NUMBER_ROOM = 64;

    private static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /** {@code %08x} (at least 8 lowercase hex digits, more when the value needs them). */
    void hex8(long v) {
        ensure(16);
        n = hex8(buf, n, v);
    }

    /**
     * Writes {@code %08x} of {@code v} at {@code b[at]} (room for 16 digits needed); returns the
     * end. The low 32 bits become 8 digits in one long store.
     */
    static int hex8(byte[] b, int at, long v) {
        if ((v >>> 32) == 0) {
            LONG_BE.set(b, at, hexDigits((int) v));
            return at + 8;
        }
        int high = (67 - Long.numberOfLeadingZeros(v)) / 4 - 8;
        long digits = hexDigits((int) (v >>> 32));
        for (int i = high - 1, shift = 0; i >= 0; i--, shift += 8) {
            b[at + i] = (byte) (digits >>> shift);
        }
        LONG_BE.set(b, at + high, hexDigits((int) v));
        return at + high + 8;
    }

    /**
     * The 8 lowercase hex digits of {@code v} as ASCII bytes, most significant in the top byte:
     * each nibble spread to a byte of its own, then {@code '0'} added, and 39 more for 10 to 15.
     */
    static long hexDigits(int v) {
        long x = v & 0xffffffffL;
        x = (x | (x << 16)) & 0x0000ffff0000ffffL;
        x = (x | (x << 8)) & 0x00ff00ff00ff00ffL;
        x = (x | (x << 4)) & 0x0f0f0f0f0f0f0f0fL;
        long letters = ((x + 0x0606060606060606L) >>> 4) & 0x0101010101010101L;
        return x + 0x3030303030303030L + letters * ('a' - '0' - 10);
    }

    private static final byte[] DWORD_MID = ascii(":  0x");
    private static final byte[] DWORD_TAIL = ascii(" : Dword ");

    /** {@code 0x%08x:  0x%08x : Dword %d} and a newline, in one go. */
    void dwordHeader(long address, int value, int index) {
        ensure(72);
        byte[] b = buf;
        int at = n;
        b[at++] = '0';
        b[at++] = 'x';
        at = hex8(b, at, address);
        System.arraycopy(DWORD_MID, 0, b, at, DWORD_MID.length);
        at = hex8(b, at + DWORD_MID.length, value & 0xffffffffL);
        System.arraycopy(DWORD_TAIL, 0, b, at, DWORD_TAIL.length);
        at = udec(b, at + DWORD_TAIL.length, index & 0xffffffffL);
        b[at++] = '\n';
        n = at;
    }

    /** {@code k} spaces (none when {@code k} is not positive). */
    void spaces(int k) {
        if (k > 0) {
            ensure(k);
            java.util.Arrays.fill(buf, n, n + k, (byte) ' ');
            n += k;
        }
    }

    /** {@code Long.toString}. */
    void dec(long v) {
        ensure(NUMBER_ROOM);
        n = dec(buf, n, v);
    }

    /** {@code Long.toUnsignedString}. */
    void udec(long v) {
        ensure(NUMBER_ROOM);
        n = udec(buf, n, v);
    }

    /** {@link CFormat#fixed6} of a float. */
    void fixed6(float f) {
        ensure(NUMBER_ROOM);
        n = fixed6(buf, n, f);
    }

    /*
     * The static writers below put a value at b[at] and return the end; the caller has made
     * NUMBER_ROOM bytes of room (one check per line rather than one per piece).
     */

    /** {@code Long.toString} of {@code v} at {@code b[at]}. */
    static int dec(byte[] b, int at, long v) {
        if (v >= 0 && v < 10) { // most fields are 0 or a small number: kept small enough to inline
            b[at] = (byte) ('0' + (int) v);
            return at + 1;
        }
        if (v >= 0) {
            return udecPositive(b, at, v);
        }
        b[at] = '-';
        return v == Long.MIN_VALUE ? ascii(b, at, Long.toString(v)) : udecPositive(b, at + 1, -v);
    }

    /** {@code Long.toUnsignedString} of {@code v} at {@code b[at]}. */
    static int udec(byte[] b, int at, long v) {
        if (v >= 0 && v < 10) {
            b[at] = (byte) ('0' + (int) v);
            return at + 1;
        }
        return v >= 0 ? udecPositive(b, at, v) : ascii(b, at, Long.toUnsignedString(v));
    }

    /** The decimal digits of 0 to 99, two bytes each. */
    private static final byte[] DIGITS2 = new byte[200];

    static {
        for (int i = 0; i < 100; i++) {
            DIGITS2[2 * i] = (byte) ('0' + i / 10);
            DIGITS2[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private static int udecPositive(byte[] b, int at, long v) {
        if (v <= Integer.MAX_VALUE) {
            return udecInt(b, at, (int) v);
        }
        long high = v / 1_000_000_000L;
        int low = (int) (v - high * 1_000_000_000L);
        at = udecPositive(b, at, high);
        for (int k = at + 8; k >= at; k--) { // the low 9 digits, with their zeros
            b[k] = (byte) ('0' + low % 10);
            low /= 10;
        }
        return at + 9;
    }

    /** An int from 0 on, two digits at a time (int division, which the JIT turns into multiplies). */
    private static int udecInt(byte[] b, int at, int v) {
        int digits = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10_000 ? 4 : v < 100_000 ? 5 : v < 1_000_000 ? 6
                : v < 10_000_000 ? 7 : v < 100_000_000 ? 8 : v < 1_000_000_000 ? 9 : 10;
        int i = at + digits;
        while (v >= 100) {
            int two = (v % 100) << 1;
            v /= 100;
            b[--i] = DIGITS2[two + 1];
            b[--i] = DIGITS2[two];
        }
        if (v >= 10) {
            b[--i] = DIGITS2[(v << 1) + 1];
            b[--i] = DIGITS2[v << 1];
        } else {
            b[--i] = (byte) ('0' + v);
        }
        return at + digits;
    }

    /** {@code true} or {@code false} at {@code b[at]}. */
    static int bool(byte[] b, int at, boolean v) {
        byte[] s = v ? TRUE : FALSE;
        System.arraycopy(s, 0, b, at, s.length);
        return at + s.length;
    }

    /**
     * {@link CFormat#fixed6} of a float at {@code b[at]} (at most 47 bytes: a float has 39
     * integer digits at most), the common case written digit by digit.
     */
    static int fixed6(byte[] b, int at, float f) {
        double d = f;
        if (Math.abs(d) < 9e12) {
            long v = (long) Math.abs(Math.rint(d * 1e6));
            if (d < 0 || (d == 0 && Float.floatToRawIntBits(f) != 0)) {
                b[at++] = '-';
            }
            at = udecPositive(b, at, v / 1_000_000);
            b[at] = '.';
            int frac = (int) (v % 1_000_000);
            for (int i = 6; i > 0; i--) {
                b[at + i] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
            return at + 7;
        }
        return ascii(b, at, CFormat.fixed6(d));
    }

    /** An ASCII string's chars as bytes at {@code b[at]}. */
    private static int ascii(byte[] b, int at, String s) {
        int len = s.length();
        for (int i = 0; i < len; i++) {
            b[at + i] = (byte) s.charAt(i);
        }
        return at + len;
    }

    /** {@code src} at {@code b[at]}. */
    static int put(byte[] b, int at, byte[] src) {
        System.arraycopy(src, 0, b, at, src.length);
        return at + src.length;
    }

    /**
     * Writes what the buffer holds to {@code out} and empties it; nothing for the buffer of a
     * {@link ByteOut} (whose bytes are already in place).
     */
    void drainTo(Appendable out) {
        if (n == 0 || spill != null) {
            return;
        }
        if (out instanceof ByteOut b) {
            b.write(buf, 0, n);
        } else {
            try {
                out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        n = 0;
        if (buf.length > 1 << 20) {
            buf = new byte[8192];
        }
    }
}
