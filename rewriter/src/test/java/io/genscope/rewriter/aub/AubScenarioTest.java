package io.genscope.rewriter.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.MappedBytes;
import io.genscope.rewriter.Finding;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.Source;
import io.genscope.rewriter.Window;
import io.genscope.rewriter.WindowMap;
import io.genscope.spec.AddressSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A synthetic Skylake capture exercising everything a capture can hold a GGTT address in: a ring
 * that wraps, GGTT batches (one started predicated), an indirect context and a per-context batch,
 * address-holding registers loaded by the context image, by MI_LOAD_REGISTER_IMM and by MMIO
 * writes (status page, fence, PVINFO), the execlist descriptor, GGTT entries and GGTT writes; one
 * command names memory outside the windows.
 *
 * <pre>
 * guest GGTT  physical   what                     guest windows: aperture [0, 256M), hidden [256M, 1.25G)
 * 0x1000      0x100000   ring (4 KiB)             host windows:  aperture at 1G,     hidden at 2G
 * 0x2000      0x101000   LRCA (status page)
 * 0x3000      0x102000   register state
 * 0x10000     0x110000   batch A
 * 0x11000     0x111000   batch B (second level)
 * 0x12000     0x112000   indirect context (1 cache line)
 * 0x13000     0x113000   per-context batch
 * </pre>
 */
class AubScenarioTest {
    static final WindowMap MAP = WindowMap.of(new Window(0, 256L << 20), new Window(256L << 20, 1L << 30),
            1L << 30, 2L << 30);
    static final long H = 1L << 30; // the aperture's delta

    long hostileOffset;
    long ringSplitOffset;

    byte[] capture() {
        AubBuilder b = new AubBuilder().version("scenario");
        b.ggttEntries(0x1000, 0x100001, 0x101001, 0x102001);
        b.ggttEntries(0x10000, 0x110001, 0x111001, 0x112001, 0x113001);
        int[] ctx = new int[64];
        ctx[1] = 0x1100101b; // MI_LOAD_REGISTER_IMM, 14 pairs
        int[] pairs = {0x2244, 0x00090009, 0x2034, 0xff8, 0x2030, 0x14, 0x2038, 0x1000, 0x203c, 0x1, 0x2168, 0,
            0x2140, 0, 0x2110, 0, 0x211c, 0, 0x2114, 0, 0x2118, 0, 0x21c0, 0x13001, 0x21c4, 0x12001, 0x21c8, 0};
        System.arraycopy(pairs, 0, ctx, 2, pairs.length);
        ctx[52] = 0x05000000; // MI_BATCH_BUFFER_END
        b.write(0, 0x3000, ctx);
        b.write(0, 0x1000, new int[1024]); // the ring, empty
        ringSplitOffset = b.write(0, 0x1ff8,
                0x10400002,           // ring 0xff8: MI_STORE_DATA_IMM, GGTT
                0x00005000);          //   address 31:2 ...
        b.write(0, 0x1000,
                0x00000000,           //   ... 47:32 (after the wrap)
                0x0000dada,           //   data
                0x18800001,           // MI_BATCH_BUFFER_START, GGTT, first level
                0x00010000, 0x00000000);
        long batchA = b.write(2, 0x110000,
                0x7a000004, 0x01004000, 0x00006000, 0, 1, 0, // PIPE_CONTROL, GGTT write immediate to 0x6000
                0x12400002, 0x2358, 0x20000000, 0,           // MI_STORE_REGISTER_MEM, GGTT, hidden window
                0x10400002, 0x70000000, 0, 5,                // MI_STORE_DATA_IMM, GGTT 0x70000000: outside
                0x18c08001, 0x11000, 0,                      // predicated second-level start of batch B
                0x11000001, 0x100000, 0x00400001,            // MI_LOAD_REGISTER_IMM fence 0: start, valid
                0x05000000);
        hostileOffset = batchA + 4 * 11;
        b.write(2, 0x111000, 0x17c00001, 0x7000, 0, 0x05000000); // MI_ATOMIC GGTT; end
        int[] indirect = new int[16];
        indirect[0] = 0x10400002; // MI_STORE_DATA_IMM GGTT 0x8000
        indirect[1] = 0x8000;
        indirect[3] = 7;
        b.write(2, 0x112000, indirect);
        b.write(2, 0x113000, 0x14c00002, 0x2358, 0x9000, 0, 0x05000000); // MI_LOAD_REGISTER_MEM GGTT; end
        b.register(0x2080, 0x19000);                 // RCS_HWS_PGA
        b.register(0x100000, 0);                     // fence 0 off
        b.register(0x100004, 0x00401007);            // fence 0 end page, pitch 7
        b.register(0x100000, 0x00400001);            // fence 0 start, valid
        b.register(0x78040, 0x00000000);             // PVINFO mappable base
        b.register(0x78048, 0x10000000);             // PVINFO non-mappable base
        for (int v : new int[] {0, 0, 0, 0x2339}) {
            b.register(0x2230, v);                   // ELSP: element 1 high, low, element 0 high, low
        }
        return b.bytes();
    }

