package io.genscope.examples;

import io.genscope.api.Capture;
import io.genscope.api.GpuCommand;
import io.genscope.api.Problem;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Decodes a capture's first submission and prints the first batch buffer it starts, one command per
 * line with its address fields.
 *
 * <pre>
 * java io.genscope.examples.DecodeFirstBatch fixtures/captures/iris-skl.aub.xz
 * </pre>
 */
public final class DecodeFirstBatch {
    private DecodeFirstBatch() {
    }

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out));
    }

    /** Prints to {@code out}; returns the exit code (1 when the capture has problems or no batch). */
    public static int run(String[] args, PrintStream out) throws IOException {
        Path file = Path.of(args.length > 0 ? args[0] : "fixtures/captures/iris-skl.aub.xz");
        Capture capture = Capture.read(file, 1);
        out.printf("capture: %s, %s, decoded as %s%n", capture.info().format(), capture.info().deviceName(),
                capture.info().specName());
        for (Problem p : capture.problems()) {
            out.println("problem: " + p);
        }
        if (capture.executions().isEmpty()) {
            out.println("no submissions");
            return 1;
        }
        Capture.Execution first = capture.executions().get(0);
        List<GpuCommand> batch = first.decoded().firstBatch();
        out.printf("first batch on %s: %d commands%n", first.engine().label(), batch.size());
        for (GpuCommand c : batch) {
            out.printf("0x%012x  %s%n", c.address(), c.name());
            for (GpuCommand.Address a : c.addresses()) {
                out.printf("                %s -> %s 0x%x%n", a.field(), a.space(), a.address());
            }
        }
        return capture.problems().isEmpty() && !batch.isEmpty() ? 0 : 1;
    }
}
