package io.genscope.spec;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compact binary form of a loaded {@link Spec}, written at build time next to the spec text so
 * that a command-line run does not pay for parsing half a megabyte of GenSpec on every start.
 * The form carries a checksum of the text it came from; {@link SpecLoader} ignores a stale one.
 *
 * <pre>
 * "GSPB" u16 format  i64 source checksum  utf name, version, title
 * u32 n  { utf name; u32 k; { i64 value; utf name } }                      enums
 * u32 n  { utf name; u32 dwords; members }                                 structs
 * u32 n  { utf name; u8 engines; u32 dwords; u32 bias; members }           commands (definition order)
 * u32 n  { utf name; u32 offset; u32 dwords; members }                     registers
 * members: u32 n { u8 tag(0 field, 1 group) ... }
 * </pre>
 */
final class SpecCodec {
    private static final int MAGIC = 0x47535042; // "GSPB"
    private static final int FORMAT = 2;

    private SpecCodec() {
    }

    static byte[] encode(Spec spec, long checksum) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeShort(FORMAT);
            out.writeLong(checksum);
            out.writeUTF(spec.name());
            out.writeUTF(spec.version());
            out.writeUTF(spec.title());
            out.writeInt(spec.enums().size());
            for (EnumDef e : spec.enums()) {
                out.writeUTF(e.name());
                values(out, e.values());
            }
            out.writeInt(spec.structs().size());
            for (StructDef s : spec.structs()) {
                out.writeUTF(s.name());
                out.writeInt(s.dwords());
                members(out, s.members());
            }
            out.writeInt(spec.commands().size());
            for (CommandDef c : spec.commands()) {
                out.writeUTF(c.name());
                int engines = 0;
                for (Engine e : c.engines()) {
                    engines |= 1 << e.ordinal();
                }
                out.writeByte(engines);
                out.writeInt(c.fixedDwords());
                out.writeInt(c.bias());
                members(out, c.members());
            }
            out.writeInt(spec.registers().size());
            for (RegisterDef r : spec.registers()) {
                out.writeUTF(r.name());
                out.writeInt(r.offset());
                out.writeInt(r.dwords());
                members(out, r.members());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec, or null when the bytes are not a current-format encoding of the given source. */
    /** The checksum of the texts a precompiled form says it was made from (-1 when it is not one). */
    static long checksumOf(byte[] data) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            return in.readInt() == MAGIC && in.readShort() == FORMAT ? in.readLong() : -1;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    static Spec decode(byte[] data, long checksum) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            if (in.readInt() != MAGIC || in.readShort() != FORMAT || in.readLong() != checksum) {
                return null;
            }
            String name = in.readUTF();
            String version = in.readUTF();
            String title = in.readUTF();
            Map<String, EnumDef> enums = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String n = in.readUTF();
                enums.put(n, new EnumDef(n, values(in)));
            }
            Map<String, StructDef> structs = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String n = in.readUTF();
                int dwords = in.readInt();
                structs.put(n, new StructDef(n, dwords, members(in, enums)));
            }
            List<CommandDef> commands = new ArrayList<>();
            for (int i = in.readInt(), order = 0; i > 0; i--, order++) {
                String n = in.readUTF();
                int mask = in.readUnsignedByte();
                Set<Engine> engines = EnumSet.noneOf(Engine.class);
                for (Engine e : Engine.values()) {
                    if ((mask & (1 << e.ordinal())) != 0) {
                        engines.add(e);
                    }
                }
                int dwords = in.readInt();
                int bias = in.readInt();
                commands.add(SpecLoader.command(n, engines, dwords, bias, members(in, enums), order));
            }
            Map<String, RegisterDef> registers = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String n = in.readUTF();
                int offset = in.readInt();
                int dwords = in.readInt();
                registers.put(n, new RegisterDef(n, offset, dwords, members(in, enums)));
            }
            return SpecLoader.assemble(name, version, title, enums, structs, commands, registers);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void values(DataOutputStream out, Map<Long, String> values) throws IOException {
        out.writeInt(values.size());
        for (Map.Entry<Long, String> v : values.entrySet()) {
            out.writeLong(v.getKey());
            out.writeUTF(v.getValue());
        }
    }

    private static Map<Long, String> values(DataInputStream in) throws IOException {
        int n = in.readInt();
        Map<Long, String> m = new LinkedHashMap<>(Math.max(4, n * 2));
        for (int i = 0; i < n; i++) {
            long k = in.readLong();
            m.put(k, in.readUTF());
        }
        return m;
    }

    private static void members(DataOutputStream out, List<Member> members) throws IOException {
        out.writeInt(members.size());
        for (Member m : members) {
            if (m instanceof GroupDef g) {
                out.writeByte(1);
                out.writeInt(g.count());
                out.writeInt(g.start());
                out.writeInt(g.stride());
                members(out, g.members());
                continue;
            }
            FieldDef f = (FieldDef) m;
            out.writeByte(0);
            out.writeUTF(f.name());
            out.writeInt(f.start());
            out.writeInt(f.end());
            FieldType t = f.type();
            if (t instanceof FieldType.Primitive p) {
                out.writeByte(0);
                out.writeByte(p.ordinal());
            } else if (t instanceof FieldType.Fixed x) {
                out.writeByte(1);
                out.writeBoolean(x.signed());
                out.writeByte(x.integerBits());
                out.writeByte(x.fractionBits());
            } else if (t instanceof FieldType.EnumRef e) {
                out.writeByte(2);
                out.writeUTF(e.def().name());
            } else {
                out.writeByte(3);
                out.writeUTF(((FieldType.StructRef) t).name());
            }
            out.writeBoolean(f.defaultValue() != null);
            if (f.defaultValue() != null) {
                out.writeLong(f.defaultValue());
            }
            out.writeBoolean(f.headerMatch());
            values(out, f.values());
            out.writeBoolean(f.space() != null);
            if (f.space() != null) {
                out.writeByte(f.space().kind().ordinal());
                out.writeUTF(f.space().gate() == null ? "" : f.space().gate());
                out.writeLong(f.space().gateValue());
            }
            out.writeInt(f.conditions().size());
            for (ValidWhen w : f.conditions()) {
                out.writeUTF(w.field());
                out.writeBoolean(w.equal());
                out.writeLong(w.value());
            }
            out.writeInt(f.line());
        }
    }

    private static List<Member> members(DataInputStream in, Map<String, EnumDef> enums) throws IOException {
        int n = in.readInt();
        List<Member> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            if (in.readByte() == 1) {
                int count = in.readInt();
                int start = in.readInt();
                int stride = in.readInt();
                out.add(new GroupDef(count, start, stride, members(in, enums)));
                continue;
            }
            String name = in.readUTF();
            int start = in.readInt();
            int end = in.readInt();
            FieldType type = switch (in.readByte()) {
                case 0 -> FieldType.Primitive.values()[in.readByte()];
                case 1 -> new FieldType.Fixed(in.readBoolean(), in.readByte(), in.readByte());
                case 2 -> new FieldType.EnumRef(java.util.Objects.requireNonNull(enums.get(in.readUTF())));
                default -> new FieldType.StructRef(in.readUTF());
            };
            Long def = in.readBoolean() ? in.readLong() : null;
            boolean match = in.readBoolean();
            Map<Long, String> values = values(in);
            SpaceRule space = null;
            if (in.readBoolean()) {
                SpaceRule.Kind kind = SpaceRule.Kind.values()[in.readByte()];
                String gate = in.readUTF();
                space = new SpaceRule(kind, gate.isEmpty() ? null : gate, in.readLong());
            }
            List<ValidWhen> valid = new ArrayList<>();
            for (int c = in.readInt(); c > 0; c--) {
                valid.add(new ValidWhen(in.readUTF(), in.readBoolean(), in.readLong()));
            }
            out.add(new FieldDef(name, start, end, type, def, match, values, space, valid, in.readInt()));
        }
        return out;
    }
}
