package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text of an i915 error state, line by line, in both layouts the kernel has used.
 *
 * <pre>
 * modern (about Linux 4.10 on)                    legacy (before)
 * rcs0 command stream:                             render command stream:
 *   HEAD:  0x00000040 [0x00000000]                   HEAD: 0x00000040
 *   ...                                              ...
 * rcs0 --- ring = 0x00000000 00001000              render ring --- ringbuffer = 0x00001000
 * :&lt;ascii85 of zlib&gt;   (or ~&lt;ascii85&gt; raw)        00000000 :  18800101
 *                                                  00000004 :  fffee000
 * </pre>
 *
 * Never throws on bad text: damage becomes a {@link Problem} whose offset is the byte offset in
 * the file and whose message starts with {@code line N:}; what came before the damage is kept.
 */
public final class ErrorStateParser {
    /** The most bytes all compressed payloads of one file may inflate to together. */
    public static final long MAX_INFLATED_BYTES = 1L << 30;

    private static final Pattern HANG_PROCESS = Pattern.compile("GPU HANG: ecode [^,]*, in (.*?\\[-?\\d+\\])");
    private static final Pattern ACTIVE_PROCESS = Pattern.compile("^Active process \\(on ring [^)]*\\): (.+)$");

    private final byte[] data;
    private final int size;
    private final ParseProblems problems = new ParseProblems();
    private final List<RegisterSection> sections = new ArrayList<>();
    private final List<DumpedBuffer> buffers = new ArrayList<>();
    private final List<ErrorState.Text> text = new ArrayList<>();
    private final Payload.Budget budget = new Payload.Budget(MAX_INFLATED_BYTES);
    private int pciId;
    private String platform = "";
    private String application = "";
    private RegisterSection section;
    private String lastEngineName = "";
    private Pending pending;
    private boolean orphanRun;

    private ErrorStateParser(byte[] data, int size) {
        this.data = data;
        this.size = size;
    }

    /** Parses {@code data[0..size)}; an Xe devcoredump goes to {@link XeCoredumpParser}. */
    public static ErrorState parse(byte[] data, int size) {
        int n = Math.min(size, data.length);
        if (XeCoredumpParser.isXe(data, n)) {
            return XeCoredumpParser.parse(data, n);
        }
        ErrorStateParser p = new ErrorStateParser(data, n);
        p.run();
        List<EngineRegisters> engines = p.sections.stream().map(RegisterSection::build).toList();
        return new ErrorState(p.pciId, p.platform, p.application, engines, List.copyOf(p.buffers),
                List.copyOf(p.text), p.problems.finish(), false);
    }

    /** Parses all of {@code data}. */
    public static ErrorState parse(byte[] data) {
        return parse(data, data.length);
    }

    private void run() {
        TextLine.split(data, size, this::line);
        if (pending != null) {
            if (pending.hex != null) {
                finish(pending.hex.finish(problems));
            } else {
                problems.add(pending.line.problem(Problem.Kind.TRUNCATED, 0, "the file ends before the payload of '"
                        + pending.engineName + " --- " + pending.name + "'"));
                finish(new int[0]);
            }
        }
    }

    private void line(TextLine line) {
        int len = line.length();
        byte first = len > 0 ? data[line.start()] : 0;
        if (pending != null && pending.hex == null) {
            if (startsWith(line, "gtt_page_sizes")) {
                return;
            }
            if (first == ':' || first == '~') {
                finish(Payload.decode(data, line.start() + 1, line.end(), first == ':', budget, line, problems));
                return;
            }
            if (HexLines.isHex(data, line) || HexLines.isContext(data, line)) {
                // a run of lost lines cannot be longer than the text could have held: about 20 bytes a line
                pending.hex = new HexLines(pending.line, Math.min(1 << 20, size / 16));
            } else {
                problems.add(pending.line.problem(Problem.Kind.CORRUPT, 0, "no payload follows the '"
                        + pending.engineName + " --- " + pending.name + "' line"));
                finish(new int[0]);
            }
        }
        if (pending != null && pending.hex != null) {
            if (pending.hex.add(data, line)) {
                return;
            }
            finish(pending.hex.finish(problems));
        }
        boolean payload = first == ':' || first == '~' || HexLines.isHex(data, line) || HexLines.isContext(data, line);
        if (payload) {
            if (!orphanRun) {
                problems.add(line.problem(Problem.Kind.CORRUPT, 0,
                        "payload without a '<engine> --- <buffer> = 0x...' line before it; skipped"));
            }
            orphanRun = true;
            return;
        }
        orphanRun = false;
        String s = new String(data, line.start(), len, StandardCharsets.ISO_8859_1);
        if (s.contains("---") && header(s, line)) {
            return;
        }
        text.add(new ErrorState.Text(line.start(), new String(data, line.start(), len, StandardCharsets.UTF_8)));
        boolean indented = first == ' ' || first == '\t';
        String engineName = engineSection(s, indented);
        if (engineName != null) {
            section = new RegisterSection(engineName, line);
            sections.add(section);
            lastEngineName = engineName;
            return;
        }
        if (indented) {
            if (section != null) {
                section.register(s, line, problems);
            }
            return;
        }
        section = null;
        topLevel(s, line);
    }

