package io.genscope.parser.asm;

import io.genscope.parser.asm.Syntax.Expr;
import io.genscope.spec.EnumDef;
import io.genscope.spec.FieldDef;
import io.genscope.spec.FieldType;
import io.genscope.spec.Spec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Field values between GenAsm text and raw bits, by field type.
 *
 * <pre>
 * type            written as                          raw bits
 * bool            true / false / 0 / 1                the bit
 * uint, enum      42, 0x2a, "Write Immediate Data"    the number
 * int             -3                                  two's complement in the field's width
 * float (32 bit)  1.5, -0.0, 1.0E-5  (decimal)        IEEE single; a hex number is the raw bits
 * u4.8, s1.6      0.75 (decimal)                      value * 2^fraction, rounded; hex = raw bits
 * address/offset  0x10000, loop+8 (byte address)      address >> (start bit % 32), low bits must be 0
 * struct          its fields by path, or a number     the number
 * </pre>
 */
final class Values {
    private Values() {
    }

    /** Names a field's values can be written with: its enum, or SURFACE_FORMAT for format fields. */
    static Map<String, Long> names(Spec spec, FieldDef f) {
        Map<Long, String> byValue = valueNames(spec, f);
        if (byValue.isEmpty()) {
            return Map.of();
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<Long, String> e : byValue.entrySet()) {
            out.putIfAbsent(e.getValue(), e.getKey());
        }
        return out;
    }

    /** Value to name, as the decoder names values (inline enum, shared enum, surface formats). */
    static Map<Long, String> valueNames(Spec spec, FieldDef f) {
        if (f.type() instanceof FieldType.EnumRef e) {
            return e.def().values();
        }
        if (!f.values().isEmpty()) {
            return f.values();
        }
        if (f.name().equals("Surface Format") || f.name().equals("Source Element Format")) {
            EnumDef formats = spec.enumeration("SURFACE_FORMAT");
            if (formats != null) {
                return formats.values();
            }
        }
        return Collections.emptyMap();
    }

    /** The raw bits for {@code e} in field {@code ref}, or null (error reported, or pending). */
    static Long encode(Spec spec, FieldRef ref, Expr e, Eval ev) {
        FieldDef f = ref.def();
        FieldType t = f.type();
        int width = ref.width();
        String what = "field " + ref.path();
        Diagnostics d = ev.diagnostics();
        if (t == FieldType.Primitive.FLOAT && width == 32 && decimalLiteral(e) != null) {
            try {
                return Float.floatToRawIntBits(Float.parseFloat(decimalLiteral(e))) & 0xffffffffL;
            } catch (NumberFormatException ex) {
                d.error(e.pos(), "not a number: " + decimalLiteral(e));
                return null;
            }
        }
        if (t instanceof FieldType.Fixed fx && decimalLiteral(e) != null && width < 64) {
            BigInteger scaled = scaled(decimalLiteral(e), fx.fractionBits());
            if (scaled == null) {
                d.error(e.pos(), "not a number: " + decimalLiteral(e));
                return null;
            }
            BigInteger lo = fx.signed() ? BigInteger.ONE.shiftLeft(width - 1).negate() : BigInteger.ZERO;
            BigInteger hi = BigInteger.ONE.shiftLeft(fx.signed() ? width - 1 : width).subtract(BigInteger.ONE);
            if (scaled.compareTo(lo) < 0 || scaled.compareTo(hi) > 0) {
                d.error(e.pos(), decimalLiteral(e) + " does not fit " + what + " (" + t + ", "
                        + fixedText(lo.longValue(), fx) + " to " + fixedText(hi.longValue(), fx) + ")");
                return null;
            }
            return scaled.longValue() & Bits.mask(width);
        }
        Long v = ev.integer(e, t == FieldType.Primitive.BOOL ? Map.of("true", 1L, "false", 0L) : names(spec, f), what);
        if (v == null) {
            return null;
        }
        if (t.isAddressLike()) {
            int shift = ref.shift();
            if ((v & Bits.mask(shift)) != 0) {
                d.error(e.pos(), hex(v) + " is not a multiple of " + (1L << shift) + ": " + what
                        + " holds the address from bit " + shift + " up");
                return null;
            }
            long raw = v >>> shift;
            if (width < 64 && (raw >>> width) != 0) {
                d.error(e.pos(), hex(v) + " does not fit " + what + " (" + (width + shift) + "-bit addresses, up to "
                        + hex(Bits.mask(width) << shift) + ")");
                return null;
            }
            return raw;
        }
        if (width >= 64) {
            return v;
        }
        boolean signed = t == FieldType.Primitive.INT;
        long min = signed ? -(1L << (width - 1)) : 0;
        if (v < min || (v >= 0 && (v >>> width) != 0)) {
            d.error(e.pos(), (v < 0 ? Long.toString(v) : number(v)) + " does not fit " + what + " (" + width
                    + " bit" + (width == 1 ? "" : "s") + ": " + (signed ? min + " to " : "0 to ") + number(Bits.mask(width)) + ")");
            return null;
        }
        return v & Bits.mask(width);
    }

