package io.genscope.migration.policy;

import java.util.Locale;

/** How a migration decides what to send when. */
public enum Policy {
    /** Stop the vGPU at once and send everything. */
    STOP_COPY("stop-copy"),
    /**
     * QEMU-style iterative pre-copy of CPU-dirty pages until the rest fits the downtime limit; at
     * the stop every page the vGPU references is resent, because GPU writes are invisible to the
     * dirty log (XenGT's and VFIO's "perpetually dirty" pages).
     */
    PRECOPY("precopy"),
    /**
     * gMig: pre-copy of CPU-dirty pages, then one round that copies and hashes every graphics page
     * as late as possible, then at the stop the CPU-dirty pages plus the graphics pages whose hash
     * changed.
     */
    GMIG("gmig"),
    /**
     * gmig plus a hot set learned by pre-hashing graphics pages during pre-copy: hot pages are
     * left out of the one-shot round and sent first at the stop, and CPU-dirty graphics pages are
     * resent only when their hash changed (see {@code GenscopeRounds}).
     */
    GENSCOPE("genscope");

    private final String cliName;

    Policy(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Policy parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Policy p : values()) {
            if (p.cliName.equals(t)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown policy '" + text + "' (stop-copy, precopy, gmig, genscope)");
    }
}
