package io.genscope.parser.errorstate;

import io.genscope.spec.Engine;

/**
 * The registers of one {@code <engine> command stream:} section that decoding needs. Values the
 * section did not print are -1.
 *
 * <pre>
 * rcs0 command stream:
 *   START: 0x00001000                     RING_START: GGTT address of the ring
 *   HEAD:  0x00000040 [0x00000000]        RING_HEAD (offset in bits 20:2) [head of the hung request]
 *   TAIL:  0x00000058 [0x00000000, ...]   RING_TAIL (offset in bits 20:3)
 *   CTL:   0x00003001                     RING_CTL: ring size - 4 KiB in bits 20:12
 *   ACTHD: 0x0000fffe fffee0a4            the address the engine was executing
 * </pre>
 *
 * @param name the engine name as printed
 * @param engine the engine class, or null when the name is not one genscope knows
 * @param instance the engine instance, from 0
 * @param start RING_START
 * @param head RING_HEAD as printed (wrap count in bits 31:21)
 * @param requestHead the byte offset in the ring where the hung request starts (newer kernels), or -1
 * @param tail RING_TAIL
 * @param ctl RING_CTL
 * @param acthd the active head (64-bit on newer kernels)
 * @param pdp0 PDP0 (the PML4 with 4-level PPGTT)
 * @param line line number of the section heading
 * @param offset byte offset of the section heading
 */
public record EngineRegisters(String name, Engine engine, int instance, long start, long head, long requestHead,
        long tail, long ctl, long acthd, long pdp0, int line, long offset) {

    /** Ring size in bytes from RING_CTL, or -1 when CTL was not printed. */
    public int ringSizeFromCtl() {
        return ctl < 0 ? -1 : (int) (ctl & 0x1ff000L) + 4096;
    }

    /** Where decoding the ring starts: the hung request's head when printed, else RING_HEAD's offset; -1 when neither. */
    public long ringHeadOffset() {
        if (requestHead >= 0) {
            return requestHead;
        }
        return head < 0 ? -1 : head & 0x1ffffcL;
    }

    /** Where decoding the ring ends: RING_TAIL's offset, or -1. */
    public long ringTailOffset() {
        return tail < 0 ? -1 : tail & 0x1ffff8L;
    }
}
