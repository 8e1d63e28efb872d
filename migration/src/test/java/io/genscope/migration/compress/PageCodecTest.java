package io.genscope.migration.compress;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.state.PageStore;
import io.genscope.migration.stream.RecordKind;
import io.genscope.migration.workload.PageContent;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Round trips of every page encoding on seeded random pages, and hostile payloads refused with a
 * reason, never an exception. The seed is printed; rerun with -Dgenscope.seed=N.
 */
class PageCodecTest {
    static long seed;

    @BeforeAll
    static void seed() {
        seed = Long.getLong("genscope.seed", System.nanoTime());
        System.out.println("page codec seed " + seed + " (rerun with -Dgenscope.seed=" + seed + ")");
    }

    private static ByteBuffer page() {
        return ByteBuffer.allocateDirect(PageStore.PAGE_SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static ByteBuffer buffer(int n) {
        return ByteBuffer.allocateDirect(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void assertSamePage(ByteBuffer a, ByteBuffer b, String what) {
        assertThat(a.duplicate().clear().limit(PageStore.PAGE_SIZE)).as(what)
                .isEqualTo(b.duplicate().clear().limit(PageStore.PAGE_SIZE));
    }

    @Test
    void lz4RoundTripsEveryContent() {
        SplittableRandom rnd = new SplittableRandom(seed);
        Lz4Page lz4 = new Lz4Page();
        ByteBuffer src = page();
        ByteBuffer block = buffer(Lz4Page.MAX_BLOCK);
        ByteBuffer back = page();
        for (int i = 0; i < 500; i++) {
            double c = 1 + rnd.nextInt(6);
            PageContent.fill(rnd, src, 0, PageStore.PAGE_SIZE, c);
            if (i % 50 == 0) {
                for (int k = 0; k < PageStore.PAGE_SIZE; k += 8) {
                    src.putLong(k, i % 100 == 0 ? 0 : 0x0101010101010101L * (i & 0xff));
                }
            }
            int n = lz4.compress(src, 0, block, 0);
            assertThat(n).isBetween(1, Lz4Page.MAX_BLOCK);
            assertThat(lz4.decompress(block, 0, n, back, 0)).as("case %d", i).isNull();
            assertSamePage(back, src, "case " + i);
        }
    }

    @Test
    void deltaRoundTripsRandomChanges() {
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        ByteBuffer old = page();
        ByteBuffer cur = page();
        ByteBuffer delta = buffer(PageStore.PAGE_SIZE);
        ByteBuffer back = page();
        for (int i = 0; i < 1000; i++) {
            PageContent.fill(rnd, old, 0, PageStore.PAGE_SIZE, 1 + rnd.nextInt(4));
            cur.clear();
            cur.put(0, old, 0, PageStore.PAGE_SIZE);
            int writes = rnd.nextInt(i % 10 == 0 ? 600 : 12);
            for (int w = 0; w < writes; w++) {
                int at = rnd.nextInt(PageStore.PAGE_SIZE);
                int len = Math.min(PageStore.PAGE_SIZE - at, 1 + rnd.nextInt(300));
                for (int k = 0; k < len; k++) {
                    cur.put(at + k, (byte) rnd.nextInt());
                }
            }
            int n = PageDelta.encode(old, 0, cur, 0, delta, 0, PageStore.PAGE_SIZE - 1);
            if (n < 0) {
                continue; // did not pay: sent otherwise
            }
            if (writes == 0) {
                assertThat(n).as("an unchanged page is an empty delta").isZero();
            }
            assertThat(PageDelta.decode(old, 0, delta, 0, n, back, 0)).as("case %d", i).isNull();
            assertSamePage(back, cur, "case " + i);
        }
    }

    @Test
    void theEncoderPicksTheSmallestFormAndTracksWhatTheDestinationHolds() {
        SplittableRandom rnd = new SplittableRandom(seed + 5);
        PageEncoder e = new PageEncoder(CompressionOptions.of(Compression.DELTA), 64);
        ByteBuffer p = page();
        PageContent.fill(rnd, p, 0, PageStore.PAGE_SIZE, 3);
        assertThat(e.encode(7, p, 0)).as("first send: nothing cached").isEqualTo(RecordKind.PAGE_COMPRESSED);
        p.putLong(800, 1);
        assertThat(e.encode(7, p, 0)).as("one word changed").isEqualTo(RecordKind.PAGE_DELTA);
        assertThat(e.length()).isEqualTo(1 + 1 + 8);
        ByteBuffer r = page();
        PageContent.fill(rnd, r, 0, PageStore.PAGE_SIZE, 1);
        assertThat(e.encode(7, r, 0)).as("all new random bytes").isEqualTo(RecordKind.PAGE_RAW);
        r.putLong(0, 5);
        assertThat(e.encode(7, r, 0)).as("the raw copy is the new base").isEqualTo(RecordKind.PAGE_DELTA);
        e.zero(7);
        assertThat(e.encode(7, r, 0)).as("after a zero page the cached copy is stale").isEqualTo(RecordKind.PAGE_RAW);
        PageEncoder lz4Only = new PageEncoder(CompressionOptions.of(Compression.LZ4), 64);
        assertThat(lz4Only.encode(7, p, 0)).isEqualTo(RecordKind.PAGE_COMPRESSED);
        assertThat(lz4Only.encode(7, p, 0)).as("lz4 mode keeps no copies").isEqualTo(RecordKind.PAGE_COMPRESSED);
        var c = e.counts();
        assertThat(c.pages()).isEqualTo(6);
        assertThat(c.zero()).isEqualTo(1);
        assertThat(c.delta()).isEqualTo(2);
        assertThat(c.raw()).isEqualTo(2);
        assertThat(c.bytesBefore()).isEqualTo(5 * 4096);
    }

    @Test
    void deltaOfATotallyChangedPageDoesNotPay() {
        SplittableRandom rnd = new SplittableRandom(seed + 2);
        ByteBuffer old = page();
        ByteBuffer cur = page();
        PageContent.fill(rnd, old, 0, PageStore.PAGE_SIZE, 1);
        PageContent.fill(rnd, cur, 0, PageStore.PAGE_SIZE, 1);
        assertThat(PageDelta.encode(old, 0, cur, 0, buffer(PageStore.PAGE_SIZE), 0, PageStore.PAGE_SIZE - 1)).isEqualTo(-1);
    }

    @Test
    void deltaAgainstNothingIsAgainstZeros() {
        ByteBuffer zero = page();
        ByteBuffer cur = page();
        cur.putLong(8 * 100, 42);
        ByteBuffer delta = buffer(64);
        int n = PageDelta.encode(zero, 0, cur, 0, delta, 0, 64);
        assertThat(n).isEqualTo(1 + 1 + 8); // skip 100 (1 byte), count 1 (1 byte), one word
        ByteBuffer back = page();
        assertThat(PageDelta.decode(null, 0, delta, 0, n, back, 0)).isNull();
        assertSamePage(back, cur, "from zeros");
    }

    @Test
    void hostileDeltasAreRefusedWithAReason() {
        ByteBuffer base = page();
        ByteBuffer out = page();
        byte[][] bad = {
            {0, 0}, // a run of zero words
            {0, 1, 1, 2, 3}, // one word announced, 3 bytes there
            {(byte) 0x80}, // varint cut
            {(byte) 0x81, 0}, // non-canonical varint (1 in two bytes)
            {(byte) 0xff, (byte) 0xff, 1}, // varint of three bytes
            {(byte) 0x80, 0x04, 1, 0, 0, 0, 0, 0, 0, 0, 0}, // skip 512, then one word: past the page
            {0, (byte) 0x81, 0x04}, // count 513
        };
        for (byte[] b : bad) {
            ByteBuffer p = buffer(b.length).put(b).flip();
            assertThat(PageDelta.decode(base, 0, p, 0, b.length, out, 0)).as("payload %s", java.util.Arrays.toString(b))
                    .isNotNull();
        }
        SplittableRandom rnd = new SplittableRandom(seed + 3);
        ByteBuffer junk = buffer(PageStore.PAGE_SIZE);
        for (int i = 0; i < 2000; i++) {
            int n = rnd.nextInt(PageStore.PAGE_SIZE);
            for (int k = 0; k < n; k++) {
                junk.put(k, (byte) rnd.nextInt());
            }
            PageDelta.decode(rnd.nextBoolean() ? base : null, 0, junk, 0, n, out, 0); // never throws
        }
    }

    @Test
    void hostileLz4BlocksAreRefusedWithAReason() {
        SplittableRandom rnd = new SplittableRandom(seed + 4);
        Lz4Page lz4 = new Lz4Page();
        ByteBuffer src = page();
        ByteBuffer block = buffer(Lz4Page.MAX_BLOCK);
        ByteBuffer out = page();
        PageContent.fill(rnd, src, 0, PageStore.PAGE_SIZE, 3);
        int n = lz4.compress(src, 0, block, 0);
        assertThat(lz4.decompress(block, 0, n / 2, out, 0)).as("a cut block").isNotNull();
        ByteBuffer half = buffer(Lz4Page.MAX_BLOCK);
        ByteBuffer small = buffer(PageStore.PAGE_SIZE);
        small.put(0, src, 0, 2048);
        Lz4Page two = new Lz4Page();
        int m = net.jpountz.lz4.LZ4Factory.fastestInstance().fastCompressor().compress(small, 0, 2048, half, 0,
                Lz4Page.MAX_BLOCK);
        assertThat(two.decompress(half, 0, m, out, 0)).as("a block of half a page").contains("2048");
        int refused = 0;
        for (int i = 0; i < 3000; i++) {
            int len = 1 + rnd.nextInt(PageStore.PAGE_SIZE - 1);
            ByteBuffer junk = buffer(len);
            if (i % 2 == 0) {
                junk.put(0, block, 0, Math.min(len, n)); // a real block with damage
                junk.put(rnd.nextInt(Math.min(len, n)), (byte) rnd.nextInt());
            } else {
                for (int k = 0; k < len; k++) {
                    junk.put(k, (byte) rnd.nextInt());
                }
            }
            if (lz4.decompress(junk, 0, len, out, 0) != null) {
                refused++;
            }
        }
        assertThat(refused).isPositive();
    }
}
