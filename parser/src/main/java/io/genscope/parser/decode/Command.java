package io.genscope.parser.decode;

import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;

/**
 * One decoded command.
 *
 * @param address GPU address of dword 0 (48-bit)
 * @param engine the engine whose stream it is in
 * @param space the address space of the buffer it was read from
 * @param def its definition, or null for an unknown command
 * @param length its length in dwords as its header states it (fallback rule for unknown ones)
 * @param dwords the dwords that were available, at most {@code length}
 */
public record Command(long address, Engine engine, AddressSpace space, CommandDef def, int length, int[] dwords) {

    /** The command's name, or {@code unknown} for a dword 0 the spec does not describe. */
    public String name() {
        return def == null ? "unknown" : def.name();
    }

    /** Dword 0. */
    public int header() {
        return dwords[0];
    }

    /** Whether the buffer ended before the command did. */
    public boolean truncated() {
        return dwords.length < length;
    }

    public boolean known() {
        return def != null;
    }
}
