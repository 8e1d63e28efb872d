package io.genscope.parser.capture;

import io.genscope.parser.memory.BufferMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A raw command buffer: dwords without any capture around them, decoded as if they sat at one
 * address on one engine. Never recognised by its content ({@link #accepts} is false): a user picks
 * it ({@code genscope decode --raw}).
 *
 * <p>Two spellings are read:
 * <pre>
 * binary   little-endian dwords; a trailing partial dword is reported and ignored
 * text     one hex dword per token, "0x" optional, tokens separated by blanks, commas or line ends,
 *          "#" starts a comment to the end of the line:
 *              # MI_BATCH_BUFFER_END
 *              0x05000000  00000000
 * </pre>
 * A file is text when all its bytes are printable ASCII, tabs or line ends (a binary buffer of
 * commands has zero bytes almost at once). The buffer is reported once, through
 * {@link CaptureListener#buffer}, with a memory that maps the same dwords at the same address.
 */
public final class RawFormat implements CaptureFormat {
    /** The largest file read (1 GiB); the rest of a longer one is reported and ignored. */
    public static final long MAX_BYTES = 1L << 30;
    /** At most this many problems are listed for bad tokens; the rest are counted. */
    static final int MAX_PROBLEMS = 100;

    private final Engine engine;
    private final long address;
    private final AddressSpace space;

    /**
     * @param engine the engine whose command stream this is
     * @param address GPU address of the first dword (dword aligned)
     * @param space the address space the buffer lives in (a batch buffer start follows this space)
     */
    public RawFormat(Engine engine, long address, AddressSpace space) {
        if ((address & 3) != 0) {
            throw new IllegalArgumentException(String.format("address 0x%x is not dword aligned", address));
        }
        this.engine = Objects.requireNonNull(engine);
        this.address = address;
        this.space = Objects.requireNonNull(space);
    }

    /** The dwords a raw file holds and what was wrong with it. */
    public record Parsed(int[] dwords, List<Problem> problems, boolean text) {
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public boolean accepts(byte[] head) {
        return false;
    }

    @Override
    public void read(Path file, CaptureListener listener) throws IOException {
        long size = Files.size(file);
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) Math.min(size, MAX_BYTES));
        }
        Parsed p = parse(bytes);
        listener.info(new CaptureInfo("raw", 0, null, "", ""));
        if (size > MAX_BYTES) {
            listener.problem(new Problem(Problem.Kind.UNSUPPORTED, MAX_BYTES,
                    "raw buffers are read up to " + (MAX_BYTES >> 20) + " MiB; the rest of the file is ignored"));
        }
        p.problems().forEach(listener::problem);
        listener.buffer(engine, address, space, p.dwords(), new BufferMemory(space, address, p.dwords()));
    }

    /** Reads binary or text dwords, whichever the bytes are. Never throws for bad content. */
    public static Parsed parse(byte[] bytes) {
        return isText(bytes) ? parseText(bytes) : parseBinary(bytes);
    }

    /** Whether every byte is printable ASCII, a tab or a line end (and there is at least one byte). */
    static boolean isText(byte[] bytes) {
        if (bytes.length == 0) {
            return false;
        }
        for (byte b : bytes) {
            if (!(b >= 0x20 && b < 0x7f || b == '\n' || b == '\r' || b == '\t')) {
                return false;
            }
        }
        return true;
    }

    static Parsed parseBinary(byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        if (bytes.length == 0) {
            problems.add(new Problem(Problem.Kind.TRUNCATED, 0, "the file is empty"));
        }
        int n = bytes.length / 4;
        int[] dwords = new int[n];
        ByteBuffer.wrap(bytes, 0, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(dwords);
        if (bytes.length % 4 != 0) {
            problems.add(new Problem(Problem.Kind.TRUNCATED, 4L * n,
                    "the file ends with " + bytes.length % 4 + " bytes that are not a whole dword; ignored"));
        }
        return new Parsed(dwords, problems, false);
    }

    static Parsed parseText(byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        int[] dwords = new int[Math.min(1024, bytes.length / 2 + 1)];
        int count = 0;
        int bad = 0;
        int i = 0;
        while (i < bytes.length) {
            byte b = bytes[i];
            if (b == '#') {
                while (i < bytes.length && bytes[i] != '\n') {
                    i++;
                }
                continue;
            }
            if (isSeparator(b)) {
                i++;
                continue;
            }
            int start = i;
            while (i < bytes.length && !isSeparator(bytes[i]) && bytes[i] != '#') {
                i++;
            }
            long value = hexDword(bytes, start, i);
            if (value < 0) {
                if (bad++ < MAX_PROBLEMS) {
                    String token = new String(bytes, start, Math.min(i - start, 24), java.nio.charset.StandardCharsets.US_ASCII);
                    problems.add(new Problem(Problem.Kind.CORRUPT, start, "'" + token + (i - start > 24 ? "..." : "")
                            + "' is not a hex dword (up to 8 hex digits, 0x optional); skipped"));
                }
                continue;
            }
            if (count == dwords.length) {
                dwords = Arrays.copyOf(dwords, dwords.length * 2);
            }
            dwords[count++] = (int) value;
        }
        if (bad > MAX_PROBLEMS) {
            problems.add(new Problem(Problem.Kind.CORRUPT, bytes.length, (bad - MAX_PROBLEMS)
                    + " more tokens that are not hex dwords were skipped"));
        }
        if (count == 0) {
            problems.add(new Problem(Problem.Kind.TRUNCATED, 0, "the text holds no hex dwords"));
        }
        return new Parsed(Arrays.copyOf(dwords, count), problems, true);
    }

    private static boolean isSeparator(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == ',';
    }

    /** The token {@code bytes[from, to)} as an unsigned dword, or -1 when it is not 1-8 hex digits after an optional 0x. */
    private static long hexDword(byte[] bytes, int from, int to) {
        int p = from;
        if (to - p >= 2 && bytes[p] == '0' && (bytes[p + 1] == 'x' || bytes[p + 1] == 'X')) {
            p += 2;
        }
        int digits = to - p;
        if (digits < 1 || digits > 8) {
            return -1;
        }
        long v = 0;
        for (; p < to; p++) {
            int d = Character.digit(bytes[p], 16);
            if (d < 0) {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }
}
