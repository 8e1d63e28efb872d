package io.genscope.migration.xe.shift;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.xe.XeVfCaptureImage;
import io.genscope.migration.xe.XeVfContexts;
import io.genscope.migration.xe.XeVfData;
import io.genscope.migration.xe.XeVfImages;
import io.genscope.migration.xe.XePacket;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.parser.aub.Device;
import io.genscope.parser.asm.Assembler;
import io.genscope.parser.asm.Program;
import io.genscope.parser.asm.Section;
import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The host-side GGTT shift on VF images of the bundled Xe2/Xe3 captures: after the shift the
 * image decodes as before with every GGTT address inside the VF's range moved by the delta (the
 * contexts found, their ring registers, every command of their rings and GGTT batches, field by
 * field), nothing else changed; the GGTT packet carries over; shifting back gives the original
 * bytes. A GGTT batch (none of the captures has one) moves too, and an address outside the range
 * stays, reported.
 */
class XeVfShiftTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"neo2-lnl, 0x40000000", "neo2-ptl, 0x40000000", "neo2-ptl, 0x1000", "neo2-lnl, 0xfff00000"})
    void decodeAfterTheShiftIsDecodeBeforeMovedByTheDelta(String name, String destination) throws Exception {
        XeVfCaptureImage.Made[] made = new XeVfCaptureImage.Made[1];
        Path image = XeVfImages.make(name, dir, m -> made[0] = m);
        long to = Long.decode(destination) - (Long.decode(destination) == 0xfff00000L ? (long) made[0].ggttEntries() << 12 : 0);
        Spec spec = SpecLoader.builtin(Device.byPciId(made[0].pciId()).orElseThrow().spec());
        Path shifted = dir.resolve(name + ".shifted");
        XeVfShift.Result r = shift(image, to, shifted);
        assertThat(r.problems()).isEmpty();
        long from = made[0].ggttBase();
        long delta = to - from;
        long end = from + ((long) made[0].ggttEntries() << 12);
        assertThat(r.delta()).isEqualTo(delta);
        assertThat(r.report().findingCount()).as("addresses left alone").isZero();
        assertThat(r.report().relocationCount()).isGreaterThan(r.contexts().size());

        XeVfData before = XeVfReader.read(image);
        XeVfData after = XeVfReader.read(shifted);
        assertThat(after.problems()).isEmpty();
        assertThat(after.size()).isEqualTo(before.size()).isEqualTo(r.bytes());
        assertThat(after.descriptor().orElseThrow().ggttBase()).hasValue(to);
        assertThat(after.packets(XePacket.Ggtt.class).get(0).entries()).isEqualTo(before.packets(XePacket.Ggtt.class).get(0).entries());
        int klv = ((int) from != (int) to ? 1 : 0) + (from >>> 32 != to >>> 32 ? 1 : 0);
        assertThat(differingDwords(image, shifted)).as("VRAM dwords rewritten and the base KLV").isEqualTo(r.dwords() + klv);

        int[] walked = compare(name, image, shifted, spec, from, end, delta);
        assertThat(walked[0]).isEqualTo(r.contexts().size());
        int commands = walked[1];
        int fields = walked[2];
        assertThat(fields).isPositive();
        System.out.printf("%s shifted 0x%x -> 0x%x: %d contexts, %d commands, %d GGTT address fields moved by 0x%x,"
                + " %d relocations (%d VRAM dwords)%n", name, from, to, walked[0], commands, fields, delta,
                r.report().relocationCount(), r.dwords());

        Path back = dir.resolve(name + ".back");
        assertThat(shift(shifted, from, back).problems()).isEmpty();
        assertThat(Files.mismatch(back, image)).as("shifted back").isEqualTo(-1L);
    }

    /**
     * The captures' batches are all in the PPGTT, so this one puts a GGTT batch behind the Lunar
     * Lake image's ring (assembled from GenAsm, written into the unused end of the ring): the ring's
     * first start goes to it, and it writes one GGTT address inside the VF's range and one outside.
     * The shift moves the start and the inside address, and leaves the outside one, reported.
     */
    @Test
    void aGgttBatchMovesAndAnAddressOutsideTheRangeStays() throws Exception {
        Path image = XeVfImages.make("neo2-lnl", dir, m -> assertThat(m.ggttBase()).isZero());
        Spec spec = SpecLoader.builtin("gen20");
        XeVfImages.Opened original = XeVfImages.open(image, spec);
        assertThat(original.contexts().get(0).ring().ringStart()).isEqualTo(0x20000L);
        assertThat(original.walks().get(0).commands().get(1).name()).isEqualTo("MI_BATCH_BUFFER_START");
        assertThat(original.walks().get(0).commands().get(1).address()).isEqualTo(0x2000cL);
        Program p = new Assembler().assemble("ggtt-batch.gasm", """
                .gen gen20
                .engine compute
                .org 0x2000c ggtt
                MI_BATCH_BUFFER_START "Address Space Indicator"="GGTT" "Batch Buffer Start Address"=batch
                .org 0x22000 ggtt
                batch:
                MI_STORE_DATA_IMM "Use Global GTT"=1 "Address"=0x10040 "Immediate Data"=7
                MI_STORE_DATA_IMM "Use Global GTT"=1 "Address"=0x800000 "Immediate Data"=8
                MI_BATCH_BUFFER_END
                """);
        Path patched = dir.resolve("ggtt-batch.xevf");
        Files.write(patched, poke(image, p));
        Path shifted = dir.resolve("ggtt-batch.shifted");
        XeVfShift.Result r = shift(patched, 0x4000_0000L, shifted);
        assertThat(r.problems()).isEmpty();
        assertThat(r.report().findingCount()).as("the address outside the range").isEqualTo(1);
        assertThat(r.report().findings().get(0).value()).isEqualTo(0x800000L);
        assertThat(r.report().findings().get(0).command()).isEqualTo("MI_STORE_DATA_IMM");
        int[] walked = compare("ggtt-batch", patched, shifted, spec, 0, 192L << 12, 0x4000_0000L);
        XeVfImages.Opened after = XeVfImages.open(shifted, spec);
        List<String> batch = after.walks().get(0).lines().subList(2, 6);
        assertThat(batch.get(0)).isEqualTo("2 0x40022000 MI_STORE_DATA_IMM " + Arrays.toString(new int[] {0x10400002, 0x40010040, 0, 7}));
        assertThat(batch.get(1)).isEqualTo("2 0x40022010 MI_STORE_DATA_IMM " + Arrays.toString(new int[] {0x10400002, 0x800000, 0, 8}));
        assertThat(batch.get(2)).startsWith("2 0x40022020 MI_BATCH_BUFFER_END");
        System.out.printf("GGTT batch: %d commands compared, %d address fields moved, %d relocations, %d left alone%n",
                walked[1], walked[2], r.report().relocationCount(), r.report().findingCount());
    }

    /** The image's bytes with the program's dwords written at their GGTT addresses (through the image's GGTT into VRAM). */
    private static byte[] poke(Path image, Program p) throws IOException {
        XeVfData data = XeVfReader.read(image);
        long base = data.descriptor().orElseThrow().ggttBase().orElseThrow();
        XePacket.Ggtt ggtt = data.packets(XePacket.Ggtt.class).get(0);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(image)).order(ByteOrder.LITTLE_ENDIAN);
        for (Section s : p.sections()) {
            for (int i = 0; i < s.dwords().length; i++) {
                long a = s.address() + 4L * i;
                long vram = ggtt.entry((int) ((a - base) >> 12)).address() + (a & 0xfff);
                XePacket.Vram chunk = data.packets(XePacket.Vram.class).stream()
                        .filter(v -> vram >= v.header().offset() && vram < v.header().offset() + v.header().size())
                        .findFirst().orElseThrow();
                b.putInt((int) (chunk.payloadAt() + vram - chunk.header().offset()), s.dwords()[i]);
            }
        }
        return b.array();
    }

    /**
     * Opens both images and checks that the shifted one decodes as the original with every GGTT
     * address inside [from, end) moved by {@code delta}, every other bit as it was.
     *
     * @return contexts, commands compared, address fields moved
     */
    private static int[] compare(String name, Path image, Path shifted, Spec spec, long from, long end, long delta)
            throws IOException {
        XeVfImages.Opened b = XeVfImages.open(image, spec);
        XeVfImages.Opened a = XeVfImages.open(shifted, spec);
        assertThat(a.problems()).isEmpty();
        assertThat(a.contexts()).hasSameSizeAs(b.contexts());
        int fields = 0;
        int commands = 0;
        for (int i = 0; i < b.contexts().size(); i++) {
            XeVfContexts.Found cb = b.contexts().get(i);
            XeVfContexts.Found ca = a.contexts().get(i);
            assertThat(ca.lrca()).isEqualTo(cb.lrca() + delta);
            assertThat(ca.engine()).isEqualTo(cb.engine());
            assertThat(ca.ring().ringStart()).isEqualTo(cb.ring().ringStart() + delta);
            assertThat(List.of(ca.ring().head(), ca.ring().tail(), ca.ring().control()))
                    .isEqualTo(List.of(cb.ring().head(), cb.ring().tail(), cb.ring().control()));
            assertThat(a.walks().get(i).unavailable()).isEqualTo(b.walks().get(i).unavailable());
            List<Command> lb = b.walks().get(i).commands();
            List<Command> la = a.walks().get(i).commands();
            assertThat(la).hasSameSizeAs(lb);
            Decoder decoder = new Decoder(spec);
            for (int k = 0; k < lb.size(); k++) {
                Command x = lb.get(k);
                Command y = la.get(k);
                String what = String.format("%s context %d command %d %s at 0x%x", name, i, k, x.name(), x.address());
                assertThat(y.name()).as(what).isEqualTo(x.name());
                assertThat(y.address()).as(what).isEqualTo(x.address() + delta);
                List<AddressRef> rx = decoder.addresses(x);
                List<AddressRef> ry = decoder.addresses(y);
                assertThat(ry).as(what).hasSameSizeAs(rx);
                int[] mx = x.dwords().clone();
                int[] my = y.dwords().clone();
                for (int f = 0; f < rx.size(); f++) {
                    AddressRef p = rx.get(f);
                    AddressRef q = ry.get(f);
                    boolean moves = p.space() == AddressSpace.GGTT && p.address() >= from && p.address() < end;
                    assertThat(q.address()).as("%s: %s", what, p.field()).isEqualTo(p.address() + (moves ? delta : 0));
                    fields += moves ? 1 : 0;
                    clear(mx, p.startBit(), p.endBit());
                    clear(my, q.startBit(), q.endBit());
                }
                assertThat(my).as("%s: every bit but the addresses", what).isEqualTo(mx);
                commands++;
            }
        }
        return new int[] {a.contexts().size(), commands, fields};
    }

    private static XeVfShift.Result shift(Path in, long to, Path out) throws IOException {
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            return XeVfShift.shift(in, to, null, ch);
        }
    }

    private static void clear(int[] d, int start, int end) {
        for (int bit = start; bit <= end && bit / 32 < d.length; bit++) {
            d[bit / 32] &= ~(1 << (bit & 31));
        }
    }

    private static long differingDwords(Path x, Path y) throws IOException {
        byte[] a = Files.readAllBytes(x);
        byte[] b = Files.readAllBytes(y);
        long n = 0;
        for (int i = 0; i + 3 < a.length; i += 4) {
            if (a[i] != b[i] || a[i + 1] != b[i + 1] || a[i + 2] != b[i + 2] || a[i + 3] != b[i + 3]) {
                n++;
            }
        }
        return n;
    }
}
