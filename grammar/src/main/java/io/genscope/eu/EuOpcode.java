package io.genscope.eu;

/** One opcode of an EU generation: hardware number, mnemonic and operand counts. */
public record EuOpcode(int hw, String name, int srcs, int dsts) {}
