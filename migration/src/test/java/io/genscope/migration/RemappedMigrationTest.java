package io.genscope.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.remap.HostRemap;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.state.EngineRegisters;
import io.genscope.migration.state.PendingWorkloadWalk;
import io.genscope.migration.state.Vgpu;
import io.genscope.migration.state.VgpuGpuMemory;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.ReceiverServer;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticWorkload;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.AddressRef;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.GpuMemory;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.parser.walk.WalkListener;
import io.genscope.rewriter.Relocation;
import io.genscope.rewriter.WindowMap;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A destination that places the vGPU's windows elsewhere: the migration still verifies (guest-visible
 * state is unchanged) and the pending workloads, rewritten in the host view, decode with host
 * addresses that are exactly the guest ones moved by their window's delta.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RemappedMigrationTest {
    private static final long HOST_APERTURE = 0x2000_0000L;
    private static final long HOST_HIDDEN = 0x8000_0000L;
    private static final Spec GEN9 = SpecLoader.builtin("gen9");

    @TempDir
    Path dir;

    /** One decoded command: name and its GGTT addresses. */
    record Decoded(String name, long address, List<Long> ggtt) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "tcp"})
    void remappedMigrationVerifiesAndTheWorkloadDecodesWithHostAddresses(String transport) throws Exception {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger checked = new AtomicInteger();
        Destination.Options dest = new Destination.Options(Receiver.Options.DEFAULT, c -> {
        }, c -> {
            try {
                check(c.vgpu());
                checked.incrementAndGet();
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
            return null;
        });
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.small(31))) {
            w.start();
            MigrationOptions options = MigrationOptions.defaults(Policy.GMIG).withVerify(true);
            MigrationReport r;
            if (transport.equals("tcp")) {
                try (ReceiverServer server = new ReceiverServer("127.0.0.1", 0, dest, 10_000)) {
                    Thread t = new Thread(() -> {
                        try {
                            server.serve(1, x -> {
                            });
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    t.start();
                    r = Migrator.migrate(w, "small", options, new Target.Tcp("127.0.0.1", server.port()), MigrationHooks.NONE,
                            dest);
                    t.join(20_000);
                }
            } else {
                r = Migrator.migrate(w, "small", options, new Target.File(dir.resolve("r.gsmig")), MigrationHooks.NONE, dest);
            }
            assertThat(failures).isEmpty();
            assertThat(checked.get()).isEqualTo(1);
            assertThat(r.error()).isNull();
            assertThat(r.verified()).as("guest-visible state equal after remapping").isTrue();
            w.vgpu().close();
        }
    }

    /** Remaps a restored vGPU and checks the host view against the guest view. */
    private static void check(Vgpu vgpu) {
        HostRemap.HostView view = HostRemap.remap(vgpu, HOST_APERTURE, HOST_HIDDEN, GEN9);
        WindowMap map = view.map();
        var guestWindows = vgpu.device().windows();
        assertThat(view.hostWindows().apertureBase()).isEqualTo(HOST_APERTURE);
        // GGTT: every entry is found at its host address
        for (int i = 0; i < guestWindows.pages(); i += 97) {
            long g = guestWindows.address(i);
            assertThat(view.hostEntry(vgpu, map.g2h(g))).isEqualTo(vgpu.device().ggtt()[i]);
        }
        assertThat(view.ggttEntries()).isEqualTo(guestWindows.pages());
        // registers: each engine's ring start and status page moved by the aperture delta
        long delta = HOST_APERTURE - guestWindows.apertureBase();
        for (Engine e : new Engine[] {Engine.RENDER, Engine.VIDEO, Engine.BLITTER, Engine.VIDEOENHANCE}) {
            EngineRegisters.Ring guest = EngineRegisters.read(vgpu.device().mmio(), e);
            EngineRegisters.Ring host = EngineRegisters.read(view.mmio(), e);
            assertThat(host.start()).isEqualTo(guest.start() + delta);
            assertThat(host.statusPage()).isEqualTo(guest.statusPage() + delta);
        }
        // fences: start addresses moved too
        assertThat(view.mmio().fence(0) & 0xfffff000L).isEqualTo((vgpu.device().mmio().fence(0) & 0xfffff000L) + delta);
        assertThat(vgpu.device().workloads()).isNotEmpty();
        for (int i = 0; i < vgpu.device().workloads().size(); i++) {
            var gw = vgpu.device().workloads().get(i);
            var hw = view.workloads().get(i);
            assertThat(hw.lrca()).isEqualTo(gw.lrca() + delta);
            Submission gs = PendingWorkloadWalk.submission(vgpu, gw, i);
            Submission hs = view.submission(vgpu, i);
            assertThat(hs.ringStart()).isEqualTo(gs.ringStart() + delta);
            List<Decoded> guest = decode(new VgpuGpuMemory(vgpu), gs);
            List<Decoded> host = decode(view.memory(vgpu, -1), hs);
            assertThat(host).extracting(Decoded::name).isEqualTo(guest.stream().map(Decoded::name).toList())
                    .contains("MI_BATCH_BUFFER_START", "MI_BATCH_BUFFER_END");
            int addresses = 0;
            for (int k = 0; k < guest.size(); k++) {
                assertThat(host.get(k).address()).isEqualTo(map.g2h(guest.get(k).address()));
                for (int a = 0; a < guest.get(k).ggtt().size(); a++) {
                    long h = host.get(k).ggtt().get(a);
                    assertThat(map.h2g(h)).as("host address 0x%x inside the host windows", h).isNotEqualTo(WindowMap.OUTSIDE);
                    assertThat(h).isEqualTo(map.g2h(guest.get(k).ggtt().get(a)));
                    addresses++;
                }
            }
            assertThat(addresses).as("the workload's batch start and post-sync target").isGreaterThanOrEqualTo(2);
        }
        // relocations name engine, place, field, old and new
        List<Relocation> rel = view.report().relocations();
        assertThat(rel).anyMatch(x -> x.command().equals("PIPE_CONTROL") && x.engine() == Engine.RENDER
                && x.newValue() == x.oldValue() + delta);
        assertThat(rel).anyMatch(x -> x.command().equals("MI_STORE_DATA_IMM") && x.engine() == Engine.BLITTER);
        assertThat(rel).anyMatch(x -> x.command().equals("MI_BATCH_BUFFER_START"));
        assertThat(rel).anyMatch(x -> x.command().equals("GGTT entries") && x.newValue() == HOST_HIDDEN);
        assertThat(view.report().findings()).as("nothing left outside the windows but what lies outside in the guest too")
                .allMatch(f -> f.command().equals("MMIO write") && map.g2h(f.value()) == WindowMap.OUTSIDE);
    }

    private static List<Decoded> decode(GpuMemory memory, Submission s) {
        Decoder decoder = new Decoder(GEN9);
        List<Decoded> out = new ArrayList<>();
        new CommandWalker(decoder, memory, s.engine(), new WalkListener() {
            @Override
            public void command(Command c, int depth) {
                List<Long> a = new ArrayList<>();
                for (AddressRef r : decoder.addresses(c)) {
                    if (r.space() == AddressSpace.GGTT) {
                        a.add(r.address());
                    }
                }
                out.add(new Decoded(c.name(), c.address(), a));
            }
        }).walkRing(s);
        return out;
    }

    @Test
    void aPlacementThatDoesNotFitIsRefusedAndTheSourceRunsOn() throws Exception {
        AtomicInteger restored = new AtomicInteger();
        Destination.Options dest = new Destination.Options(Receiver.Options.DEFAULT, c -> restored.incrementAndGet(),
                c -> {
                    HostRemap.remap(c.vgpu(), HOST_APERTURE, 0xffff_0000L, GEN9);
                    return null;
                });
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.quiet(32))) {
            w.start();
            MigrationReport r = Migrator.migrate(w, "quiet", MigrationOptions.defaults(Policy.PRECOPY),
                    new Target.File(dir.resolve("x.gsmig")), MigrationHooks.NONE, dest);
            assertThat(r.completed()).isFalse();
            assertThat(r.error()).contains("the restore cannot place the vGPU on this host").contains("inside 4 GiB");
            assertThat(restored.get()).isZero();
            w.vgpu().close();
        }
    }

    @Test
    void aContextImageOfRegisterLoadsHasItsAddressRegistersRewritten() {
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.quiet(33))) {
            Vgpu vgpu = w.vgpu();
            var render = vgpu.device().workloads().get(0);
            long page = render.lrca() + 4096;
            int gfn = vgpu.device().gfn(vgpu.windows().index(page));
            int head = vgpu.memory().readInt(gfn, 5 * 4);
            int tail = vgpu.memory().readInt(gfn, 7 * 4);
            int start = vgpu.memory().readInt(gfn, 9 * 4);
            int ctl = vgpu.memory().readInt(gfn, 11 * 4);
            long batch = vgpu.windows().address(6);
            // the hardware's layout: MI_NOOP, MI_LOAD_REGISTER_IMM of (register, value) pairs, MI_BATCH_BUFFER_END
            int[] image = {0, 0x1100_000B, 0x2244, 0, 0x2034, head, 0x2030, tail, 0x2038, start, 0x203C, ctl,
                0x21C0, (int) batch | 1, 0x0500_0000};
            for (int k = 0; k < image.length; k++) {
                vgpu.memory().writeInt(gfn, 4 * k, image[k]);
            }
            HostRemap.HostView view = HostRemap.remap(vgpu, HOST_APERTURE, HOST_HIDDEN, GEN9);
            long delta = HOST_APERTURE - vgpu.windows().apertureBase();
            assertThat(view.shadow().read(page + 9 * 4) & 0xffffffffL).isEqualTo((start & 0xffffffffL) + delta);
            assertThat(view.shadow().read(page + 13 * 4) & 0xffffffffL).isEqualTo((batch + delta) | 1);
            assertThat(view.shadow().read(page + 5 * 4)).isEqualTo(head);
            assertThat(vgpu.memory().readInt(gfn, 9 * 4)).as("guest memory unchanged").isEqualTo(start);
            assertThat(view.submission(vgpu, 0).ringStart()).isEqualTo((start & 0xffffffffL) + delta);
            assertThat(view.report().relocations()).filteredOn(r -> r.source() == io.genscope.rewriter.Source.CONTEXT_IMAGE)
                    .extracting(Relocation::field).anyMatch(f -> f.contains("RING_BUFFER_START"))
                    .anyMatch(f -> f.contains("BB_PER_CTX_PTR"));
            vgpu.close();
        }
    }

    /**
     * The destination's remap audits the pending workloads as a mediator must: the synthetic
     * vGPU's own rings pass; a register load into the ring's start register in the ring is refused.
     */
    @Test
    void aPendingWorkloadThatLoadsARingRegisterIsRefusedAtTheDestination() {
        try (SyntheticWorkload w = SyntheticWorkload.create(TestVgpus.quiet(35))) {
            Vgpu vgpu = w.vgpu();
            assertThat(HostRemap.auditRefusal(HostRemap.remap(vgpu, HOST_APERTURE, HOST_HIDDEN, GEN9))).isNull();
            Submission s = PendingWorkloadWalk.submission(vgpu, vgpu.device().workloads().get(0), 0);
            long at = s.ringStart() + s.ringHead();
            int gfn = vgpu.device().gfn(vgpu.windows().index(at));
            int off = (int) (at & 4095);
            // MI_LOAD_REGISTER_IMM (one pair): RCS ring start := 0
            vgpu.memory().writeInt(gfn, off, 0x1100_0001);
            vgpu.memory().writeInt(gfn, off + 4, 0x2038);
            vgpu.memory().writeInt(gfn, off + 8, 0);
            String why = HostRemap.auditRefusal(HostRemap.remap(vgpu, HOST_APERTURE, HOST_HIDDEN, GEN9));
            assertThat(why).contains("refused by the audit").contains("register_not_allowed");
            vgpu.close();
        }
    }
}
