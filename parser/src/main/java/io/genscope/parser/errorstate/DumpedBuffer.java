package io.genscope.parser.errorstate;

import io.genscope.spec.Engine;

/**
 * One buffer an error state dumped: the {@code <engine> --- <name> = 0x<hi> <lo>} line and the
 * dwords of the payload that follows it.
 *
 * @param engineName the engine part of the line as printed ({@code rcs0}, {@code render ring}, {@code global})
 * @param engine the engine it belongs to, or null when the name is not an engine
 * @param instance the engine instance, from 0
 * @param name the buffer name as printed ({@code ring}, {@code batch}, {@code HW context}, {@code user}, ...)
 * @param kind what the name says it is
 * @param address its graphics address (GGTT or PPGTT: the error state does not say which)
 * @param dwords its contents as dumped (possibly cut short by damage)
 * @param line the line number of its {@code ---} line
 * @param offset the byte offset of its {@code ---} line
 */
public record DumpedBuffer(String engineName, Engine engine, int instance, String name, BufferKind kind, long address,
        int[] dwords, int line, long offset) {

    /** Size in bytes of what was dumped. */
    public long size() {
        return 4L * dwords.length;
    }

    /** Whether {@code address} (48-bit) lies inside the dumped bytes. */
    public boolean contains(long address) {
        long a = address & DumpedMemory.ADDRESS_MASK;
        long base = this.address & DumpedMemory.ADDRESS_MASK;
        return a >= base && a - base < size();
    }
}
