package io.genscope.migration.xe;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.context.ContextImage;
import io.genscope.parser.context.RingContext;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValues;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.Engine;
import io.genscope.spec.EngineBases;
import io.genscope.spec.EnumDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.Spec;
import io.genscope.spec.StructDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Finds the logical ring contexts a VF image holds. The stream names none (the GuC state that
 * registers them is the firmware's), so every page of the VF's GGTT range is tried as a context's
 * LRCA: its register state must be the hardware's register list naming one engine's ring
 * registers, with a ring inside the range ({@link ContextImage#implausible}). Positions come from
 * the spec ({@link ContextImage#LAYOUT}, {@link ContextImage#STRUCT}); the engine is the one whose
 * MMIO block ({@link EngineBases}) the ring registers belong to. A register state that points at an
 * indirect ring state page ({@link XeIndirectRingState}, Xe2/Xe3) has its ring there.
 */
public final class XeVfContexts {
    private static final String HEAD_REGISTER = "Ring Head Register";

    /**
     * One context found in the image.
     *
     * @param lrca GGTT address of its image
     * @param engine the engine its ring registers belong to
     * @param ring ring start, head, tail, control and PPGTT root as the image holds them (the ring
     *     registers from its indirect ring state page when it has one)
     * @param ringState GGTT address of its indirect ring state page (Xe2/Xe3), or -1
     */
    public record Found(long lrca, Engine engine, RingContext ring, long ringState) {
        /** A context whose ring registers are in its register state. */
        public Found(long lrca, Engine engine, RingContext ring) {
            this(lrca, engine, ring, -1);
        }

        /** The ring to walk, as a capture's submission numbered {@code index} (descriptor: the LRCA alone). */
        public Submission submission(int index) {
            return ring.submission(index, engine, lrca, -1);
        }
    }

    /**
     * What the context images say about where the range starts when the data does not say it.
     *
     * @param candidates the page-aligned bases that put every found context's ring inside the range
     *     and make every ring with head and tail apart decode without a problem (at most
     *     {@link #MAX_LISTED} kept; {@code fitting} counts them all)
     * @param fitting how many bases passed
     * @param contexts register states found (base-free) that a base was checked against
     * @param evidence of those, rings with head and tail apart (the ones that can refute a base)
     */
    public record Inference(List<Long> candidates, long fitting, int contexts, int evidence) {
        public Inference {
            candidates = List.copyOf(candidates);
        }

        /** The base, when exactly one fits and some ring had commands to check it. */
        public OptionalLong base() {
            return fitting == 1 && evidence > 0 ? OptionalLong.of(candidates.get(0)) : OptionalLong.empty();
        }
    }

    /** Bases listed in an {@link Inference} at most. */
    public static final int MAX_LISTED = 8;
    /** Bases checked at most: past this the range is too loosely pinned for the answer to mean much. */
    private static final long MAX_CHECKED = 1 << 16;

    private XeVfContexts() {
    }

    /**
     * Infers the range's base from the context images alone. Every page is tried as an LRCA with the
     * range read from address 0; for each register state found, the ring it names must lie inside
     * the range, which bounds the base (ring end minus the range's size up to ring start). Each
     * page-aligned base in the intersection is then checked: with the range placed there, every ring
     * with head and tail apart must decode from head to tail without a problem, to commands that are
     * not all zero. Sound rather than bold: the answer is a base only when exactly one passes.
     *
     * @param relative the VF's GGTT range read as if it started at graphics address 0
     */
    public static Inference inferBase(GpuMemory relative, int pages, Spec spec) {
        List<Found> found = find(relative, 0, pages, spec, false);
        long span = (long) pages << 12;
        long lo = 0;
        long hi = (1L << 32) - span;   // the range lies inside the 4 GiB GGTT
        for (Found f : found) {
            lo = Math.max(lo, f.ring().ringStart() + f.ring().ringSize() - span);
            hi = Math.min(hi, f.ring().ringStart());
        }
        lo = (lo + 0xfff) & ~0xfffL;
        hi &= ~0xfffL;
        if (found.isEmpty() || lo > hi || ((hi - lo) >> 12) >= MAX_CHECKED) {
            return new Inference(List.of(), found.isEmpty() || lo > hi ? 0 : ((hi - lo) >> 12) + 1, found.size(), 0);
        }
        Decoder decoder = new Decoder(spec);
        List<Found> evidence = new ArrayList<>();
        for (Found f : found) {
            if (f.ring().head() != f.ring().tail()) {
                evidence.add(f);
            }
        }
        List<Long> fit = new ArrayList<>();
        long fitting = 0;
        for (long b = lo; b <= hi; b += 4096) {
            GpuMemory placed = placed(relative, b);
            boolean ok = true;
            for (int i = 0; i < evidence.size() && ok; i++) {
                ok = decodes(decoder, placed, evidence.get(i), b);
            }
            if (ok && fitting++ < MAX_LISTED) {
                fit.add(b);
            }
        }
        return new Inference(fit, fitting, found.size(), evidence.size());
    }

    /** The range read from {@code base} on; nothing below it. */
    private static GpuMemory placed(GpuMemory relative, long base) {
        return (space, address, dst, off, count) -> space == io.genscope.spec.AddressSpace.GGTT && address < base ? 0
                : relative.read(space, space == io.genscope.spec.AddressSpace.GGTT ? address - base : address, dst, off, count);
    }

    /**
     * Whether the ring of {@code f} (its image at relative {@code f.lrca()}), with the range at
     * {@code base}, decodes from head to tail to commands that are not all zero (a submitted ring
     * holds what the driver wrote; zero pages are where no ring is) without a problem other than an
     * unmapped batch (PPGTT batches are guest memory, not in the data).
     */
    private static boolean decodes(Decoder decoder, GpuMemory placed, Found f, long base) {
        int[] walked = {0, 0};
        new io.genscope.parser.walk.CommandWalker(decoder, placed, f.engine(), new io.genscope.parser.walk.WalkListener() {
            @Override
            public void command(io.genscope.parser.decode.Command c, int depth) {
                if (depth == 1) {
                    for (int d : c.dwords()) {
                        walked[0] |= d;
                    }
                }
            }

            @Override
            public void problem(io.genscope.parser.capture.Problem p) {
                if (p.kind() != io.genscope.parser.capture.Problem.Kind.UNMAPPED) {
                    walked[1]++;   // a batch elsewhere is guest memory, or unmapped: no evidence either way
                }
            }
        }).walkRing(new Found(base + f.lrca(), f.engine(), f.ring()).submission(0));
        return walked[1] == 0 && walked[0] != 0;
    }

    /**
     * The contexts whose images lie in the range, in address order.
     *
     * @param memory the VF's GGTT (pages outside the image read as unmapped)
     * @param base graphics address of the range's first page
     * @param pages pages in the range
     * @param spec the device's spec (its context layout and engine bases)
     */
    public static List<Found> find(GpuMemory memory, long base, int pages, Spec spec) {
        return find(memory, base, pages, spec, true);
    }

    /** As {@link #find(GpuMemory, long, int, Spec)}; without {@code ringInRange} any ring not bigger than the range passes. */
    private static List<Found> find(GpuMemory memory, long base, int pages, Spec spec, boolean ringInRange) {
        ContextImage image = ContextImage.forSpec(spec);
        XeIndirectRingState indirect = XeIndirectRingState.of(spec);
        EngineBases bases = engineBases(spec);
        StructDef struct = spec.struct(ContextImage.STRUCT);
        FieldDef headRegister = struct == null ? null : struct.field(HEAD_REGISTER);
        long headOffset = layoutOffset(spec, HEAD_REGISTER);
        List<Found> found = new ArrayList<>();
        if (bases == null || headRegister == null || headOffset < 0) {
            return found;
        }
        long end = base + ((long) pages << 12);
        for (int i = 0; i < pages; i++) {
            long lrca = base + ((long) i << 12);
            int[] state = image.registerDwords(memory, lrca);
            if (state == null) {
                continue;
            }
            int engineBase = (int) (FieldValues.raw(headRegister, state, 0, state.length) - headOffset);
            Engine engine = bases.engineAt(engineBase);
            RingContext ring = image.decode(state);
            long ringState = indirect == null || engine == null ? -1 : indirect.pointer(state, engineBase);
            if (ringState >= 0) {
                // the page is named by its absolute address: read without a base (inferring), it is out of reach
                ring = ringInRange && ringState >= base && ringState + XeIndirectRingState.BYTES <= end
                        ? indirectRing(memory, indirect, ringState, engine, engineBase, ring) : null;
                if (ring == null) {
                    continue;
                }
                image.place(state, ring);
            }
            if (image.implausible(state) != null) {
                continue;
            }
            boolean inRange = ringInRange ? ring.ringStart() >= base && ring.ringStart() + ring.ringSize() <= end
                    : ring.ringSize() <= end - base;
            if (engine != null && inRange) {
                found.add(new Found(lrca, engine, ring, ringState));
            }
        }
        return found;
    }

    /** The ring an indirect ring state page names, or null when it is unreadable or not one. */
    private static RingContext indirectRing(GpuMemory memory, XeIndirectRingState indirect, long page, Engine engine,
            int engineBase, RingContext main) {
        int[] dwords = new int[indirect.dwords()];
        if (memory.read(io.genscope.spec.AddressSpace.GGTT, page, dwords, 0, dwords.length) < dwords.length) {
            return null;
        }
        return indirect.ring(dwords, engine, engineBase, main);
    }

    private static EngineBases engineBases(Spec spec) {
        try {
            return spec.engineBases();
        } catch (IllegalStateException none) {
            return null;
        }
    }

    /** The offset the spec's context layout gives {@code name}, or -1. */
    private static long layoutOffset(Spec spec, String name) {
        EnumDef layout = spec.enumeration(ContextImage.LAYOUT);
        if (layout == null) {
            return -1;
        }
        for (Map.Entry<Long, String> e : layout.values().entrySet()) {
            if (e.getValue().equals(name)) {
                return e.getKey();
            }
        }
        return -1;
    }
}
