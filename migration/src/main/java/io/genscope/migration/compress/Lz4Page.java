package io.genscope.migration.compress;

import io.genscope.migration.state.PageStore;
import java.nio.ByteBuffer;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * One 4 KiB page as an LZ4 block (the block format: no frame, no size prefix; the decoded size is
 * always one page). The compressor is the fastest instance lz4-java offers here (native when its
 * library loads, else the unsafe Java one); the decompressor is the bounds-checking "safe" one, so
 * a hostile block can only be refused, never read or write outside its buffers.
 */
public final class Lz4Page {
    private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
    /** Room an LZ4 block of one page may need in the worst case (incompressible input). */
    public static final int MAX_BLOCK = FACTORY.fastCompressor().maxCompressedLength(PageStore.PAGE_SIZE);

    private final LZ4Compressor compressor = FACTORY.fastCompressor();
    private final LZ4SafeDecompressor decompressor = FACTORY.safeDecompressor();

    /** Which implementation runs, e.g. "LZ4JNICompressor". */
    public static String implementation() {
        return FACTORY.fastCompressor().getClass().getSimpleName();
    }

    /**
     * Compresses {@code src[offset..+4096]} into {@code dst[dstOffset..]} (at least {@link #MAX_BLOCK}
     * bytes of room) and returns the block length.
     */
    public int compress(ByteBuffer src, int offset, ByteBuffer dst, int dstOffset) {
        return compressor.compress(src, offset, PageStore.PAGE_SIZE, dst, dstOffset, MAX_BLOCK);
    }

    /**
     * Decodes the block {@code src[offset..+length]} into {@code dst[dstOffset..+4096]}.
     *
     * @return null, or why the block is not one page
     */
    public String decompress(ByteBuffer src, int offset, int length, ByteBuffer dst, int dstOffset) {
        int n;
        try {
            n = decompressor.decompress(src, offset, length, dst, dstOffset, PageStore.PAGE_SIZE);
        } catch (RuntimeException e) {
            return "LZ4 block of " + length + " bytes does not decode (" + e.getMessage() + ")";
        }
        if (n != PageStore.PAGE_SIZE) {
            return "LZ4 block of " + length + " bytes decodes to " + n + " bytes, not one page (4096)";
        }
        return null;
    }
}
