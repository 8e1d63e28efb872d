package io.genscope.rewriter;

/**
 * Where a vGPU's two windows of the global GTT sit for the guest and on the host, and the
 * translation between them (gMig's Dynamic Graphics Address Remapping).
 *
 * <pre>
 *  guest view                                host view
 *  +----------------+ guest aperture base    +----------------+ host aperture base
 *  | aperture       |  ------------------->  | aperture       |   same size, moved by
 *  +----------------+                        +----------------+   host base - guest base
 *  +----------------+ guest hidden base      +----------------+ host hidden base
 *  | hidden         |  ------------------->  | hidden         |
 *  +----------------+                        +----------------+
 *
 *  g2h(g) = host base + (g - guest base) of the window holding g; h2g is its inverse;
 *  a GGTT index i (page i, 4 KiB) moves to g2h(i &lt;&lt; 12) &gt;&gt; 12.
 * </pre>
 *
 * Windows are page aligned, lie below 2^48, and the two windows of one side never overlap; both
 * are checked when the map is made. Addresses outside both windows translate to {@link #OUTSIDE}.
 * Instances are immutable and cheap to query (no allocation).
 */
public final class WindowMap {
    /** What {@link #g2h} and {@link #h2g} return for an address outside the windows. */
    public static final long OUTSIDE = -1;
    /** Windows are whole GGTT pages. */
    public static final long PAGE = 4096;
    /** Graphics addresses are 48 bits wide. */
    public static final long LIMIT = 1L << 48;

    private final Window guestAperture;
    private final Window guestHidden;
    private final Window hostAperture;
    private final Window hostHidden;

    private WindowMap(Window guestAperture, Window guestHidden, Window hostAperture, Window hostHidden) {
        this.guestAperture = guestAperture;
        this.guestHidden = guestHidden;
        this.hostAperture = hostAperture;
        this.hostHidden = hostHidden;
    }

    /**
     * The map the command line and the shell describe with four words: the guest's aperture and
     * hidden windows as {@code BASE:SIZE}, and where each starts on the host (numbers as
     * {@link Numbers#parse} reads them, e.g. {@code 0:256M}, {@code 0x40000000}).
     *
     * @throws IllegalArgumentException when a word is not a number or window, or the windows are invalid
     */
    public static WindowMap parse(String guestAperture, String guestHidden, String hostAperture, String hostHidden) {
        return of(Numbers.window(guestAperture), Numbers.window(guestHidden), Numbers.parse(hostAperture),
                Numbers.parse(hostHidden));
    }

    /**
     * A map for a vGPU whose guest sees {@code guestAperture} and {@code guestHidden} and whose
     * host windows (of the same sizes) start at the given bases.
     *
     * @throws IllegalArgumentException when a window is empty, not page aligned, reaches past
     *     2^48, or overlaps the other window of its side
     */
    public static WindowMap of(Window guestAperture, Window guestHidden, long hostApertureBase, long hostHiddenBase) {
        Window hostAperture = new Window(hostApertureBase, guestAperture.size());
        Window hostHidden = new Window(hostHiddenBase, guestHidden.size());
        check("guest aperture", guestAperture);
        check("guest hidden window", guestHidden);
        check("host aperture", hostAperture);
        check("host hidden window", hostHidden);
        if (guestAperture.overlaps(guestHidden)) {
            throw new IllegalArgumentException("guest aperture " + guestAperture + " and guest hidden window "
                    + guestHidden + " overlap");
        }
        if (hostAperture.overlaps(hostHidden)) {
            throw new IllegalArgumentException("host aperture " + hostAperture + " and host hidden window "
                    + hostHidden + " overlap");
        }
        return new WindowMap(guestAperture, guestHidden, hostAperture, hostHidden);
    }

    private static void check(String what, Window w) {
        if (w.size() <= 0) {
            throw new IllegalArgumentException(what + " " + w + " is empty");
        }
        if (w.base() < 0 || w.base() % PAGE != 0 || w.size() % PAGE != 0) {
            throw new IllegalArgumentException(String.format(
                    "%s %s is not aligned to 4 KiB GGTT pages (base 0x%x, size 0x%x)", what, w, w.base(), w.size()));
        }
        if (w.size() > LIMIT || w.base() > LIMIT - w.size()) {
            throw new IllegalArgumentException(what + " " + w + " reaches past the 48-bit address space");
        }
    }

    /** The same vGPU seen the other way round: host windows become the source, guest ones the target. */
    public WindowMap inverse() {
        return new WindowMap(hostAperture, hostHidden, guestAperture, guestHidden);
    }

    /** The host address of guest address {@code g} (bits 47:0), or {@link #OUTSIDE}. */
    public long g2h(long g) {
        long d = g - guestAperture.base();
        if (d >= 0 && d < guestAperture.size()) {
            return hostAperture.base() + d;
        }
        d = g - guestHidden.base();
        if (d >= 0 && d < guestHidden.size()) {
            return hostHidden.base() + d;
        }
        return OUTSIDE;
    }

    /** The guest address of host address {@code h}, or {@link #OUTSIDE}. */
    public long h2g(long h) {
        long d = h - hostAperture.base();
        if (d >= 0 && d < hostAperture.size()) {
            return guestAperture.base() + d;
        }
        d = h - hostHidden.base();
        if (d >= 0 && d < hostHidden.size()) {
            return guestHidden.base() + d;
        }
        return OUTSIDE;
    }

    /** The host GGTT index (4 KiB page number) of guest index {@code i}, or {@link #OUTSIDE}. */
    public long indexG2h(long i) {
        if (i < 0 || i >= LIMIT >>> 12) {
            return OUTSIDE;
        }
        long h = g2h(i << 12);
        return h == OUTSIDE ? OUTSIDE : h >>> 12;
    }

    /** The guest GGTT index of host index {@code i}, or {@link #OUTSIDE}. */
    public long indexH2g(long i) {
        return inverse().indexG2h(i);
    }

    /**
     * Whether the guest range {@code [g, g + length)} lies inside one window (so that it moves as
     * one piece).
     */
    public boolean containsRange(long g, long length) {
        return inside(guestAperture, g, length) || inside(guestHidden, g, length);
    }

    private static boolean inside(Window w, long g, long length) {
        return length >= 0 && w.contains(g) && length <= w.end() - g;
    }

    /** How far an address in the window holding guest address {@code g} moves, or 0 outside both. */
    public long delta(long g) {
        if (guestAperture.contains(g)) {
            return hostAperture.base() - guestAperture.base();
        }
        if (guestHidden.contains(g)) {
            return hostHidden.base() - guestHidden.base();
        }
        return 0;
    }

    public Window guestAperture() {
        return guestAperture;
    }

    public Window guestHidden() {
        return guestHidden;
    }

    public Window hostAperture() {
        return hostAperture;
    }

    public Window hostHidden() {
        return hostHidden;
    }

    @Override
    public String toString() {
        return "aperture " + guestAperture + " -> " + hostAperture + ", hidden " + guestHidden + " -> " + hostHidden;
    }
}
