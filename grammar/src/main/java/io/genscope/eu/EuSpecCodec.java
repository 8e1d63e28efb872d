package io.genscope.eu;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The precompiled form of a built-in EU spec ({@code NAME.euspec.bin}, written at build time), so
 * that a decode that prints kernels does not parse the spec texts with ANTLR on every start. It
 * carries a checksum of the texts it was made from; a form that is stale, damaged or of another
 * version is not used (the texts are parsed instead).
 *
 * <pre>
 * "GSEU" u16 version  u64 checksum of the texts  UTF name
 * 4 x field map (native, compact, scatter, desc):
 *     u32 n, then n x (UTF key, UTF name, u16 pieces, pieces x (i32 hi, i32 lo))
 * opcodes: u32 n, n x (i32 hw, UTF name, i32 srcs, i32 dsts)
 * tables:  u32 n, n x (UTF name, u32 length, length x i64)
 * names:   u32 n, n x (UTF table, u32 m, m x (i32 value, UTF text))
 * </pre>
 * Maps are written in key order, so that the same spec always gives the same bytes.
 */
public final class EuSpecCodec {
    private static final int MAGIC = 0x47534555; // "GSEU"
    private static final int VERSION = 1;

    private EuSpecCodec() {
    }

    /** The bytes of {@code spec}, made from texts whose checksum is {@code checksum}. */
    public static byte[] encode(EuSpec spec, long checksum) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeShort(VERSION);
            out.writeLong(checksum);
            out.writeUTF(spec.name());
            for (Map<String, BitField> fields : List.of(spec.fields(), spec.compact(), spec.scatter(), spec.desc())) {
                out.writeInt(fields.size());
                for (Map.Entry<String, BitField> e : new TreeMap<>(fields).entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeUTF(e.getValue().name());
                    out.writeShort(e.getValue().pieces().size());
                    for (BitField.Piece p : e.getValue().pieces()) {
                        out.writeInt(p.hi());
                        out.writeInt(p.lo());
                    }
                }
            }
            out.writeInt(spec.opcodes().size());
            for (EuOpcode o : new TreeMap<>(spec.opcodes()).values()) {
                out.writeInt(o.hw());
                out.writeUTF(o.name());
                out.writeInt(o.srcs());
                out.writeInt(o.dsts());
            }
            out.writeInt(spec.tables().size());
            for (Map.Entry<String, long[]> e : new TreeMap<>(spec.tables()).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                for (long v : e.getValue()) {
                    out.writeLong(v);
                }
            }
            out.writeInt(spec.names().size());
            for (Map.Entry<String, Map<Integer, String>> e : new TreeMap<>(spec.names()).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().size());
                for (Map.Entry<Integer, String> n : new TreeMap<>(e.getValue()).entrySet()) {
                    out.writeInt(n.getKey());
                    out.writeUTF(n.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The spec in {@code bytes}, or null when they are not a current precompiled form: another
     * version, another checksum than {@code checksum}, or damaged.
     */
    public static EuSpec decode(byte[] bytes, long checksum) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readUnsignedShort() != VERSION || in.readLong() != checksum) {
                return null;
            }
            String name = in.readUTF();
            List<Map<String, BitField>> maps = new ArrayList<>();
            for (int m = 0; m < 4; m++) {
                Map<String, BitField> fields = new HashMap<>();
                for (int i = count(in); i > 0; i--) {
                    String key = in.readUTF();
                    String fieldName = in.readUTF();
                    List<BitField.Piece> pieces = new ArrayList<>();
                    for (int p = in.readUnsignedShort(); p > 0; p--) {
                        pieces.add(new BitField.Piece(in.readInt(), in.readInt()));
                    }
                    fields.put(key, new BitField(fieldName, pieces));
                }
                maps.add(fields);
            }
            Map<Integer, EuOpcode> opcodes = new HashMap<>();
            for (int i = count(in); i > 0; i--) {
                EuOpcode o = new EuOpcode(in.readInt(), in.readUTF(), in.readInt(), in.readInt());
                opcodes.put(o.hw(), o);
            }
            Map<String, long[]> tables = new HashMap<>();
            for (int i = count(in); i > 0; i--) {
                String key = in.readUTF();
                long[] t = new long[count(in)];
                for (int k = 0; k < t.length; k++) {
                    t[k] = in.readLong();
                }
                tables.put(key, t);
            }
            Map<String, Map<Integer, String>> names = new HashMap<>();
            for (int i = count(in); i > 0; i--) {
                String table = in.readUTF();
                Map<Integer, String> m = new HashMap<>();
                for (int k = count(in); k > 0; k--) {
                    m.put(in.readInt(), in.readUTF());
                }
                names.put(table, m);
            }
            if (in.read() != -1) {
                return null;
            }
            return new EuSpec(name, maps.get(0), maps.get(1), maps.get(2), maps.get(3), opcodes, tables, names);
        } catch (IOException | RuntimeException e) {
            return null; // damaged: the caller parses the texts
        }
    }

    /** A count no larger than the bytes that could follow it. */
    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("count " + n + " beyond the data");
        }
        return n;
    }
}
