package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Problem.Kind;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.context.ContextImage;
import io.genscope.parser.context.RingContext;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.Ggtt;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.parser.memory.PhysicalMemory;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over an AUB file: frames packets, dispatches them, and keeps the memory model and the
 * execlist state. Every size in the file is checked against what is left of the file before it is
 * used; nothing is allocated from a size in the file.
 */
final class ReadSession {
    private static final int MEMORY_WRITE_HEADER = 20;
    /** Dword 1 flags plus 63 {address64, size32} entries: the data of a discontiguous write starts at dword 191. */
    private static final int DISCONTIGUOUS_HEADER = 4 * 191;
    /** The largest ring a legacy command write may hand over: a ring of 2 MiB less the dword after its tail. */
    private static final long LEGACY_RING_MAX = (2 << 20) - 4096;

    private final MappedBytes bytes;
    private final long size;
    private final AubListener listener;
    private final long heapBudget;
    private final ProblemLog problems;
    private final PhysicalMemory physical;
    private final Ggtt ggtt = new Ggtt();
    private final MemoryWriter writer;
    private final ExeclistPorts ports = new ExeclistPorts();
    /** The context image layout of the generation the header names (gen8's until then). */
    private ContextImage contextImage = ContextImage.forGeneration(null);
    private final long[] counts = new long[PacketKind.values().length];
    private final List<Problem> earlier;
    private AubHeader header;
    /** The copy engine's copies, made when the first copy engine submission comes. */
    private BlitCopies blits;
    private boolean blitsOff;
    private int submissions;

    ReadSession(MappedBytes bytes, AubListener listener, long heapBudget, List<Problem> earlier) {
        this.bytes = bytes;
        this.size = bytes.size();
        this.listener = new GuardedListener(listener);
        this.heapBudget = heapBudget;
        this.problems = new ProblemLog(this.listener);
        this.physical = new PhysicalMemory(bytes);
        this.writer = new MemoryWriter(bytes, physical, ggtt, problems);
        this.earlier = List.copyOf(earlier);
    }

    /** Reads the whole file. Exceptions of the caller's listener pass through unchanged. */
    AubSummary run() {
        try {
            return loop();
        } catch (GuardedListener.Failure e) {
            throw e.getCause();
        }
    }

    private AubSummary loop() {
        for (Problem p : earlier) {
            problems.report(p.kind(), p.offset(), p.message());
        }
        long pos = 0;
        if (size == 0) {
            problems.report(Kind.TRUNCATED, 0, "the file is empty");
        }
        while (pos < size) {
            if (size - pos < 4) {
                problems.report(Kind.TRUNCATED, pos, "the file ends " + (size - pos) + " bytes into a packet header");
                break;
            }
            int dword0 = bytes.getInt(pos);
            long length = PacketKind.isWellFormed(dword0) ? packetBytes(pos, dword0) : -1;
            if (length < 0) {
                long next = resync(pos);
                problems.report(Kind.CORRUPT, pos, String.format("not a packet header: 0x%08x; ", dword0)
                        + (next < 0 ? "no packet follows, stopped" : "skipped " + (next - pos) + " bytes to the next packet"));
                if (next < 0) {
                    break;
                }
                pos = next;
                continue;
            }
            if (length > size - pos) {
                problems.report(Kind.TRUNCATED, pos, String.format(
                        "packet 0x%08x needs %d bytes but the file has %d left", dword0, length, size - pos));
                break;
            }
            PacketKind kind = PacketKind.of(dword0);
            counts[kind.ordinal()]++;
            boolean goOn;
            try {
                goOn = dispatch(kind, dword0, pos, length);
            } catch (GuardedListener.Failure e) {
                throw e;
            } catch (RuntimeException e) {
                // a safety net: every size is checked, so this is a bug in the reader, not in the file
                problems.report(Kind.CORRUPT, pos, "internal error reading " + kind + " packet: " + e + "; stopped");
                goOn = false;
            }
            pos += length;
            if (!goOn) {
                break;
            }
        }
        return summary(Math.min(pos, size));
    }

