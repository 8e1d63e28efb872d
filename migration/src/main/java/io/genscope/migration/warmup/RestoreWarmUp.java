package io.genscope.migration.warmup;

import io.genscope.migration.remap.HostRemap;
import io.genscope.migration.state.DeviceImage;
import io.genscope.migration.state.DeviceState;
import io.genscope.migration.state.ExeclistPort;
import io.genscope.migration.state.GraphicsWindows;
import io.genscope.migration.state.GuestGgtt;
import io.genscope.migration.state.InvalidDeviceStateException;
import io.genscope.migration.state.MmioSnapshot;
import io.genscope.migration.state.PageStore;
import io.genscope.migration.state.PciConfig;
import io.genscope.migration.state.PendingWorkload;
import io.genscope.migration.state.PpgttRoot;
import io.genscope.migration.state.Pvinfo;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticVgpu;
import io.genscope.rewriter.AddressPlan;
import io.genscope.parser.decode.Decoder;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The destination's optional warm-up: the device state arrives only while the vGPU is stopped, and
 * its decoder and the host-side remap run once per stream, so without this they would run in the
 * interpreter inside the downtime (measured: 36 ms against 2 ms compiled for 512 MiB of windows).
 * Off until {@link #enable} turns it on ({@code receive} does, unless told not to); skipped once a
 * restore completed in this JVM.
 */
public final class RestoreWarmUp {
    private static final int DECODES = 30;
    private static volatile boolean completed;
    private static volatile boolean enabled;

    /**
     * At most one warm-up at a time, for the whole process, none queued: a receiver serving many
     * SETUPs at once starts one thread, not one per stream. The thread ends after 10 s idle.
     */
    private static final ThreadPoolExecutor THREAD = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "genscope-restore-warmup");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());

    private RestoreWarmUp() {
    }

    /** Turns the warm-up of {@link #deviceState} on or off for this process. */
    public static void enable(boolean on) {
        enabled = on;
    }

    /** A restore completed: later streams need no warm-up. */
    public static void restoreCompleted() {
        completed = true;
    }

    /**
     * Encodes and decodes a made-up state with these windows on the warm-up thread and returns at
     * once; does nothing when a warm-up runs already or a restore completed. Failures are ignored:
     * the real decode reports its own.
     */
    public static void deviceState(GraphicsWindows windows, int memoryPages) {
        if (!enabled || completed) {
            return;
        }
        try {
            THREAD.execute(() -> {
                try {
                    DeviceState state = sampleState(windows, memoryPages);
                    for (int i = 0; i < DECODES && !Thread.currentThread().isInterrupted(); i++) {
                        DeviceImage.decode(DeviceImage.encode(state), memoryPages);
                    }
                } catch (InvalidDeviceStateException | RuntimeException | OutOfMemoryError e) {
                    // a warm-up only
                }
            });
        } catch (RejectedExecutionException e) {
            // one warm-up runs already: it compiles the same code, this one is not needed
        }
    }

    /**
     * Loads what a host-side remap of {@code spec}'s devices runs (the rewriter's address plan,
     * the decoder's tables) and remaps a 4 MiB vGPU once, on the caller's thread, before the
     * receiver serves: the remap of a real stream then runs compiled.
     */
    public static void hostRemap(Spec spec) {
        AddressPlan.of(spec);
        new Decoder(spec);
        SyntheticSpec tiny = SyntheticSpec.parse("synthetic:memory=4M,graphics=2M,gpu-hot=1M,cpu-hot=1M,gpu-rate=0,cpu-rate=0");
        try (Vgpu v = SyntheticVgpu.build(tiny).vgpu()) {
            GraphicsWindows w = v.windows();
            HostRemap.remap(v, w.apertureBase() + (64L << 20), w.hiddenBase() + (64L << 20), spec);
        }
    }

    /** A state shaped like a real one: every GGTT entry present, PVINFO, fences, roots, ports. */
    public static DeviceState sampleState(GraphicsWindows w, int memoryPages) {
        MmioSnapshot mmio = new MmioSnapshot();
        Pvinfo.write(mmio, 1, w, 4);
        long[] ggtt = new long[w.pages()];
        for (int i = 0; i < ggtt.length; i++) {
            ggtt[i] = ((long) (i % Math.max(1, memoryPages)) << PageStore.PAGE_SHIFT) | GuestGgtt.PRESENT;
        }
        List<ExeclistPort> ports = new ArrayList<>();
        List<PendingWorkload> pending = new ArrayList<>();
        for (Engine e : new Engine[] {Engine.RENDER, Engine.VIDEO, Engine.BLITTER, Engine.VIDEOENHANCE}) {
            int[] elsp = {0, 0, 1, 0x1019};
            ports.add(new ExeclistPort(e, elsp, 0));
            pending.add(new PendingWorkload(e, 0x1_0000_1019L, elsp));
        }
        List<PpgttRoot> roots = List.of(new PpgttRoot(4, new long[] {0x1000, 0, 0, 0}));
        return new DeviceState(1, w, PciConfig.intelVga(0x1912, 0xf000_0000L, 0xe000_0000L), mmio, ggtt, roots, pending,
                ports);
    }
}
