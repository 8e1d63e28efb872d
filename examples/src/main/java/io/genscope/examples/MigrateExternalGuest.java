package io.genscope.examples;

import io.genscope.api.DeviceMigrationState;
import io.genscope.api.LiveMigration;
import io.genscope.api.MigratableGuest;
import io.genscope.api.MigrationResult;
import io.genscope.api.MigrationSink;
import io.genscope.api.VgpuState;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Live-migrates a guest that genscope does not own: {@code examples/guest/toy_guest.c}, a separate
 * process standing in for a VMM's guest. Its memory is a shared mapping of a file, its GPU writes are
 * logged nowhere, its CPU writes are logged in a shared dirty bitmap, and it pauses on command. This
 * program is the hypervisor's side: it maps the same files, implements {@link MigratableGuest} and
 * {@link MigrationSink} over them, and moves the guest over loopback TCP into a second guest
 * process's memory file under each policy. Each move is checked twice: genscope's own digest, and
 * the two processes' digests of their memory.
 *
 * <pre>
 * cc -O2 -o toy_guest examples/guest/toy_guest.c
 * java io.genscope.examples.MigrateExternalGuest ./toy_guest [POLICY...]
 * </pre>
 */
public final class MigrateExternalGuest {
    /** 32 MiB of guest memory, of it 8 MiB of graphics memory at guest pages 4096..6143. */
    static final int PAGES = 8192;
    static final int GFX_FIRST = 4096;
    static final int GFX_COUNT = 2048;