    /** The engine name of a {@code <engine> command stream:} line (or the GuC capture's form), or null. */
    private static String engineSection(String s, boolean indented) {
        String t = s.strip();
        if (!t.endsWith("command stream:") && !t.endsWith("command stream")) {
            return null;
        }
        String head = t.substring(0, t.lastIndexOf("command stream")).trim();
        if (indented) {
            int colon = head.indexOf("i915-Eng-Name:");
            if (colon < 0) {
                return null;
            }
            head = head.substring(colon + "i915-Eng-Name:".length()).trim();
        } else if (!t.endsWith(":")) {
            return null;
        }
        return head.isEmpty() ? null : head;
    }

    private void topLevel(String s, TextLine line) {
        if (pciId == 0) {
            int at = s.indexOf("PCI ID: 0x");
            if (at >= 0) {
                long v = Hex.parse(s, at + "PCI ID: 0x".length(), 8);
                if (v >= 0) {
                    pciId = (int) v;
                } else {
                    problems.add(line.problem(Problem.Kind.CORRUPT, at, "cannot read the PCI ID"));
                }
                return;
            }
        }
        if (platform.isEmpty() && s.startsWith("Platform:")) {
            String rest = s.substring("Platform:".length()).trim();
            int space = rest.indexOf(' ');
            platform = space < 0 ? rest : rest.substring(0, space);
            return;
        }
        if (application.isEmpty()) {
            Matcher m = HANG_PROCESS.matcher(s);
            if (m.find()) {
                application = m.group(1).trim();
                return;
            }
            m = ACTIVE_PROCESS.matcher(s);
            if (m.find()) {
                application = m.group(1).trim();
            }
        }
    }

    /** Starts a buffer on an {@code <engine> --- <name> = 0x<hi> <lo>} line; false when the line is not one. */
    private boolean header(String s, TextLine line) {
        int dashes = s.indexOf("---");
        String rest = s.substring(dashes + 3);
        int eq = rest.lastIndexOf('=');
        if (eq < 0) {
            return false;
        }
        String name = rest.substring(0, eq).trim();
        String value = rest.substring(eq + 1).trim();
        if (name.isEmpty() || !value.toLowerCase(Locale.ROOT).startsWith("0x")) {
            return false;
        }
        String engineName = s.substring(0, dashes).trim();
        if (engineName.isEmpty()) {
            engineName = lastEngineName;
        }
        long address = Hex.parseAddress(value.substring(2));
        if (address < 0) {
            problems.add(line.problem(Problem.Kind.CORRUPT, dashes, "cannot read the address of '" + name
                    + "' (\"" + value + "\"); using 0"));
            address = 0;
        }
        section = null;
        pending = new Pending(engineName, name, address, line);
        return true;
    }

    private void finish(int[] dwords) {
        Pending p = pending;
        pending = null;
        EngineName id = EngineName.parse(p.engineName);
        buffers.add(new DumpedBuffer(p.engineName, id.engine(), id.instance(), p.name, BufferKind.of(p.name), p.address,
                dwords, p.line.number(), p.line.start()));
    }

