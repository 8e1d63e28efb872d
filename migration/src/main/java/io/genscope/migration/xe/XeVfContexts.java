package io.genscope.migration.xe;

import io.genscope.parser.capture.Submission;
import io.genscope.parser.context.ContextImage;
import io.genscope.parser.context.RingContext;
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

/**
 * Finds the logical ring contexts a VF image holds. The stream names none (the GuC state that
 * registers them is the firmware's), so every page of the VF's GGTT range is tried as a context's
 * LRCA: its register state must be the hardware's register list naming one engine's ring
 * registers, with a ring inside the range ({@link ContextImage#implausible}). Positions come from
 * the spec ({@link ContextImage#LAYOUT}, {@link ContextImage#STRUCT}); the engine is the one whose
 * MMIO block ({@link EngineBases}) the ring registers belong to.
 */
public final class XeVfContexts {
    private static final String HEAD_REGISTER = "Ring Head Register";

    /**
     * One context found in the image.
     *
     * @param lrca GGTT address of its image
     * @param engine the engine its ring registers belong to
     * @param ring ring start, head, tail, control and PPGTT root as the image holds them
     */
    public record Found(long lrca, Engine engine, RingContext ring) {
        /** The ring to walk, as a capture's submission numbered {@code index} (descriptor: the LRCA alone). */
        public Submission submission(int index) {
            return ring.submission(index, engine, lrca, -1);
        }
    }

    private XeVfContexts() {
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
        ContextImage image = ContextImage.forSpec(spec);
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
            if (state == null || image.implausible(state) != null) {
                continue;
            }
            Engine engine = bases.engineAt((int) (FieldValues.raw(headRegister, state, 0, state.length) - headOffset));
            RingContext ring = image.decode(state);
            if (engine != null && ring.ringStart() >= base && ring.ringStart() + ring.ringSize() <= end) {
                found.add(new Found(lrca, engine, ring));
            }
        }
        return found;
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
