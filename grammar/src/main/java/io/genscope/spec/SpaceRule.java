package io.genscope.spec;

/**
 * Which address space an address field names.
 *
 * <p>{@code space ggtt if "Use Global GTT" == 1} reads: GGTT when the gate field holds the value,
 * otherwise PPGTT. Without a gate the space is unconditional. {@link Kind#BATCH} means "the space
 * of the buffer the command runs from" (state bases, 3D and media addresses).
 *
 * @param kind the space when the gate holds (or always)
 * @param gate the gate field's name, or null
 * @param gateValue the value that selects {@code kind}
 */
public record SpaceRule(Kind kind, String gate, long gateValue) {
    /** What a rule can name. */
    public enum Kind { GGTT, PPGTT, BATCH }

    /** The rule of an address field that says nothing: the space of the running buffer. */
    public static final SpaceRule BATCH = new SpaceRule(Kind.BATCH, null, 0);

    /**
     * Resolves the rule for one command.
     *
     * @param gateFieldValue the gate field's value in this command (ignored without a gate)
     * @param batchSpace the space of the buffer the command runs from
     */
    public AddressSpace resolve(long gateFieldValue, AddressSpace batchSpace) {
        if (kind == Kind.BATCH) {
            return batchSpace;
        }
        AddressSpace named = kind == Kind.GGTT ? AddressSpace.GGTT : AddressSpace.PPGTT;
        if (gate == null || gateFieldValue == gateValue) {
            return named;
        }
        return named == AddressSpace.GGTT ? AddressSpace.PPGTT : AddressSpace.GGTT;
    }

    @Override
    public String toString() {
        String s = kind.name().toLowerCase(java.util.Locale.ROOT);
        return gate == null ? s : s + " if \"" + gate + "\" == " + gateValue;
    }
}
