package io.genscope.bench;

import io.genscope.parser.eu.EuDisassembler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.tukaani.xz.XZInputStream;

/**
 * Disassembler throughput: every instruction of Mesa's EU test suite (fixtures/eu/GEN-asm.oracle.xz,
 * native and compacted) disassembled over and over for a few seconds per generation; prints
 * instructions per CPU second of the benchmark thread. Run: {@code java -cp CLASSPATH io.genscope.bench.EuDisasmBench [FIXTURES] [SECONDS]}.
 */
public final class EuDisasmBench {
    private EuDisasmBench() {}

    public static void main(String[] args) throws IOException {
        Path fixtures = Path.of(args.length > 0 ? args[0] : "fixtures");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        long allInsns = 0;
        double allTime = 0;
        for (String gen : new String[] {"gen8", "gen9", "gen11", "gen12"}) {
            byte[] code = suiteBytes(fixtures.resolve("eu/" + gen + "-asm.oracle.xz"));
            EuDisassembler d = EuDisassembler.forGen(gen);
            int perPass = d.disassemble(code, 0, code.length).lines().size();
            long deadline = System.nanoTime() + (long) (seconds * 0.4e9);
            while (System.nanoTime() < deadline) d.disassemble(code, 0, code.length); // warm up
            // CPU time of this thread, not wall time: the figure holds on a shared, loaded machine
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            long insns = 0, t0 = cpu.getCurrentThreadCpuTime(), end = t0 + (long) (seconds * 1e9);
            long sink = 0;
            while (cpu.getCurrentThreadCpuTime() < end) {
                sink += d.disassemble(code, 0, code.length).text().length();
                insns += perPass;
            }
            double dt = (cpu.getCurrentThreadCpuTime() - t0) / 1e9;
            allInsns += insns;
            allTime += dt;
            System.out.printf("%-6s %8.0f instructions/s  (%d per pass, sink %d)%n", gen, insns / dt, perPass, sink & 1);
        }
        System.out.printf("all    %8.0f instructions/s%n", allInsns / allTime);
    }

    /** The instruction bytes of every case in an oracle fixture ({@code hex ..} lines), concatenated. */
    static byte[] suiteBytes(Path oracle) throws IOException {
        String text;
        try (InputStream in = new XZInputStream(Files.newInputStream(oracle))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String line : text.split("\n")) {
            if (!line.startsWith("hex ")) continue;
            for (String b : line.substring(4).trim().split("\\s+")) out.write(Integer.parseInt(b, 16));
        }
        return out.toByteArray();
    }
}
