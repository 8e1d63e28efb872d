package io.genscope.rewriter;

import io.genscope.spec.Engine;

/**
 * One address moved from the guest windows to the host windows.
 *
 * @param source what kind of place held it
 * @param address the GPU address of the command (the MI_LOAD_REGISTER_IMM for register values in
 *     context images and streams; the MMIO offset for register writes; the guest GGTT address of
 *     the first page for GGTT entries and writes)
 * @param engine the engine whose stream or register it was, or null
 * @param command the command (or {@code MMIO write}, {@code GGTT entries}, ...)
 * @param field the field's name ({@code Address}, {@code RCS_RING_BUFFER_START.Starting Address})
 * @param offset byte offset of the dword holding the field's lowest bit in the input file, or -1
 *     when it is not known
 * @param oldValue the address before
 * @param newValue the address after
 */
public record Relocation(Source source, long address, Engine engine, String command, String field, long offset,
        long oldValue, long newValue) {
}
