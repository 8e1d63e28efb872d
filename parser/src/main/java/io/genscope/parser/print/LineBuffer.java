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

    /** {@code %08x} (at least 8 lowercase hex digits, more when the value needs them). */
    void hex8(long v) {
        int digits = Math.max(8, (64 - Long.numberOfLeadingZeros(v) + 3) / 4);
        ensure(digits);
        byte[] b = buf;
        int end = n + digits;
        long x = v;
        int i = end - 1;
        for (; i > n; i -= 2) {
            int by = (int) x & 0xff;
            b[i] = HEX[by & 0xf];
            b[i - 1] = HEX[by >>> 4];
            x >>>= 8;
        }
        if (i == n) {
            b[i] = HEX[(int) x & 0xf];
        }
        n = end;
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
            long frac = v % 1_000_000;
            for (int i = 6; i > 0; i--) {
                buf[n + i - 1] = (byte) ('0' + (int) (frac % 10));
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
