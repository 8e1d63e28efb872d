package io.genscope.migration.workload;

import io.genscope.migration.state.PageStore;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters of the synthetic workload, written
 * {@code synthetic:memory=1G,graphics=512M,gpu-hot=64M,gpu-rate=20000,cpu-rate=5000,seed=1}.
 * Sizes take K, M, G (powers of 1024) and must be whole pages; rates are page writes per second.
 * The defaults resemble a 3D benchmark in a 1 GiB Linux guest with a 512 MiB vGPU (GVT-g's
 * 128 MiB aperture + 384 MiB hidden type): render and depth targets rewritten every frame make a
 * hot set, textures and static buffers are written rarely.
 *
 * @param memoryBytes {@code memory}: guest RAM (default 1G)
 * @param graphicsBytes {@code graphics}: graphics memory the vGPU's GGTT maps, backed by guest
 *     pages; a quarter (at most 256 MiB) is aperture, the rest hidden (default 512M)
 * @param gpuHotBytes {@code gpu-hot}: the graphics memory most GPU writes land in (default 64M)
 * @param gpuHotShare {@code gpu-hot-share}: fraction of GPU writes that land in the hot set; the
 *     rest land anywhere in graphics memory (default 0.9)
 * @param gpuRate {@code gpu-rate}: GPU page writes per second; they bypass the dirty log (default 20000)
 * @param cpuRate {@code cpu-rate}: CPU page writes per second, logged (default 5000)
 * @param cpuHotBytes {@code cpu-hot}: the system memory most CPU writes land in (default 64M)
 * @param cpuHotShare {@code cpu-hot-share}: fraction of CPU writes into the CPU hot set (default 0.9)
 * @param cpuGraphicsShare {@code cpu-graphics-share}: fraction of CPU writes into graphics memory
 *     (uploads through the aperture; logged like any CPU write) (default 0.05)
 * @param fill {@code fill}: fraction of system memory (not graphics) holding data at the start, in
 *     4 MiB extents; the rest was never written (default 0.6)
 * @param zeroShare {@code zero-share}: fraction of the written pages that are all zero (default 0.1)
 * @param seed {@code seed}: everything random derives from it (default 1)
 * @param compressibility {@code compressibility}: the LZ4 ratio the non-zero page contents and the
 *     writes have, about (1 = random bytes, incompressible; 3 is typical of GPU memory) (default 1)
 */
