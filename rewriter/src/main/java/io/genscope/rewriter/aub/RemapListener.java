package io.genscope.rewriter.aub;

import io.genscope.parser.aub.AubHeader;
import io.genscope.parser.aub.AubListener;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.rewriter.CommandRewriter;
import io.genscope.rewriter.Finding;
import io.genscope.rewriter.Relocation;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.Source;
import io.genscope.rewriter.WindowMap;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.EngineBases;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pass over a capture, turning everything that holds a guest GGTT address into patches of the
 * file:
 *
 * <pre>
 * memory write, space 0 (GGTT)      the packet's address field moves to the host window
 * memory write, space 4 (entries)   the packet's address field moves to the host GGTT index
 * register write                    address-holding registers (spec) and execlist descriptors
 * submission                        context image, ring, batches ({@link SubmissionRewrite})
 * </pre>
 *
 * Physical writes are only followed (which file bytes hold which memory); their addresses stay.
 */
final class RemapListener implements AubListener, DwordPatcher {
    private static final long MASK48 = (1L << 48) - 1;
    /**
     * gen8-10 execlist submit port: engine base + 0x230, four writes (high, low, high, low); the
     * engine bases are the spec's ({@link Spec#engineBases()}).
     */
    private static final int ELSP = 0x230;

    private final WindowMap map;
    private final MappedBytes bytes;
    private final RemapReport report;
    private final WriteOrigins origins = new WriteOrigins();
    private final Patches patches = new Patches();
    private final Map<Integer, Integer> elspWrites = new HashMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private Spec spec;
    private EngineBases bases;
    private CommandRewriter rewriter;
    private boolean warnedNoSpec;

    RemapListener(WindowMap map, MappedBytes bytes, Spec forced, RemapReport report) {
        this.map = map;
        this.bytes = bytes;
        this.report = report;
        if (forced != null) {
            use(forced);
        }
    }

    Patches patches() {
        return patches;
    }

    Spec spec() {
        return spec;
    }

    /** The engine blocks register writes are attributed to (the spec's), or null before a spec. */
    EngineBases engineBases() {
        return bases;
    }

    List<Problem> problems() {
        return problems;
    }

    /** Fails loudly (IllegalStateException) when the spec lacks its engine bases. */
    private void use(Spec s) {
        bases = s.engineBases();
        spec = s;
        rewriter = new CommandRewriter(s, map);
    }

    @Override
    public void header(AubHeader h) {
        if (spec == null) {
            h.device().ifPresent(d -> use(SpecLoader.builtin(d.spec())));
        }
    }

    @Override
    public void problem(Problem p) {
        problems.add(p);
    }

    @Override
    public void memoryWrite(long packetOffset, long addressOffset, int space, long address, long dataOffset,
            long size) {
        switch (space) {
            case 0 -> {
                origins.ggtt(address, dataOffset, size);
                moveWrite(addressOffset, address, size);
            }
            case 1, 2, 6, 8, 9, 10 -> origins.physical(address, dataOffset, size);
            case 4 -> {
                long[] ptes = new long[(int) Math.min(size >>> 3, (bytes.size() - dataOffset) >>> 3)];
                for (int i = 0; i < ptes.length; i++) {
                    ptes[i] = bytes.getLong(dataOffset + 8L * i);
                }
                origins.entries(address, ptes);
                moveEntries(addressOffset, address, ptes.length);
            }
            default -> {
                // the reader skips other spaces, and so does the rewrite
            }
        }
    }

    /** A write through the GGTT: its whole range must move as one piece. */
    private void moveWrite(long addressOffset, long address, long size) {
        long a = address & MASK48;
        String what = size + " bytes";
        if (size == 0) {
            return;
        }
        if (!map.containsRange(a, size)) {
            report.add(new Finding(Finding.Kind.OUTSIDE_WINDOWS, Source.GGTT_WRITE, a, null, "memory write", what,
                    addressOffset, a, "GGTT write to [0x" + Long.toHexString(a) + ", 0x" + Long.toHexString(a + size)
                            + ") is not inside one window"));
            return;
        }
        long moved = (address & ~MASK48) | map.g2h(a);
        put8(addressOffset, moved, Source.GGTT_WRITE, a);
        report.add(new Relocation(Source.GGTT_WRITE, a, null, "memory write", what, addressOffset, a, map.g2h(a)));
    }