    /**
     * Bytes in the packet at {@code pos} according to its header (possibly more than the file
     * holds), or -1 when the header cannot be framed.
     */
    private long packetBytes(long pos, int dword0) {
        long length = dword0 & 0xffff;
        int opcode = (dword0 >>> 23) & 0x3f;
        if (opcode == PacketKind.MEMTRACE_OPCODE) {
            long bytes = 4 * (length + 1);
            if (PacketKind.of(dword0) == PacketKind.MEMORY_WRITE && bytes >= MEMORY_WRITE_HEADER
                    && pos + MEMORY_WRITE_HEADER <= size) {
                long expected = MEMORY_WRITE_HEADER + dataBytes(this.bytes.getInt(pos + 16));
                // a write of more than 256 KiB overflows the 16-bit length: trust the size field then
                if (expected != bytes && ((expected / 4 - 1) & 0xffff) == length) {
                    return expected;
                }
            }
            return bytes;
        }
        long bytes = 4 * (length + 2);
        if (PacketKind.of(dword0) == PacketKind.TRACE_HEADER_BLOCK) {
            if (bytes < 20) {
                return -1;
            }
            if (pos + 20 <= size) {
                bytes += dataBytes(this.bytes.getInt(pos + 16));
            }
        }
        return bytes;
    }

    /** A size field rounded up to whole dwords. */
    private static long dataBytes(int sizeField) {
        return ((sizeField & 0xffffffffL) + 3) & ~3L;
    }

    /** The next offset after {@code pos} where a plausible packet starts, followed by another one or the end; -1 if none. */
    private long resync(long pos) {
        for (long q = pos + 4; q <= size - 4; q += 4) {
            long end = plausibleEnd(q);
            if (end >= 0 && (end == size || end <= size - 4 && plausibleEnd(end) >= 0)) {
                return q;
            }
        }
        return -1;
    }

    private long plausibleEnd(long q) {
        int dword0 = bytes.getInt(q);
        if (!PacketKind.isWellFormed(dword0) || PacketKind.of(dword0) == PacketKind.OTHER) {
            return -1;
        }
        long length = packetBytes(q, dword0);
        if (length < 0 || length > size - q) {
            return -1;
        }
        if (PacketKind.of(dword0) == PacketKind.MEMORY_WRITE && (length < MEMORY_WRITE_HEADER
                || length != MEMORY_WRITE_HEADER + dataBytes(bytes.getInt(q + 16)))) {
            return -1;
        }
        return q + length;
    }

    /** Handles one framed packet that lies inside the file; false to stop reading. */
    private boolean dispatch(PacketKind kind, int dword0, long pos, long length) {
        switch (kind) {
            case VERSION -> {
                if (length < 20) {
                    return tooShort(kind, pos, length, 20);
                }
                header(HeaderParser.memtraceVersion(bytes, pos, length));
            }
            case AUB_HEADER -> header(HeaderParser.classic(bytes, pos, length));
            case COMMENT -> {
                String text = HeaderParser.text(bytes, pos + 8, pos + length);
                writer.comment(text);
                listener.comment(pos, text);
            }
            case MEMORY_WRITE -> {
                return memoryWrite(pos, length);
            }
            case MEMORY_WRITE_DISCONTIGUOUS -> {
                return discontiguousWrite(pos, length);
            }
            case REGISTER_WRITE -> registerWrite(pos, length);
            case TRACE_HEADER_BLOCK -> {
                return traceBlock(pos, length, dword0);
            }
            case REGISTER_POLL, MEMORY_POLL, PPGTT_CONTEXT_CREATE, MEMORY_CONTINUOUS_REGION, MEMORY_COMPARE,
                    DUMP_COMPRESS, BINARY_DUMP -> {
                // waits for the simulator, repeats what the context image says, or declares a
                // region of memory without data (aubstream: dw1-2 address, dw3-4 size); aubstream's
                // expected memory contents and its requests to dump a surface or buffer change no
                // memory; nothing to decode
            }
            default -> problems.reportOnce(String.format("kind %08x", dword0 & 0xffff0000), Kind.UNSUPPORTED, pos,
                    String.format("packets of kind 0x%08x (%s) are skipped", dword0 & 0xffff0000, kind));
        }
        return true;
    }

    private boolean tooShort(PacketKind kind, long pos, long length, int needed) {
        problems.report(Kind.CORRUPT, pos, kind + " packet of " + length + " bytes is shorter than its "
                + needed + "-byte header; skipped");
        return true;
    }

