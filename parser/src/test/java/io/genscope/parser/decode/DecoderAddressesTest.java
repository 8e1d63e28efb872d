package io.genscope.parser.decode;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Decoder#addresses}: top-level fields, group elements and fields of nested structures. */
class DecoderAddressesTest {
    private final Decoder gen9 = new Decoder(SpecLoader.builtin("gen9"));

    private List<String> addresses(int[] dwords, AddressSpace batch) {
        Command c = gen9.decodeOne(Engine.RENDER, dwords, 0, dwords.length, 0x1000, batch);
        return gen9.addresses(c).stream()
                .map(a -> a.field() + "=" + Long.toHexString(a.address()) + " " + a.space() + " " + a.startBit()
                        + ".." + a.endBit())
                .toList();
    }

    @Test
    void topLevelFieldsKeepTheirNamesGatesAndConditions() {
        // MI_STORE_DATA_IMM, Use Global GTT: GGTT address 0x12340 (dword 1 bits 31:2, dword 2 bits 15:0)
        assertThat(addresses(new int[] {0x10400002, 0x12340, 0, 7}, AddressSpace.PPGTT))
                .containsExactly("Address=12340 GGTT 34..79");
        // PIPE_CONTROL without post-sync write: no address
        assertThat(addresses(new int[] {0x7a000004, 1 << 24, 0x5000, 0, 0, 0}, AddressSpace.GGTT)).isEmpty();
        // with a write-immediate post-sync op and GGTT destination
        assertThat(addresses(new int[] {0x7a000004, 1 << 24 | 1 << 14, 0x5000, 0, 0, 0}, AddressSpace.PPGTT))
                .containsExactly("Address=5000 GGTT 66..111");
    }

    @Test
    void structsInGroupsAreNamedByPath() {
        // 3DSTATE_VERTEX_BUFFERS with two VERTEX_BUFFER_STATEs (4 dwords each)
        int[] vb = {0x78080007, 1 << 14, 0x10000, 0, 64, 1 << 26 | 1 << 14, 0x20000, 0x1, 64};
        assertThat(addresses(vb, AddressSpace.GGTT)).containsExactly(
                "Vertex Buffer State[0].Buffer Starting Address=10000 GGTT 64..127",
                "Vertex Buffer State[1].Buffer Starting Address=100020000 GGTT 192..255");
    }

    @Test
    void stateBasesAndVertexBuffersAreAddressesOnlyWhenTheirModifyBitIsSet() {
        int[] vb = {0x78080003, 0, 0x10000, 0, 64};
        assertThat(addresses(vb, AddressSpace.GGTT)).isEmpty();
        int[] sba = new int[19];
        sba[0] = 0x61010011;
        sba[4] = 0x5000 | 1; // Surface State Base Address, modify enable
        sba[6] = 0x6000; // Dynamic State Base Address, not modified
        assertThat(addresses(sba, AddressSpace.GGTT)).containsExactly("Surface State Base Address=5000 GGTT 140..191");
    }

    @Test
    void groupsInsideStructsCarryTheirIndex() {
        // 3DSTATE_CONSTANT_VS: Constant Body (read lengths, then four 64-bit buffer addresses)
        int[] cvs = new int[11];
        cvs[0] = 0x78150009;
        cvs[3] = 0x1000;
        cvs[9] = 0x4000;
        cvs[10] = 0x2;
        assertThat(addresses(cvs, AddressSpace.PPGTT)).containsExactly(
                "Constant Body.Buffer[0]=1000 PPGTT 101..159", "Constant Body.Buffer[1]=0 PPGTT 165..223",
                "Constant Body.Buffer[2]=0 PPGTT 229..287", "Constant Body.Buffer[3]=200004000 PPGTT 293..351");
    }

    @Test
    void groupMembersReadTheirGateFromTheCommand() {
        // MI_LOAD_REGISTER_MEM with a second (register, address) group: 7 dwords, GGTT
        int[] lrm = {0x14c00005, 0x2358, 0x1000, 0, 0x235c, 0x2000, 0};
        assertThat(addresses(lrm, AddressSpace.PPGTT)).containsExactly("Memory Address=1000 GGTT 66..127",
                "Memory Address[0]=2000 GGTT 162..223");
    }
}