    /** GGTT entries: the entry for guest page i moves to host page g2h(i). */
    private void moveEntries(long addressOffset, long address, int count) {
        long a = address & MASK48;
        long index = a >>> 3;
        String what = count + (count == 1 ? " entry" : " entries");
        if (count == 0) {
            return;
        }
        if (index > (MASK48 >>> 12) || !map.containsRange(index << 12, (long) count << 12)) {
            report.add(new Finding(Finding.Kind.OUTSIDE_WINDOWS, Source.GGTT_ENTRIES, index << 12, null, "GGTT entries",
                    what, addressOffset, index << 12, String.format("GGTT entries for [0x%x, 0x%x) are not inside one"
                            + " window", index << 12, (index + count) << 12)));
            return;
        }
        long host = map.indexG2h(index);
        put8(addressOffset, (address & ~MASK48) | (host << 3) | (a & 7), Source.GGTT_ENTRIES, index << 12);
        report.add(new Relocation(Source.GGTT_ENTRIES, index << 12, null, "GGTT entries", what, addressOffset,
                index << 12, host << 12));
    }

    private void put8(long offset, long value, Source source, long address) {
        if (!patches.putLong(offset, value)) {
            report.add(new Finding(Finding.Kind.CONFLICT, source, address, null, "", "", offset, value,
                    "two rewrites want different values at this file offset"));
        }
    }

    @Override
    public void registerWrite(long packetOffset, int offset, int value, long valueOffset) {
        if (rewriter == null) {
            return;
        }
        int port = offset & 0xfff;
        int base = offset & ~0xfff;
        Engine engine = bases.engineAt(base);
        int now;
        if (port == ELSP && engine != null) {
            int n = elspWrites.merge(base, 1, Integer::sum) - 1;
            if (n % 4 != 1 && n % 4 != 3) {
                return; // a descriptor's high dword: the context ID
            }
            now = rewriter.rewriteDescriptorLow(value, report.sink(Source.SUBMISSION, engine, i -> offset,
                    i -> valueOffset));
        } else {
            now = rewriter.rewriteRegister(offset, value, report.sink(Source.REGISTER, engine, i -> offset,
                    i -> valueOffset));
        }
        if (now != value && !patches.put(valueOffset, now)) {
            report.add(new Finding(Finding.Kind.CONFLICT, Source.REGISTER, offset, engine, "MMIO write", "",
                    valueOffset, value, "two rewrites want different values at this file offset"));
        }
    }

    @Override
    public void submission(Submission s, ContextMemory memory) {
        if (rewriter == null) {
            if (!warnedNoSpec) {
                warnedNoSpec = true;
                problems.add(new Problem(Problem.Kind.UNSUPPORTED, s.fileOffset(),
                        "the capture does not name a device genscope knows; give one with --gen"));
            }
            return;
        }
        new SubmissionRewrite(rewriter, s, memory, report, this).run();
    }

    @Override
    public long origin(ContextMemory memory, long address) {
        long page = memory.translate(AddressSpace.GGTT, address);
        if (page < 0) {
            return -1;
        }
        long o = origins.dword(page | (address & 0xffc));
        return o < 0 ? -1 : o;
    }

    @Override
    public void patch(ContextMemory memory, long address, int oldValue, int newValue, String what) {
        long offset = origin(memory, address);
        if (offset < 0 || offset > bytes.size() - 4 || bytes.getInt(offset) != oldValue) {
            report.add(new Finding(Finding.Kind.NOT_IN_FILE, Source.COMMAND, address, null, what, "", offset, oldValue,
                    String.format("the dword at GGTT 0x%x is not held by one place in the file; not rewritten",
                            address)));
            return;
        }
        if (!patches.put(offset, newValue)) {
            report.add(new Finding(Finding.Kind.CONFLICT, Source.COMMAND, address, null, what, "", offset, oldValue,
                    String.format("the dword at GGTT 0x%x is rewritten differently by two submissions", address)));
        }
    }
}
