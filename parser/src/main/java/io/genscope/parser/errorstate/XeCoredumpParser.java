package io.genscope.parser.errorstate;

import io.genscope.parser.capture.Problem;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads an Xe driver devcoredump ({@code /sys/class/drm/cardN/device/devcoredump/data}):
 *
 * <pre>
 * **** Xe Device Coredump ****          first line; PCI ID: 0x.... below it
 * **** Job ****                          batch_addr[0]: 0x0000effeffff5000
 * **** HW Engines ****                   rcs0 (physical), logical instance=0
 *                                            RING_HEAD: ...  ACTHD: 0x...   (tab indented)
 * **** VM state ****                     [effeffff0000].length: 0x10000
 *                                        [effeffff0000].data: &lt;ascii85, z = zero dword&gt;
 *                                        [effefff00000].error: -14
 * </pre>
 *
 * The ring is not dumped: each batch address of the job becomes a batch buffer cut out of the VM
 * area holding it, on the engine of the first HW engine section. {@code .length} only checks the
 * data; allocations follow the data actually there.
 */
final class XeCoredumpParser {
    static final String MARKER = "**** Xe Device Coredump ****";

    private final byte[] data;
    private final ParseProblems problems = new ParseProblems();
    private final List<RegisterSection> sections = new ArrayList<>();
    private final List<DumpedBuffer> areas = new ArrayList<>();
    private final List<long[]> batches = new ArrayList<>();
    private final List<ErrorState.Text> text = new ArrayList<>();
    private int pciId;
    private String platform = "";
    private String application = "";
    private RegisterSection section;
    private long lengthAddress = -1;
    private long declaredLength = -1;

    private XeCoredumpParser(byte[] data) {
        this.data = data;
    }

    /** Whether the text starts with the Xe devcoredump banner. */
    static boolean isXe(byte[] data, int size) {
        byte[] marker = MARKER.getBytes(StandardCharsets.US_ASCII);
        return size >= marker.length && Arrays.equals(data, 0, marker.length, marker, 0, marker.length);
    }

    static ErrorState parse(byte[] data, int size) {
        XeCoredumpParser p = new XeCoredumpParser(data);
        TextLine.split(data, size, p::line);
        List<EngineRegisters> engines = p.sections.stream().map(RegisterSection::build).toList();
        List<DumpedBuffer> buffers = new ArrayList<>(p.areas);
        p.cutBatches(engines, buffers);
        return new ErrorState(p.pciId, p.platform, p.application, engines, List.copyOf(buffers), List.copyOf(p.text),
                p.problems.finish(), true);
    }

    private void line(TextLine line) {
        int at = line.start();
        while (at < line.end() && (data[at] == '\t' || data[at] == ' ')) {
            at++;
        }
        boolean indented = at > line.start();
        if (at < line.end() && data[at] == '[' && vmLine(line, at)) {
            return;
        }
        String s = new String(data, line.start(), line.length(), StandardCharsets.ISO_8859_1);
        text.add(new ErrorState.Text(line.start(), new String(data, line.start(), line.length(), StandardCharsets.UTF_8)));
        String t = s.strip();
        if (t.startsWith("****")) {
            section = null;
            return;
        }
        int physical = t.indexOf(" (physical), logical instance=");
        if (!indented && physical > 0) {
            section = new RegisterSection(t.substring(0, physical), line);
            sections.add(section);
            return;
        }
        if (t.contains("batch_addr[")) {
            int hex = t.indexOf(": 0x");
            long v = hex < 0 ? -1 : Hex.parse(t, hex + 4, 16);
            if (v < 0) {
                problems.add(line.problem(Problem.Kind.CORRUPT, 0, "cannot read the batch address in \"" + t + "\""));
            } else {
                batches.add(new long[] {v, line.number(), line.start()});
            }
            return;
        }
        if (pciId == 0 && t.startsWith("PCI ID: 0x")) {
            long v = Hex.parse(t, "PCI ID: 0x".length(), 8);
            if (v >= 0) {
                pciId = (int) v;
            }
            return;
        }
        if (platform.isEmpty() && t.startsWith("Platform: ")) {
            platform = t.substring("Platform: ".length()).trim();
            return;
        }
        if (application.isEmpty() && t.startsWith("Process: ")) {
            application = t.substring("Process: ".length()).trim();
            return;
        }
        if (indented && section != null) {
            section.register(s, line, problems);
        } else if (!indented) {
            section = null;
        }
    }

