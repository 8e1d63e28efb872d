package io.genscope.migration.state;

/**
 * The two ranges of the global graphics address space (GGTT) a vGPU owns, as the guest sees them:
 * the aperture (CPU-mappable, low) and the hidden range (high). Under GVT-g the guest learns them
 * from the PVINFO page and balloons everything else out.
 *
 * <pre>
 * GGTT address space (4 GiB)
 * 0 ... [apertureBase, +apertureSize) ... [hiddenBase, +hiddenSize) ... 4 GiB
 * graphics page index: aperture pages first (0 .. A-1), then hidden pages (A .. A+H-1)
 * </pre>
 *
 * @param apertureBase graphics address of the aperture window (4 KiB aligned)
 * @param apertureSize bytes (4 KiB multiple)
 * @param hiddenBase graphics address of the hidden window (4 KiB aligned, above the aperture)
 * @param hiddenSize bytes (4 KiB multiple)
 */
public record GraphicsWindows(long apertureBase, long apertureSize, long hiddenBase, long hiddenSize) {
    /** The GGTT covers 4 GiB of graphics addresses on gen8+ (1 Mi entries of 8 bytes). */
    public static final long GGTT_SPACE = 1L << 32;

    public GraphicsWindows {
        long mask = PageStore.PAGE_SIZE - 1;
        // each field inside 0..4 GiB first, so that the sums below cannot overflow
        if (((apertureBase | apertureSize | hiddenBase | hiddenSize) & mask) != 0 || !inSpace(apertureBase)
                || !inSpace(apertureSize) || !inSpace(hiddenBase) || !inSpace(hiddenSize)
                || apertureBase + apertureSize > hiddenBase || hiddenBase + hiddenSize > GGTT_SPACE) {
            throw new IllegalArgumentException(String.format(
                    "graphics windows aperture 0x%x+0x%x, hidden 0x%x+0x%x are not 4 KiB aligned, ordered and inside 4 GiB",
                    apertureBase, apertureSize, hiddenBase, hiddenSize));
        }
    }

    private static boolean inSpace(long v) {
        return v >= 0 && v <= GGTT_SPACE;
    }

    /**
     * The layout the synthetic vGPU uses for {@code graphicsBytes} of graphics memory: a quarter
     * (at most 256 MiB) in the aperture at 64 MiB, the rest hidden from 1 GiB up.
     */
    public static GraphicsWindows forSize(long graphicsBytes) {
        long pages = graphicsBytes >>> PageStore.PAGE_SHIFT;
        long aperturePages = Math.min(pages / 4, (256L << 20) >>> PageStore.PAGE_SHIFT);
        return new GraphicsWindows(64L << 20, aperturePages << PageStore.PAGE_SHIFT, 1L << 30,
                (pages - aperturePages) << PageStore.PAGE_SHIFT);
    }

    public int aperturePages() {
        return (int) (apertureSize >>> PageStore.PAGE_SHIFT);
    }

    public int hiddenPages() {
        return (int) (hiddenSize >>> PageStore.PAGE_SHIFT);
    }

    /** Number of graphics pages in both windows. */
    public int pages() {
        return aperturePages() + hiddenPages();
    }

    /** Graphics page index of graphics address {@code gma}, or -1 when it is outside both windows. */
    public int index(long gma) {
        if (gma >= apertureBase && gma < apertureBase + apertureSize) {
            return (int) ((gma - apertureBase) >>> PageStore.PAGE_SHIFT);
        }
        if (gma >= hiddenBase && gma < hiddenBase + hiddenSize) {
            return aperturePages() + (int) ((gma - hiddenBase) >>> PageStore.PAGE_SHIFT);
        }
        return -1;
    }

    /** Graphics address of the first byte of graphics page {@code index}. */
    public long address(int index) {
        return index < aperturePages() ? apertureBase + ((long) index << PageStore.PAGE_SHIFT)
                : hiddenBase + ((long) (index - aperturePages()) << PageStore.PAGE_SHIFT);
    }
}
