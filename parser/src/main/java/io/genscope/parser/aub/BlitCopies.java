package io.genscope.parser.aub;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValues;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.PhysicalMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.FieldDef;
import io.genscope.spec.Spec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The copy engine's linear block copies, carried out on the memory model when their submission is
 * read, so that later submissions read what the device would. A discrete GPU's driver puts data
 * the CPU may not write into local memory this way: NEO 22.43 on DG2 uploads every kernel with an
 * XY_BLOCK_COPY_BLT from a system-memory copy into the ISA heap, whose pages it wrote to the
 * capture with unrelated host bytes ({@code tools/xcheck/README.md}).
 *
 * <p>Only what is exact is done: both surfaces linear and uncompressed, no resolve mode, no X/Y
 * offsets, rows of (X2 - X1) pixels of the colour depth's size, {@code pitch + 1} bytes apart,
 * through the context's PPGTT (the GGTT without one). A copy of another kind, or one of more than
 * {@value #MAX_BYTES} bytes, leaves memory as the capture wrote it. Runs whose source or
 * destination page is not mapped are left out; after {@value #MAX_RUNS} runs in one capture no
 * further copy is carried out.
 */
final class BlitCopies {
    static final String COMMAND = "XY_BLOCK_COPY_BLT";
    /** Largest copy carried out: a damaged command cannot make the model copy the whole GPU. */
    static final long MAX_BYTES = 64L << 20;
    /**
     * Most runs (the part of a row inside one page on both sides) one capture's copies may take:
     * damage cannot stall the reader.
     */
    static final long MAX_RUNS = 16L << 20;
    /** Fields that must be 0 (none, linear, disabled) for the copy to be carried out. */
    private static final String[] PLAIN = {"Special Mode of Operation", "Destination Tiling", "Source Tiling",
            "Destination Compression Enable", "Source Compression Enable", "Destination Auxiliary Surface Mode",
            "Source Auxiliary Surface Mode", "Destination X Offset", "Destination Y Offset", "Source X Offset",
            "Source Y Offset"};
    private static final int PAGE = PhysicalMemory.PAGE_SIZE;

    private final Decoder decoder;
    private final CommandDef def;
    /** Per context image (GGTT address): ring start, ring size and the tail its copies ran to. */
    private final Map<Long, long[]> executed = new HashMap<>();
    private long runsLeft = MAX_RUNS;

    private BlitCopies(Decoder decoder, CommandDef def) {
        this.decoder = decoder;
        this.def = def;
    }

    /** The copier for a spec, or null when the spec has no block copy. */
    static BlitCopies of(Spec spec) {
        CommandDef def = spec.command(COMMAND);
        return def == null ? null : new BlitCopies(new Decoder(spec), def);
    }

    /**
     * Walks a copy engine submission (silently: the decode reports its problems) and carries out its
     * block copies in order.
     *
     * @return how many copies were carried out, or -1 when the memory model filled up or the copies
     *     took all the runs a capture may have
     */
    int run(Submission s, ContextMemory memory) {
        if (s.engine() != Engine.BLITTER || s.ringSize() <= 0) {
            return 0;
        }
        Submission fresh = unexecuted(s);
        if (fresh.ringHead() == fresh.ringTail()) {
            return 0;
        }
        List<Command> copies = new ArrayList<>();
        new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
            @Override
            public void command(Command c, int depth) {
                if (c.def() == def && !c.truncated()) {
                    copies.add(c);
                }
            }
        }).walkRing(fresh);
        AddressSpace space = memory.pml4() == 0 ? AddressSpace.GGTT : AddressSpace.PPGTT;
        int done = 0;
        for (Command c : copies) {
            Copy copy = Copy.of(c);
            if (copy != null) {
                runsLeft = copy.carryOut(memory, space, runsLeft);
                if (runsLeft < 0) {
                    return -1;
                }
                done++;
            }
        }
        return done;
    }

    /**
     * The part of the ring the engine has not run yet: from the tail of the context's previous
     * submission (same ring) on. NEO writes only the tail into the image, so its head stays where
     * the first submission had it, while the device moved on; copies run once, as on the device.
     */
    private Submission unexecuted(Submission s) {
        long[] previous = executed.put(s.lrca(), new long[] {s.ringStart(), s.ringSize(), s.ringTail()});
        if (previous == null || previous[0] != s.ringStart() || previous[1] != s.ringSize()) {
            return s;
        }
        return new Submission(s.index(), s.engine(), s.descriptor(), s.ringStart(), (int) previous[2], s.ringTail(),
                s.ringSize(), s.pml4(), s.fileOffset());
    }

    /** One linear copy: {@code rows} rows of {@code rowBytes}, each side with its own start and pitch. */
    private record Copy(long source, long sourcePitch, long destination, long destinationPitch, long rowBytes,
            long rows) {

        static Copy of(Command c) {
            for (String name : PLAIN) {
                if (Decoder.field(c, name, 0) != 0) {
                    return null;
                }
            }
            long pixel = pixelBytes(c);
            long x1 = Decoder.field(c, "Destination X1", 0) & 0xffff;
            long y1 = Decoder.field(c, "Destination Y1", 0) & 0xffff;
            long x2 = Decoder.field(c, "Destination X2", 0) & 0xffff;
            long y2 = Decoder.field(c, "Destination Y2", 0) & 0xffff;
            long sx = Decoder.field(c, "Source X1", 0) & 0xffff;
            long sy = Decoder.field(c, "Source Y1", 0) & 0xffff;
            if (pixel <= 0 || x2 <= x1 || y2 <= y1 || (x2 - x1) * pixel * (y2 - y1) > MAX_BYTES) {
                return null;
            }
            long dstPitch = Decoder.field(c, "Destination Pitch", 0) + 1;
            long srcPitch = Decoder.field(c, "Source Pitch", 0) + 1;
            long mask = PhysicalMemory.ADDRESS_MASK;
            long src = (Decoder.field(c, "Source Base Address", 0) + sy * srcPitch + sx * pixel) & mask;
            long dst = (Decoder.field(c, "Destination Base Address", 0) + y1 * dstPitch + x1 * pixel) & mask;
            return new Copy(src, srcPitch, dst, dstPitch, (x2 - x1) * pixel, y2 - y1);
        }

        /** Bytes per pixel from the colour depth's name in the spec ({@code 8_BIT} is 1). */
        private static long pixelBytes(Command c) {
            FieldDef f = c.def().field("Color Depth");
            if (f == null) {
                return -1;
            }
            String name = FieldValues.namedValues(f).getOrDefault(Decoder.field(c, "Color Depth", -1), "");
            int cut = name.indexOf("_BIT");
            if (cut <= 0 || !name.substring(0, cut).chars().allMatch(Character::isDigit)) {
                return -1;
            }
            int bits = Integer.parseInt(name.substring(0, cut));
            return bits % 8 == 0 ? bits / 8 : -1;
        }

        /** Copies row by row; returns the runs left of {@code runs}, or -1 when they or the page table ran out. */
        long carryOut(ContextMemory memory, AddressSpace space, long runs) {
            PhysicalMemory physical = memory.physical();
            long left = runs;
            for (long r = 0; r < rows; r++) {
                long from = source + r * sourcePitch;
                long to = destination + r * destinationPitch;
                long bytes = rowBytes;
                while (bytes > 0) {
                    if (--left < 0) {
                        return -1;
                    }
                    int n = (int) Math.min(bytes, Math.min(PAGE - (from & (PAGE - 1)), PAGE - (to & (PAGE - 1))));
                    long src = memory.translate(space, from);
                    long dst = memory.translate(space, to);
                    if (src >= 0 && dst >= 0
                            && !physical.copy(dst | (to & (PAGE - 1)), src | (from & (PAGE - 1)), n)) {
                        return -1;
                    }
                    from += n;
                    to += n;
                    bytes -= n;
                }
            }
            return left;
        }
    }
}