    /** Everything the reader shows of a capture at its one submission. */
    static final class Seen implements AubListener {
        final List<Submission> submissions = new ArrayList<>();
        /** GGTT address to the dword there, or -1 when unmapped. */
        final Map<Long, Long> memory = new TreeMap<>();
        final List<String> registers = new ArrayList<>();
        final long[] probes;

        Seen(long... probes) {
            this.probes = probes;
        }

        @Override
        public void registerWrite(long packetOffset, int offset, int value, long valueOffset) {
            registers.add(String.format("%x=%08x", offset, value));
        }

        @Override
        public void submission(Submission s, ContextMemory m) {
            submissions.add(s);
            for (long a : probes) {
                int[] d = new int[1];
                memory.put(a, m.read(AddressSpace.GGTT, a, d, 0, 1) == 1 ? d[0] & 0xffffffffL : -1);
            }
        }
    }

    @Test
    void everyPlaceThatHoldsAGgttAddressMovesAndNothingElse() {
        byte[] in = capture();
        RemapReport report = new RemapReport(MAP);
        byte[] out = new AubRemapper(MAP, null).remap(in, report);
        long[] probes = {H + 0x1ffc, H + 0x1000, H + 0x100c, H + 0x3024, H + 0x3064, H + 0x306c,
            H + 0x10008, H + 0x10020, H + 0x1002c, H + 0x1004c, H + 0x11004, H + 0x12004, H + 0x13008, 0x1000};
        Seen seen = new Seen(probes);
        new AubReader().read(MappedBytes.wrap(out), seen);
        assertThat(seen.submissions).hasSize(1);
        Submission s = seen.submissions.get(0);
        assertThat(s.lrca()).isEqualTo(H + 0x2000);
        assertThat(s.ringStart()).isEqualTo(H + 0x1000);
        assertThat(s.ringHead()).isEqualTo(0xff8);
        assertThat(s.ringTail()).isEqualTo(0x14);
        assertThat(seen.memory).containsOnly(
                Map.entry(H + 0x1000, 0L),                  // SDI address high dword, after the ring's wrap
                Map.entry(H + 0x100c, H + 0x10000),         // ring's batch start
                Map.entry(H + 0x1ffc, H + 0x5000),          // SDI address low dword, before the wrap
                Map.entry(H + 0x3024, H + 0x1000),          // context image: ring start
                Map.entry(H + 0x3064, H + 0x13001),         // per-context batch pointer, valid bit kept
                Map.entry(H + 0x306c, H + 0x12001),         // indirect context pointer, size kept
                Map.entry(H + 0x10008, H + 0x6000),         // PIPE_CONTROL address
                Map.entry(H + 0x10020, 0x90000000L),        // SRM to the hidden window: 0x2000_0000 -> 2G + 256M
                Map.entry(H + 0x1002c, 0x70000000L),        // outside the windows: left
                Map.entry(H + 0x1004c, H + 0x400001),       // fence start loaded by LRI
                Map.entry(H + 0x11004, H + 0x7000),         // batch B (predicated start) MI_ATOMIC
                Map.entry(H + 0x12004, H + 0x8000),         // indirect context SDI
                Map.entry(H + 0x13008, H + 0x9000),         // per-context batch LRM
                Map.entry(0x1000L, -1L));                   // the guest GGTT page is gone
        assertThat(seen.registers).containsExactly("2080=40019000", "100000=00000000", "100004=40401007",
                "100000=40400001", "78040=40000000", "78048=80000000", "2230=00000000", "2230=00000000",
                "2230=00000000", "2230=40002339");
        // the address audit's finding, and the command audit's: batch A loads fence 0 (GGTT control)
        assertThat(report.findings()).extracting(Finding::kind, Finding::source, Finding::command, Finding::offset,
                Finding::value).containsExactly(org.assertj.core.groups.Tuple.tuple(Finding.Kind.OUTSIDE_WINDOWS,
                        Source.COMMAND, "MI_STORE_DATA_IMM", hostileOffset, 0x70000000L),
                org.assertj.core.groups.Tuple.tuple(Finding.Kind.REGISTER_NOT_ALLOWED, Source.COMMAND,
                        "MI_LOAD_REGISTER_IMM", hostileOffset + 24, 0x100000L));
        assertThat(report.findings().get(0).address()).isEqualTo(0x10028);
        assertThat(report.findings().get(1).address()).isEqualTo(0x10044);
        assertThat(report.ggttBuffers()).isEqualTo(5); // ring, A, B, indirect context, per-context batch
        // the ring's SDI low dword lives in the small write before the wrap
        assertThat(report.relocations()).anySatisfy(r -> {
            assertThat(r.command()).isEqualTo("MI_STORE_DATA_IMM");
            assertThat(r.address()).isEqualTo(0x1ff8);
            assertThat(r.offset()).isEqualTo(ringSplitOffset + 4);
        });
        // and back: byte for byte
        byte[] back = new AubRemapper(MAP.inverse(), null).remap(out, new RemapReport(MAP.inverse()));
        assertThat(Arrays.equals(back, in)).isTrue();
    }

