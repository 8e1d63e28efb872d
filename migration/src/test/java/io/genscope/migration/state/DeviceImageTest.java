package io.genscope.migration.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticVgpu;
import io.genscope.parser.decode.Decoder;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeviceImageTest {
    private static final SyntheticSpec SPEC =
            SyntheticSpec.parse("synthetic:memory=16M,graphics=4M,gpu-hot=1M,gpu-rate=0,cpu-rate=0,seed=4");

    @Test
    void regionsRoundTripToAnEqualState() throws Exception {
        try (Vgpu v = SyntheticVgpu.build(SPEC).vgpu()) {
            Map<DeviceRegion, byte[]> regions = DeviceImage.encode(v.device());
            assertThat(regions.keySet()).containsExactly(DeviceRegion.values());
            assertThat(regions.get(DeviceRegion.VREG)).hasSize(2 << 20);
            assertThat(regions.get(DeviceRegion.GGTT)).hasSize(8 * 1024);
            assertThat(regions.get(DeviceRegion.WORKLOAD)).hasSize(2 * 32);
            DeviceState back = DeviceImage.decode(regions, v.memory().pageCount());
            assertThat(back).isEqualTo(v.device());
            assertThat(VgpuDigest.device(DeviceImage.encode(back))).isEqualTo(VgpuDigest.device(regions));
            assertThat(Pvinfo.windows(back.mmio())).isEqualTo(back.windows());
            assertThat(EngineRegisters.read(back.mmio(), Engine.RENDER).size()).isEqualTo(16384);
        }
    }

    /** Vendor blobs travel byte for byte; a damaged VENDOR region is refused, never read past its end. */
    @Test
    void vendorBlobsRoundTripAndDamagedOnesAreRefused() throws Exception {
        try (Vgpu v = SyntheticVgpu.build(SPEC).vgpu()) {
            DeviceState d = v.device();
            DeviceState withBlobs = new DeviceState(d.vgtId(), d.windows(), d.config(), d.mmio(), d.ggtt(), d.ppgttRoots(),
                    d.workloads(), d.execlists(), List.of(new VendorBlob("guc", new byte[] {1, 2, 3}),
                            new VendorBlob("empty", new byte[0])));
            int pages = v.memory().pageCount();
            Map<DeviceRegion, byte[]> regions = DeviceImage.encode(withBlobs);
            assertThat(DeviceImage.decode(regions, pages)).isEqualTo(withBlobs);
            assertThat(regions.get(DeviceRegion.VENDOR)).hasSize(4 + 3 + 4 + 3 + 4 + 5 + 4);

            byte[] vendor = regions.get(DeviceRegion.VENDOR);
            Map<DeviceRegion, byte[]> cut = new EnumMap<>(regions);
            cut.put(DeviceRegion.VENDOR, java.util.Arrays.copyOf(vendor, vendor.length - 1));
            assertThatThrownBy(() -> DeviceImage.decode(cut, pages)).isInstanceOf(InvalidDeviceStateException.class)
                    .hasMessageContaining("VENDOR");
            Map<DeviceRegion, byte[]> huge = new EnumMap<>(regions);
            byte[] h = vendor.clone();
            ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).putInt(4 + 3, Integer.MAX_VALUE);
            huge.put(DeviceRegion.VENDOR, h);
            assertThatThrownBy(() -> DeviceImage.decode(huge, pages)).isInstanceOf(InvalidDeviceStateException.class)
                    .hasMessageContaining("claims 2147483647 bytes");
            Map<DeviceRegion, byte[]> extra = new EnumMap<>(regions);
            extra.put(DeviceRegion.VENDOR, java.util.Arrays.copyOf(vendor, vendor.length + 2));
            assertThatThrownBy(() -> DeviceImage.decode(extra, pages)).isInstanceOf(InvalidDeviceStateException.class)
                    .hasMessageContaining("after the last blob");
            assertThatThrownBy(() -> new VendorBlob("bad\nname", new byte[0])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The destination's warm-up state must go through the real decoder, or it warms nothing up. */
    @Test
    void warmUpStateDecodesLikeARealOne() throws Exception {
        try (Vgpu v = SyntheticVgpu.build(SPEC).vgpu()) {
            DeviceState sample = io.genscope.migration.warmup.RestoreWarmUp.sampleState(v.windows(), v.memory().pageCount());
            Map<DeviceRegion, byte[]> regions = DeviceImage.encode(sample);
            assertThat(regions.keySet()).containsExactly(DeviceRegion.values());
            assertThat(regions.get(DeviceRegion.GGTT)).hasSize(8 * v.windows().pages());
            assertThat(DeviceImage.decode(regions, v.memory().pageCount())).isEqualTo(sample);
            assertThat(sample.workloads()).isNotEmpty();
            assertThat(sample.execlists()).isNotEmpty();
            assertThat(sample.gfn(sample.windows().pages() - 1)).isBetween(0, v.memory().pageCount() - 1);
        }
    }

    @Test
    void damagedRegionsAreRefusedNamingTheRegion() {
        try (Vgpu v = SyntheticVgpu.build(SPEC).vgpu()) {
            int pages = v.memory().pageCount();
            Map<DeviceRegion, byte[]> ok = DeviceImage.encode(v.device());

            Map<DeviceRegion, byte[]> noMagic = new EnumMap<>(ok);
            noMagic.put(DeviceRegion.VREG, ok.get(DeviceRegion.VREG).clone());
            noMagic.get(DeviceRegion.VREG)[Pvinfo.BASE] ^= 1;
            assertThatThrownBy(() -> DeviceImage.decode(noMagic, pages)).isInstanceOf(InvalidDeviceStateException.class)
                    .hasMessageContaining("VREG").hasMessageContaining("magic");

            Map<DeviceRegion, byte[]> wild = new EnumMap<>(ok);
            byte[] g = ok.get(DeviceRegion.GGTT).clone();
            ByteBuffer.wrap(g).order(ByteOrder.LITTLE_ENDIAN).putLong(8 * 7, (1L << 40) | 1);
            wild.put(DeviceRegion.GGTT, g);
            assertThatThrownBy(() -> DeviceImage.decode(wild, pages)).hasMessageContaining("GGTT: entry 7")
                    .hasMessageContaining("beyond guest memory");

            Map<DeviceRegion, byte[]> count = new EnumMap<>(ok);
            byte[] head = ok.get(DeviceRegion.HEAD).clone();
            ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).putInt(56, 1_000_000);
            count.put(DeviceRegion.HEAD, head);
            assertThatThrownBy(() -> DeviceImage.decode(count, pages)).hasMessageContaining("WORKLOAD");

            Map<DeviceRegion, byte[]> missing = new EnumMap<>(ok);
            missing.remove(DeviceRegion.EXECLIST);
            assertThatThrownBy(() -> DeviceImage.decode(missing, pages)).hasMessageContaining("EXECLIST: region missing");
        }
    }

    @Test
    void pendingWorkloadsDecodeWithTheParser() {
        try (Vgpu v = SyntheticVgpu.build(SPEC).vgpu()) {
            List<PendingWorkloadWalk.Walked> walked = PendingWorkloadWalk.walk(v, SpecLoader.builtin("gen9"));
            assertThat(walked).hasSize(2);
            assertThat(walked.get(0).workload().engine()).isEqualTo(Engine.RENDER);
            assertThat(walked.get(0).commands()).containsSubsequence("MI_BATCH_BUFFER_START", "PIPE_CONTROL",
                    "MI_BATCH_BUFFER_END");
            assertThat(walked.get(1).workload().engine()).isEqualTo(Engine.BLITTER);
            assertThat(walked.get(1).commands()).containsSubsequence("MI_BATCH_BUFFER_START", "MI_STORE_DATA_IMM",
                    "MI_BATCH_BUFFER_END");
            assertThat(walked).allMatch(w -> w.problems().isEmpty());
            Decoder d = new Decoder(SpecLoader.builtin("gen9"));
            assertThat(d.identify(Engine.RENDER, 0x7A00_0004).name()).isEqualTo("PIPE_CONTROL");
        }
    }
}
