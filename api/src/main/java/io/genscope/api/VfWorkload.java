package io.genscope.api;

import io.genscope.migration.workload.SpecParameters;
import io.genscope.migration.xe.precopy.CaptureReplay;
import io.genscope.migration.xe.precopy.SyntheticVf;
import io.genscope.migration.xe.precopy.VfSpec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.StringJoiner;

/**
 * genscope's own xe VFs seen through the hypervisor's interface, so that a migration of them runs
 * the very path a hypervisor's VF does: a synthetic VF whose GPU writer changes VRAM without any
 * log, optionally replaying a real capture's writes on top (the LNL and PTL NEO captures). The VRAM
 * quota is direct buffers of this process.
 *
 * <pre>{@code
 * try (VfWorkload vf = VfWorkload.create("xe-vf:quota=64M,rate=20000")) {
 *     vf.start();
 *     VfLiveMigration.Result r = VfLiveMigration.of(vf).to(Path.of("vf.xevf"));
 * }
 * }</pre>
 */
public final class VfWorkload implements MigratableVf, AutoCloseable {
    private final SyntheticVf vf;
    private final String description;

    private VfWorkload(SyntheticVf vf, String description) {
        this.vf = vf;
        this.description = description;
    }

    /**
     * A VF built from {@code spec}, its VRAM filled, its writers not yet started.
     *
     * @param spec {@code xe-vf[:quota=4G,fill=0.6,hot=256M,hot-share=0.9,rate=50000,ggtt=64M,guc=16K,
     *     device=0xe20b,gpu-hold=true,seed=1,capture=FILE.aub[.xz],speed=1]}: quota 8M to 16G; with
     *     {@code capture} the VF replays that capture in a loop, {@code speed} times 60 submissions a
     *     second, on top of the synthetic writer (rate=0 for the capture alone)
     * @return the VF
     * @throws IllegalArgumentException when a key or value is wrong
     * @throws IOException when the capture cannot be read
     */
    public static VfWorkload create(String spec) throws IOException {
        Map<String, String> kv = SpecParameters.parse(spec, "xe-vf");
        String capture = kv.remove("capture");
        String speedText = kv.remove("speed");
        if (speedText != null && capture == null) {
            throw new IllegalArgumentException("xe-vf: speed=" + speedText + " needs capture=FILE");
        }
        StringJoiner rest = new StringJoiner(",", "xe-vf:", "");
        kv.forEach((k, v) -> rest.add(k + "=" + v));
        VfSpec s = VfSpec.parse(kv.isEmpty() ? "xe-vf" : rest.toString());
        if (capture == null) {
            return new VfWorkload(SyntheticVf.create(s), s.describe());
        }
        double speed = 1;
        if (speedText != null) {
            try {
                speed = Double.parseDouble(speedText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("xe-vf: speed=" + speedText + " is not a number");
            }
        }
        CaptureReplay replay = CaptureReplay.create(Path.of(capture), s, speed);
        return new VfWorkload(replay.vf(), s.describe() + ", replaying " + Path.of(capture).getFileName() + " at speed "
                + speed);
    }

    /** Starts the VF's writers (the GPU writer and a capture's replay). */
    public void start() {
        vf.start();
    }

    /**
     * The workload in words, for reports.
     *
     * @return e.g. the quota, fill, hot set and write rate
     */
    public String describe() {
        return description;
    }

    /**
     * Page writes made into VRAM so far, by every writer.
     *
     * @return the count
     */
    public long writes() {
        return vf.writes();
    }

    @Override
    public ByteBuffer[] vram() {
        return vf.vram();
    }

    @Override
    public VfDeviceState deviceState() {
        return VfSourceAdapter.external(vf.state());
    }

    @Override
    public void pause() {
        vf.pause();
    }

    @Override
    public void resume() {
        vf.resume();
    }

    @Override
    public boolean canHoldGpu() {
        return vf.canPauseGpu();
    }

    @Override
    public void holdGpu() {
        vf.pauseGpu();
    }

    @Override
    public void releaseGpu() {
        vf.resumeGpu();
    }

    /** Stops the writers and frees the VRAM. */
    @Override
    public void close() {
        vf.close();
    }
}