    @Test
    void aDwordNoSingleWriteHoldsIsReportedNotGuessed() {
        AubBuilder b = new AubBuilder().version("split");
        b.ggttEntries(0x1000, 0x100001, 0x101001, 0x102001);
        int[] ctx = new int[64];
        ctx[1] = 0x11000009; // MI_LOAD_REGISTER_IMM, 5 pairs: head, tail, start, control at dwords 5, 7, 9, 11
        int[] pairs = {0x2244, 0x00090009, 0x2034, 0, 0x2030, 0x10, 0x2038, 0x1000, 0x203c, 0x1};
        System.arraycopy(pairs, 0, ctx, 2, pairs.length);
        ctx[12] = 0x05000000;
        b.write(0, 0x3000, ctx);
        b.write(0, 0x1000, 0x10400002, 0x5000, 0, 1); // ring: MI_STORE_DATA_IMM, GGTT 0x5000
        // two bytes in the middle of the address dword written again: the dword now comes from two writes
        b.memtrace(AubBuilder.MEMORY_WRITE, 0x1005, 0, 0, 2, 0x0000_0050);
        for (int v : new int[] {0, 0, 0, 0x2339}) {
            b.register(0x2230, v);
        }
        RemapReport report = new RemapReport(MAP);
        byte[] out = new AubRemapper(MAP, null).remap(b.bytes(), report);
        assertThat(report.findings()).extracting(Finding::kind, Finding::address)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Finding.Kind.NOT_IN_FILE, 0x1004L));
        Seen seen = new Seen(H + 0x1004);
        new AubReader().read(MappedBytes.wrap(out), seen);
        assertThat(seen.memory).containsExactly(Map.entry(H + 0x1004, 0x5000L)); // left as it was, reported
    }
}
