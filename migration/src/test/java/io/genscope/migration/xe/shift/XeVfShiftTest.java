package io.genscope.migration.xe.shift;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.xe.XeIndirectRingState;
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
import io.genscope.parser.capture.Problem;
import io.genscope.parser.context.ContextImage;
import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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
    @CsvSource({"neo2-lnl, 0x40000000", "neo2-ptl, 0x40000000", "neo2-ptl, 0x1000", "neo2-lnl, 0xfff00000",
            "synthetic-bmg, 0x40000000", "synthetic-bmg, 0xfff00000"})
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
     * Linux's stream carries no GGTT base (genscope's KLV 0xfe01 stripped): the shift takes the base
     * given ({@code --from-ggtt-base}) or infers it as decode does, and writes the stream as Linux
     * would, still without the KLV: byte for byte the Linux form of the shift of the image with the
     * KLV, with the same contexts, dwords and relocations.
     */
    @ParameterizedTest
    @CsvSource({"neo2-lnl, 0, 0x40000000", "neo2-ptl, 0, 0x40000000", "neo2-lnl, 0x2345000, 0x1000",
            "neo2-ptl, 0xfee00000, 0x40000000", "synthetic-bmg, 0x2345000, 0x40000000"})
    void withoutTheBaseKlvAGivenOrInferredBaseShiftsAsTheKlvDoes(String name, String at, String destination) throws Exception {
        long from = Long.decode(at);
        long to = Long.decode(destination);
        Path image = XeVfImages.make(name, dir, m -> assertThat(m.ggttBase()).isZero());
        if (from != 0) {
            Path moved = dir.resolve(name + ".at");
            assertThat(shift(image, from, moved).problems()).isEmpty();
            image = moved;
        }
        Path withKlv = dir.resolve(name + ".klv-shifted");
        XeVfShift.Result expected = shift(image, to, withKlv);
        Path linux = XeVfImages.withoutBase(image, dir.resolve(name + ".linux"));
        Path linuxExpected = XeVfImages.withoutBase(withKlv, dir.resolve(name + ".klv-shifted.linux"));
        for (OptionalLong given : List.of(OptionalLong.of(from), OptionalLong.empty())) {
            Path out = dir.resolve(name + (given.isPresent() ? ".given" : ".inferred"));
            XeVfShift.Result r;
            try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                r = XeVfShift.shift(linux, given, to, null, ch);
            }
            assertThat(r.problems()).isEmpty();
            assertThat(r.from()).isEqualTo(from);
            assertThat(r.origin()).startsWith(given.isPresent() ? "given with --from-ggtt-base" : "not in the data; inferred");
            assertThat(List.of(r.contexts(), r.commands(), r.dwords(), r.report().relocationCount(), r.report().findingCount()))
                    .isEqualTo(List.of(expected.contexts(), expected.commands(), expected.dwords(),
                            expected.report().relocationCount(), expected.report().findingCount()));
            assertThat(XeVfReader.read(out).descriptor().orElseThrow().ggttBase()).as("no KLV invented").isEmpty();
            assertThat(Files.mismatch(out, linuxExpected)).as("%s: the Linux form of the shift with the KLV", out).isEqualTo(-1L);
        }
        System.out.printf("%s without the KLV, 0x%x -> 0x%x, given and inferred: %d contexts, %d commands, %d VRAM dwords,"
                + " %d relocations, as with the KLV%n", name, from, to, expected.contexts().size(), expected.commands(),
                expected.dwords(), expected.report().relocationCount());
    }

    /**
     * Without the KLV, a given base, or context images to infer one from (VRAM zeroed), the shift
     * refuses with decode's message (the option named is the shift's), at the descriptor, writing nothing.
     */
    @Test
    void withoutAnyBaseTheShiftRefusesAsDecodeDoes() throws Exception {
        Path linux = XeVfImages.withoutBase(XeVfImages.make("neo2-ptl", dir, m -> { }), dir.resolve("ptl.linux"));
        byte[] bytes = Files.readAllBytes(linux);
        for (XePacket.Vram v : XeVfReader.read(linux).packets(XePacket.Vram.class)) {
            Arrays.fill(bytes, (int) v.payloadAt(), (int) (v.payloadAt() + v.header().size()), (byte) 0);
        }
        Path zeroed = dir.resolve("ptl.zeroed");
        Files.write(zeroed, bytes);
        Path out = dir.resolve("ptl.out");
        XeVfShift.Result r = shift(zeroed, 0x4000_0000L, out);
        assertThat(r.report()).isNull();
        assertThat(Files.size(out)).isZero();
        Problem refusal = r.problems().get(r.problems().size() - 1);
        assertThat(refusal.offset()).isZero();
        String decode = XeVfImages.open(zeroed, SpecLoader.builtin("gen30")).comments().stream()
                .filter(c -> c.startsWith("Contexts: not looked for: ")).findFirst().orElseThrow()
                .substring("Contexts: not looked for: ".length());
        assertThat(decode).contains("ggtt_provisioned", "--ggtt-base ADDR");
        assertThat(refusal.message()).isEqualTo("packet 0 (descriptor) at byte 0: "
                + decode.replace("--ggtt-base ADDR", "--from-ggtt-base ADDR"));
        System.out.println("refused: " + refusal.message());
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

    /**
     * Neither capture has an indirect ring state (NEO's contexts keep their ring registers in the
     * register state), so this gives the Lunar Lake image's compute context one, laid out as the
     * spec states it (Linux xe's layout): the register state names the engine's indirect ring state
     * register with the range's last page, whose register list holds the ring (head, tail, start, its
     * upper dword, control); the register state keeps a stale ring with nothing to run (tail = head).
     * The context is found with the page's ring, and the shift moves the pointer and the ring start
     * inside the page (2 relocations more than without it), every command of the ring as before.
     */
    @Test
    void theRingRegistersInAnIndirectRingStatePageMove() throws Exception {
        Path image = XeVfImages.make("neo2-lnl", dir, m -> assertThat(m.ggttEntries()).isEqualTo(192));
        Spec spec = SpecLoader.builtin("gen20");
        XeVfImages.Opened original = XeVfImages.open(image, spec);
        XeVfContexts.Found c = original.contexts().get(0);
        assertThat(c.ringState()).isEqualTo(-1L);
        assertThat(c.ring().tail()).isNotEqualTo(c.ring().head());
        long page = 191L << 12;
        Path indirect = dir.resolve("indirect.xevf");
        Files.write(indirect, poke(image, withIndirectRingState(spec, c, page)));

        XeVfImages.Opened before = XeVfImages.open(indirect, spec);
        assertThat(before.problems()).isEmpty();
        assertThat(before.contexts()).hasSameSizeAs(original.contexts());
        XeVfContexts.Found ci = before.contexts().get(0);
        assertThat(ci.ringState()).isEqualTo(page);
        assertThat(List.of(ci.ring().ringStart(), (long) ci.ring().head(), (long) ci.ring().tail(), (long) ci.ring().control()))
                .isEqualTo(List.of(c.ring().ringStart(), (long) c.ring().head(), (long) c.ring().tail(), (long) c.ring().control()));
        assertThat(before.walks().get(0).lines()).isEqualTo(original.walks().get(0).lines());
        assertThat(before.comments()).anySatisfy(l -> assertThat(l).endsWith(
                String.format("ring registers in its indirect ring state at 0x%x", page)));

        long delta = 0x4000_0000L;
        XeVfShift.Result plain = shift(image, delta, dir.resolve("plain.shifted"));
        Path shifted = dir.resolve("indirect.shifted");
        XeVfShift.Result r = shift(indirect, delta, shifted);
        assertThat(r.problems()).isEmpty();
        assertThat(r.report().findingCount()).isZero();
        assertThat(r.report().relocationCount()).as("the pointer and the page's ring start")
                .isEqualTo(plain.report().relocationCount() + 2);
        int[] walked = compare("indirect", indirect, shifted, spec, 0, 192L << 12, delta);
        XeVfContexts.Found after = XeVfImages.open(shifted, spec).contexts().get(0);
        assertThat(after.ringState()).isEqualTo(page + delta);
        assertThat(after.ring().ringStart()).isEqualTo(c.ring().ringStart() + delta);
        Path back = dir.resolve("indirect.back");
        assertThat(shift(shifted, 0, back).problems()).isEmpty();
        assertThat(Files.mismatch(back, indirect)).as("shifted back").isEqualTo(-1L);
        System.out.printf("indirect ring state at 0x%x: %d commands compared, %d relocations (%d without it)%n", page,
                walked[1], r.report().relocationCount(), plain.report().relocationCount());
    }

    /**
     * What gives context {@code c} an indirect ring state page at {@code page}, at the places the spec
     * states: the pointer in its register state, its stale ring's tail set to its head, and the page: a
     * no-op, then the MI_LOAD_REGISTER_IMM of the ring registers with the context's ring.
     */
    private static Program withIndirectRingState(Spec spec, XeVfContexts.Found c, long page) {
        Map<String, Long> layout = new HashMap<>();
        spec.enumeration(XeIndirectRingState.LAYOUT).values().forEach((k, v) -> layout.put(v, k));
        long base = spec.engineBases().base(c.engine());
        ContextImage image = ContextImage.forSpec(spec);
        long state = image.registerState(c.lrca());
        StructDef pointer = spec.struct(XeIndirectRingState.POINTER);
        String[] names = {"Ring Head", "Ring Tail", "Ring Start", "Ring Start Upper", "Ring Control"};
        long[] values = {c.ring().head(), c.ring().tail(), c.ring().ringStart(), 0, c.ring().control() & 0xffffffffL};
        StringBuilder lri = new StringBuilder("MI_LOAD_REGISTER_IMM");
        for (int i = 0; i < names.length; i++) {
            String index = i == 0 ? "" : "[" + (i - 1) + "]";
            lri.append(String.format(" \"Register Offset\"%s=0x%x \"Data DWord\"%s=0x%x", index,
                    base + layout.get(names[i] + " Register"), index, values[i]));
        }
        return new Assembler().assemble("indirect-ring-state.gasm", String.format("""
                .gen %s
                .engine %s
                .org 0x%x ggtt
                .dword 0x%x, 0x%x
                .org 0x%x ggtt
                .dword 0x%x
                .org 0x%x ggtt
                MI_NOOP
                %s
                """, spec.name(), c.engine().specName(),
                state + pointer.field("Indirect Ring State Register").start() / 8,
                base + layout.get("Indirect Ring State Register"), page,
                state + 4L * image.ringDwords()[1], c.ring().head(), page, lri));
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

    static XeVfShift.Result shift(Path in, long to, Path out) throws IOException {
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
