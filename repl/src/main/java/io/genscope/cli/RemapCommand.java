package io.genscope.cli;

import io.genscope.parser.aub.XzFiles;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.RawFormat;
import io.genscope.rewriter.CommandRewriter;
import io.genscope.rewriter.Numbers;
import io.genscope.rewriter.RawRemapper;
import io.genscope.rewriter.RemapReport;
import io.genscope.rewriter.Window;
import io.genscope.rewriter.WindowMap;
import io.genscope.rewriter.aub.AubRemapper;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
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

/**
 * {@code genscope remap}: translate every GGTT address of a capture or raw buffer from a vGPU's
 * guest windows to its host windows (gMig's Dynamic Graphics Address Remapping), and audit what
 * lies outside them.
 */
@Command(name = "remap", sortOptions = false,
        header = "Move every GGTT address of a capture or raw command buffer from a vGPU's guest windows to its host windows.",
        description = {"GGTT entries move to their host index, and the addresses in commands, context images and"
                + " registers move by their window's delta (gMig's Dynamic Graphics Address Remapping). Addresses"
                + " outside the guest windows are reported (the audit) and left as they are; --strict then writes"
                + " nothing. Prints the relocation report as text; --report writes it as JSON.",
                "Windows must lie inside the 4 GiB global GTT. Numbers: decimal or 0x hex, with an optional K, M, G"
                        + " suffix (512M = 0x20000000).",
                "OUT is written to a temporary file and renamed; an existing OUT is replaced only with --force.",
                "Exit code: 0 all translated, 1 findings (output still written unless --strict), 2 refused or error."})
