package io.genscope.repl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
    @TempDir
    Path dir;

    @Test
    void aNewOutputGetsTheModeOfAnyNewFileNotATemporaryFilesOwnerOnlyMode() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path plain = Files.createFile(dir.resolve("plain"));
        Path out = dir.resolve("out.txt");
        Path partial = OutputFiles.partial(out);
        assertThat(partial.getFileName().toString()).startsWith(".genscope-").endsWith("-out.txt");
        Files.writeString(partial, "x");
        assertThat(OutputFiles.commit(partial, out, false)).isNull();
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(plain));
    }

    @Test
    void aReplacedFileKeepsItsMode() throws IOException {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
        Path out = Files.writeString(dir.resolve("out.txt"), "old");
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rw-r-----"));
        Path partial = OutputFiles.partial(out);
        Files.writeString(partial, "new");
        assertThat(OutputFiles.commit(partial, out, true)).isNull();
        assertThat(Files.readString(out)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-r-----");
    }

    @Test
    void partialFilesNeverCollide() throws IOException {
        Path out = dir.resolve("same.xz");
        Path a = OutputFiles.partial(out);
        Path b = OutputFiles.partial(out);
        assertThat(a).isNotEqualTo(b);
        assertThat(b.getFileName().toString()).endsWith(".xz");
    }
}
