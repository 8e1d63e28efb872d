package io.genscope.migration.stream;

import io.genscope.migration.compress.Lz4Page;
import io.genscope.migration.state.PageStore;
import io.genscope.parser.capture.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads a migration stream record by record and hands each checked record to a {@link Handler}.
 * It never throws: a stream it cannot accept ends the read with a {@link StreamRejection} that
 * names the record (index, kind, byte offset).
 *
 * <p>Checks, in order, for every record: known kind; compressed kinds only when the stream header
 * announces them; flags zero; payload length inside the kind's
 * bounds (checked before the payload is read, so a damaged length never makes it allocate or wait
 * for more than {@link StreamFormat#MAX_PAYLOAD} bytes); the payload is all there; CRC-32C;
 * sequence number equal to the record's index; the order (SETUP first,
 * pages only inside a round, rounds not nested and numbered upwards, END last and followed by the
 * end of the stream); then whatever the handler checks. Memory use is one fixed 2 MiB buffer.
 */
public final class StreamReader {
    /** Receives the records of a stream in order; each method returns null, or why the record is refused. */
    public interface Handler {
        String setup(SetupInfo setup);

        String roundBegin(long round, Phase phase);

        String roundEnd(long round, long pages, long zeroPages);

        /** A raw page: {@code buffer[offset..+4096]} (valid only during the call). */
        String page(long page, ByteBuffer buffer, int offset);

        String zeroPage(long page);

        /**
         * A PAGE_DELTA record: {@code buffer[offset..+length]} is a delta against the destination's
         * current copy of the page (see PageDelta). A reader that keeps no copy refuses it.
         */
        default String deltaPage(long page, ByteBuffer buffer, int offset, int length) {
            return "this reader keeps no copy of the pages to apply a delta to";
        }

        /** A chunk of device-state region {@code regionId} at byte {@code regionOffset} of it. */
        String device(long regionId, long regionOffset, ByteBuffer buffer, int offset, int length);

        String end(EndInfo end);
    }

    /** How a read ended. */
    public record Result(long records, long bytes, StreamRejection rejection) {
        public boolean ok() {
            return rejection == null;
        }
    }

    private static final int BUFFER_BYTES = 2 << 20;

    private final ReadableByteChannel in;
    private final Handler handler;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer crcView = buf.duplicate();
    private final CRC32C crc = new CRC32C();
    private final String[] why = new String[1];
    /** Stream offset of buf[0]. */
    private long bufferBase;
    private boolean eof;
    private IOException ioFailure;

    // what is being read
    private long index;
    private long recordOffset;
    private RecordKind kind;
    private int rawKind = -1;
    private long arg;

    // order
    private boolean setupSeen;
    private boolean endSeen;
    private long openRound = -1;
    private long lastRound;
    private boolean compressedPages;
    private Lz4Page lz4;
    private ByteBuffer decoded;

    public StreamReader(ReadableByteChannel in, Handler handler) {
        this.in = in;
        this.handler = handler;
        buf.limit(0);
    }

    /** Reads the whole stream. */
    public Result read() {
        try {
            StreamRejection r = readAll();
            return new Result(index, bufferBase + buf.position(), r);
        } catch (RuntimeException e) {
            return new Result(index, bufferBase + buf.position(),
                    reject(Problem.Kind.CORRUPT, "internal error while reading: " + e));
        } catch (OutOfMemoryError e) {
            // this stream asked for more than the process has: refuse it, the caller lives on
            return new Result(index, bufferBase + buf.position(),
                    reject(Problem.Kind.UNSUPPORTED, "out of memory while receiving this stream (" + e.getMessage() + ")"));
        }
    }

    private StreamRejection readAll() {
        index = -1;
        recordOffset = 0;
        if (!fill(StreamFormat.STREAM_HEADER_BYTES)) {
            return reject(Problem.Kind.TRUNCATED, "stream ends after " + buf.remaining() + " of "
                    + StreamFormat.STREAM_HEADER_BYTES + " header bytes" + ioSuffix());
        }
        int p = buf.position();
        byte[] magic = new byte[8];
        buf.get(p, magic);
        if (!Arrays.equals(magic, StreamFormat.MAGIC)) {
            return reject(Problem.Kind.CORRUPT, "not a genscope migration stream (bad magic)");
        }
        int version = buf.getShort(p + 8) & 0xffff;
        int flags = buf.getShort(p + 10) & 0xffff;
        crc.reset();
        crcView.clear();
        crcView.position(p).limit(p + 12);
        crc.update(crcView);
        if ((int) crc.getValue() != buf.getInt(p + 12)) {
            return reject(Problem.Kind.CORRUPT, "stream header CRC-32C mismatch");
        }
        if (version != StreamFormat.VERSION) {
            return reject(Problem.Kind.UNSUPPORTED, "stream version " + version + ", this reader knows " + StreamFormat.VERSION);
        }
        if ((flags & ~StreamFormat.KNOWN_FLAGS) != 0) {
            return reject(Problem.Kind.UNSUPPORTED, String.format("stream header flags 0x%x", flags));
        }
        compressedPages = (flags & StreamFormat.FLAG_COMPRESSED_PAGES) != 0;
        buf.position(p + StreamFormat.STREAM_HEADER_BYTES);
        index = 0;
        while (true) {
            recordOffset = bufferBase + buf.position();
            kind = null;
            rawKind = -1;
            arg = 0;
            if (!fill(StreamFormat.RECORD_HEADER_BYTES)) {
                if (buf.remaining() == 0 && ioFailure == null) {
                    return endSeen ? null : reject(Problem.Kind.TRUNCATED, "stream ends before this record"
                            + (index == 0 ? "" : "; the last record read was #" + (index - 1)) + ", no END record");
                }
                if (endSeen) {
                    return reject(Problem.Kind.CORRUPT, buf.remaining() + " bytes after the END record" + ioSuffix());
                }
                return reject(Problem.Kind.TRUNCATED, "stream ends inside the record header (" + buf.remaining() + " of 24 bytes)"
                        + ioSuffix());
            }
            if (endSeen) {
                return reject(Problem.Kind.CORRUPT, "data after the END record");
            }
            int h = buf.position();
            rawKind = buf.getShort(h) & 0xffff;
            int recFlags = buf.getShort(h + 2) & 0xffff;
            long length = buf.getInt(h + 4) & 0xffffffffL;
            arg = buf.getLong(h + 8);
            long seq = buf.getInt(h + 16) & 0xffffffffL;
            int stored = buf.getInt(h + 20);
            kind = RecordKind.byCode(rawKind);
            if (kind == null) {
                return reject(Problem.Kind.CORRUPT, String.format("unknown record kind 0x%x (damaged header?)", rawKind));
            }
            if (kind.compressedPage() && !compressedPages) {
                return reject(Problem.Kind.UNSUPPORTED, kind + " in a stream whose header does not announce compressed"
                        + " pages (flag bit 0)");
            }
            if (recFlags != 0) {
                return reject(Problem.Kind.CORRUPT, String.format("record flags 0x%x, must be 0", recFlags));
            }
            if (length < kind.minPayload() || length > kind.maxPayload()) {
                return reject(Problem.Kind.CORRUPT, "payload length " + length + " outside " + kind.minPayload() + ".."
                        + kind.maxPayload() + " for " + kind);
            }
            int len = (int) length;
            if (!fill(StreamFormat.RECORD_HEADER_BYTES + len)) {
                return reject(Problem.Kind.TRUNCATED, "stream ends inside the record: "
                        + (buf.remaining() - StreamFormat.RECORD_HEADER_BYTES) + " of " + len + " payload bytes" + ioSuffix());
            }
            h = buf.position();
            crc.reset();
            crcView.clear();
            crcView.position(h).limit(h + 20);
            crc.update(crcView);
            if (len > 0) {
                crcView.limit(h + StreamFormat.RECORD_HEADER_BYTES + len).position(h + StreamFormat.RECORD_HEADER_BYTES);
                crc.update(crcView);
            }
            int computed = (int) crc.getValue();
            if (computed != stored) {
                return reject(Problem.Kind.CORRUPT, String.format("CRC-32C mismatch (stored 0x%08x, computed 0x%08x)",
                        stored, computed));
            }
            if (seq != index) {
                return reject(Problem.Kind.CORRUPT, "sequence number " + seq + ", expected " + index
                        + " (a record was lost, repeated or reordered)");
            }
            String reason = dispatch(h + StreamFormat.RECORD_HEADER_BYTES, len);
            if (reason != null) {
                return reject(Problem.Kind.CORRUPT, reason);
            }
            buf.position(h + StreamFormat.RECORD_HEADER_BYTES + len);
            index++;
        }
    }

    private String dispatch(int payload, int len) {
        if (!setupSeen && kind != RecordKind.SETUP) {
            return "the first record must be SETUP";
        }
        switch (kind) {
            case SETUP -> {
                if (setupSeen) {
                    return "a second SETUP record";
                }
                setupSeen = true;
                why[0] = null;
                SetupInfo s = SetupInfo.decode(buf, payload, why);
                return s == null ? why[0] : handler.setup(s);
            }
            case ROUND_BEGIN -> {
                if (openRound >= 0) {
                    return "round " + arg + " begins inside round " + openRound;
                }
                if (arg <= lastRound) {
                    return "round " + arg + " after round " + lastRound;
                }
                Phase phase = Phase.byCode(buf.getInt(payload));
                if (phase == null) {
                    return "unknown phase " + buf.getInt(payload);
                }
                openRound = arg;
                lastRound = arg;
                return handler.roundBegin(arg, phase);
            }
            case ROUND_END -> {
                if (openRound != arg) {
                    return openRound < 0 ? "end of round " + arg + " outside any round"
                            : "end of round " + arg + " inside round " + openRound;
                }
                openRound = -1;
                return handler.roundEnd(arg, buf.getLong(payload), buf.getLong(payload + 8));
            }
            case PAGE_RAW, PAGE_ZERO -> {
                if (openRound < 0) {
                    return "page outside any round";
                }
                return kind == RecordKind.PAGE_RAW ? handler.page(arg, buf, payload) : handler.zeroPage(arg);
            }
            case PAGE_COMPRESSED -> {
                if (openRound < 0) {
                    return "page outside any round";
                }
                if (lz4 == null) {
                    lz4 = new Lz4Page();
                    decoded = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
                }
                String bad = lz4.decompress(buf, payload, len, decoded, 0);
                return bad != null ? bad : handler.page(arg, decoded, 0);
            }
            case PAGE_DELTA -> {
                if (openRound < 0) {
                    return "page outside any round";
                }
                return handler.deltaPage(arg, buf, payload, len);
            }
            case DEVICE -> {
                if (openRound >= 0) {
                    return "device state inside round " + openRound;
                }
                return handler.device(arg >>> 32, arg & 0xffffffffL, buf, payload, len);
            }
            case END -> {
                if (openRound >= 0) {
                    return "END inside round " + openRound;
                }
                why[0] = null;
                EndInfo e = EndInfo.decode(buf, payload, len, why);
                if (e == null) {
                    return why[0];
                }
                if (e.records() != index) {
                    return "END counts " + e.records() + " records before it, the stream had " + index;
                }
                endSeen = true;
                return handler.end(e);
            }
            default -> {
                return "unexpected record kind " + kind;
            }
        }
    }

    private StreamRejection reject(Problem.Kind problem, String reason) {
        return new StreamRejection(index, kind, rawKind, arg, recordOffset, problem, reason);
    }

    private String ioSuffix() {
        return ioFailure == null ? "" : " (" + (ioFailure.getMessage() == null ? ioFailure.toString() : ioFailure.getMessage()) + ")";
    }

    /** Makes {@code n} bytes available from the position; false when the stream ends first. */
    private boolean fill(int n) {
        if (buf.remaining() >= n) {
            return true;
        }
        if (buf.position() > 0) {
            bufferBase += buf.position();
            buf.compact().flip();
        }
        while (buf.remaining() < n && !eof) {
            int start = buf.limit();
            buf.position(start).limit(buf.capacity());
            int got;
            try {
                got = in.read(buf);
            } catch (IOException e) {
                ioFailure = e;
                got = -1;
            }
            buf.limit(buf.position()).position(0);
            if (got < 0) {
                eof = true;
            }
        }
        return buf.remaining() >= n;
    }
}