final class RemapCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = "--guest-aperture", required = true, paramLabel = "BASE:SIZE",
            description = "The guest's aperture (mappable) window of the global GTT")
    String guestAperture;

    @Option(names = "--guest-hidden", required = true, paramLabel = "BASE:SIZE",
            description = "The guest's hidden (non-mappable) window")
    String guestHidden;

    @Option(names = "--host-aperture", required = true, paramLabel = "BASE",
            description = "Where the aperture window starts on the host")
    String hostAperture;

    @Option(names = "--host-hidden", required = true, paramLabel = "BASE",
            description = "Where the hidden window starts on the host")
    String hostHidden;

    @Option(names = "--gen", paramLabel = "NAME", completionCandidates = Gens.class,
            description = "Device or generation (skl, tgl, gen9, gen12, ...); default: the capture's device, gen9 for --raw")
    String gen;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "render",
            description = "Engine of a raw buffer (render, blitter, video, videoenhance, compute); default render")
    String engine;

    @Option(names = "--raw", description = "IN is a bare command buffer, not a capture: binary little-endian dwords, or"
            + " text with one hex dword per token (as decode --raw reads); OUT is written in the same form")
    boolean raw;

    @Option(names = "--address", paramLabel = "HEX", defaultValue = "0",
            description = "GGTT address of the raw buffer's first dword (for the report); default 0")
    String address;

    @Option(names = "--space", paramLabel = "ggtt|ppgtt", defaultValue = "ggtt",
            description = "What the raw buffer runs from: ggtt (privileged, rewritten) or ppgtt (left alone)")
    String space;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the relocation report and audit as JSON")
    Path report;

    @Option(names = "--strict", description = "Write nothing when any GGTT address cannot be translated or the audit refuses"
            + " a command (unknown on its engine, privileged, a register write outside the allow-list, a batch that loops,"
            + " a command cut off)")
    boolean strict;

    @Option(names = {"-f", "--force"}, description = "Replace OUT (and the --report file) when it exists")
    boolean force;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary, not one line per relocation")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "IN", description = "The capture or raw buffer")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the rewritten file (.xz compresses)")
    Path out;

    @Override
    public Integer call() throws Exception {
        WindowMap map = windows();
        Spec spec = Gens.specOrNull("--gen", gen);
        CliFiles.input(in);
        CliFiles.output(out, force);
        if (report != null) {
            CliFiles.output(report, force);
        }
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new CliException(out + ": is the input; give another file to write");
        }
        RemapReport result;
        boolean written;
        if (raw) {
            result = new RemapReport(map);
            AddressSpace from = switch (space.toLowerCase(java.util.Locale.ROOT)) {
                case "ggtt" -> AddressSpace.GGTT;
                case "ppgtt" -> AddressSpace.PPGTT;
                default -> throw new CliException("--space '" + space + "': ggtt or ppgtt");
            };
            Engine on;
            try {
                on = Engine.parse(engine);
            } catch (IllegalArgumentException e) {
                throw new CliException("--engine '" + engine + "': " + e.getMessage());
            }
            byte[] input = read(in);
            RawFormat.Parsed parsed = RawFormat.parse(input);
            for (Problem p : parsed.problems()) {
                System.err.println("genscope: " + in + ": " + p);
            }
            byte[] dwords = parsed.text() ? bytes(parsed.dwords()) : input;
            byte[] output = RawRemapper.remap(dwords, Values.number("--address", address), on, from,
                    new CommandRewriter(spec == null ? SpecLoader.builtin("gen9") : spec, map), result);
            written = !(strict && result.findingCount() > 0);
            if (written) {
                byte[] bytes = parsed.text() ? text(output) : output;
                CliFiles.write(out, force, tmp -> Files.write(tmp, bytes));
            }
        } else {
            AubRemapper.Result[] r = new AubRemapper.Result[1];
            try {
                CliFiles.write(out, force, tmp -> {
                    r[0] = new AubRemapper(map, spec).remap(in, tmp, strict);
                    if (!r[0].written() || r[0].spec() == null) {
                        throw new NotWritten();
                    }
                });
            } catch (NotWritten e) {
                // --strict found addresses it cannot move, or nothing could be decoded: OUT is left as it was
            }
            result = r[0].report();
            written = r[0].written();
            for (Problem p : r[0].problems()) {
                System.err.println("genscope: " + in + ": " + p);
            }
            if (r[0].spec() == null) {
                return Main.ERROR;
            }
        }
        Writer text = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        if (quiet) {
            text.write(String.format("# genscope remap: %d relocations, %d findings%n", result.relocationCount(),
                    result.findingCount()));
        } else {
            result.writeText(text);
        }
        text.flush();
        if (report != null) {
            CliFiles.write(report, force, tmp -> {
                try (Writer json = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    result.writeJson(json);
                }
            });
        }
        if (!written) {
            long audit = result.auditCount();
            long addresses = result.findingCount() - audit;
            System.err.println("genscope remap: " + result.findingCount() + " findings (" + addresses
                    + " GGTT addresses that cannot be translated, " + audit + " commands the audit refuses from a guest);"
                    + " --strict: " + out + " not written");
            return 2;
        }
        return result.findingCount() > 0 ? 1 : 0;
    }

    /** The four windows; a refusal names the option and its value. */
    private WindowMap windows() {
        Window ga = window("--guest-aperture", guestAperture);
        Window gh = window("--guest-hidden", guestHidden);
        long ha = Values.number("--host-aperture", hostAperture);
        long hh = Values.number("--host-hidden", hostHidden);
        Values.insideGgtt("--host-aperture", ha, ga.size());
        Values.insideGgtt("--host-hidden", hh, gh.size());
        try {
            return WindowMap.of(ga, gh, ha, hh);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    private static Window window(String option, String text) {
        Window w;
        try {
            w = Numbers.window(text);
        } catch (IllegalArgumentException e) {
            throw new CliException(option + " '" + text + "': " + e.getMessage());
        }
        Values.insideGgtt(option, w.base(), w.size());
        return w;
    }

    /** Dwords as little-endian bytes. */
    private static byte[] bytes(int[] dwords) {
        ByteBuffer b = ByteBuffer.allocate(4 * dwords.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(dwords);
        return b.array();
    }

    /** Little-endian dwords as text, one {@code 0x%08x} per line (the text form decode --raw reads). */
    private static byte[] text(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length * 3);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= 4) {
            sb.append(String.format("0x%08x%n", b.getInt()));
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Thrown inside a write that decided to leave the output alone (--strict, or nothing decodable). */
    private static final class NotWritten extends java.io.IOException {
        private static final long serialVersionUID = 1L;
    }

    /** The whole input, decompressed when it is xz. */
    private static byte[] read(Path file) throws IOException {
        if (!XzFiles.isXz(file)) {
            return Files.readAllBytes(file);
        }
        // a raw buffer is held whole: at most the inflate limit, and at most what one array holds
        long limit = Math.min(io.genscope.parser.capture.InflateLimits.current().perFile(), Integer.MAX_VALUE - 8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (InputStream in = new org.tukaani.xz.XZInputStream(Files.newInputStream(file))) {
            byte[] chunk = new byte[1 << 16];
            for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                if (out.size() + (long) n > limit) {
                    throw new CliException(file + ": decompresses to more than "
                            + io.genscope.parser.capture.InflateLimits.format(limit) + " bytes, the limit for a raw buffer"
                            + " (raise it with -D" + io.genscope.parser.capture.InflateLimits.PROPERTY + ")");
                }
                out.write(chunk, 0, n);
            }
        } catch (org.tukaani.xz.XZIOException | java.io.EOFException e) {
            throw new CliException(file + ": xz data corrupt after " + out.size() + " decompressed bytes (" + e.getMessage() + ")");
        }
        return out.toByteArray();
    }
}
