package io.genscope.migration.state;

/**
 * The parts of a vGPU's device state as they travel, numbered as GVT-g's migration image numbers
 * its regions (4 SREG and 8 OPREGION are not modelled).
 */
public enum DeviceRegion {
    /** Version, vGPU id, PCI id, windows and the counts of the variable-size regions (64 bytes). */
    HEAD(1, 64),
    /** Virtual PCI configuration space (4 KiB). */
    CFG(2, PciConfig.SIZE),
    /** Virtual registers (2 MiB): PVINFO, fences, ring registers. */
    VREG(3, MmioSnapshot.SIZE),
    /** Guest GGTT entries of both windows, 8 bytes each (at most 8 MiB: a 4 GiB GGTT). */
    GGTT(5, 8 << 20),
    /** PPGTT roots, 40 bytes each, at most 1024. */
    PPGTT(6, 40 * 1024),
    /** Pending workloads, 32 bytes each, at most 4096. */
    WORKLOAD(7, 32 * 4096),
    /** Execlist ports, 24 bytes each, at most 8. */
    EXECLIST(9, 24 * 8),
    /** Opaque vendor blobs (a mediator's own state), at most 4 MiB together with their names. */
    VENDOR(10, 4 << 20);

    private final int id;
    private final int maxBytes;

    DeviceRegion(int id, int maxBytes) {
        this.id = id;
        this.maxBytes = maxBytes;
    }

    /** The region's number in the stream. */
    public int id() {
        return id;
    }

    /** The most bytes the region may have: a receiver never allocates more for it. */
    public int maxBytes() {
        return maxBytes;
    }

    /** The region with this number, or null. */
    public static DeviceRegion byId(long id) {
        for (DeviceRegion r : values()) {
            if (r.id == id) {
                return r;
            }
        }
        return null;
    }
}
