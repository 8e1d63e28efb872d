package io.genscope.cli;

import io.genscope.migration.xe.XeVfCaptureImage;
import io.genscope.migration.xe.shift.XeVfShift;
import io.genscope.parser.aub.Device;
import io.genscope.parser.capture.Problem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genscope vf-image}: the xe SR-IOV VF migration data a PF would save for a VF that ran a
 * captured Xe2/Xe3 workload ({@link XeVfCaptureImage}), optionally with its GGTT range moved
 * host-side ({@link XeVfShift}); given a VF image, only the move.
 */
@Command(name = "vf-image", sortOptions = false,
        header = "Make the xe SR-IOV VF migration data of a captured workload, or move a VF image's GGTT range.",
        description = {"IN is a capture (AUB, optionally .xz; an Xe2 or Xe3 one for a real VF) or a VF image. From a"
                + " capture, OUT is the data a PF would save for a VF that ran it: the capture's GGTT range, the pages"
                + " behind it as the VF's VRAM, its context images and rings in them (docs/xe-vf-migration.md);"
                + " `genscope decode OUT` lists its packets and decodes the contexts found in its VRAM.",
                "With --ggtt-base the VF's GGTT range starts there instead: every GGTT address in its context images,"
                        + " rings and GGTT batches is rewritten by the spec (the host-side shift a destination with"
                        + " another GGTT range needs); addresses outside the range are left and counted. A VF image"
                        + " as IN needs --ggtt-base. Where its range starts now is --from-ggtt-base, else genscope's"
                        + " descriptor KLV, else inferred from its context images as decode infers it; a stream without"
                        + " the KLV (Linux's) is written without it.",
                "OUT is written to a temporary file and renamed; an existing OUT is replaced only with --force.",
                "Exit code: 0 written, 1 written with problems in the capture or addresses left alone, 2 refused or"
                        + " error (nothing written)."})
final class VfImageCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Option(names = "--ggtt-base", paramLabel = "BASE",
            description = "Where the VF's GGTT range starts in OUT (page aligned, inside 4 GiB); default: where it was")
    String ggttBase;

    @Option(names = "--from-ggtt-base", paramLabel = "BASE",
            description = "A VF image as IN: where its GGTT range starts now (the PF's debugfs ggtt_provisioned lists it);"
                    + " default: genscope's descriptor KLV, else inferred from the context images")
    String fromGgttBase;

    @Option(names = "--chunk", paramLabel = "SIZE", defaultValue = "512M",
            description = "Largest VRAM packet, whole 4 KiB pages (default: ${DEFAULT-VALUE}, as Linux saves)")
    String chunk;

    @Option(names = {"-f", "--force"}, description = "Replace OUT when it exists")
    boolean force;

    @Parameters(index = "0", paramLabel = "IN", description = "A capture (AUB, optionally .xz) or a VF image")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "Where to write the VF image")
    Path out;

    @Override
    public Integer call() throws Exception {
        long base = ggttBase == null ? -1 : Values.ggttPage("--ggtt-base", ggttBase);
        OptionalLong from = fromGgttBase == null ? OptionalLong.empty() : OptionalLong.of(Values.ggttPage("--from-ggtt-base", fromGgttBase));
        long size = Values.number("--chunk", chunk);
        if (size < 4096 || size % 4096 != 0 || size > XeVfCaptureImage.DEFAULT_CHUNK) {
            throw new CliException("--chunk " + chunk + ": whole 4 KiB pages, from 4K to 512M");
        }
        CliFiles.input(in);
        CliFiles.output(out, force);
        if (Files.exists(out) && Files.isSameFile(in, out)) {
            throw new CliException(out + ": is the input; give another file to write");
        }
        boolean image = XeVfListing.accepts(in);
        if (image && base < 0) {
            throw new CliException(in + ": is a VF image already; give --ggtt-base to move its GGTT range");
        }
        if (!image && from.isPresent()) {
            throw new CliException("--from-ggtt-base places a VF image's range; " + in + " is a capture (its image says"
                    + " where its range starts)");
        }
        long to = base;
        int[] exit = {Main.OK};
        CliFiles.write(out, force, tmp -> {
            if (image) {
                exit[0] = shift(in, from, to, tmp);
                return;
            }
            if (to < 0) {
                exit[0] = make(tmp, (int) size);
                return;
            }
            Path made = CliFiles.partial(out);
            try {
                exit[0] = Math.max(make(made, (int) size), shift(made, OptionalLong.empty(), to, tmp));
            } finally {
                Files.deleteIfExists(made);
            }
        });
        System.out.println("genscope vf-image: wrote " + out + " (" + Files.size(out) + " bytes); open it with: genscope decode "
                + out);
        return exit[0];
    }

    /** The capture's image into {@code file}; refuses when the capture has no VF state. */
    private int make(Path file, int chunkBytes) throws IOException {
        XeVfCaptureImage.Made m;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            m = XeVfCaptureImage.write(in, ch, chunkBytes);
        }
        problems(m.problems());
        if (m.bytes() == 0) {
            throw new CliException(in + ": no VF image made (" + m.problems().get(m.problems().size() - 1).message() + ")");
        }
        System.out.printf("genscope vf-image: %s: PCI 0x%04x (%s), GGTT range 0x%x + %d pages, %d VRAM pages, %d submissions"
                + " in the capture%n", in.getFileName(), m.pciId(), Device.byPciId(m.pciId()).map(Device::name).orElse("unknown"),
                m.ggttBase(), m.ggttEntries(), m.vramPages(), m.contexts().size());
        return m.problems().isEmpty() ? Main.OK : Main.PROBLEMS;
    }

    /** {@code image} with its GGTT range at {@code to}, into {@code file}; refuses what the shift refuses. */
    private int shift(Path image, OptionalLong from, long to, Path file) throws IOException {
        XeVfShift.Result r;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            r = XeVfShift.shift(image, from, to, null, ch);
        }
        if (r.report() == null) {
            problems(r.problems().subList(0, r.problems().size() - 1));
            throw new CliException(in + ": GGTT range not moved: " + r.problems().get(r.problems().size() - 1).message());
        }
        System.out.printf("genscope vf-image: GGTT range moved 0x%x -> 0x%x (delta %s0x%x): %d contexts, %d commands walked,"
                + " %d relocations, %d VRAM dwords rewritten, %d addresses left alone%n", r.from(), r.to(),
                r.delta() < 0 ? "-" : "+", Math.abs(r.delta()), r.contexts().size(), r.commands(),
                r.report().relocationCount(), r.dwords(), r.report().findingCount());
        System.out.printf("genscope vf-image: GGTT range of %s started at 0x%x, %s%n", in.getFileName(), r.from(), r.origin());
        r.report().findings().forEach(f -> System.err.println("genscope: " + in + ": left alone: " + f));
        return r.report().findingCount() == 0 ? Main.OK : Main.PROBLEMS;
    }

    private void problems(List<Problem> problems) {
        problems.forEach(p -> System.err.println("genscope: " + in + ": " + p));
    }
}
