package io.genscope.cli;

import io.genscope.parser.aub.AubHeader;
import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.aub.AubSummary;
import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.parser.print.JsonPrinter;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genscope decode}: print what a capture told the GPU, in aubinator's layout or as JSON. */
@Command(name = "decode", description = {
        "Decode every submission of an AUB capture (.aub or .aub.xz): the ring from head to tail and every batch it starts.",
        "Output follows Mesa aubinator's layout; --json prints one JSON object per command."})
final class DecodeCommand implements Callable<Integer> {
    @Option(names = "--headers", description = "One line per command, no fields")
    boolean headers;

    @Option(names = "--json", description = "One JSON object per command (JSON Lines)")
    boolean json;

    @Option(names = "--gen", paramLabel = "NAME",
            description = "Decode as this device or generation (skl, tgl, gen9, gen12, ...) instead of the capture's PCI ID")
    String gen;

    @Parameters(paramLabel = "FILE", description = "The capture")
    Path file;

    @Override
    public Integer call() throws Exception {
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        PrintStream err = System.err;
        List<Problem> problems = new ArrayList<>();
        String[] specName = {null};
        io.genscope.parser.print.IndirectBases bases = new io.genscope.parser.print.IndirectBases();
        Spec[] spec = {null};
        if (gen != null) {
            specName[0] = Device.specForPlatform(gen).orElseThrow(() -> new IllegalArgumentException(
                    "unknown device or generation '" + gen + "'"));
            spec[0] = SpecLoader.builtin(specName[0]);
        }
        AubListener listener = new AubListener() {
            @Override
            public void header(AubHeader h) {
                if (spec[0] == null) {
                    Device d = h.device().orElse(null);
                    if (d == null) {
                        throw new IllegalArgumentException(String.format(
                                "the capture names no known device (PCI ID 0x%x); use --gen", h.pciId()));
                    }
                    spec[0] = SpecLoader.builtin(d.spec());
                }
                if (!json) {
                    banner(out, h);
                }
            }

            @Override
            public void submission(Submission s, ContextMemory mem) {
                if (spec[0] == null) {
                    throw new IllegalArgumentException("the capture has no version packet naming its device; use --gen");
                }
                Decoder decoder = new Decoder(spec[0]);
                WalkListener printer = json ? new JsonPrinter(decoder, out)
                        : new AubinatorPrinter(spec[0], out, !headers, mem, bases);
                WalkListener withProblems = new WalkListener() {
                    @Override
                    public void command(io.genscope.parser.decode.Command c, int depth) {
                        printer.command(c, depth);
                    }

                    @Override
                    public void unavailable(long address) {
                        printer.unavailable(address);
                    }

                    @Override
                    public void jumpLimit(long address) {
                        printer.jumpLimit(address);
                    }

                    @Override
                    public void problem(Problem p) {
                        if (p.kind() == Problem.Kind.LOOP || p.kind() == Problem.Kind.JUMP_LIMIT) {
                            problems.add(p);
                        }
                        printer.problem(p);
                    }
                };
                new CommandWalker(decoder, mem, s.engine(), withProblems).walkRing(s);
            }

            @Override
            public void problem(Problem p) {
                problems.add(p);
            }
        };
        AubSummary summary = new AubReader().read(file, listener);
        out.flush();
        for (Problem p : problems) {
            err.println("genscope: " + file + ": " + p);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    private void banner(BufferedWriter out, AubHeader h) {
        try {
            out.write("genscope: Intel AUB file decoder.\n");
            out.write("File name:        " + file.getFileName() + "\n");
            if (h.pciId() != 0) {
                out.write("PCI ID:           0x" + Integer.toHexString(h.pciId()) + "\n");
            }
            out.write("Application name: " + h.applicationName() + "\n");
            out.write("Decoding as:      " + h.device().map(Device::name).orElse(gen) + "\n\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
