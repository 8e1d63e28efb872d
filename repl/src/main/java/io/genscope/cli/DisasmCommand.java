package io.genscope.cli;

import io.genscope.parser.eu.EuAssembler;
import io.genscope.parser.eu.EuDisassembler;
import io.genscope.parser.eu.EuHex;
import io.genscope.parser.eu.EuJson;
import io.genscope.parser.eu.EuListing;
import io.genscope.parser.eu.EuProblem;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code genscope disasm}: EU instruction bytes to Mesa's assembly syntax, and with --assemble back. */
@Command(name = "disasm",
        header = "Disassemble EU (shader) instructions into Mesa's syntax, one line per instruction.",
        description = {"FILE holds the instruction bytes as the hardware reads them (binary), or with --hex text of"
                + " hex byte pairs, one instruction per line, as Mesa's EU test suite writes them.",
                "Damaged or truncated input is reported on standard error with its byte offset; the rest is"
                + " still decoded. Exit code 0 when there was nothing to report, 1 otherwise.",
                "With --assemble it goes the other way: FILE is assembly text in that syntax (instructions marked"
                + " 'compacted' are written in the 64-bit form, JIP/UIP as LABELn with 'LABELn:' lines), and the"
                + " bytes are written binary, or with --hex as hex byte pairs. A line that cannot be assembled is"
                + " reported as FILE:LINE:COLUMN and left out; the rest is assembled. -o OUT is written to a"
                + " temporary file and renamed; an existing OUT is replaced only with --force.",
                "Generations: gen7 (ivb), gen75 (hsw), gen8 (bdw), gen9 (skl, kbl, glk, cfl, ...), gen11 (icl, ehl),"
                        + " gen12 (tgl, rkl, adl, dg1), gen125 (dg2, mtl), gen20 (lnl, bmg), gen30 (ptl)."})
public final class DisasmCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--gen", required = true, paramLabel = "NAME", description = "Generation or platform (gen9, skl, icl, ...)")
    String gen;

    @Option(names = "--hex", description = "FILE is hex text, not binary (with --assemble: write hex text)")
    boolean hex;

    @Option(names = "--json", description = "One JSON object per instruction with all its fields")
    boolean json;

    @Option(names = "--assemble", description = "FILE is assembly text; write the instruction bytes")
    boolean assemble;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "With --assemble: output file (standard output when absent)")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Replace OUT when it exists")
    boolean force;

    @Parameters(paramLabel = "FILE", description = "The instructions ('-' reads standard input)")
    String in;

    @Override
    public Integer call() throws IOException {
        EuDisassembler d;
        try {
            // the same --gen names as every other command, then the EU ISA of that generation
            d = EuDisassembler.forGen(Gens.spec("--gen", gen).name());
        } catch (RuntimeException e) {
            throw new CliException("--gen " + gen + ": " + e.getMessage());
        }
        if (output != null && !assemble) throw new CliException("-o is for --assemble; the listing goes to standard output");
        if (assemble && json) throw new CliException("--json is for disassembly");
        if (output != null) CliFiles.output(output, force);
        byte[] data = in.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(CliFiles.input(Path.of(in)));
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
        if (assemble) return assemble(d, new String(data, StandardCharsets.UTF_8), out, err);
        int problems = 0;
        if (hex) {
            EuHex.Parsed p = EuHex.parse(in.equals("-") ? "<stdin>" : in, new String(data, StandardCharsets.UTF_8));
            for (String s : p.problems()) err.println(s);
            problems += p.problems().size();
            data = p.bytes();
        }
        EuListing listing = d.disassemble(data, 0, data.length);
        out.print(json ? EuJson.of(d.spec(), listing) : listing.text());
        out.flush();
        for (EuProblem p : listing.problems()) err.println((in.equals("-") ? "<stdin>" : in) + ": " + p);
        err.flush();
        problems += listing.problems().size();
        return problems == 0 ? 0 : 1;
    }

    private Integer assemble(EuDisassembler d, String text, PrintWriter out, PrintWriter err) throws IOException {
        EuAssembler.Result r;
        try {
            r = EuAssembler.forGen(d.spec().name()).assemble(in.equals("-") ? "<stdin>" : in, text);
        } catch (IllegalArgumentException e) {
            throw new CliException("--gen " + gen + ": " + e.getMessage());
        }
        for (String p : r.problems()) err.println(p);
        err.flush();
        byte[] bytes = r.bytes();
        if (hex) {
            String lines = hexLines(d, bytes);
            if (output == null) {
                out.print(lines);
                out.flush();
            } else {
                CliFiles.write(output, force, tmp -> Files.writeString(tmp, lines));
            }
        } else if (output == null) {
            if (System.console() != null) throw new CliException("binary output to a terminal: give -o FILE, or --hex");
            System.out.write(bytes);
            System.out.flush();
        } else {
            CliFiles.write(output, force, tmp -> Files.write(tmp, bytes));
        }
        return r.problems().isEmpty() ? 0 : 1;
    }

    /** Hex byte pairs, one instruction (8 or 16 bytes) per line, as Mesa's EU test suite writes them. */
    static String hexLines(EuDisassembler d, byte[] bytes) {
        StringBuilder sb = new StringBuilder();
        for (var line : d.disassemble(bytes, 0, bytes.length).lines()) {
            int n = line.compacted() ? 8 : 16;
            for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : " ").append(String.format("%02x", bytes[line.offset() + i] & 0xff));
            sb.append('\n');
        }
        return sb.toString();
    }
}
