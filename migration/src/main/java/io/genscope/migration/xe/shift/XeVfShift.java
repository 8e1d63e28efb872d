package io.genscope.migration.xe.shift;

import io.genscope.migration.xe.XeGgttPte;
import io.genscope.migration.xe.XeKlv;
import io.genscope.migration.xe.XePacket;
import io.genscope.migration.xe.XeVfContexts;
import io.genscope.migration.xe.XeVfData;
import io.genscope.migration.xe.XeVfMemory;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.migration.xe.XeVfWriter;
import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.context.ContextImage;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.rewriter.CommandRewriter;
import io.genscope.rewriter.Relocation;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.Source;
import io.genscope.rewriter.Window;
import io.genscope.rewriter.WindowMap;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The host-side GGTT shift of a VF image: the destination gives the VF another GGTT range, and
 * before the guest resumes every GGTT address in the VF's memory is moved by the difference, found
 * by decoding with the spec and rewritten with the rewriter module (as {@code HostRemap} does for
 * GVT-g), instead of leaving the repair to the guest's driver:
 *
 * <ul>
 *   <li>context images found in VRAM ({@link XeVfContexts}): every value their register lists load
 *       into a register the spec marks as holding a GGTT address (ring start, per-context and
 *       indirect-context batch pointers, ...);
 *   <li>their rings, head to tail, and every batch the rings start from the GGTT: every address
 *       field whose space the spec resolves to the GGTT, and MI_LOAD_REGISTER_IMM values as above;
 *   <li>the GGTT packet: its entries are indexed from the range's start and point at VRAM, so
 *       they carry over unchanged; the range's start (genscope's descriptor KLV) becomes the new one.
 * </ul>
 * Addresses outside the VF's range are left as they are and reported. Everything else in the
 * stream is copied byte for byte; VRAM is streamed, never held whole.
 */
public final class XeVfShift {
    /** The Xe GGTT's size: graphics addresses below 4 GiB. */
    public static final long GGTT_LIMIT = 1L << 32;
    /** Register-state pages of a context image read for its register lists. */
    private static final int STATE_PAGES = 8;
    private static final int COPY = 1 << 20;
    private static final String END = "MI_BATCH_BUFFER_END";

    /**
     * What the shift did.
     *
     * @param from graphics address where the range started
     * @param to where it starts now
     * @param contexts the contexts found (before the shift)
     * @param commands ring and batch commands walked
     * @param dwords VRAM dwords rewritten
     * @param report every relocation and every address left alone, with the reason
     * @param bytes bytes written (0 when refused)
     * @param problems why nothing was written, when that happened
     */
    public record Result(long from, long to, List<XeVfContexts.Found> contexts, long commands, int dwords,
            RemapReport report, long bytes, List<Problem> problems) {
        public Result {
            contexts = List.copyOf(contexts);
            problems = List.copyOf(problems);
        }

        /** The shift's delta. */
        public long delta() {
            return to - from;
        }
    }

    private XeVfShift() {
    }

