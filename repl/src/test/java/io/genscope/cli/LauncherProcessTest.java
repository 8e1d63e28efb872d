package io.genscope.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher script in a real process: called through a symlink from another directory,
 * its exit codes, and a first build that writes no escape codes when standard error is not a
 * terminal. The launcher runs in a copy of the project root whose jar is a manifest-only jar over
 * this build's classes (so no test waits for Maven), and whose "mvn" is a stand-in on the PATH.
 */
class LauncherProcessTest {
    private static final Path LAUNCHER = Path.of(System.getProperty("genscope.fixtures", "../fixtures"))
            .toAbsolutePath().getParent().resolve("genscope");

    private record Result(int exit, String out, String err) {
    }

    /** A project root with the launcher, a jar running this build's classes, and a fake mvn. */
    private static Path root(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("project"));
        Files.copy(LAUNCHER, root.resolve("genscope"));
        Files.setPosixFilePermissions(root.resolve("genscope"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.createDirectories(root.resolve("repl/target")).resolve("genscope.jar");
        writeJar(jar);
        return root;
    }

    private static void writeJar(Path jar) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> urls = new ArrayList<>();
        for (String entry : cp.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
            }
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
    }

    private static Result run(Path cwd, List<String> command, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        if (path != null) {
            pb.environment().put("PATH", path + File.pathSeparator + System.getenv("PATH"));
        }
        Path out = Files.createTempFile(cwd, "out", ".txt");
        Path err = Files.createTempFile(cwd, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void worksThroughASymlinkFromAnyDirectoryWithItsExitCodes(@TempDir Path dir) throws Exception {
        Path root = root(dir);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path link = Files.createSymbolicLink(bin.resolve("genscope"), root.resolve("genscope"));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path capture = Files.copy(Path.of(System.getProperty("genscope.fixtures", "../fixtures")).toAbsolutePath()
                .resolve("captures/iris-skl.aub.xz"), elsewhere.resolve("c.aub.xz"));

        Result help = run(elsewhere, List.of(link.toString(), "decode", "--help"), null);
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: genscope decode");

        Result decoded = run(elsewhere, List.of(link.toString(), "decode", "--headers", "c.aub.xz"), null);
        assertThat(decoded.exit()).as(decoded.err()).isZero();
        assertThat(decoded.out()).contains("MI_BATCH_BUFFER_START");
        assertThat(capture).exists();

        Result missing = run(elsewhere, List.of(link.toString(), "decode", "nosuch.aub"), null);
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("genscope: nosuch.aub: no such file\n");
    }

    @Test
    void theFirstBuildWritesNoEscapeCodesWhenNotOnATerminal(@TempDir Path dir) throws Exception {
        Path root = root(dir);
        Path jar = root.resolve("repl/target/genscope.jar");
        Path built = dir.resolve("built.jar");
        Files.move(jar, built);
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Path bin = Files.createDirectories(dir.resolve("fakebin"));
        Path mvn = bin.resolve("mvn");
        // Maven 3.8 writes colour resets even with -B; the stand-in does too, then "builds" the jar
        Files.writeString(mvn, "#!/bin/sh\nprintf '\\033[0m\\033[0m[INFO] building\\033[0m\\n'\ncp '" + built + "' '" + jar + "'\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(60)));

        Result r = run(dir, List.of(root.resolve("genscope").toString(), "--version"), bin.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("genscope 0.1.0");
        assertThat(r.err()).contains("genscope: building", "[INFO] building").doesNotContain("\u001b");
    }
}
