package io.genscope.migration.stream;

import io.genscope.migration.compress.PageDelta;
import io.genscope.migration.state.DeviceImage;
import io.genscope.migration.warmup.RestoreWarmUp;
import io.genscope.migration.state.DeviceRegion;
import io.genscope.migration.state.DeviceState;
import io.genscope.migration.state.InvalidDeviceStateException;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.Vgpu;
import io.genscope.parser.capture.Problem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The destination side: stages a whole migration stream and commits it only when the END record
 * and every check passed. Pages go into a staging copy of guest memory (the destination's own
 * copy), device-state chunks into per-region buffers. Until the commit nothing is visible; a
 * stream refused for any reason, or one that just stops, releases everything staged, so the
 * destination keeps nothing of it.
 *
 * <p>Allocation is bounded by what the stream actually carries and by limits fixed before it
 * starts: guest memory grows with the distinct pages received, whatever addresses they name
 * ({@link StagingMemory}: at most 4 KiB per page, 8 KiB per data page, and one slab), each device region at most its
 * {@link DeviceRegion#maxBytes()}, the GGTT region at most 8 bytes per graphics page of the
 * windows SETUP announced. SETUP reserves the fixed part ({@link ResourceBudget.Cost}) in the
 * {@link ResourceBudget} and is refused when it does not fit; guest memory is charged to the
 * same budget as it grows, and a page it cannot take refuses the stream. An
 * {@link OutOfMemoryError} refuses the stream like any other fault.
 */
public final class Receiver implements StreamReader.Handler {
    /**
     * Receiving limits.
     *
     * @param maxMemoryBytes the largest guest memory a SETUP may claim
     * @param budget what this receiver may reserve at SETUP, shared by the sessions of a server;
     *        null: this process's limits ({@link ResourceBudget#forThisProcess()}), for this receiver alone
     */
    public record Options(long maxMemoryBytes, ResourceBudget budget) {
        public static final long DEFAULT_MAX_MEMORY = 64L << 30;
        public static final Options DEFAULT = new Options(DEFAULT_MAX_MEMORY);

        public Options(long maxMemoryBytes) {
            this(maxMemoryBytes, null);
        }

        public Options withBudget(ResourceBudget b) {
            return new Options(maxMemoryBytes, b);
        }
    }

    /** Counters of one received stream. */
    public record Stats(long records, long bytes, long pages, long zeroPages, int rounds, long commitNanos,
            long peakAllocatedBytes) {
    }

    /** How a receive ended. */
    public sealed interface Outcome permits Committed, Rejected {
        Stats stats();
    }

    /** Everything arrived and checked: the restored vGPU, now the destination's. */
    public record Committed(Vgpu vgpu, SetupInfo setup, Stats stats) implements Outcome {
    }

    /** The stream was refused; nothing was kept. */
    public record Rejected(StreamRejection rejection, Stats stats) implements Outcome {
    }

    private final Options options;
    private final Map<DeviceRegion, byte[]> regions = new EnumMap<>(DeviceRegion.class);
    private final Map<DeviceRegion, Integer> regionLengths = new EnumMap<>(DeviceRegion.class);
    private final CRC32C crc = new CRC32C();
    private StagingMemory staging;
    /** The staging whose charges {@link #release()} refunds (kept after a commit). */
    private StagingMemory charges;
    private SetupInfo setup;
    private DeviceState device;
    private long pages;
    private long zeroPages;
    private long roundPages;
    private long roundZeroPages;
    private int rounds;
    private long peakAllocated;
    private ByteBuffer deltaOut;
    private ByteBuffer deltaBase;
    private ResourceBudget budget;
    private ResourceBudget.Cost reserved;

    public Receiver(Options options) {
        this.options = options;
    }

    /**
     * Returns what SETUP reserved to the budget. A refused stream releases it by itself; after a
     * commit the owner of the restored vGPU calls this once it has closed it. Idempotent.
     */
    public void release() {
        if (reserved != null) {
            budget.release(reserved);
            reserved = null;
        }
        if (charges != null) {
            budget.refund(charges.chargedOffHeap(), charges.chargedHeap());
            charges = null;
        }
    }

    /** Reads {@code in} to its end and commits or refuses it. Never throws. */
    public Outcome receive(ReadableByteChannel in) {
        return receive(in, null);
    }

    /**
     * Like {@link #receive(ReadableByteChannel)}, and {@code observer} (may be null) sees every
     * record this receiver accepted, right after it (what {@code genscope replay} lists). An
     * observer's refusal refuses the stream.
     */
    public Outcome receive(ReadableByteChannel in, StreamReader.Handler observer) {
        StreamReader.Result r = new StreamReader(in, observer == null ? this : new Tee(this, observer)).read();
        long t0 = System.nanoTime();
        if (!r.ok() || device == null) {
            discard();
            StreamRejection rej = r.rejection() != null ? r.rejection()
                    : new StreamRejection(r.records(), null, -1, 0, r.bytes(), Problem.Kind.TRUNCATED,
                            "no device state");
            return new Rejected(rej, stats(r, 0));
        }
        Vgpu vgpu = new Vgpu(staging.store(), device);
        staging = null;
        return new Committed(vgpu, setup, stats(r, System.nanoTime() - t0));
    }

    /** Most bytes held at once for staging (guest memory: slabs and log; region buffers). */
    public long peakAllocatedBytes() {
        return peakAllocated;
    }

    /** Bytes held for staging now (0 after a refused stream). */
    public long allocatedBytes() {
        long n = staging == null ? 0 : staging.allocatedBytes();
        for (byte[] b : regions.values()) {
            n += b.length;
        }
        return n;
    }

    private Stats stats(StreamReader.Result r, long commitNanos) {
        return new Stats(r.records(), r.bytes(), pages, zeroPages, rounds, commitNanos, peakAllocated);
    }

    private void discard() {
        if (staging != null) {
            staging.close();
            staging = null;
        }
        release();
        regions.clear();
        regionLengths.clear();
        device = null;
    }

    private void noteAllocation() {
        peakAllocated = Math.max(peakAllocated, allocatedBytes());
    }

    @Override
    public String setup(SetupInfo s) {
        if (s.memoryBytes() <= 0 || s.memoryBytes() > options.maxMemoryBytes()) {
            return "guest memory of " + s.memoryBytes() + " bytes is outside 1.." + options.maxMemoryBytes()
                    + " (this receiver's limit)";
        }
        if ((s.memoryBytes() & (PageStore.PAGE_SIZE - 1)) != 0 || s.memoryBytes() > PageStore.MAX_BYTES) {
            return "guest memory of " + s.memoryBytes() + " bytes is not a whole number of pages up to "
                    + PageStore.MAX_BYTES;
        }
        ResourceBudget.Cost cost;
        try {
            cost = ResourceBudget.Cost.of(s);
        } catch (ArithmeticException e) {
            return "the sizes in SETUP overflow: " + e.getMessage();
        }
        ResourceBudget b = options.budget() != null ? options.budget() : ResourceBudget.forThisProcess();
        String refused = b.reserve(cost);
        if (refused != null) {
            return "refused at SETUP: " + refused;
        }
        budget = b;
        reserved = cost;
        setup = s;
        staging = new StagingMemory(s.memoryBytes(), b);
        charges = staging;
        RestoreWarmUp.deviceState(s.windows(), staging.pageCount());
        return null;
    }

    @Override
    public String roundBegin(long round, Phase phase) {
        roundPages = 0;
        roundZeroPages = 0;
        rounds++;
        return null;
    }

    @Override
    public String roundEnd(long round, long sentPages, long sentZeroPages) {
        if (sentPages != roundPages || sentZeroPages != roundZeroPages) {
            return "round " + round + " announces " + sentPages + " pages (" + sentZeroPages + " zero), received "
                    + roundPages + " (" + roundZeroPages + " zero)";
        }
        return null;
    }

    @Override
    public String page(long page, ByteBuffer buffer, int offset) {
        if (page < 0 || page >= staging.pageCount()) {
            return String.format("page 0x%x beyond guest memory (%d pages)", page, staging.pageCount());
        }
        String refused = stage((int) page, buffer, offset);
        if (refused != null) {
            return refused;
        }
        pages++;
        roundPages++;
        return null;
    }

    /** Writes a page into the staging; null, or why the budget cannot take it. */
    private String stage(int page, ByteBuffer buffer, int offset) {
        long before = staging.allocatedBytes();
        String refused = staging.write(page, buffer, offset);
        if (refused != null) {
            return String.format("page 0x%x: %s", page, refused);
        }
        if (staging.allocatedBytes() != before) {
            noteAllocation();
        }
        return null;
    }

    @Override
    public String zeroPage(long page) {
        if (page < 0 || page >= staging.pageCount()) {
            return String.format("page 0x%x beyond guest memory (%d pages)", page, staging.pageCount());
        }
        staging.zero((int) page);
        pages++;
        zeroPages++;
        roundPages++;
        roundZeroPages++;
        return null;
    }

    /** Applies a PAGE_DELTA to the staged copy of the page, which this stream must have sent before. */
    @Override
    public String deltaPage(long page, ByteBuffer buffer, int offset, int length) {
        if (page < 0 || page >= staging.pageCount()) {
            return String.format("page 0x%x beyond guest memory (%d pages)", page, staging.pageCount());
        }
        int p = (int) page;
        if (!staging.received(p)) {
            return String.format("delta for page 0x%x, which this stream has not sent before", page);
        }
        if (deltaOut == null) {
            deltaOut = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            deltaBase = ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        }
        staging.read(p, deltaBase, 0);
        String bad = PageDelta.decode(deltaBase, 0, buffer, offset, length, deltaOut, 0);
        if (bad != null) {
            return bad;
        }
        String refused = stage(p, deltaOut, 0);
        if (refused != null) {
            return refused;
        }
        pages++;
        roundPages++;
        return null;
    }

    @Override
    public String device(long regionId, long regionOffset, ByteBuffer buffer, int offset, int length) {
        DeviceRegion r = DeviceRegion.byId(regionId);
        if (r == null) {
            return "unknown device region " + regionId;
        }
        int have = regionLengths.getOrDefault(r, 0);
        if (regionOffset != have) {
            return "chunk of " + r + " at offset " + regionOffset + ", expected " + have;
        }
        long limit = r == DeviceRegion.GGTT ? 8L * setup.windows().pages() : r.maxBytes();
        if (have + (long) length > limit) {
            return r + " would grow to " + (have + (long) length) + " bytes, at most " + limit;
        }
        byte[] b = regions.get(r);
        if (b == null || b.length < have + length) {
            int capacity = (int) Math.min(limit, Math.max(have + (long) length, b == null ? 0 : 2L * b.length));
            b = b == null ? new byte[capacity] : Arrays.copyOf(b, capacity);
            regions.put(r, b);
            noteAllocation();
        }
        buffer.get(offset, b, have, length);
        regionLengths.put(r, have + length);
        return null;
    }

    @Override
    public String end(EndInfo end) {
        if (end.pages() != pages) {
            return "END counts " + end.pages() + " page records, received " + pages;
        }
        Map<DeviceRegion, byte[]> whole = new EnumMap<>(DeviceRegion.class);
        for (EndInfo.RegionSum s : end.regions()) {
            if (whole.containsKey(s.region())) {
                return "END lists " + s.region() + " twice";
            }
            int have = regionLengths.getOrDefault(s.region(), 0);
            if (have != s.length()) {
                return s.region() + ": received " + have + " bytes, END says " + s.length();
            }
            byte[] b = regions.get(s.region());
            byte[] exact = b == null ? new byte[0] : b.length == have ? b : Arrays.copyOf(b, have);
            crc.reset();
            crc.update(exact);
            if ((int) crc.getValue() != s.crc32c()) {
                return String.format("%s: CRC-32C of the region is 0x%08x, END says 0x%08x", s.region(), (int) crc.getValue(),
                        s.crc32c());
            }
            whole.put(s.region(), exact);
        }
        for (DeviceRegion r : regionLengths.keySet()) {
            if (!whole.containsKey(r)) {
                return "region " + r + " was received but END does not list it";
            }
        }
        try {
            DeviceState d = DeviceImage.decode(whole, staging.pageCount());
            if (!d.windows().equals(setup.windows())) {
                return "HEAD windows " + d.windows() + " differ from SETUP's " + setup.windows();
            }
            String refused = staging.place();
            noteAllocation();
            staging.dropLog();
            if (refused != null) {
                return refused;
            }
            device = d;
        } catch (InvalidDeviceStateException e) {
            return "device state: " + e.getMessage();
        }
        return null;
    }

    /** Passes each record to the receiver, then, when it accepted it, to an observer. */
    private record Tee(StreamReader.Handler first, StreamReader.Handler then) implements StreamReader.Handler {
        private static String both(String a, java.util.function.Supplier<String> b) {
            return a != null ? a : b.get();
        }

        @Override
        public String setup(SetupInfo s) {
            return both(first.setup(s), () -> then.setup(s));
        }

        @Override
        public String roundBegin(long round, Phase phase) {
            return both(first.roundBegin(round, phase), () -> then.roundBegin(round, phase));
        }

        @Override
        public String roundEnd(long round, long pages, long zeroPages) {
            return both(first.roundEnd(round, pages, zeroPages), () -> then.roundEnd(round, pages, zeroPages));
        }

        @Override
        public String page(long page, ByteBuffer buffer, int offset) {
            return both(first.page(page, buffer, offset), () -> then.page(page, buffer, offset));
        }

        @Override
        public String zeroPage(long page) {
            return both(first.zeroPage(page), () -> then.zeroPage(page));
        }

        /** The observer sees a delta as the whole page it produced at the receiver. */
        @Override
        public String deltaPage(long page, ByteBuffer buffer, int offset, int length) {
            String refused = first.deltaPage(page, buffer, offset, length);
            if (refused != null) {
                return refused;
            }
            return first instanceof Receiver r ? then.page(page, r.deltaOut, 0) : then.deltaPage(page, buffer, offset, length);
        }

        @Override
        public String device(long regionId, long regionOffset, ByteBuffer buffer, int offset, int length) {
            return both(first.device(regionId, regionOffset, buffer, offset, length),
                    () -> then.device(regionId, regionOffset, buffer, offset, length));
        }

        @Override
        public String end(EndInfo end) {
            return both(first.end(end), () -> then.end(end));
        }
    }
}