    private void header(AubHeader h) {
        if (header == null) {
            header = h;
            ports.useLayoutOf(h.specName());
            contextImage = ContextImage.forGeneration(h.specName());
            ggtt.usePaging(DeviceMemory.paging(h));
            // a PCI ID genscope does not know: say so, with the generations there are; the product
            // the packet names (a newer id of a known product) may still decode it
            if (h.pciId() != 0 && h.device().isEmpty()) {
                String fallback = h.specName() == null ? "" : "; decoding as the product the file names, "
                        + h.deviceName() + " (" + h.specName() + ")";
                String why = Device.unsupported(h.pciId()).orElse("");
                problems.report(Kind.UNSUPPORTED, h.fileOffset(),
                        (fallback.isEmpty() ? why : why.substring(0, why.length() - 1)) + fallback);
            }
        }
        listener.header(h);
    }

    /**
     * <pre>
     * dw1-2 address   dw3 frontDoor[0] repeat[1] tiling[3:2] dataTypeHint[27:20] addressSpace[31:28]
     * dw4   size in bytes, then the data padded to a dword
     * </pre>
     */
    private boolean memoryWrite(long pos, long length) {
        if (length < MEMORY_WRITE_HEADER) {
            return tooShort(PacketKind.MEMORY_WRITE, pos, length, MEMORY_WRITE_HEADER);
        }
        long dataSize = bytes.getInt(pos + 16) & 0xffffffffL;
        if (MEMORY_WRITE_HEADER + dataBytes((int) dataSize) != length) {
            problems.report(Kind.CORRUPT, pos, "memory write of " + dataSize + " bytes in a packet of "
                    + length + " bytes; skipped");
            return true;
        }
        long address = bytes.getLong(pos + 4);
        int space = bytes.getInt(pos + 12) >>> 28;
        listener.memoryWrite(pos, pos + 4, space, address, pos + MEMORY_WRITE_HEADER, dataSize);
        return written(pos, writer.write(pos, space, address, pos + MEMORY_WRITE_HEADER, dataSize));
    }

    /**
     * <pre>
     * dw1        entry count[19:4] (0 = use every entry with a size) dataTypeHint[27:20] addressSpace[31:28]
     * dw2-190    63 x {address64, size32}
     * dw191..    the data of the used entries, one after the other
     * </pre>
     */
    private boolean discontiguousWrite(long pos, long length) {
        if (length < DISCONTIGUOUS_HEADER) {
            return tooShort(PacketKind.MEMORY_WRITE_DISCONTIGUOUS, pos, length, DISCONTIGUOUS_HEADER);
        }
        int flags = bytes.getInt(pos + 4);
        int space = flags >>> 28;
        int entries = (flags >>> 4) & 0xffff;
        if (entries == 0 || entries > 63) {
            entries = 63;
        }
        long data = pos + DISCONTIGUOUS_HEADER;
        long end = pos + length;
        for (int i = 0; i < entries; i++) {
            long entry = pos + 8 + 12L * i;
            long address = bytes.getLong(entry);
            long dataSize = bytes.getInt(entry + 8) & 0xffffffffL;
            if (dataSize == 0) {
                continue;
            }
            if (dataSize > end - data) {
                problems.report(Kind.CORRUPT, pos, "discontiguous write entry " + i + " needs " + dataSize
                        + " bytes but the packet has " + (end - data) + " left; rest skipped");
                return true;
            }
            listener.memoryWrite(pos, entry, space, address, data, dataSize);
            if (!written(pos, writer.write(pos, space, address, data, dataSize))) {
                return false;
            }
            data += dataSize;
        }
        return true;
    }

