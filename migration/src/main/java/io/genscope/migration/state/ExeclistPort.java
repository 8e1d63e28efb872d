package io.genscope.migration.state;

import io.genscope.spec.Engine;
import java.util.Arrays;

/**
 * The execlist submit port of one engine as the vGPU emulates it: the four dwords written so far
 * to ELSP and how many (gen8/gen9 write element 1 high, element 1 low, element 0 high, element 0
 * low; the fourth write submits).
 *
 * @param engine the engine
 * @param dwords the last four ELSP writes
 * @param index how many of them belong to a submission still being written (0..3)
 */
public record ExeclistPort(Engine engine, int[] dwords, int index) {
    public ExeclistPort {
        if (dwords.length != 4 || index < 0 || index > 3) {
            throw new IllegalArgumentException("ELSP port needs 4 dwords and an index 0..3");
        }
        dwords = dwords.clone();
    }

    @Override
    public int[] dwords() {
        return dwords.clone();
    }

    /** The context descriptor of element 0 (third and fourth writes). */
    public long element0() {
        return ((long) dwords[2] << 32) | (dwords[3] & 0xffffffffL);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExeclistPort p && p.engine == engine && p.index == index && Arrays.equals(p.dwords, dwords);
    }

    @Override
    public int hashCode() {
        return (engine.hashCode() * 31 + index) * 31 + Arrays.hashCode(dwords);
    }
}