public record SyntheticSpec(long memoryBytes, long graphicsBytes, long gpuHotBytes, double gpuHotShare, double gpuRate,
        double cpuRate, long cpuHotBytes, double cpuHotShare, double cpuGraphicsShare, double fill, double zeroShare,
        long seed, double compressibility) {

    public static final SyntheticSpec DEFAULT = new SyntheticSpec(1L << 30, 512L << 20, 64L << 20, 0.9, 20000, 5000,
            64L << 20, 0.9, 0.05, 0.6, 0.1, 1, 1);

    /** A spec with random (incompressible) contents. */
    public SyntheticSpec(long memoryBytes, long graphicsBytes, long gpuHotBytes, double gpuHotShare, double gpuRate,
            double cpuRate, long cpuHotBytes, double cpuHotShare, double cpuGraphicsShare, double fill, double zeroShare,
            long seed) {
        this(memoryBytes, graphicsBytes, gpuHotBytes, gpuHotShare, gpuRate, cpuRate, cpuHotBytes, cpuHotShare,
                cpuGraphicsShare, fill, zeroShare, seed, 1);
    }

    /** Graphics pages kept for rings, contexts, batches and page tables (never hit by random writes). */
    public static final int RESERVED_GRAPHICS_PAGES = 64;

    public SyntheticSpec {
        long page = PageStore.PAGE_SIZE;
        check(memoryBytes >= 4L << 20 && memoryBytes % (2L << 20) == 0,
                "memory (" + human(memoryBytes) + ") must be a multiple of 2M, at least 4M");
        check(memoryBytes <= PageStore.MAX_BYTES, "memory (" + human(memoryBytes) + ") is larger than " + human(PageStore.MAX_BYTES));
        check(graphicsBytes % (2L << 20) == 0 && graphicsBytes >= 2L << 20,
                "graphics (" + human(graphicsBytes) + ") must be a multiple of 2M, at least 2M");
        check(graphicsBytes <= memoryBytes / 2,
                "graphics (" + human(graphicsBytes) + ") may be at most half of memory (" + human(memoryBytes) + ")");
        check(graphicsBytes <= 3L << 30, "graphics (" + human(graphicsBytes) + ") may be at most 3G (the GGTT is 4 GiB)");
        check(gpuHotBytes % page == 0 && gpuHotBytes >= 0
                && gpuHotBytes <= graphicsBytes - RESERVED_GRAPHICS_PAGES * page, "gpu-hot (" + human(gpuHotBytes)
                        + ") must be whole pages inside graphics (" + human(graphicsBytes) + ") less 256K kept for rings");
        check(cpuHotBytes % page == 0 && cpuHotBytes >= 0, "cpu-hot (" + human(cpuHotBytes) + ") must be whole pages");
        check(share(gpuHotShare) && share(cpuHotShare) && share(cpuGraphicsShare) && share(fill) && share(zeroShare),
                "shares and fill must be between 0 and 1");
        check(compressibility >= 1 && compressibility <= 20, "compressibility must be 1..20");
        check(gpuRate >= 0 && cpuRate >= 0 && gpuRate <= 1e7 && cpuRate <= 1e7, "rates must be 0..10000000 pages/s");
    }

    /**
     * Refuses a guest whose memory this machine cannot hold (its slabs are allocated as the
     * workload writes them), before anything is allocated.
     */
    public void checkFitsMachine() {
        long physical = physicalMemory();
        if (physical > 0 && memoryBytes > physical) {
            throw new IllegalArgumentException("synthetic workload: memory (" + human(memoryBytes)
                    + ") is larger than this machine's " + human(physical & -(1L << 20)) + " of memory");
        }
    }

    private static long physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 0;
    }

    private static boolean share(double v) {
        return v >= 0 && v <= 1;
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("synthetic workload: " + message);
        }
    }

    /** Parses {@code synthetic[:key=value,...]}. */
    public static SyntheticSpec parse(String text) {
        Map<String, String> kv = SpecParameters.parse(text, "synthetic");
        SyntheticSpec d = DEFAULT;
        // sizes not given follow the ones given: graphics at most half of memory, hot sets at most
        // an eighth of their memory (whole 2 MiB and whole pages)
        long memory = size(kv.remove("memory"), d.memoryBytes);
        long graphics = size(kv.remove("graphics"), Math.min(d.graphicsBytes, memory / 2 & -(2L << 20)));
        long gpuHot = size(kv.remove("gpu-hot"), Math.min(d.gpuHotBytes, graphics / 8 & -(long) PageStore.PAGE_SIZE));
        long cpuHot = size(kv.remove("cpu-hot"), Math.min(d.cpuHotBytes, memory / 8 & -(long) PageStore.PAGE_SIZE));
        SyntheticSpec s = new SyntheticSpec(memory, graphics, gpuHot, num(kv.remove("gpu-hot-share"), d.gpuHotShare),
                num(kv.remove("gpu-rate"), d.gpuRate), num(kv.remove("cpu-rate"), d.cpuRate),
                cpuHot, num(kv.remove("cpu-hot-share"), d.cpuHotShare),
                num(kv.remove("cpu-graphics-share"), d.cpuGraphicsShare), num(kv.remove("fill"), d.fill),
                num(kv.remove("zero-share"), d.zeroShare), (long) num(kv.remove("seed"), d.seed),
                num(kv.remove("compressibility"), d.compressibility));
        if (!kv.isEmpty()) {
            throw new IllegalArgumentException("synthetic workload: unknown parameter(s) " + kv.keySet()
                    + " (memory, graphics, gpu-hot, gpu-hot-share, gpu-rate, cpu-rate, cpu-hot, cpu-hot-share,"
                    + " cpu-graphics-share, fill, zero-share, seed, compressibility)");
        }
        return s;
    }

    /** Parses 64M, 1G, 4096, 512K. */
    public static long size(String v, long fallback) {
        if (v == null) {
            return fallback;
        }
        String t = v.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long scale = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        if (last == 'K' || last == 'M' || last == 'G' || last == 'T') {
            scale = switch (last) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                case 'G' -> 1L << 30;
                default -> 1L << 40;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(t.trim()), scale);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("size '" + v + "': use e.g. 64M, 1G");
        }
    }

    private static double num(String v, double fallback) {
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + v + "' is not a number");
        }
    }

    /** The text form with every parameter. */
    public String describe() {
        return String.format(Locale.ROOT,
                "synthetic:memory=%s,graphics=%s,gpu-hot=%s,gpu-hot-share=%s,gpu-rate=%s,cpu-rate=%s,cpu-hot=%s,"
                        + "cpu-hot-share=%s,cpu-graphics-share=%s,fill=%s,zero-share=%s,seed=%d,compressibility=%s",
                human(memoryBytes), human(graphicsBytes), human(gpuHotBytes), fmt(gpuHotShare), fmt(gpuRate), fmt(cpuRate),
                human(cpuHotBytes), fmt(cpuHotShare), fmt(cpuGraphicsShare), fmt(fill), fmt(zeroShare), seed,
                fmt(compressibility));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    static String human(long bytes) {
        if (bytes != 0 && bytes % (1L << 30) == 0) {
            return bytes / (1L << 30) + "G";
        }
        if (bytes != 0 && bytes % (1L << 20) == 0) {
            return bytes / (1L << 20) + "M";
        }
        if (bytes != 0 && bytes % (1L << 10) == 0) {
            return bytes / (1L << 10) + "K";
        }
        return Long.toString(bytes);
    }
}