    /**
     * The legacy (gen7 and older) trace block, read as Mesa's aubinator does.
     *
     * <pre>
     * dw1  operation[7:0] (1 data write, 2 command write)  type[15:8] (command write: the ring,
     *      2 render, 3 video, 4 blitter)  address space[23:16] (0 GTT)
     * dw2  subtype   dw3 address[31:0]   dw4 size in bytes   (dw5 address[63:32] in the 6-dword form)
     * then the data, padded to a dword
     * </pre>
     * A data write to the GTT lands at that GTT address as is (pages without a GGTT entry get an
     * identity one); a command write is the ring itself, handed over in the packet: it becomes a
     * submission whose ring is at GGTT 0 in front of memory ({@link ContextMemory#withGgttOverlay}).
     * GTT entry writes, comments and MMIO writes of this form are skipped, as aubinator skips them.
     */
    private boolean traceBlock(long pos, long length, int dword0) {
        long headerBytes = 4L * ((dword0 & 0xffff) + 2);
        int flags = bytes.getInt(pos + 4);
        int operation = flags & 0xff;
        int space = (flags >>> 16) & 0xff;
        long size = bytes.getInt(pos + 16) & 0xffffffffL;
        long data = pos + headerBytes;
        if (size > length - headerBytes || space != 0 || (operation != 1 && operation != 2)) {
            return true;
        }
        long address = (bytes.getInt(pos + 12) & 0xffffffffL)
                | (headerBytes >= 24 ? (long) bytes.getInt(pos + 20) << 32 : 0);
        address &= PhysicalMemory.ADDRESS_MASK;
        if (operation == 1) {
            for (long page = address >>> 12; page <= (address + Math.max(size, 1) - 1) >>> 12; page++) {
                if (ggtt.entry(page).isEmpty() && !ggtt.setEntry(page, (page << 12) | 1)) {
                    return written(pos, false);
                }
            }
            listener.memoryWrite(pos, pos + 12, 0, address, data, size);
            return written(pos, writer.write(pos, 0, address, data, size));
        }
        Engine engine = switch ((flags >>> 8) & 0xff) {
            case 2 -> Engine.RENDER;
            case 3 -> Engine.VIDEO;
            case 4 -> Engine.BLITTER;
            default -> null;
        };
        if (engine == null || size > LEGACY_RING_MAX) {
            problems.report(Kind.CORRUPT, pos, String.format("command write of %d bytes to ring type %d; skipped",
                    size, (flags >>> 8) & 0xff));
            return true;
        }
        int ringSize = (int) ((size + 4 + 4095) & ~4095L);
        int[] ring = new int[ringSize / 4];
        bytes.getInts(data, ring, 0, (int) (size / 4));
        Submission s = new Submission(submissions++, engine, 0, 0, 0, (int) (size & ~3L), ringSize, 0, pos);
        listener.submission(s, new ContextMemory(physical, ggtt, 0).withGgttOverlay(0, ring));
        return true;
    }

    private boolean written(long pos, boolean ok) {
        if (!ok) {
            problems.report(Kind.UNSUPPORTED, pos, "the memory model is full (too many pages); stopped");
            return false;
        }
        long used = physical.heapBytes() + ggtt.heapBytes();
        if (used > heapBudget) {
            problems.report(Kind.UNSUPPORTED, pos, String.format(
                    "rebuilding memory needs more than the %d MiB heap budget (%d partially written pages); stopped",
                    heapBudget >> 20, physical.heapPageCount()));
            return false;
        }
        return true;
    }

    /**
     * <pre>
     * dw1 MMIO offset   dw2 size[19:16] (2 = dword, 3 = qword) space[31:28] (0 = MMIO)
     * dw3-4 write mask  dw5 value (dw6 high half of a qword)
     * </pre>
     */
    private void registerWrite(long pos, long length) {
        if (length < 24) {
            tooShort(PacketKind.REGISTER_WRITE, pos, length, 24);
            return;
        }
        int offset = bytes.getInt(pos + 4);
        int flags = bytes.getInt(pos + 8);
        if ((flags >>> 28) != 0) {
            return;
        }
        int registerSize = (flags >>> 16) & 0xf;
        listener.registerWrite(pos, offset, bytes.getInt(pos + 20), pos + 20);
        submitAll(ports.write(offset, bytes.getInt(pos + 20)), pos);
        if (registerSize == 3) {
            if (length < 28) {
                problems.report(Kind.CORRUPT, pos, "qword register write without its high dword");
                return;
            }
            listener.registerWrite(pos, offset + 4, bytes.getInt(pos + 24), pos + 24);
            submitAll(ports.write(offset + 4, bytes.getInt(pos + 24)), pos);
        }
    }

    /** {@link #submit}, then the further queue slots the same EXECLIST_CONTROL write submitted. */
    private void submitAll(ExeclistPorts.Submit first, long pos) {
        submit(first, pos);
        for (ExeclistPorts.Submit more = ports.later(); more != null; more = ports.later()) {
            submit(more, pos);
        }
    }

