package io.genscope.api;

import io.genscope.rewriter.RemapReport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A rewritten command stream and what the rewrite did: every address moved (the relocations) and
 * every address it could not move (the findings). At most 100,000 of each are listed (a hostile
 * stream cannot fill the heap); the counts count all.
 *
 * <pre>{@code
 * Remapped r = remapper.rewrite(Engine.RENDER, dwords, 0x1000, AddressSpace.GGTT);
 * if (r.findingCount() > 0) r.findings().forEach(f -> System.err.println(f.message()));
 * int[] forTheHost = r.dwords();
 * }</pre>
 *
 * @param stream the rewritten bytes (the input's length); a copy owned by this record
 * @param relocations the addresses moved, in stream order
 * @param findings the addresses left alone, with why
 * @param relocationCount how many addresses were moved in all
 * @param findingCount how many findings there were in all
 * @param commands how many commands were read (0 for a PPGTT stream, which is not read)
 */
public record Remapped(byte[] stream, List<Relocation> relocations, List<Finding> findings, long relocationCount,
        long findingCount, long commands) {

    /**
     * Copies the stream and the lists.
     *
     * @param stream the bytes
     * @param relocations the relocations
     * @param findings the findings
     * @param relocationCount all relocations
     * @param findingCount all findings
     * @param commands commands read
     */
    public Remapped {
        stream = stream.clone();
        relocations = List.copyOf(relocations);
        findings = List.copyOf(findings);
    }

    /**
     * The rewritten bytes (a copy).
     *
     * @return the stream
     */
    @Override
    public byte[] stream() {
        return stream.clone();
    }

    /**
     * The rewritten stream as dwords (a trailing partial dword is left out).
     *
     * @return the dwords
     */
    public int[] dwords() {
        int[] d = new int[stream.length / 4];
        ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(d);
        return d;
    }

    static Remapped of(byte[] out, RemapReport r) {
        return new Remapped(out, r.relocations().stream().map(Relocation::of).toList(),
                r.findings().stream().map(Finding::of).toList(), r.relocationCount(), r.findingCount(), r.commands());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Remapped r && Arrays.equals(stream, r.stream) && relocations.equals(r.relocations)
                && findings.equals(r.findings) && relocationCount == r.relocationCount && findingCount == r.findingCount
                && commands == r.commands;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(stream), relocations, findings, relocationCount, findingCount, commands);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Remapped[%d bytes, %d relocations, %d findings, %d commands]", stream.length,
                relocationCount, findingCount, commands);
    }

    /**
     * What rewriting a whole capture did ({@link Remapper#rewriteCapture}).
     *
     * <pre>{@code
     * Remapped.OfCapture r = remapper.rewriteCapture(in, out, false);
     * System.out.println(r.relocationCount() + " addresses moved, " + r.findingCount() + " left alone");
     * }</pre>
     *
     * @param written whether the output file was written
     * @param relocations the addresses moved (at most 100,000 listed)
     * @param findings the addresses left alone (at most 100,000 listed)
     * @param relocationCount how many addresses were moved in all
     * @param findingCount how many findings there were in all
     * @param problems what was wrong with the capture file itself
     */
    public record OfCapture(boolean written, List<Relocation> relocations, List<Finding> findings, long relocationCount,
            long findingCount, List<Problem> problems) {

        /**
         * Copies the lists.
         *
         * @param written whether the output was written
         * @param relocations the relocations
         * @param findings the findings
         * @param relocationCount all relocations
         * @param findingCount all findings
         * @param problems the file's problems
         */
        public OfCapture {
            relocations = List.copyOf(relocations);
            findings = List.copyOf(findings);
            problems = List.copyOf(problems);
        }

        static OfCapture of(io.genscope.rewriter.aub.AubRemapper.Result r) {
            RemapReport x = r.report();
            return new OfCapture(r.written(), x.relocations().stream().map(Relocation::of).toList(),
                    x.findings().stream().map(Finding::of).toList(), x.relocationCount(), x.findingCount(),
                    r.problems().stream().map(Problem::of).toList());
        }
    }

    /**
     * One address moved from a guest window to the host window.
     *
     * <pre>{@code
     * // MI_BATCH_BUFFER_START.Batch Buffer Start Address 0x2000 -> 0x40002000 at byte 4
     * System.out.printf("%s.%s 0x%x -> 0x%x at byte %d%n", x.command(), x.field(), x.oldValue(), x.newValue(), x.offset());
     * }</pre>
     *
     * @param address GPU address of the command holding it
     * @param engine the engine whose stream it is
     * @param command the command's name
     * @param field the field's name
     * @param offset byte offset in the stream of the dword holding the field's lowest bit, or -1
     * @param oldValue the guest address
     * @param newValue the host address
     */
    public record Relocation(long address, Engine engine, String command, String field, long offset, long oldValue,
            long newValue) {
        static Relocation of(io.genscope.rewriter.Relocation r) {
            return new Relocation(r.address(), Engine.of(r.engine()), r.command(), r.field(), r.offset(), r.oldValue(),
                    r.newValue());
        }
    }

    /**
     * An address the rewrite left alone.
     *
     * <pre>{@code
     * if (f.kind() == Remapped.Finding.Kind.OUTSIDE_WINDOWS) audit.add(f.value());
     * }</pre>
     *
     * @param kind what is wrong
     * @param address GPU address of the command holding it
     * @param engine the engine
     * @param command the command's name
     * @param field the field's name
     * @param offset byte offset in the stream, or -1
     * @param value the address found
     * @param message one line for a user
     */
    public record Finding(Kind kind, long address, Engine engine, String command, String field, long offset, long value,
            String message) {

        /**
         * The closed set of reasons.
         *
         * <pre>{@code
         * long outside = r.findings().stream().filter(f -> f.kind() == Remapped.Finding.Kind.OUTSIDE_WINDOWS).count();
         * }</pre>
         */
        public enum Kind {
            /** A GGTT address outside the vGPU's guest windows: the security audit's finding. */
            OUTSIDE_WINDOWS,
            /** A translated address the field cannot hold. */
            DOES_NOT_FIT,
            /** A command cut off before its address field ends. */
            TRUNCATED,
            /** A capture dword to rewrite that no single place in the file holds. */
            NOT_IN_FILE,
            /** One place in a file that two rewrites want to hold different values. */
            CONFLICT,
            /** Command audit: no command of the buffer's engine has this header. */
            UNKNOWN_COMMAND,
            /** Command audit: a command refused from a guest (MI_UPDATE_GTT, ...). */
            PRIVILEGED_COMMAND,
            /** Command audit: a register load outside the spec's guest allow-list. */
            REGISTER_NOT_ALLOWED,
            /** Command audit: a batch buffer start that loops back into a running buffer. */
            BATCH_LOOP,
            /** Command audit: a command running past the end of its buffer. */
            COMMAND_CUT_OFF
        }

        static Finding of(io.genscope.rewriter.Finding f) {
            return new Finding(Kind.valueOf(f.kind().name()), f.address(), Engine.of(f.engine()), f.command(), f.field(),
                    f.offset(), f.value(), f.message());
        }
    }
}