    private MigrateExternalGuest() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out));
    }

    /**
     * Migrates under the policies named after the guest binary (all four when none): returns 0 when
     * every migration succeeded and both digests agreed.
     */
    public static int run(String[] args, PrintStream out) throws Exception {
        Path binary = Path.of(args[0]);
        List<LiveMigration.Policy> policies = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            policies.add(LiveMigration.Policy.valueOf(args[i]));
        }
        if (policies.isEmpty()) {
            policies.addAll(Arrays.asList(LiveMigration.Policy.values()));
        }
        int failures = 0;
        for (LiveMigration.Policy p : policies) {
            failures += migrateOnce(binary, p, out) ? 0 : 1;
        }
        return failures == 0 ? 0 : 1;
    }

    private static boolean migrateOnce(Path binary, LiveMigration.Policy policy, PrintStream out) throws Exception {
        Path dir = Files.createTempDirectory("genscope-guest");
        try (ToyGuest source = ToyGuest.start(binary, dir.resolve("source"), false, 0);
                ToyGuest destination = ToyGuest.start(binary, dir.resolve("destination"), true, 0xAA);
                LiveMigration.Incoming incoming = LiveMigration.listen(0, destination)) {
            Thread.sleep(200); // the source guest runs a while first
            MigrationResult r = LiveMigration.of(LiveMigration.Source.guest(source)).policy(policy).verify(true)
                    .to(LiveMigration.Target.tcp("127.0.0.1", incoming.port()));
            LiveMigration.Arrival arrival = incoming.await(60_000);
            String sourceDigest = source.command("digest");
            String destinationDigest = destination.command("digest");
            boolean same = sourceDigest.equals(destinationDigest);
            out.printf("%s: %s, genscope's verification %s, downtime %.1f ms, %d pages (%d while stopped)%n",
                    r.policy(), r.succeeded() ? "migrated" : "FAILED " + r.error(), r.verification(), r.downtimeMs(),
                    r.pagesSent(), r.pagesSentDowntime());
            out.printf("%s: source %s, destination %s: %s; states %s -> %s%n", r.policy(), sourceDigest,
                    destinationDigest, same ? "same memory" : "DIFFERENT MEMORY", source.states, destination.states);
            VgpuState loaded = destination.loaded;
            return r.succeeded() && arrival.committed() && same && loaded != null
                    && loaded.pciDeviceId() == source.state().pciDeviceId()
                    && Arrays.equals(loaded.ggtt(), source.state().ggtt());
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    /**
     * The hypervisor's view of one toy guest process: its memory and dirty bitmap mapped here too,
     * its pause through its command line, a device state of our making (the windows and the GGTT that
     * maps the graphics pages).
     */
    static final class ToyGuest implements MigratableGuest, MigrationSink, AutoCloseable {
        private static final VarHandle WORDS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

        private final Process process;
        private final Writer commands;
        private final BufferedReader answers;
        private final MappedByteBuffer memory;
        private final MappedByteBuffer log;
        final List<DeviceMigrationState> states = new ArrayList<>();
        volatile VgpuState loaded;

        private ToyGuest(Process process, MappedByteBuffer memory, MappedByteBuffer log) {
            this.process = process;
            this.commands = process.outputWriter(StandardCharsets.US_ASCII);
            this.answers = process.inputReader(StandardCharsets.US_ASCII);
            this.memory = memory;
            this.log = log;
        }

        /** Creates its files ({@code fill} in every memory byte) and starts the process. */
        static ToyGuest start(Path binary, Path base, boolean paused, int fill) throws IOException {
            Path mem = Path.of(base + ".mem");
            Path dirty = Path.of(base + ".log");
            byte[] page = new byte[4096];
            Arrays.fill(page, (byte) fill);
            try (FileChannel c = FileChannel.open(mem, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                for (int p = 0; p < PAGES; p++) {
                    c.write(ByteBuffer.wrap(page));
                }
            }
            Files.write(dirty, new byte[PAGES / 8]);
            List<String> cmd = new ArrayList<>(List.of(binary.toString()));
            if (paused) {
                cmd.add("--paused");
            }
            cmd.addAll(List.of(mem.toString(), Integer.toString(PAGES), dirty.toString(), Integer.toString(GFX_FIRST),
                    Integer.toString(GFX_COUNT), Long.toString(base.hashCode() & 0xffffL)));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return new ToyGuest(p, map(mem), map(dirty));
        }

        private static MappedByteBuffer map(Path file) throws IOException {
            try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                return c.map(FileChannel.MapMode.READ_WRITE, 0, c.size());
            }
        }

        /** Sends one command and returns its answer. */
        synchronized String command(String c) {
            try {
                commands.write(c + "\n");
                commands.flush();
                String a = answers.readLine();
                if (a == null) {
                    throw new IOException("the guest process ended");
                }
                return a;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public ByteBuffer[] memory() {
            return new ByteBuffer[] {memory};
        }

        /** Graphics memory: an aperture of 2 MiB and a hidden window of 6 MiB, mapping guest pages 4096.. */
        @Override
        public VgpuState deviceState() {
            return state();
        }

        VgpuState state() {
            long[] ggtt = new long[GFX_COUNT];
            for (int i = 0; i < GFX_COUNT; i++) {
                ggtt[i] = ((long) (GFX_FIRST + i) << 12) | 1;
            }
            return new VgpuState(0x1912, 0, 2 << 20, 1L << 30, 6 << 20, ggtt, new byte[0]);
        }

        @Override
        public void fetchAndClearDirtyLog(long[] bitmap) {
            for (int w = 0; w < bitmap.length; w++) {
                bitmap[w] |= (long) WORDS.getAndSet(log, w * 8, 0L);
            }
        }

        @Override
        public void pause() {
            expect(command("pause"), "paused");
        }

        @Override
        public void resume() {
            expect(command("resume"), "resumed");
        }

        @Override
        public boolean canPauseVgpu() {
            return true;
        }

        @Override
        public void pauseVgpu() {
            expect(command("pause-gpu"), "gpu-paused");
        }

        @Override
        public void resumeVgpu() {
            expect(command("resume-gpu"), "gpu-resumed");
        }

        @Override
        public void load(VgpuState state) {
            loaded = state;
        }

        @Override
        public void stateChanged(DeviceMigrationState state) {
            synchronized (states) {
                states.add(state);
            }
        }

        private static void expect(String answer, String wanted) {
            if (!answer.equals(wanted)) {
                throw new IllegalStateException("the guest answered " + answer + " instead of " + wanted);
            }
        }

        @Override
        public void close() throws Exception {
            try {
                commands.write("quit\n");
                commands.flush();
            } catch (IOException e) {
                // gone already
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
