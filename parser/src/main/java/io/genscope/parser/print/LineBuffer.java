package io.genscope.parser.print;

import io.genscope.parser.decode.CFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A growable byte buffer that the printer formats into: names as pre-encoded bytes, numbers as
 * digits written in place (no String per value), text as UTF-8. {@link #drainTo} hands what was
 * written to the output and empties the buffer.
 */
final class LineBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");

    byte[] buf = new byte[8192];
    int n;

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Room for {@code k} more bytes. */
    void ensure(int k) {
        if (n + k > buf.length) {
            buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
        }
    }

    void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, n, b.length);
        n += b.length;
    }

    /** Bytes {@code [from, to)} of this buffer appended again (an earlier value repeated). */
    void repeat(int from, int to) {
        ensure(to - from);
        System.arraycopy(buf, from, buf, n, to - from);
        n += to - from;
    }

    void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    void put(char c) {
        ensure(1);
        buf[n++] = (byte) c;
    }

    /** Text as UTF-8, written as {@link ByteOut} writes it (a surrogate half as its own 3-byte form). */
    void put(CharSequence s) {
        int len = s.length();
        ensure(3 * len);
        byte[] b = buf;
        int at = n;
        for (int i = 0; i < len; i++) {
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

    /** Two lowercase hex digits for each byte value. */
    private static final byte[] HEX2 = new byte[512];

    static {
        for (int i = 0; i < 256; i++) {
            HEX2[2 * i] = HEX[i >>> 4];
            HEX2[2 * i + 1] = HEX[i & 0xf];
        }
    }

    /** {@code %08x} (at least 8 lowercase hex digits, more when the value needs them). */
    void hex8(long v) {
        ensure(16);
        n = hexAt(buf, n, v);
    }

    /** Writes {@code %08x} of {@code v} at {@code b[at]} (room for 16 digits needed); returns the end. */
    private static int hexAt(byte[] b, int at, long v) {
        int digits = (v >>> 32) == 0 ? 8 : (64 - Long.numberOfLeadingZeros(v) + 3) / 4;
        int end = at + digits;
        int i = end - 2;
        long x = v;
        for (; i >= at; i -= 2) {
            int by = ((int) x & 0xff) << 1;
            b[i] = HEX2[by];
            b[i + 1] = HEX2[by + 1];
            x >>>= 8;
        }
        if (i == at - 1) {
            b[at] = HEX[(int) x & 0xf];
        }
        return end;
    }

    private static final byte[] DWORD_MID = ascii(":  0x");
    private static final byte[] DWORD_TAIL = ascii(" : Dword ");

    /** {@code 0x%08x:  0x%08x : Dword %d} and a newline, in one go. */
    void dwordHeader(long address, int value, int index) {
        ensure(64);
        byte[] b = buf;
        int at = n;
        b[at++] = '0';
        b[at++] = 'x';
        at = hexAt(b, at, address);
        System.arraycopy(DWORD_MID, 0, b, at, DWORD_MID.length);
        at = hexAt(b, at + DWORD_MID.length, value & 0xffffffffL);
        System.arraycopy(DWORD_TAIL, 0, b, at, DWORD_TAIL.length);
        n = at + DWORD_TAIL.length;
        udec(index);
        buf[n++] = '\n';
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
        if (v < 0) {
            if (v == Long.MIN_VALUE) {
                put(Long.toString(v));
                return;
            }
            put('-');
            v = -v;
        }
        udecPositive(v);
    }

    /** {@code Long.toUnsignedString}. */
    void udec(long v) {
        if (v < 0) {
            put(Long.toUnsignedString(v));
            return;
        }
        udecPositive(v);
    }

    private void udecPositive(long v) {
        if (v < 10) {
            ensure(1);
            buf[n++] = (byte) ('0' + (int) v);
            return;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        byte[] b = buf;
        int at = n + digits;
        n = at;
        do {
            b[--at] = (byte) ('0' + (int) (v % 10));
            v /= 10;
        } while (v != 0);
    }

    void bool(boolean v) {
        put(v ? TRUE : FALSE);
    }

    /** {@link CFormat#fixed6}, the common case written in place. */
    void fixed6(double d) {
        if ((float) d == d && Math.abs(d) < 9e12) {
            long v = (long) Math.abs(Math.rint(d * 1e6));
            if (d < 0 || (d == 0 && Double.doubleToRawLongBits(d) != 0)) {
                put('-');
            }
            udecPositive(v / 1_000_000);
            ensure(7);
            buf[n++] = '.';
            int frac = (int) (v % 1_000_000);
            for (int i = 6; i > 0; i--) {
                buf[n + i - 1] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
            n += 6;
            return;
        }
        put(CFormat.fixed6(d));
    }

    /** Writes what the buffer holds to {@code out} and empties it. */
    void drainTo(Appendable out) {
        if (n == 0) {
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