    private void submit(ExeclistPorts.Submit submit, long pos) {
        if (submit == null) {
            return;
        }
        if ((submit.descriptor() & 1) == 0) {
            problems.report(Kind.CORRUPT, pos, String.format(
                    "execlist submission to %s of descriptor 0x%x without its valid bit; ignored",
                    submit.engine().specName(), submit.descriptor()));
            return;
        }
        ContextMemory ggttView = new ContextMemory(physical, ggtt, 0);
        long state = contextImage.registerState(submit.descriptor());
        int[] ctx = contextImage.registerDwords(ggttView, submit.descriptor());
        if (ctx == null) {
            problems.report(Kind.CORRUPT, pos, String.format(
                    "execlist submission to %s: context image at GGTT 0x%x is not mapped; ignored",
                    submit.engine().specName(), state));
            return;
        }
        String why = contextImage.implausible(ctx);
        if (why == null && !written(state)) {
            why = "the capture never wrote the memory its GGTT entry points at";
        }
        if (why != null) {
            long page = ggtt.physicalPage(state);
            long from = writer.lastWholeWrite(page);
            problems.report(Kind.CORRUPT, pos, String.format(
                    "execlist submission to %s: context image at GGTT 0x%x (physical 0x%x%s) is implausible: %s%s; ignored",
                    submit.engine().specName(), state, page & PhysicalMemory.ADDRESS_MASK,
                    (page & PhysicalMemory.LOCAL) != 0 ? " in local memory" : "", why,
                    from < 0 ? "" : String.format(" (that page was last written whole by the data at byte offset %d%s)",
                            from, physical.fileOffset(page) < 0 ? ", and in part since" : "")));
            return;
        }
        RingContext ring = contextImage.decode(ctx);
        Submission s = ring.submission(submissions, submit.engine(), submit.descriptor(), pos);
        if (s.ringHead() != s.ringTail() && !written(s.ringStart() + (s.ringHead() & 0x1ff000))) {
            problems.report(Kind.CORRUPT, pos, String.format(
                    "execlist submission to %s: its ring at GGTT 0x%x has no data in the capture there; ignored",
                    submit.engine().specName(), s.ringStart()));
            return;
        }
        submissions++;
        ContextMemory memory = new ContextMemory(physical, ggtt, s.pml4());
        listener.submission(s, memory);
        copyEngine(s, memory, pos);
    }

    /**
     * Carries out a copy engine submission's block copies ({@link BlitCopies}) once its listener has
     * seen it; the spec of the device the header names is loaded the first time.
     */
    private void copyEngine(Submission s, ContextMemory memory, long pos) {
        if (s.engine() != Engine.BLITTER || blitsOff || header == null || header.specName() == null) {
            return;
        }
        if (blits == null) {
            blits = BlitCopies.of(SpecLoader.builtin(header.specName()));
            if (blits == null) {
                blitsOff = true;
                return;
            }
        }
        if (blits.run(s, memory) < 0 || physical.heapBytes() + ggtt.heapBytes() > heapBudget) {
            blitsOff = true;
            problems.report(Kind.UNSUPPORTED, pos, "the copy engine's copies need more memory or work than the model"
                    + " may use; later ones are not carried out");
        }
    }

    /** Whether the physical page behind a GGTT address was written (a GGTT entry alone reads as zeros). */
    private boolean written(long ggttAddress) {
        long page = ggtt.physicalPage(ggttAddress);
        return page != Ggtt.UNMAPPED && physical.isWritten(page);
    }

    private AubSummary summary(long bytesRead) {
        Map<PacketKind, Long> packets = new EnumMap<>(PacketKind.class);
        for (PacketKind k : PacketKind.values()) {
            if (counts[k.ordinal()] > 0) {
                packets.put(k, counts[k.ordinal()]);
            }
        }
        if (writer.ggttNumberedWrites() > 0) {
            listener.note(0, String.format(NeoGen12LpLocalNumberings.NOTE, writer.ggttNumberedWrites()));
        }
        List<Problem> list = problems.finish();
        AubHeader h = header;
        return new AubSummary(h == null ? 0 : h.pciId(), h == null ? "" : h.applicationName(),
                h == null ? Dialect.UNKNOWN : h.dialect(), size, bytesRead, packets, submissions, list,
                physical.pageCount(), physical.heapPageCount());
    }
}
