package io.genscope.parser.errorstate;

import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.parser.state.StateBases;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Test helper: for each submission of a real AUB capture, what genscope prints for it (headers and
 * full mode, ACTHD marked) and the buffers an error state needs to reproduce that print: the ring,
 * the batch the ring starts, the context image, and every other page the walk and the indirect
 * state decoders read (dumped as {@code user} buffers, as the kernel dumps buffers flagged for
 * capture).
 */
final class AubSnapshots {
    private static final int PAGE = 4096;

    /** One submission: the printed decode and the engine dump that should print the same. */
    record Snapshot(Submission submission, long acthd, String headers, String full, long batch,
            String batchHeaders, String batchFull, ErrorStateWriter.EngineDump dump) {
    }

    private AubSnapshots() {
    }

    static Path capture(String name) {
        return Path.of(System.getProperty("genscope.fixtures", "../fixtures")).resolve("captures").resolve(name);
    }

    static List<Snapshot> of(String captureName, String specName) {
        Spec spec = SpecLoader.builtin(specName);
        List<Snapshot> out = new ArrayList<>();
        try {
            new AubReader().read(capture(captureName), new AubListener() {
                @Override
                public void submission(Submission s, ContextMemory memory) {
                    out.add(snapshot(spec, s, memory));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Prints the submission's ring walk (ACTHD marked) in headers or full mode. */
    static String print(Spec spec, Submission s, GpuMemory memory, long acthd, boolean full) {
        StringBuilder text = new StringBuilder();
        AubinatorPrinter printer = new AubinatorPrinter(spec, text, full, memory, new StateBases());
        printer.markActhd(acthd);
        new CommandWalker(new Decoder(spec), memory, s.engine(), printer).walkRing(s);
        return text.toString();
    }

    /** Prints one batch walked on its own. */
    static String printBatch(Spec spec, io.genscope.spec.Engine engine, long address, GpuMemory memory, long acthd,
            boolean full) {
        StringBuilder text = new StringBuilder();
        AubinatorPrinter printer = new AubinatorPrinter(spec, text, full, memory, new StateBases());
        printer.markActhd(acthd);
        new CommandWalker(new Decoder(spec), memory, engine, printer).walkBatch(address, AddressSpace.PPGTT);
        return text.toString();
    }

    private static Snapshot snapshot(Spec spec, Submission s, ContextMemory memory) {
        Recording rec = new Recording(memory);
        // first pass: where the ring's batch starts and which command to call ACTHD
        List<Command> batchCommands = new ArrayList<>();
        new CommandWalker(new Decoder(spec), rec, s.engine(), new WalkListener() {
            @Override
            public void command(Command c, int depth) {
                if (depth == 2) {
                    batchCommands.add(c);
                }
            }
        }).walkRing(s);
        long batch = batchCommands.isEmpty() ? -1 : batchCommands.get(0).address();
        long acthd = batchCommands.size() < 2 ? -1 : batchCommands.get(batchCommands.size() * 2 / 3).address();
        String headers = print(spec, s, rec, acthd, false);
        String full = print(spec, s, rec, acthd, true);
        String batchHeaders = batch < 0 ? "" : printBatch(spec, s.engine(), batch, rec, acthd, false);
        String batchFull = batch < 0 ? "" : printBatch(spec, s.engine(), batch, rec, acthd, true);

        List<ErrorStateWriter.Buffer> buffers = new ArrayList<>();
        buffers.add(new ErrorStateWriter.Buffer("ring", s.ringStart(), dwords(memory, AddressSpace.GGTT,
                s.ringStart(), s.ringSize() / 4)));
        for (long[] run : rec.runs(AddressSpace.PPGTT)) {
            boolean isBatch = batch >= run[0] && batch < run[1];
            buffers.add(new ErrorStateWriter.Buffer(isBatch ? "batch" : "user", run[0],
                    dwords(memory, AddressSpace.PPGTT, run[0], (int) ((run[1] - run[0]) / 4))));
        }
        for (long[] run : rec.runs(AddressSpace.GGTT)) {
            long ringEnd = s.ringStart() + s.ringSize();
            if (run[1] <= s.ringStart() || run[0] >= ringEnd) {
                buffers.add(new ErrorStateWriter.Buffer("user", run[0],
                        dwords(memory, AddressSpace.GGTT, run[0], (int) ((run[1] - run[0]) / 4))));
            }
        }
        // the context image: the per-process status page and the register state after it
        int[] context = dwords(memory, AddressSpace.GGTT, s.lrca(), 23 * PAGE / 4);
        if (context.length > 0) {
            buffers.add(1, new ErrorStateWriter.Buffer("HW context", s.lrca(), context));
        }
        return new Snapshot(s, acthd, headers, full, batch, batchHeaders, batchFull,
                new ErrorStateWriter.EngineDump(s, acthd, buffers));
    }

    private static int[] dwords(GpuMemory memory, AddressSpace space, long address, int count) {
        int[] d = new int[count];
        int n = memory.read(space, address, d, 0, count);
        return n == count ? d : java.util.Arrays.copyOf(d, n);
    }

    /** Memory that remembers which pages were read, per address space. */
    static final class Recording implements GpuMemory {
        private final GpuMemory inner;
        private final Map<AddressSpace, Set<Long>> pages = Map.of(AddressSpace.GGTT, new LinkedHashSet<>(),
                AddressSpace.PPGTT, new LinkedHashSet<>());

        Recording(GpuMemory inner) {
            this.inner = inner;
        }

        @Override
        public int read(AddressSpace space, long address, int[] dst, int off, int count) {
            int n = inner.read(space, address, dst, off, count);
            long a = address & 0xffff_ffff_ffffL;
            if (n > 0) {
                for (long p = a / PAGE; p <= (a + 4L * n - 1) / PAGE; p++) {
                    pages.get(space).add(p);
                }
            }
            return n;
        }

        /** Contiguous runs of read pages: {start, end} byte addresses, ascending. */
        List<long[]> runs(AddressSpace space) {
            TreeMap<Long, Long> sorted = new TreeMap<>();
            for (long p : pages.get(space)) {
                sorted.put(p, p);
            }
            List<long[]> out = new ArrayList<>();
            long start = -1;
            long prev = -2;
            for (long p : sorted.keySet()) {
                if (p != prev + 1) {
                    if (start >= 0) {
                        out.add(new long[] {start * PAGE, (prev + 1) * PAGE});
                    }
                    start = p;
                }
                prev = p;
            }
            if (start >= 0) {
                out.add(new long[] {start * PAGE, (prev + 1) * PAGE});
            }
            return out;
        }
    }
}
