package io.genscope.migration.state;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything about a vGPU that is not guest memory: what GVT-g saves as its migration image.
 * Instances are independent copies; {@link #copy()} gives another.
 *
 * @param vgtId the vGPU's id (also in PVINFO)
 * @param windows its graphics windows (also in PVINFO)
 * @param config virtual PCI configuration space
 * @param mmio virtual registers: PVINFO, fences, ring registers
 * @param ggtt guest GGTT entries of both windows
 * @param ppgttRoots roots of the guest PPGTTs the vGPU shadows
 * @param workloads submitted workloads not yet run
 * @param execlists the ELSP port of each engine
 * @param vendorBlobs the mediator's own state, carried as it is
 */
public record DeviceState(int vgtId, GraphicsWindows windows, PciConfig config, MmioSnapshot mmio, long[] ggtt,
        List<PpgttRoot> ppgttRoots, List<PendingWorkload> workloads, List<ExeclistPort> execlists,
        List<VendorBlob> vendorBlobs) {

    public DeviceState {
        Objects.requireNonNull(windows);
        Objects.requireNonNull(config);
        Objects.requireNonNull(mmio);
        if (ggtt.length != windows.pages()) {
            throw new IllegalArgumentException("GGTT has " + ggtt.length + " entries for " + windows.pages() + " pages");
        }
        ppgttRoots = List.copyOf(ppgttRoots);
        workloads = List.copyOf(workloads);
        execlists = List.copyOf(execlists);
        vendorBlobs = List.copyOf(vendorBlobs);
    }

    /** A state without vendor blobs (genscope's own vGPUs). */
    public DeviceState(int vgtId, GraphicsWindows windows, PciConfig config, MmioSnapshot mmio, long[] ggtt,
            List<PpgttRoot> ppgttRoots, List<PendingWorkload> workloads, List<ExeclistPort> execlists) {
        this(vgtId, windows, config, mmio, ggtt, ppgttRoots, workloads, execlists, List.of());
    }

    /**
     * The state of a vGPU whose hypervisor runs outside genscope: its PCI device id, windows, GGTT
     * entries of both windows (present bit 0, page address in bits 12..45) and its virtual
     * registers ({@link MmioSnapshot#SIZE} bytes, or fewer: the rest reads as zero). The PVINFO page
     * is written over the registers from the windows, as the mediator emulates it; then its PPGTT
     * roots, pending workloads, execlist ports and vendor blobs.
     */
    public static DeviceState forGuest(int vgtId, int pciDeviceId, GraphicsWindows windows, long[] ggtt,
            byte[] registers, List<PpgttRoot> roots, List<PendingWorkload> workloads, List<ExeclistPort> execlists,
            List<VendorBlob> vendorBlobs) {
        if (registers.length > MmioSnapshot.SIZE) {
            throw new IllegalArgumentException("registers hold " + registers.length + " bytes, more than the "
                    + MmioSnapshot.SIZE + " of the register space");
        }
        byte[] image = java.util.Arrays.copyOf(registers, MmioSnapshot.SIZE);
        MmioSnapshot mmio = MmioSnapshot.of(image);
        Pvinfo.write(mmio, vgtId, windows, 0);
        return new DeviceState(vgtId, windows, PciConfig.intelVga(pciDeviceId, 0xf000_0000L, 0xe000_0000L), mmio,
                ggtt.clone(), roots, workloads, execlists, vendorBlobs);
    }

    /** A deep copy (the MMIO image and the GGTT entries are copied). */
    public DeviceState copy() {
        return new DeviceState(vgtId, windows, PciConfig.of(config.image()), MmioSnapshot.of(mmio.image()), ggtt.clone(),
                ppgttRoots, workloads, execlists, vendorBlobs);
    }

    /** Guest page mapped by graphics page {@code index}, or -1. */
    public int gfn(int index) {
        long e = ggtt[index];
        return (e & GuestGgtt.PRESENT) == 0 ? -1 : (int) ((e & GuestGgtt.ADDRESS_MASK) >>> PageStore.PAGE_SHIFT);
    }

    @Override
    public long[] ggtt() {
        return ggtt.clone();
    }

    /** The GGTT array itself, for read-only use. */
    long[] ggttUnsafe() {
        return ggtt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceState d && d.vgtId == vgtId && d.windows.equals(windows) && d.config.equals(config)
                && d.mmio.equals(mmio) && Arrays.equals(d.ggtt, ggtt) && d.ppgttRoots.equals(ppgttRoots)
                && d.workloads.equals(workloads) && d.execlists.equals(execlists) && d.vendorBlobs.equals(vendorBlobs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(vgtId, windows, config, mmio, Arrays.hashCode(ggtt), ppgttRoots, workloads, execlists,
                vendorBlobs);
    }

    @Override
    public String toString() {
        return "DeviceState[vgt " + vgtId + ", " + windows + ", " + ppgttRoots.size() + " PPGTT roots, "
                + workloads.size() + " pending workloads, " + execlists.size() + " execlist ports]";
    }
}
