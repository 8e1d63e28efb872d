package io.genscope.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Commands encoded by hand from the PRM layouts (each dword commented) and rewritten with a map
 * whose aperture moves by +1 GiB and whose hidden window moves above 4 GiB.
 */
class CommandRewriterTest {
    /** Guest aperture [0, 256M) -> [1G, 1.25G); guest hidden [256M, 1.25G) -> [4G, 5G). */
    static final WindowMap MAP = WindowMap.of(new Window(0, 256L << 20), new Window(256L << 20, 1L << 30),
            0x4000_0000L, 0x1_0000_0000L);

    private final CommandRewriter gen9 = new CommandRewriter(SpecLoader.builtin("gen9"), MAP);
    private final List<String> events = new ArrayList<>();
    private final RewriteSink sink = new RewriteSink() {
        @Override
        public void relocated(int at, int dword, String command, AddressField field, int element, long oldAddress,
                long newAddress) {
            events.add(String.format("%d/%d %s.%s 0x%x->0x%x", at, dword, command, field.name(element), oldAddress,
                    newAddress));
        }

        @Override
        public void rejected(int at, int dword, String command, AddressField field, int element, long address,
                Rejection why) {
            events.add(String.format("%d/%d %s.%s 0x%x %s", at, dword, command, field.name(element), address, why));
        }
    };

    private int[] rewrite(CommandRewriter r, Engine engine, AddressSpace space, int... dwords) {
        int[] d = dwords.clone();
        r.rewrite(engine, space, d, 0, d.length, sink);
        return d;
    }

    private int[] render(int... dwords) {
        return rewrite(gen9, Engine.RENDER, AddressSpace.GGTT, dwords);
    }

    @Test
    void storeDataImmediateDwordAndQwordForms() {
        assertThat(render(
                0x10400002,   // MI_STORE_DATA_IMM: opcode 0x20, Use Global GTT (22), DWord Length 2
                0x00123405,   // address 0x123404 in 31:2, Core Mode Enable (bit 0)
                0x00000000,   // address 47:32
                0xcafe0001))  // data
                .containsExactly(0x10400002, 0x40123405, 0x00000000, 0xcafe0001);
        assertThat(render(
                0x10600003,   // MI_STORE_DATA_IMM: Store Qword (21), Use Global GTT (22), DWord Length 3
                0x08000000,   // hidden-window address 0x08000000... in the guest hidden window? no: aperture
                0x00000000,
                0x11111111, 0x22222222))
                .containsExactly(0x10600003, 0x48000000, 0, 0x11111111, 0x22222222);
        assertThat(render(
                0x10600003,
                0x20000000,   // 0x20000000: guest hidden window, moves to 0x1_1000_0000
                0x00000000,
                0x11111111, 0x22222222))
                .containsExactly(0x10600003, 0x10000000, 0x00000001, 0x11111111, 0x22222222);
        assertThat(render(0x10000002, 0x00123404, 0, 1)) // no Use Global GTT: a PPGTT address, untouched
                .containsExactly(0x10000002, 0x00123404, 0, 1);
        assertThat(events).containsExactly("0/1 MI_STORE_DATA_IMM.Address 0x123404->0x40123404",
                "0/1 MI_STORE_DATA_IMM.Address 0x8000000->0x48000000",
                "0/1 MI_STORE_DATA_IMM.Address 0x20000000->0x110000000");
    }

    @Test
    void pipeControlWritesOnlyWithAPostSyncWriteToTheGgtt() {
        int dw0 = 0x7a000004; // PIPE_CONTROL, 6 dwords
        // DW1: Destination Address Type GGTT (24), Post Sync Operation 1 = write immediate (15:14)
        assertThat(render(dw0, 1 << 24 | 1 << 14, 0x00002000, 0, 7, 0))
                .containsExactly(dw0, 1 << 24 | 1 << 14, 0x40002000, 0, 7, 0);
        // + Store Data Index (21): the address is an offset in the hardware status page
        assertThat(render(dw0, 1 << 24 | 1 << 21 | 1 << 14, 0x00000040, 0, 7, 0))
                .containsExactly(dw0, 1 << 24 | 1 << 21 | 1 << 14, 0x40, 0, 7, 0);
        // + LRI Post Sync Operation (23): dword 2 is a register
        assertThat(render(dw0, 1 << 24 | 1 << 23 | 1 << 14, 0x00002358, 0, 7, 0))
                .containsExactly(dw0, 1 << 24 | 1 << 23 | 1 << 14, 0x2358, 0, 7, 0);
        // no post-sync operation, or a PPGTT destination
        assertThat(render(dw0, 1 << 24, 0x2000, 0, 0, 0)).containsExactly(dw0, 1 << 24, 0x2000, 0, 0, 0);
        assertThat(render(dw0, 3 << 14, 0x2000, 0, 0, 0)).containsExactly(dw0, 3 << 14, 0x2000, 0, 0, 0);
        assertThat(events).hasSize(1);
    }

