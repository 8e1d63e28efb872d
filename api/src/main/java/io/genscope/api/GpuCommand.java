package io.genscope.api;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One decoded GPU command with every field and every graphics address it holds.
 *
 * <pre>{@code
 * for (GpuCommand c : decoded.commands()) {
 *     System.out.printf("0x%08x  %s%n", c.address(), c.name());
 *     for (GpuCommand.Field f : c.fields()) System.out.println("    " + f.name() + ": " + f.text());
 * }
 * }</pre>
 *
 * @param address GPU address of dword 0
 * @param engine the engine whose stream it is in
 * @param space the address space of the buffer it was read from
 * @param depth 1 for the ring or the first buffer, one more per batch buffer level
 * @param name the PRM name, or {@code unknown} when no command of the spec matches dword 0
 * @param length the length in dwords its header states
 * @param dwords the dwords that were there (fewer than {@code length} when the buffer ended first);
 *     a copy owned by this record
 * @param fields every field in printing order (empty for unknown commands)
 * @param addresses the graphics addresses the command holds, with the space each names (fields whose
 *     validity condition does not hold are left out)
 */
public record GpuCommand(long address, Engine engine, AddressSpace space, int depth, String name, int length, int[] dwords,
        List<Field> fields, List<Address> addresses) {

    /**
     * Copies the lists and the dwords.
     *
     * @param address GPU address of dword 0
     * @param engine the engine
     * @param space the address space
     * @param depth the batch level
     * @param name the name
     * @param length the stated length
     * @param dwords the dwords
     * @param fields the fields
     * @param addresses the addresses
     */
    public GpuCommand {
        dwords = dwords.clone();
        fields = List.copyOf(fields);
        addresses = List.copyOf(addresses);
    }

    /**
     * Whether the spec knows the command.
     *
     * @return false for a dword 0 no command matches
     */
    public boolean known() {
        return !"unknown".equals(name);
    }

    /**
     * Whether the buffer ended before the command did.
     *
     * @return true when fewer than {@link #length()} dwords were there
     */
    public boolean truncated() {
        return dwords.length < length;
    }

    /**
     * A field's value by name.
     *
     * @param fieldName the name as in {@link #fields()}
     * @param fallback what to return when the command has no such field
     * @return the raw value (addresses as byte addresses), or {@code fallback}
     */
    public long field(String fieldName, long fallback) {
        for (Field f : fields) {
            if (f.name().equals(fieldName)) {
                return f.value();
            }
        }
        return fallback;
    }

    /**
     * The dwords (a copy).
     *
     * @return the command's dwords
     */
    @Override
    public int[] dwords() {
        return dwords.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GpuCommand c && address == c.address && engine == c.engine && space == c.space
                && depth == c.depth && length == c.length && name.equals(c.name) && Arrays.equals(dwords, c.dwords)
                && fields.equals(c.fields) && addresses.equals(c.addresses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, engine, space, depth, name, length, Arrays.hashCode(dwords), fields, addresses);
    }

    @Override
    public String toString() {
        return String.format("0x%08x %s (%d dwords)", address, name, length);
    }

    /**
     * One decoded field.
     *
     * <pre>{@code
     * GpuCommand.Field f = c.fields().get(0);   // Field[name=Command Type, ..., text=3 (3D)]
     * }</pre>
     *
     * @param name the name ({@code Element[1]} inside repeated groups)
     * @param startBit first bit within the command (bit 32 is bit 0 of dword 1)
     * @param endBit last bit, inclusive
     * @param value the raw value (address fields as byte addresses)
     * @param text the value as genscope and Mesa's aubinator print it
     */
    public record Field(String name, int startBit, int endBit, long value, String text) {
    }

    /**
     * A graphics address a command holds.
     *
     * <pre>{@code
     * c.addresses().forEach(a -> System.out.printf("%s -> %s 0x%x%n", a.field(), a.space(), a.address()));
     * }</pre>
     *
     * @param field the field's name ({@code Batch Buffer Start Address}, {@code Address[1]}, ...)
     * @param address the byte address
     * @param space the space it names
     * @param startBit the field's first bit within the command
     * @param endBit the field's last bit
     */
    public record Address(String field, long address, AddressSpace space, int startBit, int endBit) {
    }
}
