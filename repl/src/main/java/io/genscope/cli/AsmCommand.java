package io.genscope.cli;

import io.genscope.parser.asm.AsmError;
import io.genscope.parser.asm.AsmException;
import io.genscope.parser.asm.Assembler;
import io.genscope.parser.asm.Program;
import io.genscope.spec.Spec;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genscope asm}: a GenAsm listing to command-buffer dwords. */
@Command(name = "asm",
        header = "Assemble a GenAsm listing into command-buffer dwords (binary, or hex text with --text).",
        description = {"Commands and fields are named as in the spec (docs/genasm.md). Sections (.org) are written one"
                + " after the other. Errors are reported as FILE:LINE:COLUMN: message.",
                "`genscope decode --asm CAPTURE` prints a capture as such a listing.",
                "-o OUT is written to a temporary file and renamed; an existing OUT is replaced only with --force."})
final class AsmCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(paramLabel = "IN.gasm", description = "The listing ('-' reads standard input)")
    String in;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file (standard output when absent)")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace OUT when it exists")
    boolean force;

    @Option(names = "--text", description = "One hex dword per line (0x%%08x) instead of binary")
    boolean text;

    @Option(names = "--gen", paramLabel = "NAME", completionCandidates = Gens.class,
            description = "Generation until the listing's .gen says otherwise (gen9, gen12, skl, tgl, ...)")
    String gen;

    @Override
    public Integer call() throws IOException {
        Spec spec = Gens.specOrNull("--gen", gen);
        if (output == null && !text && System.console() != null) {
            throw new CliException("binary output to a terminal: give -o FILE, or --text");
        }
        if (output != null) {
            CliFiles.output(output, force);
        }
        String source = in.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                : Files.readString(CliFiles.input(Path.of(in)));
        Program program;
        try {
            program = new Assembler(spec).assemble(in.equals("-") ? "<stdin>" : in, source);
        } catch (AsmException e) {
            for (AsmError err : e.errors()) {
                System.err.println(err);
            }
            return 1;
        }
        int[] dwords = program.dwords();
        if (output == null) {
            write(dwords, nonClosing(System.out));
        } else {
            CliFiles.write(output, force, tmp -> write(dwords, Files.newOutputStream(tmp)));
        }
        return 0;
    }

    private void write(int[] dwords, OutputStream target) throws IOException {
        try (OutputStream os = target) {
            if (text) {
                Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.US_ASCII), 1 << 16);
                for (int d : dwords) {
                    w.write(String.format("0x%08x%n", d));
                }
                w.flush();
            } else {
                ByteBuffer buf = ByteBuffer.allocate(4 * dwords.length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asIntBuffer().put(dwords);
                os.write(buf.array());
            }
        }
    }

    private static OutputStream nonClosing(OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
