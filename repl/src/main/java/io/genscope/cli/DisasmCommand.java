package io.genscope.cli;

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

/** {@code genscope disasm}: EU instruction bytes to Mesa's assembly syntax. */
@Command(name = "disasm",
        header = "Disassemble EU (shader) instructions into Mesa's syntax, one line per instruction.",
        description = {"FILE holds the instruction bytes as the hardware reads them (binary), or with --hex text of"
                + " hex byte pairs, one instruction per line, as Mesa's EU test suite writes them.",
                "Damaged or truncated input is reported on standard error with its byte offset; the rest is"
                + " still decoded. Exit code 0 when there was nothing to report, 1 otherwise.",
                "Generations: gen8 (bdw), gen9 (skl, kbl, glk, cfl, ...), gen11 (icl, ehl), gen12 (tgl, rkl, adl, dg1)."})
public final class DisasmCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Spec
    CommandSpec commandSpec;

    @Option(names = "--gen", required = true, paramLabel = "NAME", description = "Generation or platform (gen9, skl, icl, ...)")
    String gen;

    @Option(names = "--hex", description = "FILE is hex text, not binary")
    boolean hex;

    @Option(names = "--json", description = "One JSON object per instruction with all its fields")
    boolean json;

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
        byte[] data = in.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(CliFiles.input(Path.of(in)));
        PrintWriter out = commandSpec.commandLine().getOut();
        PrintWriter err = commandSpec.commandLine().getErr();
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
}
