package io.genscope.migration.xe.precopy;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/**
 * Migrates a VF: writes its xe VF migration data (version 1) onto {@code out} under a policy, at the
 * options' emulated link rate. On success the VF stays stopped (its VRAM as it was at the stop, for
 * a digest); on failure it runs again.
 *
 * <pre>{@code
 * try (SyntheticVf vf = SyntheticVf.create(VfSpec.parse("xe-vf:quota=64M"));
 *      FileChannel ch = FileChannel.open(path, CREATE_NEW, WRITE)) {
 *     vf.start();
 *     VfResult r = VfMigration.migrate(vf, new GmigOneShot(), VfOptions.unlimited(), ch);
 * }
 * }</pre>
 */
public final class VfMigration {
    private VfMigration() {
    }

    /** Runs one migration of {@code vf}. */
    public static VfResult migrate(XeVfSource vf, VfPolicy policy, VfOptions options, WritableByteChannel out)
            throws IOException, InterruptedException {
        try (VfRun run = new VfRun(vf, options, out)) {
            try {
                policy.run(run);
            } catch (IOException | InterruptedException | RuntimeException e) {
                vf.resume();
                vf.resumeGpu();
                throw e;
            }
            return run.result(policy.name());
        }
    }
}
