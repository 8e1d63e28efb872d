package io.genscope.parser.asm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden decoder tests written as GenAsm listings with inline {@code # expect:} lines
 * ({@code fixtures/asm/*.gasm}); {@link Expectations} checks them.
 */
class AsmListingTest {
    private static final Path LISTINGS = Path.of(System.getProperty("genscope.fixtures", "../fixtures")).resolve("asm");

    @TestFactory
    Stream<DynamicTest> everyExpectationInTheListingsHolds() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(LISTINGS)) {
            files = s.filter(p -> p.toString().endsWith(".gasm")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(6);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            String text = Files.readString(f);
            assertThat(text).contains("# expect:");
            List<String> failures = Expectations.check(f.getFileName().toString(), text);
            if (!failures.isEmpty()) {
                throw new AssertionError(String.join("\n", failures));
            }
        }));
    }

    @Test
    void aWrongExpectationFailsNamingFileAndLine() {
        String listing = """
                .gen gen9
                # expect: PIPE_CONTROL "Post Sync Operation: 2 (Write PS Depth Count)"
                PIPE_CONTROL "Post Sync Operation"="Write Immediate Data" "Address"=0x2000
                # expect: ggtt "Address"=0x2000 length=7 depth=2 no-address "Address" problem=UNMAPPED
                PIPE_CONTROL "Post Sync Operation"="Write Immediate Data" "Address"=0x2000
                MI_NOOP   # expect: MI_BATCH_BUFFER_END
                # expect: unreached
                MI_NOOP
                MI_BATCH_BUFFER_END
                MI_NOOP # expect: problem=LOOP
                # expect: MI_NOOP
                """;
        assertThat(Expectations.check("wrong.gasm", listing)).containsExactly(
                "wrong.gasm:2: expected \"Post Sync Operation: 2 (Write PS Depth Count)\" in PIPE_CONTROL (line 3); "
                        + "decoded PIPE_CONTROL: DWord Length: 4, Depth Cache Flush Enable: false, Stall At Pixel Scoreboard: false, "
                        + "State Cache Invalidation Enable: false, Constant Cache Invalidation Enable: false, VF Cache Invalidation Enable: false, "
                        + "DC Flush Enable: false, Pipe Control Flush Enable: false, Notify Enable: false, Indirect State Pointers Disable: false, "
                        + "Texture Cache Invalidation Enable: false, Instruction Cache Invalidate Enable: false, Render Target Cache Flush Enable: false, "
                        + "Depth Stall Enable: false, Post Sync Operation: 1 (Write Immediate Data), Generic Media State Clear: false, "
                        + "TLB Invalidate: false, Global Snapshot Count Reset: false, Command Streamer Stall Enable: false, "
                        + "Store Data Index: 0, LRI Post Sync Operation: 0 (No LRI Operation), Destination Address Type: 0 (PPGTT), "
                        + "Flush LLC: false, Address: 0x00002000, Immediate Data: 0",
                "wrong.gasm:4: expected GGTT address 0x2000 in \"Address\" of PIPE_CONTROL (line 5); the decoder reports PPGTT \"Address\"=0x2000",
                "wrong.gasm:4: expected length 7 for PIPE_CONTROL (line 5), got 6",
                "wrong.gasm:4: expected depth 2 for PIPE_CONTROL (line 5), got 1",
                "wrong.gasm:4: expected no address in \"Address\" of PIPE_CONTROL (line 5); the decoder reports PPGTT \"Address\"=0x2000",
                "wrong.gasm:4: expected a UNMAPPED problem at PIPE_CONTROL (line 5); the walk reported none",
                "wrong.gasm:6: expected MI_BATCH_BUFFER_END at line 6, decoded MI_NOOP",
                "wrong.gasm:7: expected MI_NOOP (line 8) not to be reached, but the walk reached it at depth 1",
                "wrong.gasm:10: the walk never reached MI_NOOP (line 10)",
                "wrong.gasm:11: no command or .dword statement for this expectation");
    }

    @Test
    void aListingThatDoesNotAssembleFailsWithItsError() {
        assertThat(Expectations.check("bad.gasm", ".gen gen9\n# expect: MI_NOOP\nMI_NOOP \"Bogus\"=1\n"))
                .singleElement().asString().startsWith("bad.gasm:3:9: unknown field \"Bogus\" in MI_NOOP");
    }
}
