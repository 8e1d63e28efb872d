package io.genscope.parser.walk;

import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.RequiredNames;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Walks a ring buffer or a batch buffer and everything it starts, the way the hardware (and Mesa's
 * aubinator) follows MI_BATCH_BUFFER_START:
 *
 * <ul>
 *   <li>a second-level start is a call: the callee runs to MI_BATCH_BUFFER_END, then the caller
 *       continues after the start;
 *   <li>a first-level start from a batch is a jump: nothing after it in that batch runs;
 *   <li>a first-level start from the ring returns to the ring at the batch's MI_BATCH_BUFFER_END;
 *   <li>a predicated start is listed but not followed (unless {@link #followPredicated} asks for
 *       it: then it is followed like a call, since it may run or not);
 *   <li>the address space comes from the command's address-space bit (PPGTT or GGTT).
 * </ul>
 *
 * A start whose target is already being executed up the chain is a loop: reported as a
 * {@link Problem.Kind#LOOP} and not followed. More than {@value #MAX_DEPTH} nested starts stop with
 * {@link Problem.Kind#JUMP_LIMIT}. A buffer is read until MI_BATCH_BUFFER_END, the first unmapped
 * page, or {@value #MAX_BATCH_DWORDS} dwords.
 */
public final class CommandWalker {
    private static final String START = "MI_BATCH_BUFFER_START";
    private static final String START_ADDRESS = "Batch Buffer Start Address";
    private static final String START_SPACE = "Address Space Indicator";
    private static final String SECOND_LEVEL = "Second Level Batch Buffer";
    private static final String PREDICATED = "Predication Enable";
    private static final String END = "MI_BATCH_BUFFER_END";

    /** The names the walker reads, checked when a spec loads (older batch starts lack some flags). */
    public static final RequiredNames REQUIRED = RequiredNames.of("batch walker (" + CommandWalker.class.getName() + ")")
            .command(START, START_ADDRESS)
            .optional(RequiredNames.Kind.COMMAND, START, START_SPACE, SECOND_LEVEL, PREDICATED)
            .command(END);

    /** Nesting limit for batch buffer starts (aubinator's). */
    public static final int MAX_DEPTH = 100;
    /** The most dwords read from one buffer before giving up on finding its end. */
    public static final int MAX_BATCH_DWORDS = 16 << 20;
    private static final long ADDRESS_MASK = 0xffff_ffff_ffffL;
    /** Dwords read for a command before its length is trusted any further. */
    private static final int FIRST_READ = 64;

    private final Decoder decoder;
    private final GpuMemory memory;
    private final Engine engine;
    private final WalkListener listener;
    private final Deque<Long> active = new ArrayDeque<>();
    private int depth;
    private boolean followPredicated;

    public CommandWalker(Decoder decoder, GpuMemory memory, Engine engine, WalkListener listener) {
        this.decoder = decoder;
        this.memory = memory;
        this.engine = engine;
        this.listener = listener;
    }

    /**
     * Whether to follow predicated batch buffer starts too (as calls: the target, then the rest of
     * the caller), for tools that must see every buffer that may run. Off by default.
     */
    public CommandWalker followPredicated(boolean follow) {
        this.followPredicated = follow;
        return this;
    }

    /** Where the next dwords come from: a batch in GPU memory, or a ring read out beforehand. */
    private interface Source {
        /** Copies up to {@code n} dwords from dword position {@code pos}; returns how many. */
        int read(long pos, int[] dst, int n);

        long address(long pos);
    }

    /**
     * Walks a submission's ring from head to tail (wrapping at the ring's end) and every batch it
     * starts. Ring addresses are printed relative to the start of the GGTT mapping that holds the
     * ring, as aubinator does (which is the context image when the ring follows it contiguously).
     */
    public void walkRing(Submission s) {
        int size = s.ringSize();
        int head = Math.floorMod(s.ringHead(), size) & ~3;
        int tail = Math.floorMod(s.ringTail(), size) & ~3;
        int bytes = tail >= head ? tail - head : size - head + tail;
        int[] ring = readMapped(s.ringStart(), size / 4);
        int got = ring.length;
        if (got < size / 4) {
            listener.problem(new Problem(Problem.Kind.UNMAPPED, s.ringStart() + 4L * got,
                    "ring buffer of " + size + " bytes is mapped only for " + 4L * got + " bytes"));
        }
        long base = ringPrintBase(s);
        int total = bytes / 4;
        int headDw = head / 4;
        int ringDw = size / 4;
        int mapped = got;
        Source src = new Source() {
            @Override
            public int read(long pos, int[] dst, int n) {
                int k = 0;
                while (k < n && pos + k < total) {
                    int idx = (int) ((headDw + pos + k) % ringDw);
                    if (idx >= mapped) {
                        break;
                    }
                    dst[k] = ring[idx];
                    k++;
                }
                return k;
            }

            @Override
            public long address(long pos) {
                return base + (s.ringStart() - base) + ((head + 4 * pos) % size);
            }
        };
        run(src, base + (s.ringStart() - base) + head, AddressSpace.GGTT, true);
    }

    /** Walks one batch buffer (and what it starts) as the first level. */
    public void walkBatch(long address, AddressSpace space) {
        run(batchSource(address & ADDRESS_MASK, space), address & ADDRESS_MASK, space, false);
    }

    /** Walks dwords already in hand at {@code address}; starts inside are followed through memory. */
    public void walkDwords(int[] dwords, long address, AddressSpace space, boolean fromRing) {
        Source src = new Source() {
            @Override
            public int read(long pos, int[] dst, int n) {
                int k = (int) Math.max(0, Math.min(n, dwords.length - pos));
                System.arraycopy(dwords, (int) Math.min(pos, dwords.length), dst, 0, k);
                return k;
            }

            @Override
            public long address(long pos) {
                return address + 4 * pos;
            }
        };
        run(src, address, space, fromRing);
    }

    private long ringPrintBase(Submission s) {
        long lrca = s.lrca();
        long ring = s.ringStart() & ~0xfffL;
        if (ring < lrca || ring - lrca > (64L << 20)) {
            return ring;
        }
        for (long page = lrca; page <= ring; page += 4096) {
            if (!memory.isMapped(AddressSpace.GGTT, page)) {
                return ring;
            }
        }
        return lrca;
    }

    private Source batchSource(long start, AddressSpace space) {
        return new Source() {
            @Override
            public int read(long pos, int[] dst, int n) {
                if (pos >= MAX_BATCH_DWORDS) {
                    return 0;
                }
                return memory.read(space, (start + 4 * pos) & ADDRESS_MASK, dst, 0, n);
            }

            @Override
            public long address(long pos) {
                return (start + 4 * pos) & ADDRESS_MASK;
            }
        };
    }

    private void run(Source src, long startAddress, AddressSpace space, boolean fromRing) {
        if (depth >= MAX_DEPTH) {
            listener.jumpLimit(startAddress);
            listener.problem(new Problem(Problem.Kind.JUMP_LIMIT, startAddress,
                    "more than " + MAX_DEPTH + " nested batch buffer starts; not followed"));
            return;
        }
        depth++;
        active.push(key(space, startAddress));
        listener.enter(startAddress, space, depth);
        try {
            int[] head = new int[1];
            long pos = 0;
            while (src.read(pos, head, 1) == 1) {
                int dw0 = head[0];
                CommandDef def = decoder.identify(engine, dw0);
                int len = Decoder.length(def, dw0);
                int[] dws = readCommand(src, pos, len);
                int got = dws.length;
                long address = src.address(pos);
                Command c = new Command(address, engine, space, def, len, dws);
                listener.command(c, depth);
                if (def == null) {
                    listener.problem(new Problem(Problem.Kind.UNKNOWN_COMMAND, address,
                            String.format("no %s command matches dword 0x%08x", engine.specName(), dw0)));
                } else if (got < len) {
                    listener.problem(new Problem(Problem.Kind.COMMAND_TRUNCATED, address,
                            def.name() + " needs " + len + " dwords, the buffer has " + got));
                }
                pos += len;
                if (def == null) {
                    continue;
                }
                String name = def.name();
                if (name.equals(START)) {
                    boolean secondLevel = Decoder.field(c, SECOND_LEVEL, 0) != 0;
                    if (Decoder.field(c, PREDICATED, 0) != 0) {
                        if (followPredicated) {
                            follow(c);
                        }
                        continue;
                    }
                    follow(c);
                    if (secondLevel) {
                        continue;
                    } else if (!fromRing) {
                        break;
                    }
                } else if (name.equals(END)) {
                    break;
                }
            }
        } finally {
            active.pop();
            depth--;
        }
    }

    /**
     * Up to {@code len} dwords from {@code pos}. The array grows with what the source actually
     * has, so a damaged length field (up to 65,537 dwords) costs no more than the data behind it.
     */
    private static int[] readCommand(Source src, long pos, int len) {
        int[] dws = new int[Math.min(len, FIRST_READ)];
        int got = src.read(pos, dws, dws.length);
        while (got == dws.length && got < len) {
            int more = Math.min(len - got, dws.length);
            int[] next = new int[more];
            int n = src.read(pos + got, next, more);
            dws = Arrays.copyOf(dws, got + n);
            System.arraycopy(next, 0, dws, got, n);
            got += n;
            if (n < more) {
                break;
            }
        }
        return got < dws.length ? Arrays.copyOf(dws, got) : dws;
    }

    /**
     * The first {@code dwords} dwords at a GGTT address, read page by page so that the array only
     * grows as far as memory is mapped (a ring size comes from the capture).
     */
    private int[] readMapped(long address, int dwords) {
        int[] buf = new int[Math.min(dwords, 1024)];
        int got = 0;
        while (got < dwords) {
            if (got == buf.length) {
                buf = Arrays.copyOf(buf, Math.min(dwords, buf.length * 2));
            }
            int n = memory.read(AddressSpace.GGTT, address + 4L * got, buf, got, buf.length - got);
            got += n;
            if (n == 0 || got < buf.length) {
                break;
            }
        }
        return got < buf.length ? Arrays.copyOf(buf, got) : buf;
    }

    private void follow(Command c) {
        long target = Decoder.field(c, START_ADDRESS, 0);
        AddressSpace space = Decoder.field(c, START_SPACE, 0) != 0 ? AddressSpace.PPGTT : AddressSpace.GGTT;
        long masked = target & ADDRESS_MASK;
        if (active.contains(key(space, masked))) {
            listener.problem(new Problem(Problem.Kind.LOOP, c.address(), String.format(
                    "batch buffer start jumps back to 0x%x (%s), which is already running; not followed",
                    masked, space)));
            return;
        }
        int[] probe = new int[1];
        if (memory.read(space, masked, probe, 0, 1) == 0) {
            listener.unavailable(target);
            listener.problem(new Problem(Problem.Kind.UNMAPPED, c.address(),
                    String.format("batch buffer at 0x%x (%s) is not mapped", masked, space)));
            return;
        }
        run(batchSource(masked, space), masked, space, false);
    }

    private static long key(AddressSpace space, long address) {
        return (address & ADDRESS_MASK) | (space == AddressSpace.PPGTT ? 1L << 62 : 0);
    }
}
