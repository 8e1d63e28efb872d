package io.genscope.api;

import io.genscope.rewriter.Window;
import io.genscope.rewriter.WindowMap;
import java.util.OptionalLong;

/**
 * Where a vGPU's two windows of the global GTT sit for the guest and on the host: the window map
 * of gMig's Dynamic Graphics Address Remapping. Both windows keep their size; an address moves by
 * the distance between the guest's and the host's base of the window holding it.
 *
 * <pre>
 *  guest view                       host view
 *  [guestApertureBase, +apertureSize)  -&gt;  [hostApertureBase, +apertureSize)
 *  [guestHiddenBase,   +hiddenSize)    -&gt;  [hostHiddenBase,   +hiddenSize)
 * </pre>
 *
 * <pre>{@code
 * GgttWindows w = GgttWindows.parse("0:256M", "256M:1G", "1G", "2G");
 * w.guestToHost(0x1000);   // OptionalLong[0x40001000]
 * }</pre>
 *
 * @param guestApertureBase the guest's aperture (CPU-visible) window start
 * @param apertureSize the aperture window's size
 * @param guestHiddenBase the guest's hidden (GPU-only) window start
 * @param hiddenSize the hidden window's size
 * @param hostApertureBase where the aperture window starts on the host
 * @param hostHiddenBase where the hidden window starts on the host
 */
public record GgttWindows(long guestApertureBase, long apertureSize, long guestHiddenBase, long hiddenSize,
        long hostApertureBase, long hostHiddenBase) {

    /**
     * Checks the windows.
     *
     * @param guestApertureBase the guest's aperture start
     * @param apertureSize the aperture size
     * @param guestHiddenBase the guest's hidden window start
     * @param hiddenSize the hidden window size
     * @param hostApertureBase the host's aperture start
     * @param hostHiddenBase the host's hidden window start
     * @throws IllegalArgumentException when a window is empty, not 4 KiB aligned, reaches past 2^48,
     *     or overlaps the other window of its side
     */
    public GgttWindows {
        WindowMap.of(new Window(guestApertureBase, apertureSize), new Window(guestHiddenBase, hiddenSize),
                hostApertureBase, hostHiddenBase);
    }

    /**
     * The windows as the command line writes them: the guest windows as {@code BASE:SIZE}, the host
     * bases as numbers ({@code 0x40000000}, {@code 1G}, {@code 256M}, {@code 4k}).
     *
     * @param guestAperture the guest aperture, {@code BASE:SIZE}
     * @param guestHidden the guest hidden window, {@code BASE:SIZE}
     * @param hostAperture the host aperture's base
     * @param hostHidden the host hidden window's base
     * @return the windows
     * @throws IllegalArgumentException when a word is not a number or the windows are invalid
     */
    public static GgttWindows parse(String guestAperture, String guestHidden, String hostAperture, String hostHidden) {
        return of(WindowMap.parse(guestAperture, guestHidden, hostAperture, hostHidden));
    }

    /**
     * The host address of a guest graphics address.
     *
     * @param guestAddress an address in the guest's view of the GGTT
     * @return the host address, or empty when the address lies outside both windows
     */
    public OptionalLong guestToHost(long guestAddress) {
        long h = map().g2h(guestAddress);
        return h == WindowMap.OUTSIDE ? OptionalLong.empty() : OptionalLong.of(h);
    }

    /**
     * The guest address of a host graphics address.
     *
     * @param hostAddress an address in the host's view of the GGTT
     * @return the guest address, or empty when the address lies outside both host windows
     */
    public OptionalLong hostToGuest(long hostAddress) {
        long g = map().h2g(hostAddress);
        return g == WindowMap.OUTSIDE ? OptionalLong.empty() : OptionalLong.of(g);
    }

    WindowMap map() {
        return WindowMap.of(new Window(guestApertureBase, apertureSize), new Window(guestHiddenBase, hiddenSize),
                hostApertureBase, hostHiddenBase);
    }

    static GgttWindows of(WindowMap m) {
        return new GgttWindows(m.guestAperture().base(), m.guestAperture().size(), m.guestHidden().base(),
                m.guestHidden().size(), m.hostAperture().base(), m.hostHidden().base());
    }

    @Override
    public String toString() {
        return map().toString();
    }
}
