package io.genscope.migration.state;

import io.genscope.spec.Engine;
import java.util.Arrays;

/**
 * A workload the guest submitted that the vGPU had not yet run when it stopped: which engine, the
 * context descriptor, and the ELSP dwords that submit it again at the destination.
 *
 * <pre>
 * context descriptor (64 bits)
 *  63      32 31          12 11    0
 * +----------+-------------+-------+
 * |context ID|  LRCA (GGTT)| flags |    ring state in the context image at LRCA + 4 KiB
 * +----------+-------------+-------+
 * </pre>
 */
public record PendingWorkload(Engine engine, long descriptor, int[] elsp) {
    public PendingWorkload {
        if (elsp.length != 4) {
            throw new IllegalArgumentException("a workload is submitted with 4 ELSP dwords");
        }
        elsp = elsp.clone();
    }

    @Override
    public int[] elsp() {
        return elsp.clone();
    }

    /** GGTT address of the logical ring context. */
    public long lrca() {
        return descriptor & 0xfffff000L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PendingWorkload w && w.engine == engine && w.descriptor == descriptor
                && Arrays.equals(w.elsp, elsp);
    }

    @Override
    public int hashCode() {
        return (engine.hashCode() * 31 + Long.hashCode(descriptor)) * 31 + Arrays.hashCode(elsp);
    }
}
