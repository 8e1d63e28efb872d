package io.genscope.rewriter;

/**
 * A window of the global graphics address space: the bytes {@code [base, base + size)}.
 *
 * @param base first address
 * @param size length in bytes
 */
public record Window(long base, long size) {

    /** The first address past the window. */
    public long end() {
        return base + size;
    }

    /** Whether {@code address} lies inside. */
    public boolean contains(long address) {
        return address >= base && address - base < size;
    }

    /** Whether the two windows share an address. */
    public boolean overlaps(Window other) {
        return base < other.end() && other.base < end();
    }

    @Override
    public String toString() {
        return String.format("[0x%x, 0x%x)", base, end());
    }
}
