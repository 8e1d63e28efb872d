package io.genscope.migration.state;

import io.genscope.migration.dirty.DirectBuffers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.stream.IntStream;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * A 128-bit digest of every guest page and a 128-bit digest of the device state, to check that the
 * destination holds exactly what the source held when it stopped.
 *
 * <p>It uses XXH128 with its own seed, a different function from the 64-bit page hash that finds
 * changed pages, so a collision of the page hash (a changed page that kept its hash and was not
 * resent) shows up here as a mismatch instead of being hidden by the same collision.
 *
 * <pre>
 * memory: chunk c = pages [1024 c, 1024 c + 1024)  -&gt;  h_c = XXH128(seed, bytes of the chunk)
 *         memory digest = XXH128(seed, page count, h_0, h_1, ...)       (never-written = zeros)
 * device: d_r = XXH128(seed, canonical bytes of region r) for r in HEAD, CFG, VREG, GGTT, PPGTT,
 *         WORKLOAD, EXECLIST;  device digest = XXH128(seed, (id, length, d_r) ...)
 * </pre>
 * Chunks are hashed in parallel; the result does not depend on the number of threads.
 */
public record VgpuDigest(long memoryHigh, long memoryLow, long deviceHigh, long deviceLow) {
    private static final long SEED = 0x67656e73636f7065L;
    private static final LongTupleHashFunction XXH128 = LongTupleHashFunction.xx128(SEED);
    private static volatile ByteBuffer zeros;

    /** Digests {@code vgpu} as it is now (no one may write it meanwhile). */
    public static VgpuDigest of(Vgpu vgpu) {
        return of(vgpu.memory(), vgpu.device());
    }

    public static VgpuDigest of(PageStore memory, DeviceState device) {
        long[] mem = memory(memory);
        long[] dev = device(DeviceImage.encode(device));
        return new VgpuDigest(mem[0], mem[1], dev[0], dev[1]);
    }

    /** The memory half: {high, low}. */
    public static long[] memory(PageStore memory) {
        int chunks = memory.slabCount();
        long[] parts = new long[2 + 2 * chunks];
        parts[0] = memory.pageCount();
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int firstPage = c << PageStore.SLAB_SHIFT;
            int bytes = Math.min(PageStore.PAGES_PER_SLAB, memory.pageCount() - firstPage) << PageStore.PAGE_SHIFT;
            ByteBuffer slab = memory.slabOrNull(firstPage);
            long[] h = new long[2];
            DirectBuffers.hash(XXH128, slab != null ? slab : zeros(), 0, bytes, h);
            parts[2 + 2 * c] = h[0];
            parts[3 + 2 * c] = h[1];
        });
        return XXH128.hashLongs(parts);
    }

    /** The device half: {high, low}. */
    public static long[] device(Map<DeviceRegion, byte[]> regions) {
        long[] parts = new long[4 * DeviceRegion.values().length];
        int i = 0;
        for (DeviceRegion r : DeviceRegion.values()) {
            byte[] b = regions.get(r);
            long[] h = b == null ? new long[2] : XXH128.hashBytes(b);
            parts[i++] = r.id();
            parts[i++] = b == null ? -1 : b.length;
            parts[i++] = h[0];
            parts[i++] = h[1];
        }
        return XXH128.hashLongs(parts);
    }

    private static ByteBuffer zeros() {
        ByteBuffer z = zeros;
        if (z == null) {
            z = ByteBuffer.allocateDirect(PageStore.SLAB_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            zeros = z;
        }
        return z;
    }

    public String memoryHex() {
        return String.format("%016x%016x", memoryHigh, memoryLow);
    }

    public String deviceHex() {
        return String.format("%016x%016x", deviceHigh, deviceLow);
    }

    @Override
    public String toString() {
        return "memory " + memoryHex() + ", device " + deviceHex();
    }
}
