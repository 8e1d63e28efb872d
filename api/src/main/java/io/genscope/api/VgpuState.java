package io.genscope.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A vGPU's device state as a hypervisor hands it over (source) or receives it (destination): its
 * PCI device id, its two graphics windows in the GGTT, the GGTT entries of both windows, its virtual
 * registers, the roots of the guest page tables it shadows, the workloads submitted and not yet
 * run, its execlist ports, and any state of the mediator's own that genscope carries unread.
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
 * VgpuState s = new VgpuState(0x1912, 0, 4 << 20, 1L << 30, 12 << 20, ggtt, new byte[0])
 *         .withVendorBlobs(List.of(new VgpuState.VendorBlob("guc", gucState)));
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
 * @param pageTableRoots the guest PPGTTs the mediator shadows, at most 1024
 * @param pendingWork workloads the guest submitted that have not run, at most 4096
 * @param execlistPorts what each engine's execlist submit port holds, at most 8
 * @param vendorBlobs the mediator's own state (firmware, GuC, ...), carried byte for byte, at most
 *     4 MiB with their names
 */
public record VgpuState(int pciDeviceId, long apertureBase, long apertureSize, long hiddenBase, long hiddenSize,
        long[] ggtt, byte[] registers, List<PageTableRoot> pageTableRoots, List<PendingWork> pendingWork,
        List<ExeclistPort> execlistPorts, List<VendorBlob> vendorBlobs) {

    /**
     * Copies the arrays and lists.
     *
     * @param pciDeviceId the PCI device id
     * @param apertureBase aperture address
     * @param apertureSize aperture bytes
     * @param hiddenBase hidden window address
     * @param hiddenSize hidden window bytes
     * @param ggtt the entries
     * @param registers the register space
     * @param pageTableRoots the PPGTT roots
     * @param pendingWork the pending workloads
     * @param execlistPorts the execlist ports
     * @param vendorBlobs the mediator's blobs
     */
    public VgpuState {
        ggtt = Objects.requireNonNull(ggtt, "ggtt").clone();
        registers = Objects.requireNonNull(registers, "registers").clone();
        pageTableRoots = List.copyOf(pageTableRoots);
        pendingWork = List.copyOf(pendingWork);
        execlistPorts = List.copyOf(execlistPorts);
        vendorBlobs = List.copyOf(vendorBlobs);
    }

    /**
     * A state of windows, GGTT and registers alone (no page-table roots, pending work, ports or blobs).
     *
     * @param pciDeviceId the PCI device id
     * @param apertureBase aperture address
     * @param apertureSize aperture bytes
     * @param hiddenBase hidden window address
     * @param hiddenSize hidden window bytes
     * @param ggtt the entries
     * @param registers the register space
     */
    public VgpuState(int pciDeviceId, long apertureBase, long apertureSize, long hiddenBase, long hiddenSize, long[] ggtt,
            byte[] registers) {
        this(pciDeviceId, apertureBase, apertureSize, hiddenBase, hiddenSize, ggtt, registers, List.of(), List.of(),
                List.of(), List.of());
    }

    /**
     * The same state with these page-table roots, pending work and execlist ports.
     *
     * @param roots the PPGTT roots
     * @param work the pending workloads
     * @param ports the execlist ports
     * @return a new state
     */
    public VgpuState withSubmissions(List<PageTableRoot> roots, List<PendingWork> work, List<ExeclistPort> ports) {
        return new VgpuState(pciDeviceId, apertureBase, apertureSize, hiddenBase, hiddenSize, ggtt, registers, roots, work,
                ports, vendorBlobs);
    }

    /**
     * The same state with these vendor blobs.
     *
     * @param blobs the mediator's blobs
     * @return a new state
     */
    public VgpuState withVendorBlobs(List<VendorBlob> blobs) {
        return new VgpuState(pciDeviceId, apertureBase, apertureSize, hiddenBase, hiddenSize, ggtt, registers,
                pageTableRoots, pendingWork, execlistPorts, blobs);
    }

    /**
     * The root of a guest PPGTT the mediator shadows.
     *
     * <pre>{@code
     * new VgpuState.PageTableRoot(4, new long[] {pml4Address, 0, 0, 0})
     * }</pre>
     *
     * @param levels 3 (four page-directory pointers) or 4 (a PML4 in {@code roots[0]})
     * @param roots four guest-physical table addresses (copied)
     */
    public record PageTableRoot(int levels, long[] roots) {
        /**
         * Checks and copies.
         *
         * @param levels 3 or 4
         * @param roots four addresses
         */
        public PageTableRoot {
            if (levels != 3 && levels != 4) {
                throw new IllegalArgumentException("a PPGTT has 3 or 4 levels, not " + levels);
            }
            if (roots.length != 4) {
                throw new IllegalArgumentException("a PPGTT root holds 4 addresses, not " + roots.length);
            }
            roots = roots.clone();
        }

        /**
         * The addresses (a copy).
         *
         * @return four addresses
         */
        @Override
        public long[] roots() {
            return roots.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PageTableRoot r && r.levels == levels && Arrays.equals(r.roots, roots);
        }

        @Override
        public int hashCode() {
            return 31 * levels + Arrays.hashCode(roots);
        }
    }

    /**
     * A workload the guest submitted that has not run yet: the ring context it names and the
     * execlist dwords that submit it.
     *
     * <pre>{@code
     * new VgpuState.PendingWork(Engine.RENDER, 0x0010_4019L, new int[] {0, 0, 0x4019, 0x0010_0000})
     * }</pre>
     *
     * @param engine the engine it was submitted to (render, video, blitter or video-enhance)
     * @param contextDescriptor its context descriptor (the logical ring context address in bits 12..31)
     * @param elsp the four dwords written to the engine's submit port (copied)
     */
    public record PendingWork(Engine engine, long contextDescriptor, int[] elsp) {
        /**
         * Checks and copies.
         *
         * @param engine the engine
         * @param contextDescriptor the descriptor
         * @param elsp four dwords
         */
        public PendingWork {
            legacyEngine(engine);
            elsp = fourDwords(elsp).clone();
        }

        /**
         * The submit-port dwords (a copy).
         *
         * @return four dwords
         */
        @Override
        public int[] elsp() {
            return elsp.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PendingWork w && w.engine == engine && w.contextDescriptor == contextDescriptor
                    && Arrays.equals(w.elsp, elsp);
        }

        @Override
        public int hashCode() {
            return Objects.hash(engine, contextDescriptor, Arrays.hashCode(elsp));
        }
    }

    /**
     * What one engine's execlist submit port holds.
     *
     * <pre>{@code
     * new VgpuState.ExeclistPort(Engine.BLITTER, 0, new int[] {0, 0, 0x8019, 0x0020_0000})
     * }</pre>
     *
     * @param engine the engine (render, video, blitter or video-enhance)
     * @param index which element of the port, 0 to 3
     * @param dwords its four dwords (copied)
     */
    public record ExeclistPort(Engine engine, int index, int[] dwords) {
        /**
         * Checks and copies.
         *
         * @param engine the engine
         * @param index 0 to 3
         * @param dwords four dwords
         */
        public ExeclistPort {
            legacyEngine(engine);
            if (index < 0 || index > 3) {
                throw new IllegalArgumentException("an execlist port index is 0 to 3, not " + index);
            }
            dwords = fourDwords(dwords).clone();
        }

        /**
         * The dwords (a copy).
         *
         * @return four dwords
         */
        @Override
        public int[] dwords() {
            return dwords.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ExeclistPort p && p.engine == engine && p.index == index && Arrays.equals(p.dwords, dwords);
        }

        @Override
        public int hashCode() {
            return Objects.hash(engine, index, Arrays.hashCode(dwords));
        }
    }

    /**
     * State of the mediator's own that genscope carries without reading it.
     *
     * <pre>{@code
     * new VgpuState.VendorBlob("guc-state", gucBytes)
     * }</pre>
     *
     * @param name its owner's name for it: 1 to 64 printable ASCII characters
     * @param bytes the content (copied)
     */
    public record VendorBlob(String name, byte[] bytes) {
        /**
         * Copies.
         *
         * @param name the name
         * @param bytes the content
         */
        public VendorBlob {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || name.length() > 64 || !name.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("a vendor blob's name is 1 to 64 printable ASCII characters: \"" + name
                        + "\"");
            }
            bytes = Objects.requireNonNull(bytes, "bytes").clone();
        }

        /**
         * The content (a copy).
         *
         * @return the bytes
         */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VendorBlob b && b.name.equals(name) && Arrays.equals(b.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return 31 * name.hashCode() + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "VendorBlob[" + name + ", " + bytes.length + " bytes]";
        }
    }

    private static void legacyEngine(Engine engine) {
        if (engine == null || engine == Engine.COMPUTE) {
            throw new IllegalArgumentException("pending work and execlist ports name the render, video, blitter or"
                    + " video-enhance engine, not " + engine);
        }
    }

    private static int[] fourDwords(int[] d) {
        if (Objects.requireNonNull(d).length != 4) {
            throw new IllegalArgumentException("four dwords expected, not " + d.length);
        }
        return d;
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
                && Arrays.equals(v.ggtt, ggtt) && Arrays.equals(v.registers, registers)
                && v.pageTableRoots.equals(pageTableRoots) && v.pendingWork.equals(pendingWork)
                && v.execlistPorts.equals(execlistPorts) && v.vendorBlobs.equals(vendorBlobs);
    }

    /**
     * A hash of every field.
     *
     * @return the hash
     */
    @Override
    public int hashCode() {
        return Objects.hash(pciDeviceId, apertureBase, apertureSize, hiddenBase, hiddenSize, Arrays.hashCode(ggtt),
                Arrays.hashCode(registers), pageTableRoots, pendingWork, execlistPorts, vendorBlobs);
    }

    /**
     * The windows and counts, not the arrays' contents.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return String.format("VgpuState[pci 0x%04x, aperture 0x%x+0x%x, hidden 0x%x+0x%x, %d GGTT entries, %d register bytes,"
                + " %d PPGTT roots, %d pending, %d execlist ports, %d vendor blobs]", pciDeviceId, apertureBase, apertureSize,
                hiddenBase, hiddenSize, ggtt.length, registers.length, pageTableRoots.size(), pendingWork.size(),
                execlistPorts.size(), vendorBlobs.size());
    }
}
