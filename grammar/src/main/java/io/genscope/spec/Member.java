package io.genscope.spec;

/** One member of a command, struct or register layout: a field or a repeated group. */
public sealed interface Member permits FieldDef, GroupDef {
    /** The first bit, relative to the enclosing layout or group element. */
    int start();
}
