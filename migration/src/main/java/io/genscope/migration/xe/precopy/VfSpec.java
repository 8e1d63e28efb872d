package io.genscope.migration.xe.precopy;

import io.genscope.migration.workload.SyntheticSpec;
import java.util.Locale;
import java.util.Map;

/**
 * The synthetic VF and its workload, {@code xe-vf[:key=value,...]}: a Battlemage VF's VRAM quota, how
 * much of it holds data, and the GPU's writes into it (none reach a dirty log).
 *
 * @param quota VRAM quota, 8 MiB to 16 GiB, a whole number of 4 MiB
 * @param fill share of the quota holding data at the start (in 4 MiB extents; the rest zero)
 * @param hot the part most GPU writes land in (render, depth targets; rewritten every frame), whole 2 MiB
 * @param hotShare share of GPU writes landing in the hot part
 * @param rate GPU page writes per second (1 KiB each at a random quarter page)
 * @param ggtt bytes of GGTT the VF's range covers (one entry per 4 KiB, pointing into its VRAM)
 * @param gucBytes size of the GuC's state for the VF
 * @param deviceId PCI device id the descriptor names
 * @param gpuHold whether the VF's VRAM writers can be held while its vCPUs run ({@link XeVfSource#pauseGpu()})
 * @param seed everything random derives from it
 */
public record VfSpec(long quota, double fill, long hot, double hotShare, double rate, long ggtt, int gucBytes,
        int deviceId, boolean gpuHold, long seed) {
    /** Largest quota (a 16 GiB VF of a 24 GiB card's VRAM). */
    public static final long MAX_QUOTA = 16L << 30;
    /**
     * The default workload: a 4 GiB VF of a Battlemage card (0xe20b) running a game: 60% of VRAM
     * holds data, 50,000 GPU page writes a second, 90% of them into a 256 MiB hot set.
     */
    public static final VfSpec DEFAULT = new VfSpec(4L << 30, 0.6, 256L << 20, 0.9, 50000, 64L << 20, 16 << 10, 0xe20b,
            true, 1);

    public VfSpec {
        check(quota >= 8L << 20 && quota <= MAX_QUOTA && quota % (4L << 20) == 0,
                "quota " + quota + ": 8M to 16G in whole 4 MiB");
        check(fill >= 0 && fill <= 1, "fill " + fill + " outside 0..1");
        check(hot >= 0 && hot <= quota && hot % (2L << 20) == 0, "hot " + hot + ": whole 2 MiB within the quota");
        check(hotShare >= 0 && hotShare <= 1, "hot-share " + hotShare + " outside 0..1");
        check(rate >= 0 && rate <= 10_000_000, "rate " + rate + " outside 0..10,000,000 page writes/s");
        check(ggtt >= 4096 && ggtt % 4096 == 0 && ggtt / 4096 <= quota / 4096, "ggtt " + ggtt
                + ": whole 4 KiB pages, at least one, at most the quota");
        check(gucBytes >= 4 && gucBytes % 4 == 0 && gucBytes <= 1 << 20, "guc " + gucBytes + ": whole dwords up to 1 MiB");
        check(deviceId >= 0 && deviceId <= 0xffff, "device id " + deviceId + " is not 16 bits");
    }

    /** Pages of the quota. */
    public int pages() {
        return (int) (quota >>> 12);
    }

    /** Parses {@code xe-vf[:quota=4G,fill=0.6,hot=256M,hot-share=0.9,rate=50000,ggtt=64M,guc=16K,device=0xe20b,gpu-hold=true,seed=1]}. */
    public static VfSpec parse(String text) {
        Map<String, String> kv = io.genscope.migration.workload.SpecParameters.parse(text, "xe-vf");
        VfSpec d = DEFAULT;
        long quota = SyntheticSpec.size(kv.remove("quota"), d.quota);
        // a hot set not given is at most an eighth of the quota, a GGTT range at most all of it
        long hot = SyntheticSpec.size(kv.remove("hot"), Math.min(d.hot, quota / 8 & -(2L << 20)));
        long ggtt = SyntheticSpec.size(kv.remove("ggtt"), Math.min(d.ggtt, quota));
        VfSpec s = new VfSpec(quota, num(kv.remove("fill"), d.fill), hot, num(kv.remove("hot-share"), d.hotShare),
                num(kv.remove("rate"), d.rate), ggtt, (int) SyntheticSpec.size(kv.remove("guc"), d.gucBytes),
                Integer.decode(kv.getOrDefault("device", "0x" + Integer.toHexString(d.deviceId))),
                Boolean.parseBoolean(kv.getOrDefault("gpu-hold", Boolean.toString(d.gpuHold))),
                (long) num(kv.remove("seed"), d.seed));
        kv.remove("device");
        kv.remove("gpu-hold");
        if (!kv.isEmpty()) {
            throw new IllegalArgumentException("xe-vf workload: unknown parameter(s) " + kv.keySet()
                    + " (quota, fill, hot, hot-share, rate, ggtt, guc, device, gpu-hold, seed)");
        }
        return s;
    }

    /** The text form with every parameter. */
    public String describe() {
        return String.format(Locale.ROOT, "xe-vf:quota=%dM,fill=%s,hot=%dM,hot-share=%s,rate=%s,ggtt=%dK,guc=%d,"
                + "device=0x%04x,gpu-hold=%s,seed=%d", quota >> 20, fill, hot >> 20, hotShare, (long) rate, ggtt >> 10,
                gucBytes, deviceId, gpuHold, seed);
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

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("xe-vf workload: " + message);
        }
    }
}
