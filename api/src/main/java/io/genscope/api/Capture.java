package io.genscope.api;

import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.spec.SpecLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A capture file read and decoded: an AUB file (Mesa's {@code intel_dump_gpu}, Intel's compute
 * runtime) or an i915/Xe GPU error state, plain or {@code .xz}; the format is found from the
 * content. Every submission's ring is walked with the batches it starts, decoded with the spec of
 * the device the capture names. Damaged files give a capture with problems, not an exception.
 *
 * <pre>{@code
 * Capture cap = Capture.read(Path.of("fixtures/captures/iris-skl.aub.xz"), 1);   // first execution only
 * System.out.println(cap.info().deviceName());
 * for (GpuCommand c : cap.executions().get(0).decoded().firstBatch()) System.out.println(c.name());
 * }</pre>
 *
 * @param info what the capture says about itself
 * @param executions each submitted ring (or dumped buffer) with what it ran, in capture order;
 *     empty when they were handed to a consumer by {@link #stream}
 * @param problems every problem found: the file's own, and the walk problems of every decoded
 *     execution (each also in its execution's {@link Decoded#problems()}), in capture order, so
 *     a capture is clean exactly when this list is empty
 */
public record Capture(Info info, List<Execution> executions, List<Problem> problems) {

    /**
     * Copies the lists.
     *
     * @param info the capture's description
     * @param executions the executions
     * @param problems the file's problems
     */
    public Capture {
        executions = List.copyOf(executions);
        problems = List.copyOf(problems);
    }

    /**
     * Reads and decodes a whole capture. Keeps every command in memory: for captures of hundreds of
     * megabytes use {@link #read(Path, int)} or {@link #stream}.
     *
     * @param file the capture
     * @return the capture
     * @throws IOException when the file cannot be read at all
     */
    public static Capture read(Path file) throws IOException {
        return read(file, null, Integer.MAX_VALUE);
    }

    /**
     * Reads a capture and decodes its first {@code limit} executions (the rest of the file is still
     * read for its problems, but not decoded).
     *
     * @param file the capture
     * @param limit how many executions to decode
     * @return the capture
     * @throws IOException when the file cannot be read at all
     */
    public static Capture read(Path file, int limit) throws IOException {
        return read(file, null, limit);
    }

    /**
     * Reads a capture, decoding with a given spec instead of the one the capture names.
     *
     * @param file the capture
     * @param spec the spec to decode with, or null for the capture's own device
     * @param limit how many executions to decode
     * @return the capture
     * @throws IOException when the file cannot be read at all
     */
    public static Capture read(Path file, GenSpec spec, int limit) throws IOException {
        List<Execution> all = new ArrayList<>();
        Reading r = new Reading(spec, limit, all::add);
        Captures.read(file, r);
        return new Capture(r.info(), all, r.problems);
    }

    /**
     * Reads a capture and hands each execution to {@code each} as soon as it is decoded, keeping
     * none: memory stays bounded by the largest single execution.
     *
     * @param file the capture
     * @param spec the spec to decode with, or null for the capture's own device
     * @param each receives every execution in capture order
     * @return the capture's description and problems, with no executions
     * @throws IOException when the file cannot be read at all
     */
    public static Capture stream(Path file, GenSpec spec, Consumer<Execution> each) throws IOException {
        Reading r = new Reading(spec, Integer.MAX_VALUE, Objects.requireNonNull(each));
        Captures.read(file, r);
        return new Capture(r.info(), List.of(), r.problems);
    }

    /**
     * What a capture says about itself.
     *
     * <pre>{@code
     * Capture.Info i = cap.info();   // Info[format=aub, pciId=6418, specName=gen9, ...]
     * }</pre>
     *
     * @param format the reader that understood it: {@code aub}, {@code error-state}, or empty when none did
     * @param pciId the device's PCI ID, or 0 when the capture names none
     * @param specName the built-in spec used to decode ({@code gen9}), or empty when unknown
     * @param deviceName the device's marketing name, or empty
     * @param application the application the capture names, or empty
     */
    public record Info(String format, int pciId, String specName, String deviceName, String application) {
    }

    /**
     * One ring submission (or one buffer an error state dumped) and what it ran.
     *
     * <pre>{@code
     * Capture.Execution e = cap.executions().get(0);
     * System.out.println(e.engine() + " ran " + e.decoded().commands().size() + " commands");
     * }</pre>
     *
     * @param engine the engine
     * @param submission the ring submission, or null for a lone buffer
     * @param address where the walk started: the ring's head, or the buffer's address
     * @param space the space the walk started in
     * @param decoded the commands in execution order, with their problems
     */
    public record Execution(Engine engine, Submission submission, long address, AddressSpace space, Decoded decoded) {
    }

    /** The listener that walks what the reader finds. */
    private static final class Reading implements CaptureListener {
        private final List<Problem> problems = new ArrayList<>();
        private final Consumer<Execution> sink;
        private final int limit;
        private GenSpec spec;
        private Decoding decoding;
        private CaptureInfo info;
        private int decoded;
        private boolean noDevice;

        Reading(GenSpec forced, int limit, Consumer<Execution> sink) {
            this.spec = forced;
            this.limit = limit;
            this.sink = sink;
        }

        Info info() {
            if (info == null) {
                return new Info("", 0, spec == null ? "" : spec.name(), "", "");
            }
            return new Info(info.format(), info.pciId(), spec == null ? "" : spec.name(), info.deviceName(),
                    info.application());
        }

        @Override
        public void info(CaptureInfo i) {
            info = i;
            if (spec == null && i.specName() != null) {
                spec = GenSpec.of(SpecLoader.builtin(i.specName()));
            }
        }

        private Decoding decoding() {
            if (spec == null) {
                if (!noDevice) {
                    problems.add(new Problem(Problem.Kind.UNSUPPORTED, 0,
                            "the capture does not name a device genscope knows; pass a GenSpec"));
                    noDevice = true;
                }
                return null;
            }
            if (decoding == null) {
                decoding = Decoding.of(spec);
            }
            return decoding;
        }

        @Override
        public void submission(io.genscope.parser.capture.Submission s, GpuMemory memory, long acthd) {
            if (decoded >= limit || decoding() == null) {
                return;
            }
            decoded++;
            Decoded d = decoding.walkRing(memory, s, null);
            problems.addAll(d.problems());
            sink.accept(new Execution(Engine.of(s.engine()), Submission.of(s), s.ringStart() + s.ringHead(),
                    AddressSpace.GGTT, d));
        }

        @Override
        public void buffer(io.genscope.spec.Engine engine, long address, io.genscope.spec.AddressSpace space, int[] dwords,
                GpuMemory memory) {
            if (decoded >= limit || decoding() == null) {
                return;
            }
            decoded++;
            Decoded d = decoding.walkDwords(memory, engine, dwords, address, space);
            problems.addAll(d.problems());
            sink.accept(new Execution(Engine.of(engine), null, address, AddressSpace.of(space), d));
        }

        @Override
        public void problem(io.genscope.parser.capture.Problem p) {
            problems.add(Problem.of(p));
        }
    }
}
