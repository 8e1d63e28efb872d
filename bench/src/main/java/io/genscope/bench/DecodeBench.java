package io.genscope.bench;

import io.genscope.parser.decode.FieldValues;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.LengthRules;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * In-JVM decode throughput over the real command dwords of a capture (4 MiB of commands per
 * operation): the header walk (identify and size every command) and the full decode (every field
 * extracted and formatted as printed). MB/s = ops/s x 4 MiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DecodeBench {
    /** Bytes of command dwords processed per benchmark operation. */
    public static final int BYTES_PER_OP = 4 << 20;

    @Param({"iris-tgl:gen12", "iris-skl:gen9"})
    public String capture;

    private int[] stream;
    private Spec spec;
    private final Engine engine = Engine.RENDER;

    @Setup
    public void setup() throws Exception {
        String[] parts = capture.split(":");
        spec = SpecLoader.builtin(parts[1]);
        Path file = Path.of(System.getProperty("genscope.fixtures", "fixtures"), "captures", parts[0] + ".aub.xz");
        stream = java.util.Arrays.copyOf(CommandStreams.load(file, spec, BYTES_PER_OP / 4), BYTES_PER_OP / 4);
    }

    @Benchmark
    public long headerWalk() {
        int[] s = stream;
        long names = 0;
        int i = 0;
        while (i < s.length) {
            int dw0 = s[i];
            CommandDef c = spec.find(engine, dw0);
            int len = c != null ? c.length(dw0) : Math.max(1, LengthRules.fallback(dw0));
            names += c != null ? c.order() : -1;
            i += len;
        }
        return names;
    }

    /**
     * The full decode as {@code genscope decode} prints it: every command through the
     * aubinator-compatible printer (fields, dword headers, nested structs; indirect state finds
     * nothing mapped) into a discarded byte buffer, each command's dwords copied as the walker does.
     */
    @Benchmark
    public long fullPrint() {
        int[] s = stream;
        Sink sink = new Sink();
        io.genscope.parser.print.ByteOut out = new io.genscope.parser.print.ByteOut(sink, 1 << 16);
        io.genscope.parser.print.AubinatorPrinter printer = new io.genscope.parser.print.AubinatorPrinter(spec, out,
                true, io.genscope.parser.memory.GpuMemory.EMPTY);
        int i = 0;
        while (i < s.length) {
            int dw0 = s[i];
            CommandDef c = spec.find(engine, dw0);
            int len = c != null ? c.length(dw0) : Math.max(1, LengthRules.fallback(dw0));
            int n = Math.min(len, s.length - i);
            printer.command(new io.genscope.parser.decode.Command(0x10000L + 4L * i, engine,
                    io.genscope.spec.AddressSpace.PPGTT, c, len, java.util.Arrays.copyOfRange(s, i, i + n)), 1);
            i += len;
        }
        out.flush();
        return sink.bytes;
    }

    /** Counts and drops what the printer writes. */
    static final class Sink extends java.io.OutputStream {
        long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }

    @Benchmark
    public void fullDecode(Blackhole bh) {
        int[] s = stream;
        int i = 0;
        while (i < s.length) {
            int dw0 = s[i];
            CommandDef c = spec.find(engine, dw0);
            int len = c != null ? c.length(dw0) : Math.max(1, LengthRules.fallback(dw0));
            if (c != null) {
                FieldValues.walk(spec, c, s, i, Math.min(s.length, i + len), 0,
                        (f, name, start, end, raw, text) -> bh.consume(text));
            }
            i += len;
        }
    }
}