    /**
     * A {@code [<addr>].length|data|error: ...} line; false when the line is not one. Data of
     * named blobs ({@code [HWCTX]}, {@code [CTB]}, ...) is skipped, not echoed.
     */
    private boolean vmLine(TextLine line, int at) {
        int close = at + 1;
        while (close < line.end() && data[close] != ']') {
            close++;
        }
        if (close + 1 >= line.end() || data[close + 1] != '.') {
            return false;
        }
        int colon = close + 2;
        while (colon < line.end() && data[colon] != ':') {
            colon++;
        }
        if (colon >= line.end()) {
            return false;
        }
        String key = new String(data, at + 1, close - at - 1, StandardCharsets.ISO_8859_1);
        String kind = new String(data, close + 2, colon - close - 2, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        long address = key.length() <= 16 ? Hex.parse(key, 0, 16) : -1;
        boolean hexKey = address >= 0 && key.chars().allMatch(c -> Character.digit(c, 16) >= 0);
        int value = Math.min(line.end(), colon + 2);
        switch (kind) {
            case "data" -> {
                if (hexKey) {
                    int[] dwords = Payload.decode(data, value, line.end(), false, new Payload.Budget(0, 0),
                            "VM area " + key, line, problems);
                    checkLength(line, address, 4L * dwords.length);
                    areas.add(new DumpedBuffer("vm", null, 0, "VM area", BufferKind.VM_AREA, address, dwords,
                            line.number(), line.start()));
                }
                return true;
            }
            case "length" -> {
                String v = new String(data, value, line.end() - value, StandardCharsets.ISO_8859_1).trim();
                long n = v.toLowerCase(Locale.ROOT).startsWith("0x") ? Hex.parse(v, 2, 16) : -1;
                if (hexKey) {
                    lengthAddress = address;
                    declaredLength = n;
                    if (n < 0) {
                        problems.add(line.problem(Problem.Kind.CORRUPT, 0, "cannot read the length \"" + v + "\""));
                    }
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private void checkLength(TextLine line, long address, long bytes) {
        if (address != lengthAddress || declaredLength < 0) {
            problems.add(line.problem(Problem.Kind.CORRUPT, 0, String.format(
                    "data of VM area 0x%x without a length line before it", address)));
        } else if (bytes != declaredLength) {
            problems.add(line.problem(bytes < declaredLength ? Problem.Kind.TRUNCATED : Problem.Kind.CORRUPT, 0,
                    String.format("VM area 0x%x has %d bytes of data, its length says %d", address, bytes,
                            declaredLength)));
        }
        lengthAddress = -1;
    }

    /** Each batch address as a batch buffer: the rest of the VM area holding it. */
    private void cutBatches(List<EngineRegisters> engines, List<DumpedBuffer> buffers) {
        EngineRegisters engine = engines.isEmpty() ? null : engines.get(0);
        EngineName id = engine == null ? new EngineName(null, 0) : EngineName.parse(engine.name());
        String name = engine == null ? "unknown engine" : engine.name();
        DumpedMemory memory = new DumpedMemory(areas);
        for (long[] b : batches) {
            long address = b[0];
            DumpedBuffer area = memory.find(address);
            if (area == null) {
                problems.add(new Problem(Problem.Kind.UNMAPPED, address, String.format(
                        "line %d: batch_addr 0x%x is in no dumped VM area", b[1], address)));
                continue;
            }
            int from = (int) (((address & DumpedMemory.ADDRESS_MASK) - (area.address() & DumpedMemory.ADDRESS_MASK)) >>> 2);
            int[] dwords = Arrays.copyOfRange(area.dwords(), from, area.dwords().length);
            buffers.add(new DumpedBuffer(name, id.engine(), id.instance(), "batch", BufferKind.BATCH, address, dwords,
                    (int) b[1], b[2]));
        }
    }
}
