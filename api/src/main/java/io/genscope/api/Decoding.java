package io.genscope.api;

import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes GPU command streams with one {@link GenSpec}: a buffer of dwords on its own, or a batch
 * or a ring walked through {@link GuestMemory} the way the hardware follows
 * {@code MI_BATCH_BUFFER_START} (second-level starts return, first-level starts jump, loops and
 * runaway nesting are reported, not followed). Never throws for damaged input: problems come back in
 * the {@link Decoded} result. Instances are immutable and may be shared between threads.
 *
 * <pre>{@code
 * Decoding decoding = Decoding.of(GenSpec.forDevice("skl"));
 * int[] dwords = {0x7a000004, 0x00101001, 0, 0, 0, 0, 0x05000000};   // PIPE_CONTROL, MI_BATCH_BUFFER_END
 * Decoded d = decoding.decode(Engine.RENDER, dwords, 0x1000, AddressSpace.GGTT);
 * d.commands().forEach(c -> System.out.println(c.name()));
 * }</pre>
 */
public final class Decoding {
    private final GenSpec spec;
    private final Decoder decoder;

    private Decoding(GenSpec spec) {
        this.spec = spec;
        this.decoder = new Decoder(spec.internal());
    }

    /**
     * A decoder for one generation.
     *
     * @param spec the generation's spec
     * @return the decoder
     */
    public static Decoding of(GenSpec spec) {
        return new Decoding(Objects.requireNonNull(spec, "spec"));
    }

    /**
     * The spec it decodes with.
     *
     * @return the spec
     */
    public GenSpec spec() {
        return spec;
    }

    /**
     * Decodes dwords as one linear stream, command after command, without following batch buffer
     * starts (nothing but the buffer is known).
     *
     * @param engine the engine the stream is for
     * @param dwords the commands, little-endian dwords as the GPU reads them
     * @param address GPU address of {@code dwords[0]}
     * @param space the space the buffer is in
     * @return the commands (all at depth 1) and problems
     */
    public Decoded decode(Engine engine, int[] dwords, long address, AddressSpace space) {
        Decoder.Result r = decoder.decode(engine.internal(), dwords, 0, dwords.length, address, space.internal());
        List<GpuCommand> out = new ArrayList<>(r.commands().size());
        for (Command c : r.commands()) {
            out.add(Internals.command(decoder, c, 1));
        }
        return new Decoded(out, r.problems().stream().map(Problem::of).toList());
    }

    /**
     * Walks a batch buffer in memory and every batch it starts.
     *
     * @param memory where the batch and what it starts are read from
     * @param engine the engine running it
     * @param address the batch's first command
     * @param space the space the batch is read through
     * @return the commands in execution order (the batch at depth 1) and problems
     */
    public Decoded walkBatch(GuestMemory memory, Engine engine, long address, AddressSpace space) {
        Collector c = new Collector(null);
        new CommandWalker(decoder, Internals.memory(memory), engine.internal(), c).walkBatch(address, space.internal());
        return c.result();
    }

    /**
     * Walks a submission's ring from head to tail (wrapping at its end) and every batch it starts.
     *
     * @param memory where the ring (GGTT) and the batches are read from
     * @param submission the ring to walk
     * @return the commands in execution order (the ring at depth 1) and problems
     */
    public Decoded walkRing(GuestMemory memory, Submission submission) {
        return walkRing(Internals.memory(memory), submission.internal(), null);
    }

    Decoded walkRing(GpuMemory memory, io.genscope.parser.capture.Submission s, Consumer<GpuCommand> each) {
        Collector c = new Collector(each);
        new CommandWalker(decoder, memory, s.engine(), c).walkRing(s);
        return c.result();
    }

    Decoded walkDwords(GpuMemory memory, io.genscope.spec.Engine engine, int[] dwords, long address,
            io.genscope.spec.AddressSpace space) {
        Collector c = new Collector(null);
        new CommandWalker(decoder, memory, engine, c).walkDwords(dwords, address, space, false);
        return c.result();
    }

    /** Gathers what one walk finds. */
    private final class Collector implements WalkListener {
        private final List<GpuCommand> commands = new ArrayList<>();
        private final List<Problem> problems = new ArrayList<>();
        private final Consumer<GpuCommand> each;

        Collector(Consumer<GpuCommand> each) {
            this.each = each;
        }

        @Override
        public void command(Command c, int depth) {
            GpuCommand g = Internals.command(decoder, c, depth);
            commands.add(g);
            if (each != null) {
                each.accept(g);
            }
        }

        @Override
        public void problem(io.genscope.parser.capture.Problem p) {
            problems.add(Problem.of(p));
        }

        Decoded result() {
            return new Decoded(commands, problems);
        }
    }
}
