package io.genscope.parser.asm;

import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;

/**
 * A run of assembled dwords at one address: what one {@code .org} (or a change of {@code .gen}
 * or {@code .engine}) starts.
 *
 * @param spec the generation in force ({@code .gen}), or null when none was given
 * @param engine the engine in force ({@code .engine}, render by default)
 * @param space the address space {@code .org} named (GGTT by default)
 * @param address GPU address of the first dword
 * @param dwords the dwords
 */
public record Section(Spec spec, Engine engine, AddressSpace space, long address, int[] dwords) {
    /** The address just past the last dword. */
    public long end() {
        return address + 4L * dwords.length;
    }
}
