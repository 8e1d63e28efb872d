package io.genscope.parser.errorstate;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.capture.Problem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Xe devcoredumps written from the iris-skl capture's submissions: each job's batch, cut out of
 * the VM state, must print (headers and every field, ACTHD marked) as the batch from the AUB.
 */
class XeCoredumpTest {
    @Test
    void batchesDecodeAsFromTheAub() {
        int compared = 0;
        for (AubSnapshots.Snapshot snap : AubSnapshots.of("iris-skl.aub.xz", "gen9")) {
            String text = XeCoredumpWriter.write(0x1912, "scene [77]", snap.batch(), snap.dump());
            ErrorStateRoundTripTest.Decoded d = new ErrorStateRoundTripTest.Decoded();
            ErrorState state = ErrorStateFormat.read(text.getBytes(StandardCharsets.US_ASCII), d);

            assertThat(state.xe()).isTrue();
            assertThat(d.problems).isEmpty();
            assertThat(d.info.format()).isEqualTo("xe-devcoredump");
            assertThat(d.info.specName()).isEqualTo("gen9");
            assertThat(d.info.application()).isEqualTo("scene [77]");
            assertThat(d.submissions).isEmpty();
            assertThat(state.engines()).extracting(EngineRegisters::name).containsExactly("rcs0", "bcs0");
            assertThat(state.engines().get(0).acthd()).isEqualTo(snap.acthd());
            assertThat(d.batchHeaders.toString()).isEqualTo(snap.batchHeaders());
            assertThat(d.batchFull.toString()).isEqualTo(snap.batchFull());
            assertThat(d.batchHeaders.toString()).contains(" (ACTHD)");
            assertThat(d.comments).contains(String.format("--- batch buffer (rcs0) at 0x%08x %08x",
                    snap.batch() >>> 32, snap.batch() & 0xffffffffL), "[ffff00000000].error: -14");
            assertThat(d.comments).noneMatch(c -> c.contains("].data:") || c.startsWith("--- VM area"));
            compared++;
        }
        assertThat(compared).isEqualTo(4);
    }

    @Test
    void damageInTheVmStateNamesItsLine() {
        String text = "**** Xe Device Coredump ****\nPCI ID: 0x9a49\n**** Job ****\n\tbatch_addr[0]: 0x0000000000011000\n"
                + "\tbatch_addr[1]: 0x0000000000090000\n\tbatch_addr[2]: 0xzz\n"
                + "**** HW Engines ****\nvcs0 (physical), logical instance=0\n\tACTHD: 0x0000000000011004\n"
                + "**** VM state ****\n[10000].length: 0x2000\n[10000].data: " + "z".repeat(1028) + "(k;V\n"
                + "[20000].data: zz\n";
        ErrorStateRoundTripTest.Decoded d = new ErrorStateRoundTripTest.Decoded();
        ErrorState state = ErrorStateFormat.read(text.getBytes(StandardCharsets.US_ASCII), d);
        assertThat(d.problems).extracting(Problem::message).containsExactly(
                "line 6: cannot read the batch address in \"batch_addr[2]: 0xzz\"",
                "line 12: bad ascii85 payload at column 1043: the payload ends inside a five-character group;"
                        + " keeping the 1028 dwords before it",
                "line 12: VM area 0x10000 has 4112 bytes of data, its length says 8192",
                "line 13: data of VM area 0x20000 without a length line before it",
                "line 5: batch_addr 0x90000 is in no dumped VM area");
        assertThat(d.problems.get(4).kind()).isEqualTo(Problem.Kind.UNMAPPED);
        assertThat(state.buffers()).filteredOn(b -> b.kind() == BufferKind.BATCH).singleElement().satisfies(b -> {
            assertThat(b.engine()).isEqualTo(io.genscope.spec.Engine.VIDEO);
            assertThat(b.dwords()).hasSize(1028 - 1024);
        });
        assertThat(List.of(d.info.specName())).containsExactly("gen12");
    }
}
