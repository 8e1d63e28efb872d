package io.genscope.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * A vGPU's device state as a hypervisor hands it over (source) or receives it (destination): its
 * PCI device id, its two graphics windows in the GGTT, the GGTT entries of both windows and its
 * virtual registers.
 *
 * <pre>
 * GGTT entry (one per 4 KiB page of the windows, aperture first, then hidden):
 *   bit 0        present
 *   bits 12..45  guest-physical address of the page
 * </pre>
 *
 * <pre>{@code
 * long[] ggtt = new long[(int) ((16 << 20) >> 12)];
 * for (int i = 0; i < ggtt.length; i++) ggtt[i] = ((long) (1024 + i) << 12) | 1;   // maps guest pages 1024..
 * VgpuState s = new VgpuState(0x1912, 0, 4 << 20, 1L << 30, 12 << 20, ggtt, new byte[0]);
 * }</pre>
 *
 * @param pciDeviceId the PCI device id the guest sees
 * @param apertureBase graphics address of the aperture window (4 KiB aligned)
 * @param apertureSize its bytes (a multiple of 4 KiB)
 * @param hiddenBase graphics address of the hidden window, above the aperture
 * @param hiddenSize its bytes (a multiple of 4 KiB)
 * @param ggtt one entry per page of both windows (copied)
 * @param registers the virtual register space from offset 0, at most 2 MiB (copied; shorter reads as
 *     zero beyond its end); the PVINFO page in it is the mediator's and is rewritten from the windows
 */
public record VgpuState(int pciDeviceId, long apertureBase, long apertureSize, long hiddenBase, long hiddenSize,
        long[] ggtt, byte[] registers) {

    /**
     * Copies the arrays.
     *
     * @param pciDeviceId the PCI device id
     * @param apertureBase aperture address
     * @param apertureSize aperture bytes
     * @param hiddenBase hidden window address
     * @param hiddenSize hidden window bytes
     * @param ggtt the entries
     * @param registers the register space
     */
    public VgpuState {
        ggtt = Objects.requireNonNull(ggtt, "ggtt").clone();
        registers = Objects.requireNonNull(registers, "registers").clone();
    }

    /**
     * The GGTT entries (a copy).
     *
     * @return one entry per page of both windows
     */
    @Override
    public long[] ggtt() {
        return ggtt.clone();
    }

    /**
     * The registers (a copy).
     *
     * @return the register space as given
     */
    @Override
    public byte[] registers() {
        return registers.clone();
    }

    /**
     * Equal when every field and every entry is.
     *
     * @param o another object
     * @return whether it is the same state
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof VgpuState v && v.pciDeviceId == pciDeviceId && v.apertureBase == apertureBase
                && v.apertureSize == apertureSize && v.hiddenBase == hiddenBase && v.hiddenSize == hiddenSize
                && Arrays.equals(v.ggtt, ggtt) && Arrays.equals(v.registers, registers);
    }

    /**
     * A hash of every field.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(pciDeviceId, apertureBase, apertureSize, hiddenBase, hiddenSize, Arrays.hashCode(ggtt),
                Arrays.hashCode(registers));
    }

    /**
     * The windows and counts, not the arrays' contents.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return String.format("VgpuState[pci 0x%04x, aperture 0x%x+0x%x, hidden 0x%x+0x%x, %d GGTT entries, %d register bytes]",
                pciDeviceId, apertureBase, apertureSize, hiddenBase, hiddenSize, ggtt.length, registers.length);
    }
}