    private boolean startsWith(TextLine line, String prefix) {
        if (line.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[line.start() + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A buffer line seen, its payload not yet complete. */
    private static final class Pending {
        final String engineName;
        final String name;
        final long address;
        final TextLine line;
        HexLines hex;

        Pending(String engineName, String name, long address, TextLine line) {
            this.engineName = engineName;
            this.name = name;
            this.address = address;
            this.line = line;
        }
    }

    /**
     * Payload lines of the legacy layout, gathered into one buffer. Each value goes where its
     * offset says; offsets out of sequence (lines lost, moved or repeated) are reported once per
     * buffer, on the line where the sequence first breaks, with what it cost at the end.
     */
    static final class HexLines {
        private final TextLine header;
        private final int maxGapDwords;
        private int[] dwords = new int[1024];
        private final java.util.BitSet written = new java.util.BitSet();
        private int count;
        private long expected;
        private TextLine firstBreak;
        private String firstBreakWhat;
        private int breaks;
        private int skipped;

        HexLines(TextLine header, int maxGapDwords) {
            this.header = header;
            this.maxGapDwords = maxGapDwords;
        }

        /** {@code %08x :  %08x}: byte offset, then the dword there. */
        static boolean isHex(byte[] d, TextLine l) {
            int s = l.start();
            if (l.length() < 19 || !hex(d, s, 8) || d[s + 8] != ' ' || d[s + 9] != ':') {
                return false;
            }
            int i = s + 10;
            while (i < l.end() && d[i] == ' ') {
                i++;
            }
            return i > s + 10 && i + 8 <= l.end() && hex(d, i, 8);
        }

        /** {@code [%04x] %08x %08x %08x %08x}: byte offset, then four dwords (context and status pages). */
        static boolean isContext(byte[] d, TextLine l) {
            int s = l.start();
            if (l.length() < 6 + 36 || d[s] != '[' || !hex(d, s + 1, 4) || d[s + 5] != ']') {
                return false;
            }
            for (int k = 0; k < 4; k++) {
                int at = s + 6 + 9 * k;
                if (d[at] != ' ' || !hex(d, at + 1, 8)) {
                    return false;
                }
            }
            return true;
        }

        /** Takes the line if it is a payload line of this layout; false when the payload has ended. */
        boolean add(byte[] d, TextLine l) {
            if (isHex(d, l)) {
                int i = l.start() + 10;
                while (d[i] == ' ') {
                    i++;
                }
                put(value(d, l.start(), 8), new int[] {(int) value(d, i, 8)}, l);
                return true;
            }
            if (isContext(d, l)) {
                int[] four = new int[4];
                for (int k = 0; k < 4; k++) {
                    four[k] = (int) value(d, l.start() + 7 + 9 * k, 8);
                }
                put(value(d, l.start() + 1, 4), four, l);
                return true;
            }
            return false;
        }

        private void put(long byteOffset, int[] values, TextLine l) {
            if (byteOffset != expected) {
                breaks++;
                if (firstBreak == null) {
                    firstBreak = l;
                    firstBreakWhat = String.format("offset 0x%x where 0x%x was expected", byteOffset, expected);
                }
            }
            long index = byteOffset >>> 2;
            if ((byteOffset & 3) != 0 || index > count + (long) maxGapDwords) {
                skipped++;
                return;
            }
            expected = byteOffset + 4L * values.length;
            int end = (int) index + values.length;
            if (end > dwords.length) {
                dwords = Arrays.copyOf(dwords, Math.max(end, 2 * dwords.length));
            }
            System.arraycopy(values, 0, dwords, (int) index, values.length);
            written.set((int) index, end);
            count = Math.max(count, end);
        }

        /** The buffer; reports the broken sequence, if any. */
        int[] finish(ParseProblems problems) {
            if (firstBreak != null) {
                int missing = count - written.cardinality();
                problems.add(firstBreak.problem(Problem.Kind.CORRUPT, 0, firstBreakWhat + " in the buffer of line "
                        + header.number() + " (" + breaks + " line" + (breaks == 1 ? "" : "s") + " out of sequence, "
                        + skipped + " skipped as unusable, " + missing + " dwords missing and read as zeros)"));
            }
            return Arrays.copyOf(dwords, count);
        }

        private static boolean hex(byte[] d, int at, int n) {
            for (int i = at; i < at + n; i++) {
                if (Character.digit(d[i], 16) < 0) {
                    return false;
                }
            }
            return true;
        }

        private static long value(byte[] d, int at, int n) {
            long v = 0;
            for (int i = at; i < at + n; i++) {
                v = v << 4 | Character.digit(d[i], 16);
            }
            return v;
        }
    }
}
