package io.genscope.migration.xe.shift;

import io.genscope.migration.xe.XeGgttPte;
import io.genscope.migration.xe.XeIndirectRingState;
import io.genscope.migration.xe.XeKlv;
import io.genscope.migration.xe.XePacket;
import io.genscope.migration.xe.XeVfBase;
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
import io.genscope.spec.Engine;
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
 *       indirect-context batch pointers, the indirect ring state pointer, ...), and the same in the
 *       register lists of an Xe2/Xe3 indirect ring state page (ring start);
 *   <li>their rings, head to tail, and every batch the rings start from the GGTT: every address
 *       field whose space the spec resolves to the GGTT, and MI_LOAD_REGISTER_IMM values as above;
 *   <li>the GGTT packet: its entries are indexed from the range's start and point at VRAM, so
 *       they carry over unchanged; where genscope's descriptor KLV says where the range starts, it
 *       says the new start; a stream without it (Linux's) stays without it.
 * </ul>
 * The source range's start is the caller's, else the KLV's, else inferred from the context images
 * as decode infers it ({@link XeVfBase}); with none of them the shift refuses.
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
    /** The CLI option that gives the source range's start, named in a refusal. */
    public static final String OPTION = "--from-ggtt-base";

    /**
     * What the shift did.
     *
     * @param from graphics address where the range started
     * @param origin how {@code from} was found, in words (empty when refused before that)
     * @param to where it starts now
     * @param contexts the contexts found (before the shift)
     * @param commands ring and batch commands walked
     * @param dwords VRAM dwords rewritten
     * @param report every relocation and every address left alone, with the reason
     * @param bytes bytes written (0 when refused)
     * @param problems why nothing was written, when that happened
     */
    public record Result(long from, String origin, long to, List<XeVfContexts.Found> contexts, long commands, int dwords,
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

    /** As {@link #shift(Path, OptionalLong, long, Spec, WritableByteChannel)} with the source base found in the data. */
    public static Result shift(Path image, long to, Spec forced, WritableByteChannel out) throws IOException {
        return shift(image, OptionalLong.empty(), to, forced, out);
    }

    /**
     * Writes {@code image} with its GGTT range moved to {@code to} onto {@code out}; writes nothing
     * when the image is damaged, its range's start is unknown, or the new range is invalid (the
     * problems say why).
     *
     * @param given where the range starts now, from the PF's provisioning, or empty: the data's KLV,
     *     else inferred ({@link XeVfBase})
     * @param forced the spec to decode with instead of the descriptor's device, or null
     */
    public static Result shift(Path image, OptionalLong given, long to, Spec forced, WritableByteChannel out)
            throws IOException {
        XeVfData data = XeVfReader.read(image);
        List<Problem> problems = new ArrayList<>(data.problems());
        XePacket.Descriptor d = data.descriptor().orElse(null);
        List<XePacket.Ggtt> ggtt = data.packets(XePacket.Ggtt.class);
        Spec spec = forced != null ? forced : d == null || d.deviceId().isEmpty() ? null
                : Device.byPciId(d.deviceId().getAsInt()).map(x -> SpecLoader.builtin(x.spec())).orElse(null);
        int pages = ggtt.isEmpty() ? 0 : ggtt.get(0).count();
        Problem refusal = !problems.isEmpty() ? refusal(data, packetAt(data, problems.get(0).offset()), "the data is"
                + " damaged (" + problems.size() + " problems, the first at byte " + problems.get(0).offset() + ": "
                + problems.get(0).message() + ")")
                : pages < 2 ? refusal(data, ggtt.isEmpty() ? d : ggtt.get(0), ggtt.isEmpty() ? "the data has no GGTT packet"
                        : "the VF's GGTT range is under two pages (" + pages + ")")
                : spec == null ? refusal(data, d, "no spec for its device (give one)")
                : null;
        XeVfBase base = refusal == null ? XeVfBase.of(data, spec, given, OPTION) : null;
        if (base instanceof XeVfBase.Unknown u) {
            refusal = refusal(data, d, u.reason());
        }
        long from = base instanceof XeVfBase.Known k ? k.address() : 0;
        String origin = base instanceof XeVfBase.Known k ? k.origin() : "";
        if (refusal == null && !inside(from, pages)) {
            refusal = refusal(data, base instanceof XeVfBase.Known k && k.how() == XeVfBase.How.DESCRIPTOR ? d : ggtt.get(0),
                    String.format("the VF's GGTT range 0x%x + %d pages (%s) does not start on a page and end inside the"
                            + " 4 GiB GGTT", from, pages, origin));
        }
        if (refusal == null && !inside(to, pages)) {
            refusal = refusal(data, ggtt.get(0), String.format("the new range 0x%x + %d pages does not start on a page and"
                    + " end inside the 4 GiB GGTT", to, pages));
        }
        if (refusal != null) {
            problems.add(refusal);
            return new Result(from, origin, to, List.of(), 0, 0, null, 0, problems);
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
                long state = ContextImage.forSpec(spec).registerState(f.lrca());
                registerLists(rewriter, report, patcher, memory, f.engine(), state, STATE_PAGES * 1024);
                if (f.ringState() >= 0) {
                    registerLists(rewriter, report, patcher, memory, f.engine(), f.ringState(), XeIndirectRingState.BYTES / 4);
                }
                commands += walk(rewriter, report, patcher, memory, f.submission(i));
            }
        }
        long bytes = write(data, d, to, patches, out);
        return new Result(from, origin, to, found, commands, patches.size(), report, bytes, problems);
    }

    private static boolean inside(long base, int pages) {
        return (base & 0xfff) == 0 && base >= 0 && base + ((long) pages << 12) <= GGTT_LIMIT;
    }

    /** A refusal about packet {@code p} (or the stream when null), named and at its byte offset. */
    private static Problem refusal(XeVfData data, XePacket p, String why) {
        return p == null ? refusal(0, why)
                : refusal(p.at(), XePacket.name(data.packets().indexOf(p), p.header(), p.at()) + ": " + why);
    }

    /** The packet whose header starts at or before {@code offset}, last of them; null when none does. */
    private static XePacket packetAt(XeVfData data, long offset) {
        XePacket at = null;
        for (XePacket p : data.packets()) {
            if (p.at() > offset) {
                break;
            }
            at = p;
        }
        return at;
    }

    private static Problem refusal(long offset, String why) {
        return new Problem(Problem.Kind.UNSUPPORTED, offset, why);
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
     * A context's register lists at {@code page} (its register state, or its indirect ring state
     * page): MI_LOAD_REGISTER_IMM commands up to MI_BATCH_BUFFER_END or the first dword that is no
     * command on its engine, at most {@code dwords}; every value loaded into a register holding a
     * GGTT address.
     */
    private static void registerLists(CommandRewriter rewriter, RemapReport report, Patcher patcher, XeVfMemory memory,
            Engine engine, long page, int dwords) {
        Spec spec = rewriter.spec();
        int[] state = new int[dwords];
        int n = memory.read(AddressSpace.GGTT, page, state, 0, state.length);
        int end = 0;
        while (end < n) {
            CommandDef def = spec.find(engine, state[end]);
            if (def == null) {
                break;
            }
            end = Math.min(n, end + def.length(state[end]));
            if (def.name().equals(END)) {
                break;
            }
        }
        int[] copy = state.clone();
        rewriter.rewrite(engine, AddressSpace.GGTT, copy, 0, end,
                report.sink(Source.CONTEXT_IMAGE, engine, i -> page + 4L * i, i -> -1));
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
