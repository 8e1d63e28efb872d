package io.genscope.cli;

import io.genscope.parser.aub.Device;
import io.genscope.parser.aub.XzFiles;
import io.genscope.parser.capture.Problem;
import io.genscope.rewriter.CommandRewriter;
import io.genscope.rewriter.Numbers;
import io.genscope.rewriter.RawRemapper;
import io.genscope.rewriter.RemapReport;
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
@Command(name = "remap", sortOptions = false, description = {
        "Rewrite every GGTT address of a capture (.aub, optionally .xz) or of a raw command buffer (--raw)",
        "from a vGPU's guest windows to its host windows: GGTT entries move to their host index, and the",
        "addresses in commands, context images and registers move by their window's delta. Addresses",
        "outside the guest windows are reported (the audit) and left as they are; --strict then writes",
        "nothing. Prints the relocation report as text; --report writes it as JSON.",
        "Numbers: decimal or 0x hex, with an optional K, M, G suffix (512M = 0x20000000).",
        "Exit code: 0 all translated, 1 findings (output still written unless --strict), 2 refused or error."})
final class RemapCommand implements Callable<Integer> {
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

    @Option(names = "--gen", paramLabel = "NAME",
            description = "Device or generation (skl, tgl, gen9, gen12, ...); default: the capture's device, gen9 for --raw")
    String gen;

    @Option(names = "--engine", paramLabel = "ENGINE", defaultValue = "render",
            description = "Engine of a raw buffer (render, blitter, video, videoenhance, compute); default render")
    String engine;

    @Option(names = "--raw", description = "IN holds raw little-endian command dwords, not a capture")
    boolean raw;

    @Option(names = "--address", paramLabel = "HEX", defaultValue = "0",
            description = "GGTT address of the raw buffer's first dword (for the report); default 0")
    String address;

    @Option(names = "--space", paramLabel = "ggtt|ppgtt", defaultValue = "ggtt",
            description = "What the raw buffer runs from: ggtt (privileged, rewritten) or ppgtt (left alone)")
    String space;

    @Option(names = "--report", paramLabel = "FILE.json", description = "Write the relocation report and audit as JSON")
    Path report;

    @Option(names = "--strict", description = "Write nothing when any GGTT address cannot be translated")
    boolean strict;

    @Option(names = {"-q", "--quiet"}, description = "Print only the summary, not one line per relocation")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "IN", description = "The capture or raw buffer")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the rewritten file (.xz compresses)")
    Path out;

    @Override
    public Integer call() throws Exception {
        WindowMap map;
        try {
            map = WindowMap.parse(guestAperture, guestHidden, hostAperture, hostHidden);
        } catch (IllegalArgumentException e) {
            System.err.println("genscope remap: " + e.getMessage());
            return 2;
        }
        Spec spec = gen == null ? null : SpecLoader.builtin(Device.specForPlatform(gen)
                .orElseThrow(() -> new IllegalArgumentException("unknown device or generation '" + gen
                        + "' (one of " + Device.platforms() + " or gen8, gen9, gen11, gen12)")));
        RemapReport result;
        boolean written;
        if (raw) {
            result = new RemapReport(map);
            byte[] input = read(in);
            AddressSpace from = switch (space.toLowerCase(java.util.Locale.ROOT)) {
                case "ggtt" -> AddressSpace.GGTT;
                case "ppgtt" -> AddressSpace.PPGTT;
                default -> throw new IllegalArgumentException("--space is ggtt or ppgtt, not '" + space + "'");
            };
            byte[] output = RawRemapper.remap(input, Numbers.parse(address), Engine.parse(engine), from,
                    new CommandRewriter(spec == null ? SpecLoader.builtin("gen9") : spec, map), result);
            written = !(strict && result.findingCount() > 0);
            if (written) {
                Files.write(out, output);
            }
        } else {
            AubRemapper.Result r = new AubRemapper(map, spec).remap(in, out, strict);
            result = r.report();
            written = r.written();
            for (Problem p : r.problems()) {
                System.err.println("genscope: " + in + ": " + p);
            }
            if (r.spec() == null) {
                return 2;
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
            try (Writer json = Files.newBufferedWriter(report, StandardCharsets.UTF_8)) {
                result.writeJson(json);
            }
        }
        if (!written) {
            System.err.println("genscope remap: " + result.findingCount() + " GGTT addresses cannot be translated;"
                    + " --strict: " + out + " not written");
            return 2;
        }
        return result.findingCount() > 0 ? 1 : 0;
    }

    /** The whole input, decompressed when it is xz. */
    private static byte[] read(Path file) throws IOException {
        if (!XzFiles.isXz(file)) {
            return Files.readAllBytes(file);
        }
        try (InputStream in = new org.tukaani.xz.XZInputStream(Files.newInputStream(file))) {
            return in.readAllBytes();
        }
    }
}
