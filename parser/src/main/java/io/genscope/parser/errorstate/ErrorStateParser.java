package io.genscope.parser.errorstate;

import io.genscope.parser.capture.InflateLimits;
import io.genscope.parser.capture.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
    private static final Pattern HANG_PROCESS = Pattern.compile("GPU HANG: ecode [^,]*, in (.*?\\[-?\\d+\\])");
    private static final Pattern ACTIVE_PROCESS = Pattern.compile("^Active process \\(on ring [^)]*\\): (.+)$");

    private final byte[] data;
    private final int size;
    private final ParseProblems problems = new ParseProblems();
    private final List<RegisterSection> sections = new ArrayList<>();
    private final List<DumpedBuffer> buffers = new ArrayList<>();
    private final List<ErrorState.Text> text = new ArrayList<>();
    private final Payload.Budget budget = new Payload.Budget(InflateLimits.current());
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
                finish(Payload.decode(data, line.start() + 1, line.end(), first == ':', budget,
                        pending.engineName + " --- " + pending.name, line, problems));
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
            // GuC captures name an engine once per register list: fill one section per engine
            section = sections.stream().filter(r -> r.name.equals(engineName)).findFirst().orElse(null);
            if (section == null) {
                section = new RegisterSection(engineName, line);
                sections.add(section);
            }
            lastEngineName = engineName;
            return;
        }
        if (pciId == 0 && s.contains("PCI ID: 0x")) {
            topLevel(s, line);
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
}
