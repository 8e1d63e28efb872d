package io.genscope.parser.print;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A buffered UTF-8 {@link Appendable} over an output stream that writes ASCII text (nearly all of a
 * decode) straight into its byte buffer: no char[] staging and no charset encoder, which together
 * took about a third of a full decode's time through {@code BufferedWriter}.
 */
public final class ByteOut implements Appendable, Flushable {
    private final OutputStream out;
    private final byte[] buf;
    private int n;

    public ByteOut(OutputStream out, int bufferBytes) {
        this.out = out;
        this.buf = new byte[Math.max(64, bufferBytes)];
    }

    @Override
    public ByteOut append(CharSequence s) {
        if (s instanceof String str) {
            return appendString(str);
        }
        return append(s, 0, s.length());
    }

    private ByteOut appendString(String s) {
        int len = s.length();
        for (int i = 0; i < len;) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                appendChar(c);
                i++;
                continue;
            }
            if (n == buf.length) {
                drain();
            }
            buf[n++] = (byte) c;
            i++;
        }
        return this;
    }

    @Override
    public ByteOut append(CharSequence s, int start, int end) {
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80 && n < buf.length) {
                buf[n++] = (byte) c;
            } else {
                appendChar(c);
            }
        }
        return this;
    }

    @Override
    public ByteOut append(char c) {
        return appendChar(c);
    }

    private ByteOut appendChar(char c) {
        if (n + 3 > buf.length) {
            drain();
        }
        if (c < 0x80) {
            buf[n++] = (byte) c;
        } else if (c < 0x800) {
            buf[n++] = (byte) (0xc0 | (c >> 6));
            buf[n++] = (byte) (0x80 | (c & 0x3f));
        } else {
            // surrogate halves are written as their own 3-byte forms; file names are the only text here
            buf[n++] = (byte) (0xe0 | (c >> 12));
            buf[n++] = (byte) (0x80 | ((c >> 6) & 0x3f));
            buf[n++] = (byte) (0x80 | (c & 0x3f));
        }
        return this;
    }

    /** Bytes written as they are (already encoded text). */
    public void write(byte[] b, int off, int len) {
        if (len > buf.length - n) {
            drain();
            if (len > buf.length) {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return;
            }
        }
        System.arraycopy(b, off, buf, n, len);
        n += len;
    }

    private void drain() {
        try {
            out.write(buf, 0, n);
            n = 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