    @Test
    void flushDwKeepsItsAddressTypeBitSharingTheAddressDword() {
        int[] out = rewrite(gen9, Engine.BLITTER, AddressSpace.GGTT,
                0x13004003,   // MI_FLUSH_DW: opcode 0x26, Post-Sync Operation 1 (15:14), DWord Length 3
                0x00003004,   // address 0x3000 in 47:3 of DW1-2, Destination Address Type GGTT (bit 2)
                0x00000000,
                0x12345678, 0x9abcdef0);
        assertThat(out).containsExactly(0x13004003, 0x40003004, 0, 0x12345678, 0x9abcdef0);
    }

    @Test
    void batchBufferStartGgttOnlyAndCanonicalFormKept() {
        assertThat(render(0x18800001, 0x00100000, 0)).containsExactly(0x18800001, 0x40100000, 0);
        assertThat(render(0x18800101, 0x00100000, 0)).containsExactly(0x18800101, 0x00100000, 0); // PPGTT (bit 8)
        // host hidden window above 2^47: the 64-bit address field becomes canonical (bits 63:48 = bit 47)
        WindowMap high = WindowMap.of(MAP.guestAperture(), MAP.guestHidden(), 0x4000_0000L, 0xffff_8000_0000L);
        CommandRewriter r = new CommandRewriter(SpecLoader.builtin("gen9"), high);
        assertThat(rewrite(r, Engine.RENDER, AddressSpace.GGTT, 0x18800001, 0x10001000, 0))
                .containsExactly(0x18800001, 0x80001000, 0xffffffff);
        // and back: h2g restores the zero high bits
        assertThat(rewrite(new CommandRewriter(SpecLoader.builtin("gen9"), high.inverse()), Engine.RENDER,
                AddressSpace.GGTT, 0x18800001, 0x80001000, 0xffffffff))
                .containsExactly(0x18800001, 0x10001000, 0);
        // non-canonical high bits (the hardware ignores 63:48) are kept as they were
        assertThat(rewrite(r, Engine.RENDER, AddressSpace.GGTT, 0x18800001, 0x10001000, 0x12340000))
                .containsExactly(0x18800001, 0x80001000, 0x1234ffff);
    }

    @Test
    void anAddressTheFieldCannotHoldIsReportedNotTruncated() {
        // MI_DISPLAY_FLIP: surface address 31:12 of DW2 (a 32-bit GGTT address), flip type in 1:0
        int[] flip = {0x0a000001, 0x00000400, 0x20005001};
        assertThat(render(flip)).containsExactly(flip); // 0x20005000 -> 0x1_1000_5000 needs 33 bits
        assertThat(render(0x0a000001, 0x400, 0x00005001)).containsExactly(0x0a000001, 0x400, 0x40005001);
        assertThat(events).containsExactly(
                "0/2 MI_DISPLAY_FLIP.Display Buffer Base Address 0x20005000 DOES_NOT_FIT",
                "0/2 MI_DISPLAY_FLIP.Display Buffer Base Address 0x5000->0x40005000");
    }

    @Test
    void outsideTheWindowsAndCutOffCommandsAreReportedWithTheirPositions() {
        int[] d = render(
                0x00000000,                 // MI_NOOP
                0x10400002, 0x60000000, 0, 1, // MI_STORE_DATA_IMM to 0x60000000: outside both guest windows
                0x10400002, 0x00001000);    // cut off after dword 1
        assertThat(d[2]).isEqualTo(0x60000000);
        assertThat(d[6]).isEqualTo(0x1000);
        assertThat(events).containsExactly("1/2 MI_STORE_DATA_IMM.Address 0x60000000 OUTSIDE_WINDOWS",
                "5/6 MI_STORE_DATA_IMM.Address 0x0 TRUNCATED");
    }

    @Test
    void registerValuesLoadedByLriMoveWhenTheRegisterHoldsAnAddress() {
        assertThat(render(
                0x11000003,   // MI_LOAD_REGISTER_IMM, two pairs
                0x00002038,   // RCS_RING_BUFFER_START
                0x00010000,   // ring at GGTT 0x10000
                0x0000203c,   // RCS_RING_BUFFER_CTL: not an address
                0x00010000))
                .containsExactly(0x11000003, 0x2038, 0x40010000, 0x203c, 0x10000);
        assertThat(events).containsExactly(
                "0/2 MI_LOAD_REGISTER_IMM.RCS_RING_BUFFER_START.Starting Address 0x10000->0x40010000");
    }

