package io.genscope.parser.print;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A buffered UTF-8 {@link Appendable} over an output stream that writes ASCII text (nearly all of a
 * decode) straight into its byte buffer: no char[] staging and no charset encoder, which together
 * took about a third of a full decode's time through {@code BufferedWriter}. A {@link TextOut}
 * printing to it formats into the same buffer ({@link #lines}), so its bytes are not copied again.
 */
public final class ByteOut implements Appendable, Flushable {
    private final OutputStream out;
    private final LineBuffer lines;

    public ByteOut(OutputStream out, int bufferBytes) {
        this.out = out;
        this.lines = new LineBuffer(out, Math.max(64, bufferBytes));
    }

    /** The buffer, written to the stream whenever it is full. */
    LineBuffer lines() {
        return lines;
    }

    @Override
    public ByteOut append(CharSequence s) {
        lines.put(s);
        return this;
    }

    @Override
    public ByteOut append(CharSequence s, int start, int end) {
        lines.put(s, start, end);
        return this;
    }

    @Override
    public ByteOut append(char c) {
        if (c < 0x80) {
            lines.put(c);
        } else {
            lines.put(String.valueOf(c));
        }
        return this;
    }

    /** Bytes written as they are (already encoded text). */
    public void write(byte[] b, int off, int len) {
        if (len > lines.buf.length) {
            lines.spill();
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        lines.put(b, off, len);
    }

    @Override
    public void flush() {
        lines.spill();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
