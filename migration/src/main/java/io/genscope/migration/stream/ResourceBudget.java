package io.genscope.migration.stream;

import io.genscope.migration.state.DeviceRegion;
import io.genscope.migration.state.PageStore;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What the receiving sessions of one process may hold at once. A SETUP reserves what its session
 * takes whatever the stream carries ({@link Cost}) and is refused when that does not fit beside the
 * sessions already admitted; guest memory is charged as pages arrive ({@link #charge}), and a page
 * that does not fit refuses its stream. Everything is returned when the session ends.
 */
public final class ResourceBudget {
    /**
     * What a session reserves at SETUP: what it takes whatever its stream carries. Guest memory
     * is not in it: the staging charges it page by page as it arrives ({@link #charge}).
     *
     * @param offHeapBytes the reader's buffers
     * @param heapBytes device-state regions, their copies while decoding, the page bitmaps
     */
    public record Cost(long offHeapBytes, long heapBytes) {
        /** The cost of the guest {@code setup} describes; throws ArithmeticException on overflow. */
        public static Cost of(SetupInfo setup) {
            long ggtt = Math.multiplyExact(8L, setup.windows().pages());
            // GGTT: staging buffer (growing by doubling), its exact copy, the decoded long[]; VREG: the
            // same three; the staging's page bitmaps and per-slab arrays; the small regions
            long heap = Math.addExact(Math.addExact(Math.multiplyExact(4L, ggtt),
                    Math.multiplyExact(3L, DeviceRegion.VREG.maxBytes())),
                    Math.addExact(StagingMemory.fixedHeapBytes(setup.memoryBytes()), 1L << 20));
            return new Cost(READER_BYTES, heap);
        }
    }

    /** The stream reader's buffer and a page decoder, off-heap, per session. */
    static final long READER_BYTES = (2L << 20) + 2 * PageStore.PAGE_SIZE;

    private final long offHeapLimit;
    private final long heapLimit;
    private long offHeap;
    private long heap;
    private int sessions;

    /** A budget of {@code offHeapBytes} off-heap and {@code heapBytes} of heap. */
    public ResourceBudget(long offHeapBytes, long heapBytes) {
        if (offHeapBytes <= 0 || heapBytes <= 0) {
            throw new IllegalArgumentException("a receive budget must be positive");
        }
        this.offHeapLimit = offHeapBytes;
        this.heapLimit = heapBytes;
    }

    /**
     * The budget of this JVM: off-heap its direct-memory limit ({@link #directMemoryLimit()}),
     * heap three quarters of {@code Runtime.maxMemory()} (the rest stays for everything else).
     */
    public static ResourceBudget forThisProcess() {
        return new ResourceBudget(directMemoryLimit(), Runtime.getRuntime().maxMemory() / 4 * 3);
    }

    /**
     * The JVM's direct-memory limit: {@code -XX:MaxDirectMemorySize} when given on the command line,
     * otherwise the JDK's default, which equals {@code Runtime.maxMemory()}.
     */
    public static long directMemoryLimit() {
        long limit = -1;
        try {
            for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (a.startsWith("-XX:MaxDirectMemorySize=")) {
                    limit = parseSize(a.substring(a.indexOf('=') + 1));
                }
            }
        } catch (RuntimeException | LinkageError e) {
            // no management bean: fall back on the default
        }
        return limit > 0 ? limit : Runtime.getRuntime().maxMemory();
    }

    /** A JVM size ({@code 512m}, {@code 4G}, {@code 1048576}); -1 when unreadable. */
    static long parseSize(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return -1;
        }
        int shift = switch (t.charAt(t.length() - 1)) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            case 't' -> 40;
            default -> 0;
        };
        try {
            long v = Long.parseLong(shift == 0 ? t : t.substring(0, t.length() - 1));
            return v < 0 || v > (Long.MAX_VALUE >> shift) ? -1 : v << shift;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Reserves {@code c} for a new session; returns null, or why it does not fit (nothing is then reserved). */
    public synchronized String reserve(Cost c) {
        String refused = fits(c.offHeapBytes(), c.heapBytes(), "the guest needs up to ", " to receive");
        if (refused == null) {
            offHeap += c.offHeapBytes();
            heap += c.heapBytes();
            sessions++;
        }
        return refused;
    }

    public synchronized void release(Cost c) {
        offHeap -= c.offHeapBytes();
        heap -= c.heapBytes();
        sessions--;
    }

    /**
     * Charges memory a running session allocates as its stream arrives (staging that grows with
     * the pages received); returns null, or why it does not fit (nothing is then charged).
     */
    public synchronized String charge(long offHeapBytes, long heapBytes) {
        String refused = fits(offHeapBytes, heapBytes, "staging the pages received needs ", " more");
        if (refused == null) {
            offHeap += offHeapBytes;
            heap += heapBytes;
        }
        return refused;
    }

    /** Returns what {@link #charge} took. */
    public synchronized void refund(long offHeapBytes, long heapBytes) {
        offHeap -= offHeapBytes;
        heap -= heapBytes;
    }

    private String fits(long offHeapBytes, long heapBytes, String needs, String what) {
        if (offHeapBytes > offHeapLimit - offHeap) {
            return String.format(Locale.ROOT, "%s%s off-heap%s, this receiver has %s left of %s (%d sessions running)",
                    needs, mib(offHeapBytes), what, mib(offHeapLimit - offHeap), mib(offHeapLimit), sessions);
        }
        if (heapBytes > heapLimit - heap) {
            return String.format(Locale.ROOT, "%s%s of heap%s, this receiver has %s left of %s (%d sessions running)",
                    needs, mib(heapBytes), what, mib(heapLimit - heap), mib(heapLimit), sessions);
        }
        return null;
    }

    public synchronized long reservedOffHeapBytes() {
        return offHeap;
    }

    public synchronized long reservedHeapBytes() {
        return heap;
    }

    public long offHeapLimit() {
        return offHeapLimit;
    }

    public long heapLimit() {
        return heapLimit;
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    @Override
    public String toString() {
        return "off-heap " + mib(offHeapLimit) + ", heap " + mib(heapLimit);
    }
}
