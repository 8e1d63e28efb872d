import io.genscope.parser.aub.AubCopy;
import io.genscope.spec.Engine;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a NEO capture into Mesa's dialect with genscope's AUB writer ({@code AubCopy}), naming a PCI
 * ID and submitting the compute engine's work to the render engine, which Mesa 25.0's aubinator
 * follows (it reads no compute-engine submission). Run as a single-file program:
 * {@code java -cp CLASSPATH NeoToMesa.java IN.aub[.xz] OUT.aub 0xPCIID} (make-refs25-neo.sh does).
 */
public final class NeoToMesa {
    private NeoToMesa() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: NeoToMesa IN.aub[.xz] OUT.aub 0xPCIID");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        if (Files.exists(out)) {
            System.err.println(out + " exists; not replaced");
            System.exit(2);
        }
        AubCopy.Result r = AubCopy.copy(Path.of(args[0]), out, Integer.decode(args[2]),
                e -> e == Engine.COMPUTE ? Engine.RENDER : e);
        System.out.printf("%s: %d submissions, %d pages, %d GGTT entries, %d bytes; %d problems in the source%n",
                out.getFileName(), r.submissions(), r.pagesWritten(), r.entriesWritten(), r.bytes(),
                r.source().problems().size());
    }
}
