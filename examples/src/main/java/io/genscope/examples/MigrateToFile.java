package io.genscope.examples;

import io.genscope.api.LiveMigration;
import io.genscope.api.MigrationResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Live-migrates a small synthetic vGPU with gMig's policy into a recording file, verifies the
 * destination against the source, then restores the recording once more on its own.
 *
 * <pre>
 * java io.genscope.examples.MigrateToFile [run.gsmig]
 * </pre>
 */
public final class MigrateToFile {
    private MigrateToFile() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        System.exit(run(args, System.out));
    }

    /** Prints to {@code out}; returns 0 when the migration succeeded, verified, and the recording restores. */
    public static int run(String[] args, PrintStream out) throws IOException, InterruptedException {
        Path file = args.length > 0 ? Path.of(args[0]) : Files.createTempFile("genscope-example", ".gsmig");
        MigrationResult r = LiveMigration.of(LiveMigration.Source.synthetic("memory=32M,graphics=8M,gpu-hot=2M,cpu-hot=2M"))
                .policy(LiveMigration.Policy.GMIG)
                .verify(true)
                .to(LiveMigration.Target.file(file));
        out.printf("policy %s: %s, verification %s%n", r.policy(), r.succeeded() ? "succeeded" : "FAILED " + r.error(),
                r.verification());
        out.printf("sent %d pages (%d while stopped) in %d rounds; %d bytes%n", r.pagesSent(), r.pagesSentDowntime(),
                r.rounds(), r.bytesSent());
        LiveMigration.RecordingCheck check = LiveMigration.checkRecording(file);
        out.printf("recording %s: %s, %d pages, digest %s%n", file.getFileName(),
                check.committed() ? "restores" : "REFUSED " + check.refusal(), check.pages(), check.digest());
        if (args.length == 0) {
            Files.delete(file);
        }
        return r.succeeded() && check.committed() ? 0 : 1;
    }
}
