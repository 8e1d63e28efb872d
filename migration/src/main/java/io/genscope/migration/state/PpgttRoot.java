package io.genscope.migration.state;

import java.util.Arrays;

/**
 * The root of one guest PPGTT the vGPU shadows: 3-level tables have four page-directory pointers,
 * 4-level tables one PML4 (in {@code pdps[0]}). The shadow tables are rebuilt from guest memory at
 * the destination, so only the roots travel.
 */
public record PpgttRoot(int level, long[] pdps) {
    public PpgttRoot {
        if ((level != 3 && level != 4) || pdps.length != 4) {
            throw new IllegalArgumentException("PPGTT root needs level 3 or 4 and 4 PDP entries");
        }
        pdps = pdps.clone();
    }

    @Override
    public long[] pdps() {
        return pdps.clone();
    }

    /** Physical address of the PML4 of a 4-level root. */
    public long pml4() {
        return pdps[0] & 0x0000_ffff_ffff_f000L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PpgttRoot r && r.level == level && Arrays.equals(r.pdps, pdps);
    }

    @Override
    public int hashCode() {
        return level * 31 + Arrays.hashCode(pdps);
    }
}
