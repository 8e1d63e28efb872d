package io.genscope.migration.xe;

import io.genscope.parser.aub.AubListener;
import io.genscope.parser.aub.AubReader;
import io.genscope.parser.capture.CaptureInfo;
import io.genscope.parser.capture.CaptureListener;
import io.genscope.parser.capture.Problem;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.ContextMemory;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Spec;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** VF images of the bundled Xe2/Xe3 captures, and what walks through them print, for the tests. */
public final class XeVfImages {
    static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));

    private XeVfImages() {
    }

    /** The bundled capture {@code name}. */
    public static Path capture(String name) {
        return FIXTURES.resolve("captures/" + name + ".aub.xz");
    }

    /** Writes the image of capture {@code name} into {@code dir} (64 KiB VRAM chunks). */
    public static Path make(String name, Path dir, Consumer<XeVfCaptureImage.Made> made) throws IOException {
        Path image = dir.resolve(name + ".xevf");
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            made.accept(XeVfCaptureImage.write(capture(name), ch, 64 << 10));
        }
        return image;
    }

    /**
     * {@code image} as Linux's PF would save it: the same packets with a descriptor of the device
     * id and revision alone (no genscope GGTT-base KLV), written to {@code out}.
     */
    public static Path withoutBase(Path image, Path out) throws IOException {
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            XeVfCapture.linuxForm(image, ch);
        }
        return out;
    }

    /** The capture's last submission of each context (by LRCA, first seen first) and its memory at the end. */
    public static Map<Long, Submission> lastPerContext(Path capture, ContextMemory[] memoryAtEnd) throws IOException {
        Map<Long, Submission> last = new LinkedHashMap<>();
        new AubReader().read(capture, new AubListener() {
            @Override
            public void submission(Submission s, ContextMemory memoryNow) {
                last.put(s.lrca(), s);
                memoryAtEnd[0] = memoryNow;
            }
        });
        return last;
    }

    /** {@code memory} with only its GGTT: what a VF image can hold. */
    public static GpuMemory ggttOnly(GpuMemory memory) {
        return (space, address, dst, off, count) -> space == AddressSpace.GGTT ? memory.read(space, address, dst, off, count) : 0;
    }

    /**
     * What a ring walk reached: its commands, the buffers it could not read, and both as lines in
     * walk order ("depth address name dwords", "unavailable address").
     */
    public record Walked(List<Command> commands, List<Long> unavailable, List<String> lines) {
    }

    /**
     * What opening an image as a capture gave: its info, comments, problems, the contexts found
     * and each one's ring walked with {@code spec}.
     */
    public record Opened(CaptureInfo info, List<String> comments, List<Problem> problems, List<XeVfContexts.Found> contexts,
            List<Walked> walks) {
    }

    /** Opens {@code image} with {@link XeVfCapture} and walks every context it reports. */
    public static Opened open(Path image, Spec spec) throws IOException {
        return open(image, spec, java.util.OptionalLong.empty());
    }

    /** As {@link #open(Path, Spec)} with the GGTT base given as the user gives it. */
    public static Opened open(Path image, Spec spec, java.util.OptionalLong base) throws IOException {
        CaptureInfo[] info = new CaptureInfo[1];
        List<String> comments = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        List<Walked> walks = new ArrayList<>();
        List<XeVfContexts.Found> found = XeVfCapture.read(image, null, base, new CaptureListener() {
            @Override
            public void info(CaptureInfo i) {
                info[0] = i;
            }

            @Override
            public void comment(long offset, String text) {
                comments.add(text);
            }

            @Override
            public void problem(Problem p) {
                problems.add(p);
            }

            @Override
            public void submission(Submission s, GpuMemory memory, long acthd) {
                walks.add(walk(spec, memory, s));
            }
        });
        return new Opened(info[0], comments, problems, found, walks);
    }

    /** Walks the ring of {@code s} from head to tail with every batch it starts. */
    public static Walked walk(Spec spec, GpuMemory memory, Submission s) {
        Walked w = new Walked(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        new CommandWalker(new Decoder(spec), memory, s.engine(), new WalkListener() {
            @Override
            public void command(Command c, int depth) {
                w.commands().add(c);
                w.lines().add(String.format("%d 0x%x %s %s", depth, c.address(), c.name(), Arrays.toString(c.dwords())));
            }

            @Override
            public void unavailable(long address) {
                w.unavailable().add(address);
                w.lines().add(String.format("unavailable 0x%x", address));
            }
        }).walkRing(s);
        return w;
    }
}
