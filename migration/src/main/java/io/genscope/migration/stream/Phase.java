package io.genscope.migration.stream;

import java.util.Locale;

/** What a round of a migration does. */
public enum Phase {
    /** Live: pages the CPU dirtied (all pages in the first, bulk, round). */
    PRECOPY(1),
    /** Live, gMig's one-shot round: every graphics page, copied and hashed once. */
    GPU_COPY(2),
    /** The vGPU is stopped: the rest. */
    STOP_COPY(3),
    /**
     * genscope: the vGPU's GPU work is held (no GPU writes) while the vCPUs still run; graphics
     * pages are checked by hash and the changed ones sent, before the vCPUs stop.
     */
    GPU_STOP(4);

    private final int code;

    Phase(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Phase byCode(int code) {
        for (Phase p : values()) {
            if (p.code == code) {
                return p;
            }
        }
        return null;
    }
}
