package io.genscope.migration.workload.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * The GPU writes the command model derives from every bundled capture, as a count and a CRC-32 of
 * the targets in order: the figures are the model's before it shared the parser's state tracker
 * ({@code io.genscope.parser.state.StateBases}), so the sharing changed nothing.
 */
class GpuWriteModelCapturesTest {
    private static final Path CAPTURES = CaptureTraceTest.FIXTURES.resolve("captures");

    /** capture -> {targets, CRC-32 of their text}. */
    private static final Map<String, long[]> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("anv-chain-tgl", new long[] {6062, 0x7c704019L}),
            Map.entry("anv-tgl", new long[] {62, 0x4c3abdd2L}),
            Map.entry("crocus-hsw", new long[] {17, 0xcdd8caa8L}),
            Map.entry("crocus-ivb", new long[] {32, 0x306cdcabL}),
            Map.entry("crocus2-hsw", new long[] {49, 0x85389d23L}),
            Map.entry("iris-bdw", new long[] {38, 0x50a203bL}),
            Map.entry("iris-dg2", new long[] {51, 0xc99db3c2L}),
            Map.entry("iris-icl", new long[] {37, 0x6cfe9b00L}),
            Map.entry("iris-skl", new long[] {60, 0x595e2f9L}),
            Map.entry("iris-tgl", new long[] {68, 0x136fa6f0L}),
            Map.entry("iris2-bdw", new long[] {84, 0x9865acc9L}),
            Map.entry("iris2-dg2", new long[] {99, 0x4d38be76L}),
            Map.entry("iris2-tgl", new long[] {100, 0xdb3ddc05L}),
            Map.entry("neo-dg1-lmem", new long[] {194, 0x2bfe6000L}), // its blitter submissions decode since NEO's two numberings are told apart
            Map.entry("neo-dg1-sysmem", new long[] {2, 0xbcf6e047L}),
            Map.entry("neo-dg1", new long[] {2, 0xb7367e7aL}),
            Map.entry("neo-dg2", new long[] {195, 0xbb89bb2dL}),
            Map.entry("neo-pvc", new long[] {5, 0x77ad0ae4L}),
            Map.entry("neo-skl", new long[] {2, 0x82de8bf3L}),
            Map.entry("neo-tgllp", new long[] {2, 0x8154481dL}),
            Map.entry("neo2-lnl", new long[] {8, 0x395a0abbL}),
            Map.entry("neo2-mtl", new long[] {8, 0xa46a6e6aL}),
            Map.entry("neo2-ptl", new long[] {13, 0x2f2e7f9dL}),
            Map.entry("vaapi-i965-mpeg2dec-bdw", new long[] {2, 0x21c2f396L}),
            Map.entry("vaapi-iHD-hevcdec-skl", new long[] {5, 0xc4946aacL})
    ));

    @Test
    void everyBundledCaptureGivesTheTargetsItGaveBefore() throws Exception {
        Map<String, long[]> actual = new TreeMap<>();
        try (var files = Files.list(CAPTURES)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString().replace(".aub.xz", "");
                CaptureTrace t = CaptureTraceReader.read(p);
                CRC32 crc = new CRC32();
                long n = 0;
                for (List<GpuTarget> sub : t.targets()) {
                    for (GpuTarget g : sub) {
                        crc.update((g + "\n").getBytes(StandardCharsets.UTF_8));
                        n++;
                    }
                }
                actual.put(name, new long[] {n, crc.getValue()});
            }
        }
        // every capture that changed at once, in the table's own form
        StringBuilder changed = new StringBuilder();
        for (Map.Entry<String, long[]> e : EXPECTED.entrySet()) {
            long[] a = actual.get(e.getKey());
            if (a == null || !java.util.Arrays.equals(a, e.getValue())) {
                changed.append(a == null ? e.getKey() + ": missing" : String.format(
                        "Map.entry(\"%s\", new long[] {%d, 0x%xL})", e.getKey(), a[0], a[1])).append('\n');
            }
        }
        assertThat(changed.toString()).as("captures whose targets changed").isEmpty();
    }
}
