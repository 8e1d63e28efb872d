package io.genscope.parser.print;

import io.genscope.parser.decode.Command;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.Spec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;

/**
 * An {@link AubinatorPrinter} that prints one walk (a submission) on several threads, with the
 * same output byte for byte: it collects what the walk reports, and {@link #finish()} cuts it into
 * runs of about equal size, works out the indirect-state bases each run starts from (a pass that
 * follows only the commands that set them), prints every run into its own buffer (the first on the
 * calling thread, the others on the executor) and writes the buffers in order.
 *
 * <pre>{@code
 * ParallelAubinatorPrinter p = new ParallelAubinatorPrinter(spec, out, true, memory, bases, pool, 2);
 * new CommandWalker(decoder, memory, engine, p).walkRing(s);
 * p.finish();   // before the memory changes (the next packet of the capture)
 * }</pre>
 *
 * Memory held: the walk's commands and, in {@code finish}, the printed text of one walk. The
 * memory is read from several threads at once (ContextMemory allows that), and so is the
 * {@link KernelListing} called.
 */
public final class ParallelAubinatorPrinter implements WalkListener {
    /** Walks smaller than this (dwords) are printed on the calling thread only. */
    private static final int MIN_PARALLEL_DWORDS = 4096;

    private final Spec spec;
    private final ByteOut out;
    private final boolean full;
    private final GpuMemory memory;
    private final IndirectBases bases;
    private final Executor executor;
    private final int runs;
    private final List<Object> events = new ArrayList<>();
    private long dwords;
    private long acthd = -1;
    private KernelListing kernels = KernelListing.NONE;
    private int minParallelDwords = MIN_PARALLEL_DWORDS;

    /** What the walk reported besides commands. */
    private record Unavailable(long address) {
    }

    private record JumpLimit(long address) {
    }

    /**
     * @param bases the bases carried from one walk to the next (read at the start, updated at the end)
     * @param runs how many parts a walk is cut into (the number of threads that print it)
     */
    public ParallelAubinatorPrinter(Spec spec, ByteOut out, boolean full, GpuMemory memory, IndirectBases bases,
            Executor executor, int runs) {
        this.spec = spec;
        this.out = out;
        this.full = full;
        this.memory = memory;
        this.bases = bases;
        this.executor = executor;
        this.runs = Math.max(1, runs);
    }

    /** See {@link AubinatorPrinter#kernels}; called from several threads. */
    public ParallelAubinatorPrinter kernels(KernelListing listing) {
        this.kernels = listing == null ? KernelListing.NONE : listing;
        return this;
    }

    /** See {@link AubinatorPrinter#markActhd}. */
    public void markActhd(long address) {
        this.acthd = address;
    }

    /** Walks with fewer dwords than this are printed on the calling thread (tests lower it). */
    ParallelAubinatorPrinter minParallelDwords(int n) {
        this.minParallelDwords = n;
        return this;
    }

    @Override
    public void command(Command c, int depth) {
        events.add(c);
        dwords += c.dwords().length;
    }

    @Override
    public void unavailable(long address) {
        events.add(new Unavailable(address));
    }

    @Override
    public void jumpLimit(long address) {
        events.add(new JumpLimit(address));
    }

    /** Prints what was collected since the last call, in order, and forgets it. */
    public void finish() {
        try {
            if (runs == 1 || dwords < minParallelDwords || events.size() < 2 * runs) {
                print(events, 0, events.size(), bases, out);
                return;
            }
            int[] cut = cuts();
            int parts = cut.length - 1;
            // the bases each part starts from, and those after the last part
            IndirectBases[] start = new IndirectBases[parts];
            IndirectBases running = new IndirectBases(bases);
            AubinatorPrinter tracker = printer(new ByteOut(java.io.OutputStream.nullOutputStream(), 64), running);
            for (int k = 0; k < parts; k++) {
                start[k] = new IndirectBases(running);
                for (int i = cut[k]; i < cut[k + 1]; i++) {
                    if (events.get(i) instanceof Command c) {
                        tracker.track(c);
                    }
                }
            }
            List<FutureTask<byte[]>> tasks = new ArrayList<>();
            for (int k = 1; k < parts; k++) {
                int from = cut[k];
                int to = cut[k + 1];
                IndirectBases b = start[k];
                FutureTask<byte[]> t = new FutureTask<>(() -> printed(from, to, b));
                tasks.add(t);
                executor.execute(t);
            }
            print(events, cut[0], cut[1], start[0], out);
            for (FutureTask<byte[]> t : tasks) {
                byte[] b = get(t);
                out.write(b, 0, b.length);
            }
            bases.set(running);
        } finally {
            events.clear();
            dwords = 0;
        }
    }

    /** Where the parts start: about the same number of dwords in each. */
    private int[] cuts() {
        int[] cut = new int[runs + 1];
        long per = (dwords + runs - 1) / runs;
        long seen = 0;
        int k = 1;
        for (int i = 0; i < events.size() && k < runs; i++) {
            if (events.get(i) instanceof Command c) {
                seen += c.dwords().length;
            }
            if (seen >= per * k) {
                cut[k++] = i + 1;
            }
        }
        while (k <= runs) {
            cut[k++] = events.size();
        }
        return cut;
    }

    private byte[] printed(int from, int to, IndirectBases start) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        ByteOut o = new ByteOut(bytes, 1 << 16);
        print(events, from, to, start, o);
        o.flush();
        return bytes.toByteArray();
    }

    private void print(List<Object> ev, int from, int to, IndirectBases b, ByteOut o) {
        AubinatorPrinter p = printer(o, b);
        for (int i = from; i < to; i++) {
            Object e = ev.get(i);
            if (e instanceof Command c) {
                p.command(c, 0);
            } else if (e instanceof Unavailable u) {
                p.unavailable(u.address());
            } else {
                p.jumpLimit(((JumpLimit) e).address());
            }
        }
    }

    private AubinatorPrinter printer(ByteOut o, IndirectBases b) {
        AubinatorPrinter p = new AubinatorPrinter(spec, o, full, memory, b).kernels(kernels);
        if (acthd >= 0) {
            p.markActhd(acthd);
        }
        return p;
    }

    private static byte[] get(FutureTask<byte[]> t) {
        try {
            return t.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while printing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
