package io.genscope.bench;

import io.genscope.parser.aub.XzFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes a large Mesa-dialect capture by repeating a real one's packets after its version packet:
 * every repetition replays the same memory writes and submissions, so the result decodes like the
 * original, N times over. Usage: {@code MakeBigCapture IN.aub[.xz] OUT.aub MIN_MIB}.
 */
public final class MakeBigCapture {
    private MakeBigCapture() {
    }

    public static void main(String[] args) throws IOException {
        Path in = Path.of(args[0]);
        byte[] data;
        if (in.toString().endsWith(".xz")) {
            Path tmp = XzFiles.decompressToTemp(in).file();
            data = Files.readAllBytes(tmp);
            Files.deleteIfExists(tmp);
        } else {
            data = Files.readAllBytes(in);
        }
        int h = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        int first = ((h & 0xffff) + 1) * 4; // the MemTrace version packet
        long min = Long.parseLong(args[2]) << 20;
        long written = 0;
        int copies = 0;
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            out.write(data, 0, first);
            written += first;
            while (written < min) {
                out.write(data, first, data.length - first);
                written += data.length - first;
                copies++;
            }
        }
        System.out.println(args[1] + ": " + written + " bytes, " + copies + " copies of " + in.getFileName());
    }
}
