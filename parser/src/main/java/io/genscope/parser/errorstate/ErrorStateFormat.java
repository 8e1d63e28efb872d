package io.genscope.parser.errorstate;

import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.CaptureFormat;
import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.spec.AddressSpace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * i915 GPU error states ({@code /sys/class/drm/card0/error}, or the same text pasted into a bug
 * report) and Xe devcoredumps ({@link XeCoredumpParser}: batches only, the ring is not dumped) as
 * a {@link CaptureFormat}.
 *
 * <p>What the listener hears, in this order:
 * <ol>
 *   <li>{@code info}: the device from the {@code PCI ID:} line (else the {@code Platform:} line) and
 *       the process named on the {@code GPU HANG} line;
 *   <li>{@code problem}s found in the text (each names its line);
 *   <li>{@code comment}: every text line (registers, fences, parameters), as aubinator_error_decode
 *       echoes them;
 *   <li>per dumped buffer, HW contexts first (so that state they set is seen before the batches), a
 *       {@code comment} heading {@code --- <buffer> (<engine>) at 0x<hi> <lo>}, then for a ring a
 *       {@code submission} (head to tail, with ACTHD) and for a batch or a context image a
 *       {@code buffer}. Other buffers ({@code user}, {@code HW Status}, ...) get the heading only.
 * </ol>
 * Addresses resolve against the dumped buffers ({@link DumpedMemory}).
 */
public final class ErrorStateFormat implements CaptureFormat {
    private static final String[] MARKERS = {"GPU HANG", "command stream:", "PCI ID: 0x", "No error state collected",
        "i915-Eng-Name:", "ringbuffer = 0x", "gtt_offset = 0x", "--- HW context", "--- ring = 0x", "--- batch = 0x",
        XeCoredumpParser.MARKER};

    @Override
    public String name() {
        return "error-state";
    }

