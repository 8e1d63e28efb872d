package io.genscope.bench;

import io.genscope.migration.dirty.PageHash;
import io.genscope.migration.dirty.PageSample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import net.openhft.hashing.Access;
import net.openhft.hashing.LongHashFunction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Page-hash throughput on one thread, as the migration engine hashes guest memory: 4 KiB pages of
 * random data in an off-heap buffer, 1024 pages (4 MiB) per operation, walking through a working
 * set that is either cache-resident (256K) or DRAM-resident (512M). GB/s = ops/s x 4 MiB / 1e9.
 *
 * <ul>
 *   <li>{@code xxh64}, {@code xxh3}: the engine's {@link PageHash} (in-place fast path, needs
 *       --add-exports java.base/sun.nio.ch, which the fork passes);
 *   <li>{@code xxh64Accessor}: XXH64 through zero-allocation-hashing's ByteBuffer accessor (the
 *       fallback without the export);
 *   <li>{@code crc32c}: the JDK's intrinsic CRC-32C, for reference (32 bits: not used as a page hash);
 *   <li>{@code read}: summing every qword, what one thread can read (memory-bandwidth reference);
 *   <li>{@code sample}: gMig's sampling pre-filter.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED", "-Xmx1g"})
public class HashBench {
    public static final int PAGES_PER_OP = 1024;
    private static final int PAGE = 4096;
    private static final Access<ByteBuffer> ACCESS = Access.toByteBuffer();

    @Param({"256K", "512M"})
    public String set;

    private ByteBuffer memory;
    private int pages;
    private int next;
    private final LongHashFunction xx = LongHashFunction.xx();
    private final CRC32C crc = new CRC32C();

    @Setup
    public void setup() {
        long bytes = set.endsWith("K") ? Long.parseLong(set.replace("K", "")) << 10 : Long.parseLong(set.replace("M", "")) << 20;
        memory = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < bytes; i += 8) {
            memory.putLong(i, r.nextLong());
        }
        pages = (int) (bytes / PAGE);
    }

    private int start() {
        int s = next;
        next = (next + PAGES_PER_OP) % pages;
        return s;
    }

    private long pages(PageHash h) {
        long acc = 0;
        int p = start();
        for (int i = 0; i < PAGES_PER_OP; i++) {
            acc ^= h.hash(memory, ((p + i) % pages) * PAGE);
        }
        return acc;
    }

    /** The engine's default page hash. */
    @Benchmark
    public long xxh64() {
        return pages(PageHash.XXH64);
    }

    @Benchmark
    public long xxh3() {
        return pages(PageHash.XXH3);
    }

    /** XXH64 through the ByteBuffer accessor (the path taken without the sun.nio.ch export). */
    @Benchmark
    public long xxh64Accessor() {
        long acc = 0;
        int p = start();
        for (int i = 0; i < PAGES_PER_OP; i++) {
            acc ^= xx.hash(memory, ACCESS, ((p + i) % pages) * (long) PAGE, PAGE);
        }
        return acc;
    }

    @Benchmark
    public void crc32c(Blackhole bh) {
        ByteBuffer view = memory.duplicate();
        int p = start();
        for (int i = 0; i < PAGES_PER_OP; i++) {
            int off = ((p + i) % pages) * PAGE;
            view.limit(off + PAGE).position(off);
            crc.reset();
            crc.update(view);
            bh.consume(crc.getValue());
        }
    }

    /** Reading every qword of the pages and summing them: what memory gives one thread, for reference. */
    @Benchmark
    public long read() {
        long acc = 0;
        int p = start();
        for (int i = 0; i < PAGES_PER_OP; i++) {
            int off = ((p + i) % pages) * PAGE;
            for (int j = 0; j < PAGE; j += 32) {
                acc += memory.getLong(off + j) + memory.getLong(off + j + 8) + memory.getLong(off + j + 16)
                        + memory.getLong(off + j + 24);
            }
        }
        return acc;
    }

    @Benchmark
    public long sample() {
        long acc = 0;
        int p = start();
        for (int i = 0; i < PAGES_PER_OP; i++) {
            acc ^= PageSample.of(memory, ((p + i) % pages) * PAGE);
        }
        return acc;
    }
}
