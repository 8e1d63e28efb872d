package io.genscope.cli;

import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Captures;
import io.genscope.parser.capture.InflateLimits;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.RawFormat;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.print.AsmPrinter;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.parser.state.StateBases;
import io.genscope.parser.print.KernelListing;
import io.genscope.parser.print.ParallelAubinatorPrinter;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genscope decode}: print what a capture told the GPU, in aubinator's layout or as JSON. */
@Command(name = "decode",
        header = "Decode a capture (AUB or i915 error state, optionally .xz) command by command, as Mesa's aubinator does.",
        description = {"For every submission the ring is decoded from head to tail with every batch it starts."
                + " Output follows Mesa aubinator's layout (aubinator_error_decode's for error states); --headers prints"
                + " one line per command, --json one JSON object per command, --asm a GenAsm listing.",
                "With --raw the file is a bare command buffer (binary little-endian dwords, or text with one hex dword"
                        + " per token and '#' comments) decoded at --address on --engine; it needs --gen.",
                "Problems in the input are listed on standard error with their byte offset; the exit code is then 1."})
final class DecodeCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = "--headers", description = "One line per command, no fields")
    boolean headers;

    @Option(names = "--json", description = "One JSON object per command (JSON Lines)")
    boolean json;

    @Option(names = "--asm", description = "A GenAsm listing (.gen/.engine/.org per buffer) that `genscope asm` "
            + "reassembles to the same dwords")
    boolean asm;

    @Option(names = "--gen", paramLabel = "NAME", completionCandidates = Gens.class,
            description = "Decode as this device or generation (skl, kbl, tgl, gen9, gen12, ...) instead of what the capture names")
    String gen;

    @Option(names = "--raw", description = "The file is a bare command buffer, not a capture (needs --gen)")
    boolean raw;

    @Option(names = "--engine", paramLabel = "E", defaultValue = "render",
            description = "Engine of a --raw buffer: render, blitter, video, videoenhance, compute (default: ${DEFAULT-VALUE})")
    String engine;

    @Option(names = "--address", paramLabel = "HEX", defaultValue = "0",
            description = "GPU address of a --raw buffer's first dword, hex, 0x optional (default: ${DEFAULT-VALUE})")
    String address;

    @Option(names = "--ppgtt", description = "A --raw buffer lives in the PPGTT (default: GGTT)")
    boolean ppgtt;

    @Option(names = "--max-inflate", paramLabel = "SIZE", description = "Most bytes an .xz capture may decompress"
            + " to (default: 4G); one error-state buffer may inflate to 1/64 of it, at least 64M")
    String maxInflate;

    @Option(names = "--ggtt-base", paramLabel = "ADDR", description = "xe VF migration data: where the VF's GGTT range"
            + " starts (page aligned; the PF's debugfs ggtt_provisioned lists it). Linux's stream does not say; without"
            + " it the base is genscope's descriptor KLV, or inferred from the context images when only one fits")
    String ggttBase;

    @Parameters(paramLabel = "FILE", description = "The capture (or raw buffer with --raw)")
    Path file;

    /**
     * Threads that print a full decode: {@code -Dgenscope.threads=N}; by default one per processor
     * when one is free (the last minute's load average is below the processors less one), else one:
     * on a machine busy with other work a second printing thread waits for a core, and the decode
     * took longer with it than without (docs/benchmarks.md).
     */
    static int printingThreads() {
        Integer n = Integer.getInteger("genscope.threads");
        if (n != null) {
            return Math.max(1, n);
        }
        int cpus = Runtime.getRuntime().availableProcessors();
        return cpus > 1 && loadAverage() < cpus - 1 ? cpus : 1;
    }

    /** The load average of the last minute ({@code /proc/loadavg}), or 0 where the system does not say. */
    private static double loadAverage() {
        try {
            String s = java.nio.file.Files.readString(Path.of("/proc/loadavg"));
            return Double.parseDouble(s.substring(0, s.indexOf(' ')));
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    /** How the reader read the capture where that is worth a line (not problems: the exit code stays 0). */
    private final List<String> notes = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (json && asm) {
            throw new CliException("--json and --asm exclude each other");
        }
        if (headers && (json || asm)) {
            throw new CliException("--headers goes with the text output; --json and --asm always carry every field");
        }
        Spec forced = Gens.specOrNull("--gen", gen);
        if (!raw && (ppgtt || !engine.equals("render") || !address.equals("0"))) {
            throw new CliException("--engine, --address and --ppgtt describe a --raw buffer; a capture says them itself");
        }
        if (maxInflate != null) {
            try {
                System.setProperty(InflateLimits.PROPERTY, Long.toString(InflateLimits.parseSize(maxInflate)));
            } catch (IllegalArgumentException e) {
                throw new CliException("--max-inflate: " + e.getMessage());
            }
        }
        CliFiles.input(file);
        boolean xeVf = !raw && XeVfListing.accepts(file);
        java.util.OptionalLong base = java.util.OptionalLong.empty();
        if (ggttBase != null) {
            if (!xeVf) {
                throw new CliException("--ggtt-base places xe VF migration data; " + file + " is not that");
            }
            long b = Values.number("--ggtt-base", ggttBase);
            Values.insideGgtt("--ggtt-base", b, 0);
            if ((b & 0xfff) != 0) {
                throw new CliException(String.format("--ggtt-base 0x%x: not aligned to a 4 KiB GGTT page", b));
            }
            base = java.util.OptionalLong.of(b);
        }
        RawFormat rawFormat = raw ? rawFormat() : null;
        io.genscope.parser.print.ByteOut out = new io.genscope.parser.print.ByteOut(System.out, 1 << 16);
        Printing printing = new Printing(out, forced);
        try {
            if (xeVf) {
                XeVfListing.read(file, forced, base, printing);
            } else {
                Captures.read(file, rawFormat, printing);
            }
        } finally {
            printing.stopThreads();
        }
        out.flush();
        for (String n : notes) {
            System.err.println("genscope: " + file + ": note: " + n);
        }
        for (Problem p : problems) {
            System.err.println("genscope: " + file + ": " + p);
        }
        return problems.isEmpty() ? 0 : 1;
    }

    private RawFormat rawFormat() {
        if (gen == null) {
            throw new CliException("--raw needs --gen (a raw buffer does not name its device)");
        }
        String hex = address.strip();
        if (hex.startsWith("0x") || hex.startsWith("0X")) {
            hex = hex.substring(2);
        }
        long at;
        try {
            at = Long.parseUnsignedLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new CliException("--address '" + address + "' is not a hex number");
        }
        Engine e;
        try {
            e = Engine.parse(engine);
        } catch (IllegalArgumentException x) {
            throw new CliException("--engine '" + engine + "': " + x.getMessage());
        }
        try {
            return new RawFormat(e, at, ppgtt ? AddressSpace.PPGTT : AddressSpace.GGTT);
        } catch (IllegalArgumentException x) {
            throw new CliException("--address '" + address + "': " + x.getMessage());
        }
    }

    /** Walks what the capture submits and prints it. */
    private final class Printing implements CaptureListener {
        private final io.genscope.parser.print.ByteOut out;
        private final StateBases bases = new StateBases();
        private AsmPrinter asmPrinter;
        private DecodeKernels kernelListing;
        private Spec spec;
        /** The capture's spec while it loads on another thread; null when there is none or it is in {@link #spec}. */
        private FutureTask<Spec> loading;
        private String format = "";
        private boolean noDeviceReported;
        private int pciId;
        private int submissionIndex = -1;
        private int buffers;
        /** The printer of the walk under way when it prints on several threads, else null. */
        private ParallelAubinatorPrinter parallel;
        private ExecutorService pool;
        /** Threads that print the full text output; 1 for the other outputs. */
        private final int threads = headers || json || asm ? 1 : printingThreads();

        Printing(io.genscope.parser.print.ByteOut out, Spec forced) {
            this.out = out;
            this.spec = forced;
        }

        @Override
        public void info(CaptureInfo info) {
            format = info.format();
            pciId = info.pciId();
            if (spec == null && info.specName() != null) {
                loading = load(info.specName());
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
            if (!raw) {
                write(prefix + "Application name: " + info.application() + "\n");
            }
            write(prefix + "Decoding as:      " + decodingAs(info) + "\n\n");
        }

        /** What the decode uses: the capture's device, or the spec --gen chose (and what the capture named). */
        private String decodingAs(CaptureInfo info) {
            if (spec == null && loading == null) {
                return pciId != 0 ? "nothing: PCI ID 0x" + Integer.toHexString(pciId) + " has no spec here" : "nothing: no device named";
            }
            if (gen == null && !info.deviceName().isEmpty()) {
                return info.deviceName();   // the spec may still be loading
            }
            String used = spec().name() + " (" + spec().title() + ")";
            if (gen == null) {
                return info.deviceName().isEmpty() ? used : info.deviceName();
            }
            return used + ", chosen by --gen " + gen + (info.deviceName().isEmpty() ? "" : "; the capture names "
                    + info.deviceName());
        }

        @Override
        public void submission(Submission s, GpuMemory memory, long acthd) {
            submissionIndex = s.index();
            CommandWalker walker = walker(s.engine(), memory, acthd);
            if (walker != null && asmPrinter != null) {
                asmPrinter.note(String.format("submission %d on %s: ring at 0x%x, head 0x%x, tail 0x%x", s.index(),
                        s.engine().specName(), s.ringStart(), s.ringHead(), s.ringTail()));
                asmPrinter.restart();
            }
            if (walker != null) {
                walker.walkRing(s);
                printed();
            }
        }

        @Override
        public void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory) {
            buffer(engine, address, space, dwords, memory, -1);
        }

        @Override
        public void buffer(Engine engine, long address, AddressSpace space, int[] dwords, GpuMemory memory, long acthd) {
            submissionIndex = buffers++;
            CommandWalker walker = walker(engine, memory, acthd);
            if (walker != null && asmPrinter != null) {
                asmPrinter.note(String.format("buffer of %d dwords at 0x%x (%s)", dwords.length, address, space));
                asmPrinter.restart();
            }
            if (walker != null) {
                walker.walkDwords(dwords, address, space, false);
                printed();
            }
        }

        /** AUB comments only in full mode (as aubinator); error-state text and headings always. */
        @Override
        public void comment(long offset, String text) {
            if (asm && spec() == null) {
                write(("# " + text).replace("\n", "\n# ") + "\n");
            } else if (asm) {
                notes().note(text);
            } else if (!json && (!headers || !format.equals("aub"))) {
                write(text + "\n");
            }
        }

        @Override
        public void note(long offset, String text) {
            notes.add(text);
        }

        @Override
        public void problem(Problem p) {
            problems.add(p);
        }

        private CommandWalker walker(Engine engine, GpuMemory memory, long acthd) {
            Spec spec = spec();
            if (spec == null) {
                if (!noDeviceReported) {
                    String why = pciId != 0 ? Device.unsupported(pciId).orElse("PCI ID 0x" + Integer.toHexString(pciId)
                            + " has no spec") : "the capture does not name a device; genscope decodes " + Device.available();
                    problems.add(new Problem(Problem.Kind.UNSUPPORTED, 0, why + " (give one with --gen)"));
                    noDeviceReported = true;
                }
                return null;
            }
            Decoder decoder = new Decoder(spec);
            WalkListener printer;
            if (asm) {
                printer = notes();
            } else if (json) {
                printer = new DecodeJson(decoder, out, submissionIndex,
                        new io.genscope.repl.model.ReferencedKernels(spec, memory, bases));
            } else if (threads > 1) {
                parallel = new ParallelAubinatorPrinter(spec, out, true, memory, bases, r -> pool().execute(r), threads)
                        .kernels(kernels(spec.name(), engine));
                if (acthd >= 0) {
                    parallel.markActhd(acthd);
                }
                printer = parallel;
            } else {
                AubinatorPrinter p = new AubinatorPrinter(spec, out, !headers, memory, bases)
                        .kernels(kernels(spec.name(), engine));
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
                    problems.add(p);
                    printer.problem(p);
                }
            });
        }

        /**
         * Starts loading the capture's spec on a daemon thread, so that the second core does it while
         * this one reads the capture up to its first submission.
         */
        private static FutureTask<Spec> load(String name) {
            FutureTask<Spec> t = new FutureTask<>(() -> SpecLoader.builtin(name));
            Thread loader = new Thread(t, "genscope-spec");
            loader.setDaemon(true);
            loader.start();
            return t;
        }

        /** The spec: --gen's, or the capture's once loaded (waited for, or loaded here when the loader has not started). */
        private Spec spec() {
            FutureTask<Spec> l = loading;
            if (l != null) {
                loading = null;
                l.run();
                boolean interrupted = false;
                while (true) {
                    try {
                        spec = l.get();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof RuntimeException r) {
                            throw r;
                        }
                        throw new IllegalStateException(e.getCause());
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return spec;
        }

        /** Writes what the parallel printer still holds of the walk just done (before the memory changes). */
        private void printed() {
            if (parallel != null) {
                parallel.finish();
                parallel = null;
            }
        }

        /** The printing threads besides the calling one, started on the first walk long enough to share. */
        private ExecutorService pool() {
            if (pool == null) {
                pool = Executors.newFixedThreadPool(threads - 1, r -> {
                    Thread t = new Thread(r, "genscope-print");
                    t.setDaemon(true);
                    return t;
                });
            }
            return pool;
        }

        void stopThreads() {
            if (pool != null) {
                pool.shutdownNow();
            }
        }

        /**
         * Set to {@code none}, the headings stay and nothing is printed below them (what decode printed
         * before the disassembler): for bench/kernels-cost.sh only, not a user option.
         */
        static final String NO_KERNELS = "genscope.decode.kernels";

        /**
         * The EU disassembly below shader headings, its ISA spec loaded on the first kernel (--headers
         * prints none); one for the whole decode, so that kernels seen before print from memory. A full
         * decode of an engine that runs kernels starts loading the EU spec beside the walk.
         */
        private KernelListing kernels(String specName, Engine engine) {
            if ("none".equals(System.getProperty(NO_KERNELS))) {
                return KernelListing.NONE;
            }
            if (kernelListing == null || !kernelListing.specName().equals(specName)) {
                kernelListing = new DecodeKernels(specName);
            }
            if (!headers && (engine == Engine.RENDER || engine == Engine.COMPUTE)) {
                kernelListing.preload();
            }
            return kernelListing;
        }

        /** The one GenAsm printer of this decode (directives repeat only when they change); needs the spec. */
        private AsmPrinter notes() {
            if (asmPrinter == null) {
                asmPrinter = new AsmPrinter(spec, out);
            }
            return asmPrinter;
        }

        private void write(String s) {
            out.append(s);
        }
    }
}
