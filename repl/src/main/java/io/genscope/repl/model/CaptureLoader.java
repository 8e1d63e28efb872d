package io.genscope.repl.model;

import io.genscope.parser.aub.XzFiles;
import io.genscope.parser.capture.CaptureFormat;
import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.CFormat;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a capture once, start to end, walking every submission as {@code genscope decode} does and
 * keeping the walked commands. Damaged input gives a capture with problems, never an exception;
 * only a missing or unreadable file (or an unknown {@code --gen}) throws.
 */
public final class CaptureLoader {
    private CaptureLoader() {
    }

    /**
     * @param gen a device or generation name to decode as ({@code skl}, {@code gen12}), or null to
     *     use what the capture names
     * @throws IllegalArgumentException for an unknown {@code gen}
     * @throws IOException when the file is missing or unreadable
     * @throws Cancelled when {@code cancel} fires
     */
    public static LoadedCapture load(Path file, String gen, CancelToken cancel) throws IOException {
        return load(file, gen, java.util.OptionalLong.empty(), cancel);
    }

    /**
     * As {@link #load(Path, String, CancelToken)}; {@code ggttBase} places xe VF migration data
     * (where the VF's GGTT range starts) and is refused for anything else.
     */
    public static LoadedCapture load(Path file, String gen, java.util.OptionalLong ggttBase, CancelToken cancel)
            throws IOException {
        Spec forced = gen == null ? null : SpecLoader.builtin(specName(gen));
        if (Files.isDirectory(file)) {
            throw new java.nio.file.FileSystemException(file.toString(), null, "is a directory");
        }
        if (!Files.isRegularFile(file) && !XzFiles.isReadOnce(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        XzFiles.Staged staged = XzFiles.stage(file); // a pipe read once, an .xz decompressed
        Path readable = staged.file();
        boolean temporary = staged.temporary();
        List<Problem> early = new ArrayList<>(staged.problems());
        try {
            Building b = new Building(forced, gen, cancel, early);
            XeVfFormat vf = XeVfFormat.of(readable, forced, ggttBase);
            if (vf == null && ggttBase.isPresent()) {
                throw new IllegalArgumentException("--ggtt-base places xe VF migration data; " + file + " is not that");
            }
            CaptureFormat format = vf;
            if (vf != null) {
                vf.read(readable, b);
            } else {
                format = Captures.read(readable, b);
            }
            LoadedCapture c = b.finish(file, readable, temporary, format);
            if (vf != null) {
                c.attachment(XeVfFormat.class, () -> vf);
            }
            return c;
        } catch (IOException | RuntimeException | Error e) {
            if (temporary) {
                Files.deleteIfExists(readable);
            }
            throw e;
        }
    }

    /** The built-in spec for a device or generation name. */
    public static String specName(String gen) {
        return Generations.specName("--gen", gen);
    }

    /** Walks one item the way {@code genscope decode} does. */
    public static void walk(Item item, Decoder decoder, GpuMemory memory, WalkListener listener) {
        CommandWalker walker = new CommandWalker(decoder, memory, item.engine(), listener);
        if (item.isSubmission()) {
            walker.walkRing(item.submission());
        } else {
            walker.walkDwords(item.bufferDwords(), item.bufferAddress(), item.bufferSpace(), false);
        }
    }

    /** The listener that builds the model while the reader streams. */
    private static final class Building implements CaptureListener {
        private final Spec forced;
        private final String gen;
        private final CancelToken cancel;
        private final List<Problem> problems;
        private final List<Item> items = new ArrayList<>();
        private final List<Entry> entries = new ArrayList<>();
        private final List<BatchBuilder> batches = new ArrayList<>();
        private final Map<Integer, List<String>> notes = new HashMap<>();
        private CaptureInfo info;
        private Spec spec;
        private Decoder decoder;
        private int comments;
        private long physicalPages;
        private long physicalHeap;
        private long ggttEntries;
        private long ggttHeap;
        private long modelBytes;

        Building(Spec forced, String gen, CancelToken cancel, List<Problem> early) {
            this.forced = forced;
            this.gen = gen;
            this.cancel = cancel;
            this.problems = new ArrayList<>(early);
            setSpec(forced);
        }

        private void setSpec(Spec s) {
            spec = s;
            decoder = s == null ? null : new Decoder(s);
        }

        @Override
        public void info(CaptureInfo i) {
            info = i;
            if (forced == null && i.specName() != null) {
                setSpec(SpecLoader.builtin(i.specName()));
            }
        }

        @Override
        public void submission(Submission s, GpuMemory memory, long acthd) {
            cancel.check();
            noteMemory(memory);
            add(s, s.engine(), acthd, 0, AddressSpace.GGTT, new int[0], memory);
        }

        @Override
        public void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory) {
            cancel.check();
            noteMemory(memory);
            add(null, engine, -1, address, space, dwords.clone(), memory);
        }

        @Override
        public void comment(long offset, String text) {
            comments++;
        }

        @Override
        public void problem(Problem p) {
            problems.add(p);
        }

        private void noteMemory(GpuMemory memory) {
            if (memory instanceof ContextMemory cm) {
                physicalPages = cm.physical().pageCount();
                physicalHeap = cm.physical().heapBytes();
                ggttEntries = cm.ggtt().entryCount();
                ggttHeap = cm.ggtt().heapBytes();
            }
        }

        private void add(Submission s, Engine engine, long acthd, long address, AddressSpace space, int[] dwords,
                GpuMemory memory) {
            int index = items.size();
            int first = entries.size();
            List<Problem> walkProblems = new ArrayList<>();
            Item item = new Item(index, s, engine, acthd, address, space, dwords, first, first, List.of());
            if (decoder != null) {
                walk(item, decoder, memory, new Recorder(index, walkProblems));
            }
            items.add(new Item(index, s, engine, acthd, address, space, dwords, first, entries.size(), walkProblems));
        }

        /** Records walked commands and which batch each ran in (a depth step down starts a batch). */
        private final class Recorder implements WalkListener {
            private final int item;
            private final List<Problem> walkProblems;
            private final List<BatchBuilder> open = new ArrayList<>();

            Recorder(int item, List<Problem> walkProblems) {
                this.item = item;
                this.walkProblems = walkProblems;
            }

            @Override
            public void command(Command c, int depth) {
                if ((entries.size() & 0xfff) == 0) {
                    cancel.check();
                }
                int index = entries.size();
                while (open.size() > depth) {
                    open.remove(open.size() - 1).end = index;
                }
                while (open.size() < depth) {
                    BatchBuilder parent = open.isEmpty() ? null : open.get(open.size() - 1);
                    int starter = parent == null ? -1 : index - 1;
                    BatchBuilder b = new BatchBuilder(batches.size(), item, c.address(), c.space(), open.size() + 1,
                            starter, parent == null ? -1 : parent.index, index);
                    batches.add(b);
                    open.add(b);
                }
                entries.add(new Entry(index, item, depth, open.get(open.size() - 1).index, c));
                modelBytes += 96 + 4L * c.dwords().length;
            }

            @Override
            public void unavailable(long address) {
                note("Secondary batch at " + CFormat.hex8(address) + " unavailable");
            }

            @Override
            public void jumpLimit(long address) {
                note(CFormat.hex8(address) + ": Max batch buffer jumps exceeded");
            }

            @Override
            public void problem(Problem p) {
                walkProblems.add(p);
            }

            private void note(String text) {
                notes.computeIfAbsent(entries.size() - 1, k -> new ArrayList<>()).add(text);
            }
        }

        LoadedCapture finish(Path file, Path readable, boolean temporary, CaptureFormat format) {
            List<Batch> frozen = new ArrayList<>(batches.size());
            for (BatchBuilder b : batches) {
                int end = b.end >= 0 ? b.end : items.get(b.item).endEntry();
                frozen.add(new Batch(b.index, b.item, b.address, b.space, b.depth, b.starter, b.parent, b.first, end));
            }
            if (spec == null && format != null) {
                problems.add(new Problem(Problem.Kind.UNSUPPORTED, 0, "the capture does not name a device genscope "
                        + "knows, so no command was decoded; open it with --gen NAME (skl, tgl, gen9, gen12, ...)"));
            }
            String origin = forced != null ? "--gen " + gen : "capture";
            modelBytes += 64L * batches.size() + 128L * items.size();
            return new LoadedCapture(file, readable, temporary, info, format == null ? null : format.name(), spec, origin,
                    items, entries, frozen, problems, notes, comments,
                    new MemoryUse(physicalPages, physicalHeap, ggttEntries, ggttHeap, modelBytes));
        }
    }

    /** A batch while its walk is still going. */
    private static final class BatchBuilder {
        final int index;
        final int item;
        final long address;
        final AddressSpace space;
        final int depth;
        final int starter;
        final int parent;
        final int first;
        int end = -1;

        BatchBuilder(int index, int item, long address, AddressSpace space, int depth, int starter, int parent,
                int first) {
            this.index = index;
            this.item = item;
            this.address = address;
            this.space = space;
            this.depth = depth;
            this.starter = starter;
            this.parent = parent;
            this.first = first;
        }
    }
}
