package io.genscope.cli;

import io.genscope.migration.xe.XePacketHeader;
import io.genscope.migration.xe.XeVfData;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.migration.xe.XeVfText;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code genscope decode} on xe SR-IOV VF migration data (docs/xe-vf-migration.md): recognised by
 * its first packet header and listed packet by packet instead of decoded as a capture.
 */
final class XeVfListing {
    private XeVfListing() {
    }

    /**
     * Whether the file starts like xe VF migration data. Only a regular file is looked at: reading
     * the head of a pipe would take those bytes from the capture reader that opens it next.
     */
    static boolean accepts(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return XeVfReader.looksLike(in.readNBytes(XePacketHeader.BYTES));
        }
    }

    /** Lists the file on standard output, its problems on standard error; 1 when there were problems. */
    static int list(Path file, boolean captureOptions) throws IOException {
        if (captureOptions) {
            throw new CliException(file + ": xe VF migration data is listed as text; --json, --asm and --gen apply to captures");
        }
        XeVfData data = XeVfReader.read(file);
        XeVfText.print(data, System.out::println);
        data.problems().forEach(p -> System.err.println("genscope: " + file + ": " + p));
        return data.problems().isEmpty() ? 0 : 1;
    }
}
