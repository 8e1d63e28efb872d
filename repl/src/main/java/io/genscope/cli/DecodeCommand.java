package io.genscope.cli;

import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.AsmPrinter;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.parser.print.IndirectBases;
import io.genscope.parser.print.JsonPrinter;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
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
        "Decode a capture (.aub, optionally .xz): for every submission the ring from head to tail and every",
        "batch it starts. Output follows Mesa aubinator's layout; --json prints one JSON object per command;",
        "--asm prints a GenAsm listing."})
final class DecodeCommand implements Callable<Integer> {
    @Option(names = "--headers", description = "One line per command, no fields")
    boolean headers;

    @Option(names = "--json", description = "One JSON object per command (JSON Lines)")
    boolean json;

    @Option(names = "--asm", description = "A GenAsm listing (.gen/.engine/.org per buffer) that `genscope asm` "
            + "reassembles to the same dwords")
    boolean asm;

    @Option(names = "--gen", paramLabel = "NAME",
            description = "Decode as this device or generation (skl, tgl, gen9, gen12, ...) instead of what the capture names")
    String gen;

    @Parameters(paramLabel = "FILE", description = "The capture")
    Path file;

    private final List<Problem> problems = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (json && asm) {
            throw new IllegalArgumentException("--json and --asm exclude each other");
        }
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        Spec forced = gen == null ? null : SpecLoader.builtin(Device.specForPlatform(gen)
                .orElseThrow(() -> new IllegalArgumentException("unknown device or generation '" + gen
                        + "' (one of " + Device.platforms() + " or gen8, gen9, gen11, gen12)")));
        Printing printing = new Printing(out, forced);
        Captures.read(file, printing);
        out.flush();
        for (Problem p : problems) {
            System.err.println("genscope: " + file + ": " + p);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    /** Walks what the capture submits and prints it. */
    private final class Printing implements CaptureListener {
        private final BufferedWriter out;
        private final IndirectBases bases = new IndirectBases();
        private AsmPrinter asmPrinter;
        private Spec spec;

        Printing(BufferedWriter out, Spec forced) {
            this.out = out;
            this.spec = forced;
        }

        @Override
        public void info(CaptureInfo info) {
            if (spec == null && info.specName() != null) {
                spec = SpecLoader.builtin(info.specName());
            }
            if (asm) {
                banner(info, "# ");
            } else if (!json) {
                banner(info, "");
            }
        }

        /** The capture's summary; in a GenAsm listing as comments. */
        private void banner(CaptureInfo info, String prefix) {
            write(prefix + "genscope: Intel GPU capture decoder.\n");
            write(prefix + "File name:        " + file.getFileName() + "\n");
            if (info.pciId() != 0) {
                write(prefix + "PCI ID:           0x" + Integer.toHexString(info.pciId()) + "\n");
            }
            write(prefix + "Application name: " + info.application() + "\n");
            write(prefix + "Decoding as:      " + (gen != null || info.deviceName().isEmpty()
                    ? (spec == null ? "unknown device" : spec.name() + " (" + spec.title() + ")")
                    : info.deviceName()) + "\n\n");
        }

        @Override
        public void submission(Submission s, GpuMemory memory, long acthd) {
            CommandWalker walker = walker(s.engine(), memory, acthd);
            if (walker != null && asmPrinter != null) {
                asmPrinter.note(String.format("submission %d on %s: ring at 0x%x, head 0x%x, tail 0x%x", s.index(),
                        s.engine().specName(), s.ringStart(), s.ringHead(), s.ringTail()));
                asmPrinter.restart();
            }
            if (walker != null) {
                walker.walkRing(s);
            }
        }

        @Override
        public void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory) {
            CommandWalker walker = walker(engine, memory, -1);
            if (walker != null && asmPrinter != null) {
                asmPrinter.note(String.format("buffer of %d dwords at 0x%x (%s)", dwords.length, address, space));
                asmPrinter.restart();
            }
            if (walker != null) {
                walker.walkDwords(dwords, address, space, false);
            }
        }

        @Override
        public void comment(long offset, String text) {
            if (asm && spec == null) {
                write(("# " + text).replace("\n", "\n# ") + "\n");
            } else if (asm) {
                notes().note(text);
            } else if (!json && !headers) {
                write(text + "\n");
            }
        }

        @Override
        public void problem(Problem p) {
            problems.add(p);
        }

        private CommandWalker walker(Engine engine, GpuMemory memory, long acthd) {
            if (spec == null) {
                problems.add(new Problem(Problem.Kind.UNSUPPORTED, 0,
                        "the capture does not name a device genscope knows; give one with --gen"));
                return null;
            }
            Decoder decoder = new Decoder(spec);
            WalkListener printer;
            if (asm) {
                printer = notes();
            } else if (json) {
                printer = new JsonPrinter(decoder, out);
            } else {
                AubinatorPrinter p = new AubinatorPrinter(spec, out, !headers, memory, bases);
                if (acthd >= 0) {
                    p.markActhd(acthd);
                }
                printer = p;
            }
            return new CommandWalker(decoder, memory, engine, new WalkListener() {
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
            });
        }

        /** The one GenAsm printer of this decode (directives repeat only when they change); needs the spec. */
        private AsmPrinter notes() {
            if (asmPrinter == null) {
                asmPrinter = new AsmPrinter(spec, out);
            }
            return asmPrinter;
        }

        private void write(String s) {
            try {
                out.write(s);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
