package io.genscope.migration.xe;

import io.genscope.spec.Spec;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * Where a VF's GGTT range starts, for decode, the shell and the shift alike. Linux's stream does
 * not say; the base is, in this order, the user's (from the PF's provisioning), genscope's
 * descriptor KLV {@link XeKlv#GENSCOPE_GGTT_BASE}, or inferred from the context images
 * ({@link XeVfContexts#inferBase}) when exactly one base fits them; otherwise there is none, and
 * the reason says where the user finds it.
 */
public sealed interface XeVfBase {
    /** How a known base was found. */
    enum How {
        GIVEN, DESCRIPTOR, INFERRED
    }

    /**
     * A base.
     *
     * @param address graphics address of the range's first page
     * @param how where it came from
     * @param origin that, in words ("given with --ggtt-base", "from the descriptor ...", "not in the data; inferred ...")
     */
    record Known(long address, How how, String origin) implements XeVfBase {
    }

    /**
     * No base: the data does not carry one, none was given, and the context images do not pin one down.
     *
     * @param reason why, naming the option that gives one and the PF's debugfs file that lists it
     */
    record Unknown(String reason) implements XeVfBase {
    }

    /**
     * The base of {@code data}'s GGTT range (its first GGTT packet; the caller has checked there is one).
     *
     * @param spec the device's spec (for inferring)
     * @param given the user's base, or empty
     * @param option the option that gives one, named in the origin and the reason ({@code --ggtt-base})
     */
    static XeVfBase of(XeVfData data, Spec spec, OptionalLong given, String option) throws IOException {
        if (given.isPresent()) {
            return new Known(given.getAsLong(), How.GIVEN, "given with " + option);
        }
        OptionalLong klv = data.descriptor().map(XePacket.Descriptor::ggttBase).orElse(OptionalLong.empty());
        if (klv.isPresent()) {
            return new Known(klv.getAsLong(), How.DESCRIPTOR, "from the descriptor (genscope's KLV 0xfe01)");
        }
        XeVfContexts.Inference inferred;
        try (XeVfMemory relative = new XeVfMemory(data, 0)) {
            inferred = XeVfContexts.inferBase(relative, data.packets(XePacket.Ggtt.class).get(0).count(), spec);
        }
        if (inferred.base().isPresent()) {
            return new Known(inferred.base().getAsLong(), How.INFERRED, String.format("not in the data; inferred from the"
                    + " register state of %d context image%s (the only page-aligned base that puts every ring inside the"
                    + " range and decodes the %d submitted ring%s)", inferred.contexts(), inferred.contexts() == 1 ? "" : "s",
                    inferred.evidence(), inferred.evidence() == 1 ? "" : "s"));
        }
        return new Unknown("the data does not say where its GGTT range starts (Linux's stream does not carry it) and the"
                + " context images do not pin it down (" + inferred.contexts() + " found, " + inferred.fitting()
                + " bases fit" + listed(inferred) + "); give it with " + option + " ADDR: the PF lists each VF's range in"
                + " debugfs, /sys/kernel/debug/dri/BDF/sriov/pf/tile0/ggtt_provisioned (gt0/pf/ggtt_provisioned on older"
                + " kernels), as 'VFn: START-END (size)'");
    }

    private static String listed(XeVfContexts.Inference inferred) {
        if (inferred.candidates().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(":");
        inferred.candidates().forEach(c -> b.append(String.format(" 0x%x", c)));
        return b.append(inferred.fitting() > inferred.candidates().size() ? " ..." : "").toString();
    }
}
