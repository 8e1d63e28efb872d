package io.genscope.migration.state;

import java.util.Arrays;

/**
 * The guest's view of its GGTT entries: one 64-bit entry per graphics page of its two windows
 * (aperture entries first, then hidden), as GVT-g keeps it ({@code virtual_ggtt}) and migrates it.
 *
 * <pre>
 *  63      46 45                         12 11        1   0
 * +----------+-----------------------------+-----------+---+
 * | 0        |  guest physical page (gfn)  |  flags    | P |
 * +----------+-----------------------------+-----------+---+
 * </pre>
 */
public final class GuestGgtt {
    public static final long PRESENT = 1L;
    /** Bits 45:12 of an entry. */
    public static final long ADDRESS_MASK = 0x0000_3fff_ffff_f000L;

    private final GraphicsWindows windows;
    private final long[] entries;

    public GuestGgtt(GraphicsWindows windows) {
        this.windows = windows;
        this.entries = new long[windows.pages()];
    }

    public GraphicsWindows windows() {
        return windows;
    }

    public int size() {
        return entries.length;
    }

    public long entry(int index) {
        return entries[index];
    }

    public void set(int index, long entry) {
        entries[index] = entry;
    }

    /** Maps graphics page {@code index} to guest page {@code gfn}. */
    public void map(int index, int gfn) {
        entries[index] = ((long) gfn << PageStore.PAGE_SHIFT) | PRESENT;
    }

    /** The guest page graphics page {@code index} maps, or -1 when its entry is not present. */
    public int gfn(int index) {
        long e = entries[index];
        return (e & PRESENT) == 0 ? -1 : (int) ((e & ADDRESS_MASK) >>> PageStore.PAGE_SHIFT);
    }

    /** The guest page graphics address {@code gma} maps, or -1. */
    public int gfnOf(long gma) {
        int i = windows.index(gma);
        return i < 0 ? -1 : gfn(i);
    }

    /** A copy of all entries. */
    public long[] entries() {
        return entries.clone();
    }

    /** Replaces all entries. */
    public void load(long[] values) {
        if (values.length != entries.length) {
            throw new IllegalArgumentException("GGTT has " + entries.length + " entries, got " + values.length);
        }
        System.arraycopy(values, 0, entries, 0, entries.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GuestGgtt g && g.windows.equals(windows) && Arrays.equals(g.entries, entries);
    }

    @Override
    public int hashCode() {
        return windows.hashCode() * 31 + Arrays.hashCode(entries);
    }
}
