package io.genscope.parser.print;

/**
 * The state that aubinator's indirect-state decoders carry from one command to the next: the
 * bases set by STATE_BASE_ADDRESS and 3DSTATE_BINDING_TABLE_POOL_ALLOC, and the binding table
 * alignment chosen through GT_MODE.
 *
 * <p>Aubinator keeps these in its single decode context for the whole file, so they carry over
 * from one submission to the next (and from one engine to another): a batch that relies on the
 * STATE_BASE_ADDRESS of an earlier batch is decoded against it. Share one instance between the
 * printers of all submissions of a capture to get the same output.
 */
public final class IndirectBases {
    long surfaceBase;
    long dynamicBase;
    long instructionBase;
    long bindingTablePoolBase;
    boolean bindingTables256B;

    /** Everything zero, as at the start of a capture. */
    public IndirectBases() {
    }

    /** A copy of {@code other} (to resume printing from a point in a capture without printing what came before). */
    public IndirectBases(IndirectBases other) {
        this.surfaceBase = other.surfaceBase;
        this.dynamicBase = other.dynamicBase;
        this.instructionBase = other.instructionBase;
        this.bindingTablePoolBase = other.bindingTablePoolBase;
        this.bindingTables256B = other.bindingTables256B;
    }

    /** Makes this the same as {@code other}. */
    void set(IndirectBases other) {
        this.surfaceBase = other.surfaceBase;
        this.dynamicBase = other.dynamicBase;
        this.instructionBase = other.instructionBase;
        this.bindingTablePoolBase = other.bindingTablePoolBase;
        this.bindingTables256B = other.bindingTables256B;
    }

    /** Surface State Base Address (binding table entries are relative to it). */
    public long surfaceBase() {
        return surfaceBase;
    }

    /** Dynamic State Base Address (samplers, viewports, blend and color-calc state). */
    public long dynamicBase() {
        return dynamicBase;
    }

    /** Instruction Base Address (kernel start pointers are relative to it). */
    public long instructionBase() {
        return instructionBase;
    }

    /** Binding Table Pool Base Address, or 0 when binding tables are relative to the surface base. */
    public long bindingTablePoolBase() {
        return bindingTablePoolBase;
    }

    @Override
    public String toString() {
        return String.format("surface 0x%x, dynamic 0x%x, instruction 0x%x, binding table pool 0x%x%s", surfaceBase,
                dynamicBase, instructionBase, bindingTablePoolBase, bindingTables256B ? ", 256B binding tables" : "");
    }
}
