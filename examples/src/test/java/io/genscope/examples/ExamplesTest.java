package io.genscope.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the example programs against the installed genscope and checks what they print. */
class ExamplesTest {
    private static final Path FIXTURES = Path.of(System.getProperty("genscope.fixtures", "../fixtures"));

    private interface Program {
        int run(PrintStream out) throws Exception;
    }

    private static List<String> run(Program p, int expectedExit) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            exit = p.run(out);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        System.out.print(text);
        assertThat(exit).as(text).isEqualTo(expectedExit);
        return text.lines().toList();
    }

    @Test
    void decodeFirstBatchPrintsTheBatchOfIrisOnSkylake() throws Exception {
        Path capture = FIXTURES.resolve("captures/iris-skl.aub.xz");
        List<String> lines = run(out -> DecodeFirstBatch.run(new String[] {capture.toString()}, out), 0);
        assertThat(lines.get(0)).isEqualTo("capture: aub, Intel(R) HD Graphics 530 (SKL GT2), decoded as gen9");
        assertThat(lines.get(1)).matches("first batch on render: \\d+ commands");
        // the batch as Mesa's aubinator lists it (fixtures/aubinator/iris-skl.aubinator-headers.txt.xz)
        assertThat(lines.subList(2, 7)).containsExactly(
                "0xfffefffee000  PIPE_CONTROL",
                "0xfffefffee018  PIPE_CONTROL",
                "0xfffefffee030  PIPELINE_SELECT",
                "0xfffefffee034  MI_LOAD_REGISTER_IMM",
                "0xfffefffee040  PIPE_CONTROL");
        assertThat(lines).contains("0xfffefffee058  STATE_BASE_ADDRESS");
        assertThat(lines).anyMatch(l -> l.trim().startsWith("General State Base Address -> PPGTT 0x"));
    }

    @Test
    void remapStreamPrintsRelocationsAndTheAudit() throws Exception {
        List<String> lines = run(RemapStream::run, 1);
        // two findings: the address outside the windows, and the audit's refusal of a ring register load
        assertThat(lines).contains("5 commands, 3 relocations, 2 findings");
        assertThat(lines).anyMatch(l -> l.startsWith("REGISTER_NOT_ALLOWED 0x8000  MI_LOAD_REGISTER_IMM"));
        assertThat(lines).contains("relocated 0x8000  MI_LOAD_REGISTER_IMM.RCS_RING_BUFFER_START.Starting Address"
                + "  0x20000 -> 0x40020000  (byte 8)");
        assertThat(lines).anyMatch(l -> l.startsWith("relocated 0x800c  MI_STORE_DATA_IMM.Address  0x10004000 -> 0x80004000"));
        assertThat(lines).anyMatch(l -> l.startsWith("relocated 0x801c  MI_BATCH_BUFFER_START.Batch Buffer Start Address"
                + "  0x3000 -> 0x40003000"));
        assertThat(lines).anyMatch(l -> l.startsWith("OUTSIDE_WINDOWS 0x8028  MI_BATCH_BUFFER_START.Batch Buffer Start Address"
                + "  0x70000000"));
    }

    @Test
    void migrateOwnVfMovesTheProgramsVfUnderEveryPolicyCheckedByDigest() throws Exception {
        List<String> lines = run(out -> MigrateOwnVf.run(new String[0], out), 0);
        for (String policy : new String[] {"stop-copy", "gmig", "genscope"}) {
            int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("policy " + policy + ": ")).findFirst()
                    .orElseThrow());
            assertThat(lines.get(at)).matches("policy " + policy + ": 16 MiB VF, \\d+ packets; its GPU wrote VRAM [1-9]\\d*"
                    + " times, unlogged");
            assertThat(lines.get(at + 1)).matches("  downtime \\d+\\.\\d ms, \\d+ bytes in downtime");
            assertThat(lines.get(at + 2)).isEqualTo("  destination: committed");
            assertThat(lines.get(at + 3)).isEqualTo("  digest matched, VRAM byte for byte equal, state with 1 opaque"
                    + " packet equal");
        }
    }

    @Test
    void migrateToFileSucceedsVerifiedAndTheRecordingRestores(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("run.gsmig");
        List<String> lines = run(out -> MigrateToFile.run(new String[] {file.toString()}, out), 0);
        assertThat(lines.get(0)).isEqualTo("policy gmig: succeeded, verification MATCHED");
        assertThat(lines.get(1)).matches("sent \\d+ pages \\(\\d+ while stopped\\) in \\d+ rounds; \\d+ bytes");
        assertThat(lines.get(2)).matches("recording run.gsmig: restores, \\d+ pages, digest \\S+.*");
        assertThat(Files.size(file)).isGreaterThan((32L << 20) / 2);   // at least half of the guest memory
    }

    /**
     * A guest genscope does not own, in a process of its own (examples/guest/toy_guest.c, compiled
     * here), moved live over loopback TCP into another process's memory under every policy, and
     * both processes' digests of their memory compared.
     */
    @Test
    void migratesAnExternalProcessGuestUnderEveryPolicy(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("toy_guest");
        Process cc = new ProcessBuilder("cc", "-O2", "-o", binary.toString(), "guest/toy_guest.c").inheritIO().start();
        assertThat(cc.waitFor()).as("cc guest/toy_guest.c").isZero();
        List<String> lines = run(out -> MigrateExternalGuest.run(new String[] {binary.toString()}, out), 0);
        for (String policy : List.of("stop-copy", "precopy", "gmig", "genscope")) {
            assertThat(lines).anyMatch(l -> l.startsWith(policy + ": migrated, genscope's verification MATCHED"));
            assertThat(lines).anyMatch(l -> l.startsWith(policy + ": source digest ") && l.contains(": same memory;"));
        }
        assertThat(lines).anyMatch(l -> l.contains("states [PRE_COPY, STOP_COPY, STOP] -> [RESUMING, RUNNING]"));
    }
}
