package io.genscope.parser.aub;

/** Which writer's conventions an AUB file follows, as far as its header tells. */
public enum Dialect {
    /** Mesa's {@code intel_dump_gpu} / IGT: a MemTrace version packet whose text starts with {@code PCI-ID=}. */
    MESA,
    /** Intel's compute runtime (NEO) / AubStream: a MemTrace version packet without a {@code PCI-ID=} tag. */
    NEO,
    /** The classic (gen7 and older) header packet {@code 0xE085}. */
    CLASSIC,
    /** No header packet was found. */
    UNKNOWN
}