    /**
     * Writes {@code image} with its GGTT range moved to {@code to} onto {@code out}; writes nothing
     * when the image is damaged, says no GGTT base, or the new range is invalid (the problems say why).
     *
     * @param forced the spec to decode with instead of the descriptor's device, or null
     */
    public static Result shift(Path image, long to, Spec forced, WritableByteChannel out) throws IOException {
        XeVfData data = XeVfReader.read(image);
        List<Problem> problems = new ArrayList<>(data.problems());
        XePacket.Descriptor d = data.descriptor().orElse(null);
        OptionalLong base = d == null ? OptionalLong.empty() : d.ggttBase();
        List<XePacket.Ggtt> ggtt = data.packets(XePacket.Ggtt.class);
        Spec spec = forced != null ? forced : d == null || d.deviceId().isEmpty() ? null
                : Device.byPciId(d.deviceId().getAsInt()).map(x -> SpecLoader.builtin(x.spec())).orElse(null);
        long from = base.orElse(0);
        int pages = ggtt.isEmpty() ? 0 : ggtt.get(0).count();
        String refusal = !problems.isEmpty() ? "the data is damaged (" + problems.size() + " problems); nothing shifted"
                : base.isEmpty() ? "the data does not say where its GGTT range starts (genscope's descriptor KLV 0xfe01)"
                : pages < 2 ? "the data has no GGTT range of two pages or more"
                : (from & 0xfff) != 0 || from < 0 || from + ((long) pages << 12) > GGTT_LIMIT
                        ? String.format("the data's GGTT range 0x%x + %d pages does not start on a page and end inside"
                                + " the 4 GiB GGTT", from, pages)
                : spec == null ? "no spec for its device (give one)"
                : (to & 0xfff) != 0 || to < 0 || to + ((long) pages << 12) > GGTT_LIMIT
                        ? String.format("the new range 0x%x + %d pages does not start on a page and end inside the 4 GiB GGTT", to, pages)
                : null;
        if (refusal != null) {
            problems.add(new Problem(Problem.Kind.UNSUPPORTED, 0, refusal));
            return new Result(from, to, List.of(), 0, 0, null, 0, problems);
        }
        // the rewriter's two windows: the range's first page and the rest, both moved by one delta
        WindowMap map = WindowMap.of(new Window(from, 4096), new Window(from + 4096, (long) (pages - 1) << 12), to,
                to + 4096);
        RemapReport report = new RemapReport(map);
        report.add(new Relocation(Source.GGTT_ENTRIES, from, null, "GGTT entries", "VF range (" + pages + " entries)", -1,
                from, to));
        NavigableMap<Long, Integer> patches = new TreeMap<>();
        List<XeVfContexts.Found> found;
        long commands;
        try (XeVfMemory memory = new XeVfMemory(data, from)) {
            found = XeVfContexts.find(memory, from, pages, spec);
            Patcher patcher = new Patcher(memory, patches);
            CommandRewriter rewriter = new CommandRewriter(spec, map);
            commands = 0;
            for (int i = 0; i < found.size(); i++) {
                XeVfContexts.Found f = found.get(i);
                registerState(rewriter, report, patcher, memory, f);
                commands += walk(rewriter, report, patcher, memory, f.submission(i));
            }
        }
        long bytes = write(data, d, to, patches, out);
        return new Result(from, to, found, commands, patches.size(), report, bytes, problems);
    }

    /** Where rewritten dwords go: by GGTT address into VRAM offsets, through the image's GGTT entries. */
    private record Patcher(XeVfMemory memory, Map<Long, Integer> patches) {
        void put(long ggttAddress, int value) {
            XeGgttPte e = new XeGgttPte(memory.entry(ggttAddress));
            if (e.valid() && e.localMemory()) {
                patches.put(e.address() + (ggttAddress & 0xffc), value);
            }
        }
    }

    /**
     * The context's register lists (MI_LOAD_REGISTER_IMM commands from the register state up to
     * MI_BATCH_BUFFER_END or the first dword that is no command on its engine): every value loaded
     * into a register holding a GGTT address.
     */
    private static void registerState(CommandRewriter rewriter, RemapReport report, Patcher patcher, XeVfMemory memory,
            XeVfContexts.Found f) {
        Spec spec = rewriter.spec();
        long page = ContextImage.forSpec(spec).registerState(f.lrca());
        int[] state = new int[STATE_PAGES * 1024];
        int n = memory.read(AddressSpace.GGTT, page, state, 0, state.length);
        int end = 0;
        while (end < n) {
            CommandDef def = spec.find(f.engine(), state[end]);
            if (def == null) {
                break;
            }
            end = Math.min(n, end + def.length(state[end]));
            if (def.name().equals(END)) {
                break;
            }
        }
        int[] copy = state.clone();
        rewriter.rewrite(f.engine(), AddressSpace.GGTT, copy, 0, end,
                report.sink(Source.CONTEXT_IMAGE, f.engine(), i -> page + 4L * i, i -> -1));
        for (int i = 0; i < end; i++) {
            if (copy[i] != state[i]) {
                patcher.put(page + 4L * i, copy[i]);
            }
        }
    }

