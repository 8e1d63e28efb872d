package io.genscope.bench;

import io.genscope.rewriter.AddressField;
import io.genscope.rewriter.CommandRewriter;
import io.genscope.rewriter.Rejection;
import io.genscope.rewriter.RewriteSink;
import io.genscope.rewriter.Window;
import io.genscope.rewriter.WindowMap;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * In-JVM address-rewrite throughput over the same real command dwords as {@link DecodeBench} (4 MiB
 * per operation), read as a privileged batch running from the GGTT so that every address field the
 * spec marks is visited: gates and conditions evaluated, the address translated and written back in
 * place. The window map swaps the two halves of the 48-bit space, so every address lies in a window
 * and moves; operations alternate g2h and h2g, so the stream returns to where it was every two.
 * MB/s = ops/s x 4 MiB; compare with {@code DecodeBench.fullDecode} and {@code headerWalk}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RewriteBench {
    @Param({"iris-tgl:gen12", "iris-skl:gen9"})
    public String capture;

    private int[] stream;
    private CommandRewriter forward;
    private CommandRewriter backward;
    private boolean back;
    private final Engine engine = Engine.RENDER;

    /** Counts what the rewriter reports, allocating nothing. */
    static final class Counter implements RewriteSink {
        long relocated;
        long rejected;

        @Override
        public void relocated(int at, int dword, String command, AddressField field, int element, long oldAddress,
                long newAddress) {
            relocated++;
        }

        @Override
        public void rejected(int at, int dword, String command, AddressField field, int element, long address,
                Rejection why) {
            rejected++;
        }
    }

    private final Counter counter = new Counter();

    @Setup
    public void setup() throws Exception {
        String[] parts = capture.split(":");
        Spec spec = SpecLoader.builtin(parts[1]);
        Path file = Path.of(System.getProperty("genscope.fixtures", "fixtures"), "captures", parts[0] + ".aub.xz");
        stream = java.util.Arrays.copyOf(CommandStreams.load(file, spec, DecodeBench.BYTES_PER_OP / 4),
                DecodeBench.BYTES_PER_OP / 4);
        long half = 1L << 47;
        WindowMap map = WindowMap.of(new Window(0, half), new Window(half, half), half, 0);
        forward = new CommandRewriter(spec, map);
        backward = new CommandRewriter(spec, map.inverse());
    }

    @Benchmark
    public long rewriteGgttBatch() {
        CommandRewriter r = back ? backward : forward;
        back = !back;
        return r.rewrite(engine, AddressSpace.GGTT, stream, 0, stream.length, counter);
    }
}
