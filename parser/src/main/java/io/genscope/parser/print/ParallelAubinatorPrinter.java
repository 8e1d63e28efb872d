package io.genscope.parser.print;

import io.genscope.parser.decode.Command;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.state.StateBases;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.Spec;
import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An {@link AubinatorPrinter} that prints a walk on several threads while the walk goes on, with
 * the same output byte for byte. What the walk reports is cut into chunks of about
 * {@value #CHUNK_DWORDS} command dwords; each chunk starts from the indirect-state bases the
 * commands before it set (the calling thread follows only the commands that set them) and is
 * printed into its own buffer on the executor; the buffers are written in order. Rather than wait
 * for the oldest chunk, the calling thread prints the chunks no thread has started yet, and at most
 * {@code 2 * threads + 1} chunks are in flight, so memory stays bounded however long the walk. A
 * walk shorter than a chunk is printed on the calling thread, straight to the output.
 *
 * <pre>{@code
 * ParallelAubinatorPrinter p = new ParallelAubinatorPrinter(spec, out, true, memory, bases, pool, 2);
 * new CommandWalker(decoder, memory, engine, p).walkRing(s);
 * p.finish();   // before the memory changes (the next packet of the capture)
 * }</pre>
 *
 * The memory is read from several threads at once (ContextMemory allows that), and so is the
 * {@link KernelListing} called.
 */
public final class ParallelAubinatorPrinter implements WalkListener {
    /** Command dwords per chunk. */
    private static final int CHUNK_DWORDS = 4096;

    private final Spec spec;
    private final ByteOut out;
    private final boolean full;
    private final GpuMemory memory;
    private final StateBases bases;
    private final Executor executor;
    private final int inFlight;
    private final ArrayDeque<Chunk> pending = new ArrayDeque<>();
    private List<Object> events = new ArrayList<>();
    private long dwords;
    private long acthd = -1;
    private KernelListing kernels = KernelListing.NONE;
    private int chunkDwords = CHUNK_DWORDS;
    /** The bases after the last chunk handed out, followed by {@link #tracker}; null before the first. */
    private StateBases running;
    private AubinatorPrinter tracker;

    /** What the walk reported besides commands. */
    private record Unavailable(long address) {
    }

    private record JumpLimit(long address) {
    }

    /**
     * @param bases the bases carried from one walk to the next (read at the start, updated by {@link #finish})
     * @param threads how many threads print (the executor's and the calling one); 1 prints on the calling thread
     */
    public ParallelAubinatorPrinter(Spec spec, ByteOut out, boolean full, GpuMemory memory, StateBases bases,
            Executor executor, int threads) {
        this.spec = spec;
        this.out = out;
        this.full = full;
        this.memory = memory;
        this.bases = bases;
        this.executor = executor;
        this.inFlight = threads <= 1 ? 0 : 2 * threads + 1;
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

    /** Command dwords per chunk (tests cut walks into many small chunks). */
    ParallelAubinatorPrinter chunkDwords(int n) {
        this.chunkDwords = Math.max(1, n);
        return this;
    }

    @Override
    public void command(Command c, int depth) {
        events.add(c);
        dwords += c.dwords().length;
        if (dwords >= chunkDwords && inFlight > 0) {
            handOut();
        }
    }

    @Override
    public void unavailable(long address) {
        events.add(new Unavailable(address));
    }

    @Override
    public void jumpLimit(long address) {
        events.add(new JumpLimit(address));
    }

    /** Prints what the walk reported since the last call, in order, and updates the bases. */
    public void finish() {
        try {
            if (running == null) {
                print(events, bases, out);
                return;
            }
            if (!events.isEmpty()) {
                handOut();
            }
            while (!pending.isEmpty()) {
                writeFirst();
            }
            bases.set(running);
        } finally {
            events = new ArrayList<>();
            dwords = 0;
            running = null;
            tracker = null;
            pending.clear();
        }
    }

    /** Hands the chunk collected so far to the executor; writes the oldest first when too many are in flight. */
    private void handOut() {
        if (running == null) {
            running = new StateBases(bases);
            tracker = printer(new ByteOut(java.io.OutputStream.nullOutputStream(), 64), running);
        }
        List<Object> chunk = events;
        StateBases start = new StateBases(running);
        for (Object e : chunk) {
            if (e instanceof Command c) {
                tracker.track(c);
            }
        }
        Chunk t = new Chunk(() -> printed(chunk, start));
        pending.add(t);
        executor.execute(t::claimAndRun);
        events = new ArrayList<>();
        dwords = 0;
        while (pending.size() > inFlight) {
            writeFirst();
        }
        while (!pending.isEmpty() && pending.peek().isDone()) {
            writeFirst();
        }
    }

    /**
     * Writes the oldest chunk; until it is printed, this thread prints the oldest chunks no thread
     * has started rather than wait.
     */
    private void writeFirst() {
        Chunk first = pending.poll();
        if (!first.claimAndRun()) {
            for (Chunk c : pending) {
                if (first.isDone()) {
                    break;
                }
                c.claimAndRun();
            }
        }
        byte[] b = get(first);
        out.write(b, 0, b.length);
    }

    /** One chunk's printing, run by whichever thread claims it first. */
    private static final class Chunk extends FutureTask<byte[]> {
        private final AtomicBoolean claimed = new AtomicBoolean();

        Chunk(java.util.concurrent.Callable<byte[]> printing) {
            super(printing);
        }

        /** Prints the chunk here unless another thread has claimed it; true when this thread did. */
        boolean claimAndRun() {
            if (!claimed.compareAndSet(false, true)) {
                return false;
            }
            run();
            return true;
        }
    }

    private byte[] printed(List<Object> chunk, StateBases start) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 14);
        ByteOut o = new ByteOut(bytes, 1 << 14);
        print(chunk, start, o);
        o.flush();
        return bytes.toByteArray();
    }

    private void print(List<Object> chunk, StateBases b, ByteOut o) {
        AubinatorPrinter p = printer(o, b);
        for (Object e : chunk) {
            if (e instanceof Command c) {
                p.command(c, 0);
            } else if (e instanceof Unavailable u) {
                p.unavailable(u.address());
            } else {
                p.jumpLimit(((JumpLimit) e).address());
            }
        }
    }

    private AubinatorPrinter printer(ByteOut o, StateBases b) {
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
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
