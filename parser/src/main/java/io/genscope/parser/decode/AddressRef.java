package io.genscope.parser.decode;

import io.genscope.spec.AddressSpace;

/**
 * A graphics address a command holds.
 *
 * @param field the field's name
 * @param address the address (canonical bits as written)
 * @param space the address space it names, resolved from the spec's rule and gate field
 * @param startBit where the field starts in the command
 * @param endBit where it ends
 */
public record AddressRef(String field, long address, AddressSpace space, int startBit, int endBit) {
}