    /** Text (no NUL, no control bytes other than blanks) holding one of the lines only an error state has. */
    @Override
    public boolean accepts(byte[] head) {
        for (byte b : head) {
            if (b == 0 || (b > 0 && b < 0x20 && b != '\n' && b != '\r' && b != '\t')) {
                return false;
            }
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        for (String m : MARKERS) {
            if (text.contains(m)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void read(Path file, CaptureListener listener) throws IOException {
        long limit = Math.min(Integer.MAX_VALUE - 64, Runtime.getRuntime().maxMemory() / 4);
        long size = Files.size(file);
        byte[] data;
        try (InputStream in = Files.newInputStream(file)) {
            data = in.readNBytes((int) Math.min(size, limit));
        }
        if (size > data.length) {
            listener.problem(new Problem(Problem.Kind.TRUNCATED, data.length, "the file has " + size
                    + " bytes; reading the first " + data.length));
        }
        read(data, listener);
    }

    /** Parses the text and reports it; returns what was parsed. */
    public static ErrorState read(byte[] data, CaptureListener listener) {
        ErrorState state = ErrorStateParser.parse(data);
        report(state, listener);
        return state;
    }

    /** Reports a parsed error state to a listener (see the class comment for the order). */
    public static void report(ErrorState state, CaptureListener listener) {
        Optional<Device> device = Device.byPciId(state.pciId());
        String spec = device.map(Device::spec).or(() -> KernelPlatform.spec(state.platform())).orElse(null);
        String deviceName = device.map(Device::name).orElse(state.platform());
        listener.info(new CaptureInfo(state.xe() ? "xe-devcoredump" : "error-state", state.pciId(), spec, deviceName,
                state.application()));

        state.problems().forEach(listener::problem);
        structuralProblems(state).forEach(listener::problem);
        for (ErrorState.Text t : state.text()) {
            listener.comment(t.offset(), t.text());
        }

        DumpedMemory memory = new DumpedMemory(state.buffers());
        List<DumpedBuffer> order = new ArrayList<>(state.buffers());
        order.sort(Comparator.comparing(b -> b.kind() != BufferKind.CONTEXT));
        int rings = 0;
        for (DumpedBuffer b : order) {
            if (!b.kind().listed()) {
                continue;
            }
            listener.comment(b.offset(), String.format("--- %s (%s) at 0x%08x %08x", b.kind().label(), b.engineName(),
                    b.address() >>> 32, b.address() & 0xffff_ffffL));
            if (!b.kind().decoded()) {
                continue;
            }
            if (b.engine() == null) {
                listener.problem(new Problem(Problem.Kind.UNSUPPORTED, b.offset(), "line " + b.line() + ": '"
                        + b.engineName() + "' is not an engine genscope knows; its " + b.kind().label()
                        + " is not decoded"));
                continue;
            }
            EngineRegisters regs = state.registersOf(b);
            long acthd = regs == null ? -1 : regs.acthd();
            switch (b.kind()) {
                case RING -> listener.submission(ringSubmission(state, b, regs, rings++, listener), memory, acthd);
                case BATCH -> listener.buffer(b.engine(), b.address(), AddressSpace.PPGTT, b.dwords(), memory, acthd);
                default -> listener.buffer(b.engine(), b.address(), AddressSpace.GGTT, b.dwords(), memory, acthd);
            }
        }
    }

    /**
     * The ring as a submission: from the hung request's head (else RING_HEAD) to RING_TAIL, in a
     * ring of RING_CTL's size (else the dumped size) at the dumped ring's address. An error state
     * has no context descriptor: the submission's descriptor is the engine's dumped HW context
     * address (so {@code lrca()} is right), or 0; its PML4 is PDP0, or 0.
     */
    private static Submission ringSubmission(ErrorState state, DumpedBuffer ring, EngineRegisters regs, int index,
            CaptureListener listener) {
        long dumped = ring.size();
        int size = regs == null || regs.ringSizeFromCtl() < 0 ? (int) Math.max(4096, dumped) : regs.ringSizeFromCtl();
        if (dumped < size) {
            listener.problem(new Problem(Problem.Kind.TRUNCATED, ring.offset(), "line " + ring.line() + ": the ring of "
                    + ring.engineName() + " is " + size + " bytes (RING_CTL) but only " + dumped + " were dumped"));
        }
        long head = regs == null ? -1 : regs.ringHeadOffset();
        long tail = regs == null ? -1 : regs.ringTailOffset();
        if (head < 0 || tail < 0) {
            listener.problem(new Problem(Problem.Kind.CORRUPT, ring.offset(), "line " + ring.line() + ": no "
                    + (regs == null ? "'" + ring.engineName() + " command stream:' section" : "HEAD or TAIL register")
                    + " for this ring; decoding all of it"));
            head = Math.max(0, head);
            tail = Math.floorMod(head - 4, size);
        }
        long lrca = 0;
        for (DumpedBuffer b : state.buffers()) {
            if (b.kind() == BufferKind.CONTEXT && b.engine() == ring.engine() && b.instance() == ring.instance()) {
                lrca = b.address() & 0xffff_f000L;
                break;
            }
        }
        long pml4 = regs == null || regs.pdp0() < 0 ? 0 : regs.pdp0();
        return new Submission(index, ring.engine(), lrca, ring.address(), (int) Math.floorMod(head, size),
                (int) Math.floorMod(tail, size), size, pml4, ring.offset());
    }

    /** Sections an error state should have and this one lacks. */
    private static List<Problem> structuralProblems(ErrorState state) {
        List<Problem> out = new ArrayList<>();
        if (state.engines().isEmpty() && state.buffers().isEmpty()) {
            boolean empty = state.text().stream().anyMatch(t -> t.text().contains("No error state collected"));
            out.add(new Problem(empty ? Problem.Kind.UNSUPPORTED : Problem.Kind.TRUNCATED, 0, empty
                    ? "the error state is empty ('No error state collected'): there is nothing to decode"
                    : "no engine sections and no dumped buffers: nothing to decode"));
            return out;
        }
        if (state.pciId() == 0 && state.platform().isEmpty()) {
            out.add(new Problem(Problem.Kind.CORRUPT, 0,
                    "no 'PCI ID:' or 'Platform:' line: the error state does not say which GPU it is"));
        }
        for (EngineRegisters r : state.xe() ? List.<EngineRegisters>of() : state.engines()) {
            boolean hasRing = state.buffers().stream().anyMatch(b -> b.kind() == BufferKind.RING
                    && b.engine() != null && b.engine() == r.engine() && b.instance() == r.instance());
            if (!hasRing && r.engine() != null) {
                out.add(new Problem(Problem.Kind.CORRUPT, r.offset(), "line " + r.line() + ": " + r.name()
                        + " has a command stream section but its ring buffer is missing"));
            }
        }
        return out;
    }
}