    @Test
    void stateBasesMoveOnlyWhenSetAndOnlyInGgttBatches() {
        int[] sba = new int[19];
        sba[0] = 0x61010011;          // STATE_BASE_ADDRESS, 19 dwords on gen9
        sba[1] = 0x00001001;          // General State Base Address 0x1000, Modify Enable (bit 0)
        sba[4] = 0x00002000;          // Surface State Base Address 0x2000 without Modify Enable
        int[] out = render(sba);
        assertThat(out[1]).isEqualTo(0x40001001);
        assertThat(out[4]).isEqualTo(0x2000);
        assertThat(rewrite(gen9, Engine.RENDER, AddressSpace.PPGTT, sba)).containsExactly(sba);
    }

    @Test
    void structsInRepeatedGroupsAndRepeatedRegisterGroups() {
        assertThat(render(
                0x78080007,   // 3DSTATE_VERTEX_BUFFERS, two VERTEX_BUFFER_STATEs
                0x00004040,   // buffer 0: Address Modify Enable (14), pitch 64
                0x00001000, 0, 0x100,
                0x04004040,   // buffer 1 (index 26..31 = 1)
                0x20000000, 0, 0x100))
                .containsExactly(0x78080007, 0x4040, 0x40001000, 0, 0x100, 0x04004040, 0x10000000, 1, 0x100);
        assertThat(render(
                0x14c00005,   // MI_LOAD_REGISTER_MEM, Use Global GTT (22), two (register, address) groups
                0x2358, 0x00001000, 0,
                0x235c, 0x00002000, 0))
                .containsExactly(0x14c00005, 0x2358, 0x40001000, 0, 0x235c, 0x40002000, 0);
        assertThat(events).contains("0/6 3DSTATE_VERTEX_BUFFERS.Vertex Buffer State[1].Buffer Starting Address"
                + " 0x20000000->0x110000000", "0/5 MI_LOAD_REGISTER_MEM.Memory Address[0] 0x2000->0x40002000");
    }

    @Test
    void gen8SemaphoreAddressIsOneAddressAcrossItsTwoDwords() {
        CommandRewriter gen8 = new CommandRewriter(SpecLoader.builtin("gen8"), MAP);
        assertThat(rewrite(gen8, Engine.RENDER, AddressSpace.GGTT,
                0x0e400002,   // MI_SEMAPHORE_WAIT, Memory Type GGTT (22)
                0x00000005,   // semaphore data
                0x20000000,   // address 31:2
                0x00000000))  // address 47:32
                .containsExactly(0x0e400002, 5, 0x10000000, 1);
    }

    @Test
    void ppgttBuffersAreLeftAloneWhateverTheirCommandsSay() {
        int[] d = {0x10400002, 0x1000, 0, 1};
        assertThat(gen9.rewrite(Engine.RENDER, AddressSpace.PPGTT, d, 0, 4, sink)).isZero();
        assertThat(d).containsExactly(0x10400002, 0x1000, 0, 1);
        assertThat(events).isEmpty();
    }

    @Test
    void mmioRegisterWritesAndContextDescriptors() {
        assertThat(gen9.rewriteRegister(0x2080, 0x19000, sink)).isEqualTo(0x40019000); // RCS_HWS_PGA
        assertThat(gen9.rewriteRegister(0x100000, 0x00200001, sink)).isEqualTo(0x40200001); // fence 0 start, valid
        assertThat(gen9.rewriteRegister(0x100000, 0x00200000, sink)).isEqualTo(0x00200000); // not valid: not set
        assertThat(gen9.rewriteRegister(0x100004, 0x002ff080, sink)).isEqualTo(0x402ff080); // fence 0 end, pitch kept
        assertThat(gen9.rewriteRegister(0x78040, 0x0, sink)).isEqualTo(0x40000000); // PVINFO mappable base
        assertThat(gen9.rewriteRegister(0x78044, 0x10000000, sink)).isEqualTo(0x10000000); // its size
        assertThat(gen9.rewriteRegister(0x2034, 0x10, sink)).isEqualTo(0x10); // RING_HEAD: an offset
        assertThat(gen9.rewriteDescriptorLow(0x2339, sink)).isEqualTo(0x40002339);
        assertThat(gen9.rewriteDescriptorLow(0x2338, sink)).isEqualTo(0x2338); // invalid descriptor
    }
}
