package io.genscope.migration.workload.capture;

import io.genscope.spec.AddressSpace;

/**
 * A range of GPU memory a command writes when it executes, as the command model derives it.
 *
 * @param kind what writes it
 * @param command the command the write was derived from (the draw for bound targets)
 * @param commandAddress where that command is
 * @param space the address space of {@code address}
 * @param address the first byte written (as the command holds it, 48 bits)
 * @param bytes how many bytes from there (at least 1)
 */
public record GpuTarget(Kind kind, String command, long commandAddress, AddressSpace space, long address, long bytes) {

    /** Where a GPU write comes from. */
    public enum Kind {
        /** PIPE_CONTROL post-sync write (immediate data or timestamp). */
        PIPE_CONTROL,
        /** MI_STORE_DATA_IMM. */
        STORE_DATA,
        /** MI_FLUSH_DW post-sync write. */
        FLUSH_DW,
        /** Colour render target bound in the pixel shader's binding table, written by a draw. */
        RENDER_TARGET,
        /** Depth buffer written by a draw (depth writes enabled). */
        DEPTH,
        /** Stencil buffer written by a draw (stencil writes enabled). */
        STENCIL,
        /** Hierarchical depth buffer, written with the depth buffer. */
        HIZ,
        /** Stream-output buffer bound for writing. */
        STREAM_OUT,
        /** The context image (hardware status page, ring state) saved when the context is switched out. */
        CONTEXT_SAVE
    }
}
