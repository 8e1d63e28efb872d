package io.genscope.api;

import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.decode.FieldValue;
import io.genscope.parser.memory.GpuMemory;
import java.util.ArrayList;
import java.util.List;

/** Conversions between the api's values and the internal packages' (not part of the api). */
final class Internals {
    private Internals() {
    }

    static GpuMemory memory(GuestMemory m) {
        return (s, a, dst, off, count) -> m.read(AddressSpace.of(s), a, dst, off, count);
    }

    static GpuCommand command(Decoder decoder, Command c, int depth) {
        List<GpuCommand.Field> fields = new ArrayList<>();
        for (FieldValue f : decoder.fields(c)) {
            fields.add(new GpuCommand.Field(f.name(), f.startBit(), f.endBit(), f.value(), f.text()));
        }
        List<GpuCommand.Address> addresses = new ArrayList<>();
        for (AddressRef a : decoder.addresses(c)) {
            addresses.add(new GpuCommand.Address(a.field(), a.address(), AddressSpace.of(a.space()), a.startBit(), a.endBit()));
        }
        return new GpuCommand(c.address(), Engine.of(c.engine()), AddressSpace.of(c.space()), depth, c.name(), c.length(),
                c.dwords(), fields, addresses);
    }
}