    /** {@code text * 2^fraction} rounded to an integer; huge magnitudes saturate, null for bad text. */
    private static BigInteger scaled(String text, int fraction) {
        BigDecimal v;
        try {
            v = new BigDecimal(text);
        } catch (NumberFormatException | ArithmeticException ex) {
            return null;
        }
        long magnitude = (long) v.precision() - v.scale();
        if (magnitude > 40) {
            return BigInteger.valueOf(v.signum()).shiftLeft(200);
        }
        if (magnitude < -40) {
            return BigInteger.ZERO;
        }
        return v.multiply(BigDecimal.valueOf(2).pow(fraction)).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    /** A decimal literal (possibly negated) as text for a float or fixed-point field, else null. */
    private static String decimalLiteral(Expr e) {
        boolean negative = false;
        while (e instanceof Syntax.Neg n) {
            negative = !negative;
            e = n.operand();
        }
        String text;
        if (e instanceof Syntax.Decimal d) {
            text = d.text();
        } else if (e instanceof Syntax.Num n && n.decimal()) {
            text = Long.toUnsignedString(n.value());
        } else {
            return null;
        }
        return negative ? "-" + text : text;
    }

    /**
     * The text that {@link #encode} reads back into exactly {@code raw} for this field, or null
     * when the value cannot be written as a field value (a wide address whose bits would fall off).
     */
    static String format(Spec spec, FieldRef ref, long raw) {
        FieldDef f = ref.def();
        FieldType t = f.type();
        int width = ref.width();
        if (t == FieldType.Primitive.BOOL && width == 1) {
            return raw != 0 ? "true" : "false";
        }
        if (t == FieldType.Primitive.FLOAT && width == 32) {
            float value = Float.intBitsToFloat((int) raw);
            return Float.isFinite(value) ? Float.toString(value) : hex(raw);
        }
        if (t instanceof FieldType.Fixed fx && width < 63) {
            long v = fx.signed() ? (raw << (64 - width)) >> (64 - width) : raw;
            return fixedText(v, fx);
        }
        if (t.isAddressLike()) {
            int shift = ref.shift();
            if (width < 64 && width + shift > 64) {
                return null;
            }
            return hex(raw << shift);
        }
        String name = valueNames(spec, f).get(raw);
        if (name != null && Long.valueOf(raw).equals(names(spec, f).get(name))) {
            return Syntax.quote(name);
        }
        if (t == FieldType.Primitive.INT && width < 64) {
            long v = (raw << (64 - width)) >> (64 - width);
            return Long.toString(v);
        }
        return number(raw);
    }

    /** An exact decimal for a fixed-point value. */
    private static String fixedText(long scaled, FieldType.Fixed fx) {
        BigDecimal v = new BigDecimal(BigInteger.valueOf(scaled)).divide(BigDecimal.valueOf(2).pow(fx.fractionBits()));
        String s = v.toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    /** Small numbers in decimal, others in hex. */
    static String number(long v) {
        return v >= 0 && v < 1024 ? Long.toString(v) : hex(v);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