    /** Walks the ring and the batches it starts from the GGTT, rewriting their address fields; returns the commands walked. */
    private static long walk(CommandRewriter rewriter, RemapReport report, Patcher patcher, XeVfMemory memory,
            Submission s) {
        boolean[] ggttChain = new boolean[CommandWalker.MAX_DEPTH + 2];
        long[] commands = {0};
        new CommandWalker(new Decoder(rewriter.spec()), memory, s.engine(), new WalkListener() {
            @Override
            public void enter(long address, AddressSpace space, int depth) {
                ggttChain[depth] = (depth <= 1 || ggttChain[depth - 1]) && space == AddressSpace.GGTT;
            }

            @Override
            public void command(Command c, int depth) {
                commands[0]++;
                if (!ggttChain[depth] || !c.known()) {
                    return;
                }
                int[] copy = c.dwords().clone();
                if (rewriter.rewriteCommand(c.def(), copy, 0, copy.length,
                        report.sink(Source.COMMAND, s.engine(), i -> c.address(), i -> -1)) == 0) {
                    return;
                }
                for (int i = 0; i < copy.length; i++) {
                    if (copy[i] != c.dwords()[i]) {
                        patcher.put(address(s, c, i, depth == 1), copy[i]);
                    }
                }
            }
        }).walkRing(s);
        report.countCommands(commands[0]);
        return commands[0];
    }

    /** GGTT address of dword {@code i} of a command; ring commands wrap at the ring's end. */
    private static long address(Submission s, Command c, int i, boolean ring) {
        if (ring) {
            return s.ringStart() + Math.floorMod(c.address() - s.ringStart() + 4L * i, (long) s.ringSize());
        }
        return c.address() + 4L * i;
    }

    /** The stream again: the descriptor with the new base, VRAM with the patches, every other packet as it was. */
    private static long write(XeVfData data, XePacket.Descriptor d, long to, NavigableMap<Long, Integer> patches,
            WritableByteChannel out) throws IOException {
        XeVfWriter w = new XeVfWriter(out);
        long[] written = {0};
        try (FileChannel in = FileChannel.open(data.file(), StandardOpenOption.READ)) {
            for (XePacket p : data.packets()) {
                if (p == d) {
                    List<XeKlv> klvs = new ArrayList<>();
                    for (XeKlv k : d.klvs()) {
                        klvs.add(k.key() == XeKlv.GENSCOPE_GGTT_BASE ? XeKlv.of(k.key(), (int) to, (int) (to >>> 32)) : k);
                    }
                    w.descriptor(klvs);
                    continue;
                }
                w.raw(p.header(), ByteBuffer.allocate(0));
                long size = p.header().size();
                ByteBuffer b = ByteBuffer.allocate((int) Math.min(COPY, size)).order(ByteOrder.LITTLE_ENDIAN);
                for (long done = 0; done < size; done += b.limit()) {
                    b.clear().limit((int) Math.min(b.capacity(), size - done));
                    read(in, p.payloadAt() + done, b);
                    if (p instanceof XePacket.Vram) {
                        patch(b, p.header().offset() + done, patches);
                    }
                    written[0] += b.remaining();
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                }
            }
        }
        return w.bytesWritten() + written[0];
    }

    /** Fills {@code b} from {@code at} (the reader checked that the file holds every payload) and flips it. */
    private static void read(FileChannel in, long at, ByteBuffer b) throws IOException {
        while (b.hasRemaining() && in.read(b, at + b.position()) >= 0) {
            // reads until full or the end of the file
        }
        b.flip();
    }

    /** Applies the patches that fall into {@code b}, which holds VRAM from offset {@code at}. */
    private static void patch(ByteBuffer b, long at, NavigableMap<Long, Integer> patches) {
        for (Map.Entry<Long, Integer> e : patches.subMap(at, true, at + b.limit(), false).entrySet()) {
            b.putInt((int) (e.getKey() - at), e.getValue());
        }
    }
}
