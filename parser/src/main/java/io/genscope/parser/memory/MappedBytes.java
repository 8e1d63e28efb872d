package io.genscope.parser.memory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The bytes of a whole capture, read in place: a file mapped into memory (never copied into the
 * heap), or a buffer the caller already has. Offsets are longs over the whole input; all reads are
 * little-endian.
 *
 * <pre>
 * input   |&lt;------- window 0 -------&gt;|&lt;------- window 1 -------&gt;|&lt;- window 2 -&gt;|
 *         |  2^shift bytes (1 GiB)   |
 *         |                          |..| each window runs {@link #MAX_SPAN} bytes into the next
 * </pre>
 *
 * Because the windows overlap, any access of at most {@link #MAX_SPAN} bytes lies wholly inside
 * the window its first byte falls in, so a read never has to be stitched together. Callers check
 * bounds against {@link #size()} first; out-of-range offsets throw {@link IndexOutOfBoundsException}.
 */
public final class MappedBytes {
    /** The longest single access (bytes) that is guaranteed to sit in one window. */
    public static final int MAX_SPAN = 64 * 1024;
    private static final int DEFAULT_SHIFT = 30;

    private final ByteBuffer[] windows;
    private final int shift;
    private final long mask;
    private final long size;

    private MappedBytes(ByteBuffer[] windows, int shift, long size) {
        this.windows = windows;
        this.shift = shift;
        this.mask = (1L << shift) - 1;
        this.size = size;
    }

    /** Maps a file read-only in 1 GiB windows. The file must not be truncated while it is mapped. */
    public static MappedBytes map(Path file) throws IOException {
        return map(file, DEFAULT_SHIFT);
    }

    /** Maps a file in windows of {@code 2^windowShift} bytes (16..30; small windows are for tests). */
    /** Files at least this large have their pages mapped in ahead of the reader. */
    private static final long PREFAULT_BYTES = 16L << 20;

    /**
     * Maps the pages of a large file into the process on a background thread, ahead of the reader:
     * a streaming read touches every page once, and the page faults cost a reader that parses
     * packets about as much again as the parsing. On a second core they overlap with it. The
     * thread only reads; the bytes it sees are discarded.
     */
    private static void prefault(ByteBuffer[] windows, long size) {
        if (size < PREFAULT_BYTES) {
            return;
        }
        ByteBuffer[] views = new ByteBuffer[windows.length];
        for (int i = 0; i < windows.length; i++) {
            views[i] = windows[i].duplicate();
        }
        Thread t = new Thread(() -> {
            int sink = 0;
            for (ByteBuffer w : views) {
                for (int p = 0; p < w.limit(); p += 4096) {
                    sink += w.get(p);
                }
            }
            PREFAULT_SINK = sink;
        }, "genscope-prefault");
        t.setDaemon(true);
        t.start();
    }

    @SuppressWarnings("unused")
    private static volatile int PREFAULT_SINK;

    static MappedBytes map(Path file, int windowShift) throws IOException {
        if (windowShift < 16 || windowShift > DEFAULT_SHIFT) {
            throw new IllegalArgumentException("window shift " + windowShift + " not in 16..30");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            long step = 1L << windowShift;
            int count = (int) ((size + step - 1) >>> windowShift);
            ByteBuffer[] windows = new ByteBuffer[count];
            for (int i = 0; i < count; i++) {
                long start = (long) i << windowShift;
                long length = Math.min(size - start, step + MAX_SPAN);
                windows[i] = channel.map(FileChannel.MapMode.READ_ONLY, start, length).order(ByteOrder.LITTLE_ENDIAN);
            }
            prefault(windows, size);
            return new MappedBytes(windows, windowShift, size);
        }
    }

    /** Wraps the remaining bytes of a buffer (not copied; later changes to it are visible). */
    public static MappedBytes wrap(ByteBuffer buffer) {
        ByteBuffer b = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
        return new MappedBytes(b.capacity() == 0 ? new ByteBuffer[0] : new ByteBuffer[] {b}, 31, b.capacity());
    }

    /** Wraps an array (not copied). */
    public static MappedBytes wrap(byte[] bytes) {
        return wrap(ByteBuffer.wrap(bytes));
    }

    /** A view of the first {@code length} bytes, sharing the same storage. */
    public MappedBytes prefix(long length) {
        Objects.checkFromIndexSize(0, length, size);
        return new MappedBytes(windows, shift, length);
    }

    /** Number of bytes. */
    public long size() {
        return size;
    }

    public byte get(long offset) {
        check(offset, 1);
        return window(offset).get(position(offset));
    }

    public int getInt(long offset) {
        check(offset, 4);
        return window(offset).getInt(position(offset));
    }

    public long getLong(long offset) {
        check(offset, 8);
        return window(offset).getLong(position(offset));
    }

    /** Copies {@code length <= MAX_SPAN} bytes. */
    public void get(long offset, byte[] dst, int off, int length) {
        checkSpan(offset, length);
        Objects.checkFromIndexSize(off, length, dst.length);
        if (length > 0) {
            window(offset).get(position(offset), dst, off, length);
        }
    }

    /** Copies {@code count} little-endian dwords ({@code 4 * count <= MAX_SPAN} bytes). */
    public void getInts(long offset, int[] dst, int off, int count) {
        checkSpan(offset, 4L * count);
        Objects.checkFromIndexSize(off, count, dst.length);
        if (count == 0) {
            return;
        }
        ByteBuffer w = window(offset);
        int p = position(offset);
        for (int i = 0; i < count; i++) {
            dst[off + i] = w.getInt(p + 4 * i);
        }
    }

    private ByteBuffer window(long offset) {
        return windows[(int) (offset >>> shift)];
    }

    private int position(long offset) {
        return (int) (offset & mask);
    }

    private void check(long offset, int length) {
        if (offset < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("bytes " + offset + "+" + length + " outside 0.." + size);
        }
    }

    private void checkSpan(long offset, long length) {
        if (length < 0 || length > MAX_SPAN) {
            throw new IllegalArgumentException("span of " + length + " bytes (at most " + MAX_SPAN + ")");
        }
        if (offset < 0 || offset > size - length) {
            throw new IndexOutOfBoundsException("bytes " + offset + "+" + length + " outside 0.." + size);
        }
    }
}
