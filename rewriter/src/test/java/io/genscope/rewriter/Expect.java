package io.genscope.rewriter;

import io.genscope.spec.AddressSpace;
import java.util.List;

/** The test's own statement of what a rewrite must produce (written from the rules, not the code). */
final class Expect {
    static final long M48 = (1L << 48) - 1;

    private Expect() {
    }

    /** Guest-to-host by plain window arithmetic; -1 outside. */
    static long g2h(WindowMap m, long a) {
        if (a >= m.guestAperture().base() && a < m.guestAperture().end()) {
            return a - m.guestAperture().base() + m.hostAperture().base();
        }
        if (a >= m.guestHidden().base() && a < m.guestHidden().end()) {
            return a - m.guestHidden().base() + m.hostHidden().base();
        }
        return -1;
    }

    /**
     * The value a field covering address bits {@code shift..top-1} must hold after translating
     * {@code old}, or {@code old} itself when it must stay.
     */
    static long moved(WindowMap m, long old, int shift, int top) {
        long n = g2h(m, old & M48);
        if (n < 0 || (top < 48 && n >= (1L << top)) || (n & ((1L << shift) - 1)) != (old & ((1L << shift) - 1))) {
            return old;
        }
        if (top > 48) {
            int hb = top - 48;
            long ones = hb >= 64 ? -1L : (1L << hb) - 1;
            long high = old >>> 48;
            long sign = ((old >>> 47) & 1) == 1 ? ones : 0;
            long newSign = ((n >>> 47) & 1) == 1 ? ones : 0;
            n |= (high == sign ? newSign : high) << 48;
        }
        return n;
    }

    /** {@code d} as it must be after a rewrite of the whole command running from {@code batch}. */
    static int[] after(WindowMap m, int[] d, List<Sites.Site> sites, AddressSpace batch) {
        int[] e = d.clone();
        if (batch != AddressSpace.GGTT) {
            return e;
        }
        for (Sites.Site s : sites) {
            if (s.end() < 32 * d.length && s.ggtt(d, batch)) {
                s.set(e, moved(m, s.get(d), s.shift(), s.top()));
            }
        }
        return e;
    }
}
