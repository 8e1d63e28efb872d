package io.genscope.parser.print;

import io.genscope.parser.decode.FieldValues;
import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.GroupDef;
import io.genscope.spec.Layout;
import io.genscope.spec.Member;
import java.util.List;
import java.util.Map;

/**
 * A command, struct or register compiled once for printing: each field as a step that says where
 * its bits are, how to print them and what its line starts with (the name as bytes), repeated
 * groups as loops over their steps. {@link TextOut} runs a plan over the source dwords and writes
 * straight into its byte buffer, with no String per field.
 */
final class PrintPlan {
    static final int UINT = 0;
    static final int INT = 1;
    static final int BOOL = 2;
    static final int FLOAT = 3;
    static final int ADDRESS = 4;
    static final int MBO = 5;
    static final int FIXED = 6;
    static final int ENUM = 7;
    static final int STRUCT = 8;
    static final int NONE = 9;

    /** A field or a repeated group. */
    sealed interface Step permits Field, Group {
    }

    /** One field: bits, kind, the bytes of {@code "    Name"} and of its enum names. */
    static final class Field implements Step {
        final FieldDef def;
        final int start;
        final int end;
        /** Wider than 32 bits: read from its dword and the next. */
        final boolean wide;
        final boolean addressLike;
        final int kind;
        /** {@code "    " + name}, UTF-8. */
        final byte[] lead;
        /** {@code "    " + name + ": "}, the start of the line outside groups. */
        final byte[] leadColon;
        /** The named values ({@code " (NAME)"} bytes), or null. */
        final EnumTable names;
        /**
         * Whether the layout hides it as a header field (when met at its own start bit; only
         * layouts with header bits hide any).
         */
        final boolean header;
        /** Named {@code Surface Format} or {@code Source Element Format} (SURFACE_FORMAT names appended). */
        final boolean surfaceFormat;
        final String structName;
        /** {@code "<struct NAME>"}, for struct fields. */
        final byte[] structText;
        final boolean fixedSigned;
        final int fixedShift;
        final float fixedDivisor;
        /**
         * Bytes the field's line may take, its group indices and a repeated previous text aside:
         * name, {@code ": "}, the value with its names, the newline.
         */
        final int room;
        /** The nested struct's plan once looked up: null (not yet), {@link #NO_PLAN} or a plan. */
        Object nested;

        /** The field's place among all fields of its plan (see {@link PrintPlan#fields}). */
        final int id;

        Field(FieldDef f, Layout layout, int surfaceFormatRoom, int id) {
            this.def = f;
            this.id = id;
            this.start = f.start();
            this.end = f.end();
            this.wide = f.end() - f.start() > 32;
            this.addressLike = f.type().isAddressLike();
            this.lead = LineBuffer.ascii("    " + f.name());
            this.leadColon = LineBuffer.ascii("    " + f.name() + ": ");
            Map<Long, String> named = FieldValues.namedValues(f);
            this.names = named.isEmpty() ? null : EnumTable.of(named);
            this.header = layout.headerMask() != 0 && layout.isHeaderField(f);
            this.surfaceFormat = f.name().equals("Surface Format") || f.name().equals("Source Element Format");
            FieldType t = f.type();
            String struct = null;
            boolean signed = false;
            int shift = 0;
            float divisor = 1;
            int k;
            if (t instanceof FieldType.Primitive prim) {
                k = switch (prim) {
                    case UINT, MBZ -> UINT;
                    case INT -> INT;
                    case BOOL -> BOOL;
                    case FLOAT -> FLOAT;
                    case ADDRESS, OFFSET -> ADDRESS;
                    case MBO -> MBO;
                };
            } else if (t instanceof FieldType.Fixed fx) {
                k = FIXED;
                signed = fx.signed();
                shift = 64 - (fx.integerBits() + fx.fractionBits() + 1);
                divisor = (float) (1 << fx.fractionBits());
            } else if (t instanceof FieldType.EnumRef) {
                k = ENUM;
            } else {
                k = STRUCT;
                struct = ((FieldType.StructRef) t).name();
            }
            this.kind = k;
            this.structName = struct;
            this.structText = struct == null ? null : LineBuffer.ascii("<struct " + struct + ">");
            this.fixedSigned = signed;
            this.fixedShift = shift;
            this.fixedDivisor = divisor;
            this.room = lead.length + 2 + Math.max(LineBuffer.NUMBER_ROOM, structText == null ? 0 : structText.length)
                    + (names == null ? 0 : names.maxLength) + (surfaceFormat ? surfaceFormatRoom : 0) + 1;
        }

        /**
         * The field's value with its bits at {@code startBit..endBit} (counted from {@code p[dword]}'s
         * bit 0, C shift semantics), read from that dword, and the next one too when it is wide;
         * addresses shifted back to byte values.
         */
        long value(int[] p, int dword, int end, int startBit, int endBit) {
            long qw;
            if (wide) {
                qw = (dword + 1 < end ? (long) p[dword + 1] << 32 : 0) | (p[dword] & 0xffffffffL);
            } else {
                qw = p[dword] & 0xffffffffL;
            }
            qw = TextOut.bits(qw, startBit, endBit);
            return addressLike ? qw << (startBit % 32) : qw;
        }
    }

