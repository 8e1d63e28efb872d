package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;

/**
 * Receives what {@link AubReader} finds, in file order. Every method does nothing by default.
 * Exceptions thrown here are not caught by the reader.
 */
public interface AubListener {
    /** A version or classic header packet. */
    default void header(AubHeader header) {
    }

    /** A comment packet's text (NUL-terminated text starting at dword 2). */
    default void comment(long fileOffset, String text) {
    }

    /**
     * An execlist submission, at the moment it happened. {@code memoryNow} shows GPU memory as it
     * is now: copy what you need before returning, because later packets change it.
     */
    default void submission(Submission submission, ContextMemory memoryNow) {
    }

    /**
     * A memory write as framed in the file, just before it is applied: one call per MEMORY_WRITE
     * packet and one per used entry of a discontiguous write, with the byte offsets of its parts
     * (for tools that patch a capture in place). Writes the reader rejects as malformed are not
     * reported.
     *
     * @param packetOffset byte offset of the packet
     * @param addressOffset byte offset of the write's 64-bit little-endian address
     * @param space the AUB address space: 0 GGTT (also a legacy trace block's GTT data write), 1
     *     local memory on a device that has it (else physical), 2 physical, 4 GGTT entries, 6, 8, 9,
     *     10 PPGTT entries (NEO)
     * @param address the address as the file holds it
     * @param dataOffset byte offset of the first data byte
     * @param size number of data bytes
     */
    default void memoryWrite(long packetOffset, long addressOffset, int space, long address, long dataOffset,
            long size) {
    }

    /**
     * An MMIO register write of one dword, just before it is applied (a qword write is two calls,
     * low dword first).
     *
     * @param packetOffset byte offset of the packet
     * @param offset the MMIO offset written
     * @param value the dword written
     * @param valueOffset byte offset of the little-endian value in the file
     */
    default void registerWrite(long packetOffset, int offset, int value, long valueOffset) {
    }

    /** How the reader read something unusual in the file that is not a problem with it (one line). */
    default void note(long fileOffset, String text) {
    }

    /** Something wrong with the file; reading goes on where it safely can. */
    default void problem(Problem problem) {
    }

    /** A listener that ignores everything. */
    AubListener NONE = new AubListener() {
    };
}