    /** A repeated group: {@code count} elements (0: to the command's end) of {@code stride} bits. */
    record Group(int count, int start, int stride, boolean variable, Step[] steps) implements Step {
    }

    static final Object NO_PLAN = new Object();

    final Layout layout;
    /** The name as a command's first line shows it: UTF-8, and its length in chars. */
    final byte[] title;
    final int titleChars;
    final Step[] steps;
    /** Every field of the plan by id: in step order, group fields once each. */
    final Field[] fields;
    /**
     * For a plan without groups, by field id: the furthest dword (from the data's start) that
     * a field up to this one starts in; the walk reaches a field only if all before it start
     * within the data. Null for a plan with groups.
     */
    final int[] reach;
    private final java.util.Map<FieldSelection, FieldSelection.Compiled> selections =
            new java.util.concurrent.ConcurrentHashMap<>();
    /** Whether a field repeats the previous one's text (mbo): only then is that text kept. */
    final boolean hasMbo;

    private PrintPlan(Layout layout, int surfaceFormatRoom) {
        this.layout = layout;
        this.title = LineBuffer.ascii(layout.name());
        this.titleChars = layout.name().length();
        List<Field> all = new java.util.ArrayList<>();
        this.steps = steps(layout.members(), layout, surfaceFormatRoom, all);
        this.fields = all.toArray(new Field[0]);
        this.reach = java.util.Arrays.stream(steps).allMatch(Field.class::isInstance) ? reach(fields) : null;
        this.hasMbo = hasMbo(steps);
    }

    /**
     * @param surfaceFormatRoom the longest name a surface format field may have appended (0 when
     *     the printer appends none)
     */
    static PrintPlan compile(Layout layout, int surfaceFormatRoom) {
        return new PrintPlan(layout, surfaceFormatRoom);
    }

    private static int[] reach(Field[] fields) {
        int[] r = new int[fields.length];
        int max = 0;
        for (int i = 0; i < fields.length; i++) {
            max = Math.max(max, fields[i].start / 32);
            r[i] = max;
        }
        return r;
    }

    /** The fields {@code s} chooses in this plan, compiled on first use. */
    FieldSelection.Compiled selection(FieldSelection s) {
        return selections.computeIfAbsent(s, k -> k.compile(this));
    }

    private static Step[] steps(List<Member> members, Layout layout, int surfaceFormatRoom, List<Field> all) {
        Step[] out = new Step[members.size()];
        for (int i = 0; i < out.length; i++) {
            Member m = members.get(i);
            if (m instanceof FieldDef f) {
                Field field = new Field(f, layout, surfaceFormatRoom, all.size());
                all.add(field);
                out[i] = field;
            } else {
                GroupDef g = (GroupDef) m;
                out[i] = new Group(g.count(), g.start(), g.stride(), g.variable(),
                        steps(g.members(), layout, surfaceFormatRoom, all));
            }
        }
        return out;
    }

    private static boolean hasMbo(Step[] steps) {
        for (Step s : steps) {
            if (s instanceof Field f ? f.kind == MBO : hasMbo(((Group) s).steps())) {
                return true;
            }
        }
        return false;
    }

    /** Value names as {@code " (NAME)"} bytes: a dense array for small keys, sorted keys otherwise. */
    static final class EnumTable {
        private final byte[][] dense;
        private final long[] keys;
        private final byte[][] sparse;
        /** The longest name's bytes. */
        final int maxLength;

        private EnumTable(byte[][] dense, long[] keys, byte[][] sparse) {
            this.dense = dense;
            this.keys = keys;
            this.sparse = sparse;
            int max = 0;
            for (byte[] b : dense != null ? dense : sparse) {
                max = Math.max(max, b == null ? 0 : b.length);
            }
            this.maxLength = max;
        }

        static EnumTable of(Map<Long, String> values) {
            long max = -1;
            boolean small = true;
            for (Long k : values.keySet()) {
                if (k < 0 || k > 4096) {
                    small = false;
                    break;
                }
                max = Math.max(max, k);
            }
            if (small) {
                byte[][] d = new byte[(int) max + 1][];
                values.forEach((k, v) -> d[(int) (long) k] = v == null ? null : LineBuffer.ascii(" (" + v + ")"));
                return new EnumTable(d, null, null);
            }
            long[] k = values.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
            byte[][] s = new byte[k.length][];
            for (int i = 0; i < k.length; i++) {
                String v = values.get(k[i]);
                s[i] = v == null ? null : LineBuffer.ascii(" (" + v + ")");
            }
            return new EnumTable(null, k, s);
        }

        /** The bytes for {@code value}, or null when it has no name. */
        byte[] get(long value) {
            if (dense != null) {
                return value >= 0 && value < dense.length ? dense[(int) value] : null;
            }
            int i = java.util.Arrays.binarySearch(keys, value);
            return i >= 0 ? sparse[i] : null;
        }
    }
}
