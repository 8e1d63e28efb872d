package io.genscope.rewriter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strict audit, one hostile command per rule, on every gen8+ spec: each is found with its
 * command, its address and its rule (what {@code remap --strict} refuses), while the same buffer
 * without it has no finding. A raw GGTT buffer at 0x10000 on the render engine, as
 * {@code remap --raw --space ggtt} reads it.
 */
class CommandAuditTest {
    static final WindowMap MAP = RandomStreamsTest.MAP;
    static final long BASE = 0x10000;

    /** Allowed commands first: a GPR load, a timestamp load by register, MI_NOOP. */
    static int[] prefix(Spec spec) {
        return new int[] {
            header(spec, "MI_LOAD_REGISTER_IMM", 3), 0x2600, 7,    // 0x00 CS_GPR0: allowed
            header(spec, "MI_LOAD_REGISTER_REG", 3), 0x2358, 0x2608, // 0x0c timestamp into CS_GPR1: allowed
            0,                                                     // 0x18 MI_NOOP
        };
    }

    static final int AT = 7; // the hostile command's dword index

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void allowedCommandsAloneHaveNoFinding(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        RemapReport report = remap(spec, Engine.RENDER, concat(prefix(spec), header(spec, "MI_BATCH_BUFFER_END", 1)));
        assertThat(report.findings()).isEmpty();
        assertThat(report.commands()).isEqualTo(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void aCommandOfAnotherEngineIsUnknownOnThisOne(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        int flush = header(spec, "MI_FLUSH_DW", 5); // a blitter and video command
        assertThat(spec.find(Engine.BLITTER, flush)).isNotNull();
        assertThat(spec.find(Engine.RENDER, flush)).isNull();
        RemapReport report = remap(spec, Engine.RENDER, concat(prefix(spec), flush, 0, 0, 0, 0));
        assertOne(report, Finding.Kind.UNKNOWN_COMMAND, "unknown", flush & 0xffffffffL);
        assertThat(report.findings().get(0).message()).contains("(MI_FLUSH_DW on ");
        // on the blitter it is a command like any other
        assertThat(remap(spec, Engine.BLITTER, new int[] {flush, 0, 0, 0, 0}).findings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void miUpdateGttIsRefusedFromAGuest(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        int update = header(spec, "MI_UPDATE_GTT", 4);
        RemapReport report = remap(spec, Engine.RENDER, concat(prefix(spec), update, 0x1000, 0x12345001, 0));
        assertOne(report, Finding.Kind.PRIVILEGED_COMMAND, "MI_UPDATE_GTT", update & 0xffffffffL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void aRegisterImmediateIntoTheRingStartIsRefused(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        // RING_BUFFER_START of the render engine: the guest would move its own ring
        RemapReport report = remap(spec, Engine.RENDER, concat(prefix(spec),
                header(spec, "MI_LOAD_REGISTER_IMM", 5), 0x2600, 1, 0x2038, 0x1000));
        assertOne(report, Finding.Kind.REGISTER_NOT_ALLOWED, "MI_LOAD_REGISTER_IMM", 0x2038);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void aRegisterCopyIntoTheRingHeadIsRefused(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        // the destination decides: a GPR copied into RING_HEAD
        RemapReport report = remap(spec, Engine.RENDER, concat(prefix(spec),
                header(spec, "MI_LOAD_REGISTER_REG", 3), 0x2600, 0x2034));
        assertOne(report, Finding.Kind.REGISTER_NOT_ALLOWED, "MI_LOAD_REGISTER_REG", 0x2034);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void aRegisterLoadFromMemoryIntoAFenceIsRefused(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        // fence 0 (GGTT control), loaded from memory reached through the PPGTT (no address to audit)
        RemapReport report = remap(spec, Engine.RENDER, concat(prefix(spec),
                header(spec, "MI_LOAD_REGISTER_MEM", 4), 0x100000, 0x4000, 0));
        assertOne(report, Finding.Kind.REGISTER_NOT_ALLOWED, "MI_LOAD_REGISTER_MEM", 0x100000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void aBatchStartBackIntoItsOwnBufferLoops(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        int start = header(spec, "MI_BATCH_BUFFER_START", 3); // GGTT, first level
        long self = BASE + 4 * AT;
        RemapReport report = remap(spec, Engine.RENDER, concat(prefix(spec), start, (int) self, 0));
        assertOne(report, Finding.Kind.BATCH_LOOP, "MI_BATCH_BUFFER_START", self);
        // a start forward, past itself, is a jump, not a loop
        assertThat(remap(spec, Engine.RENDER, concat(prefix(spec), start, (int) self + 12, 0,
                header(spec, "MI_BATCH_BUFFER_END", 1))).findings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void aCommandCutOffByTheEndOfTheBufferIsRefused(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        // MI_LOAD_REGISTER_IMM of two pairs, the buffer ends after the first
        RemapReport report = remap(spec, Engine.RENDER, concat(prefix(spec),
                header(spec, "MI_LOAD_REGISTER_IMM", 5), 0x2600, 1));
        assertOne(report, Finding.Kind.COMMAND_CUT_OFF, "MI_LOAD_REGISTER_IMM", 3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen9", "gen125"})
    void theJsonReportNamesTheRule(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        RemapReport report = remap(spec, Engine.RENDER, concat(prefix(spec), header(spec, "MI_UPDATE_GTT", 4), 0, 0, 0));
        StringBuilder json = new StringBuilder();
        report.writeJson(json);
        assertThat(json).contains("\"kind\":\"privileged_command\"", "\"address\":\"0x1001c\"",
                "\"command\":\"MI_UPDATE_GTT\"", "\"audit_findings\":1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen9", "gen12"})
    void aPpgttBufferIsLeftToTheHardware(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        RemapReport report = new RemapReport(MAP);
        RawRemapper.remap(HostileStreamsTest.bytes(concat(prefix(spec), header(spec, "MI_UPDATE_GTT", 4), 0, 0, 0)),
                BASE, Engine.RENDER, AddressSpace.PPGTT, new CommandRewriter(spec, MAP), report);
        assertThat(report.findings()).isEmpty();
    }

    /** Exactly one finding: at the hostile command, with its rule, command and value. */
    static void assertOne(RemapReport report, Finding.Kind rule, String command, long value) {
        assertThat(rule.isAuditRule()).isTrue();
        List<Finding> all = report.findings();
        assertThat(all).extracting(Finding::kind, Finding::command, Finding::address, Finding::offset, Finding::value)
                .containsExactly(tuple(rule, command, BASE + 4 * AT, 4L * AT, value));
        assertThat(all.get(0).message()).startsWith(rule.label() + ": ");
        assertThat(report.auditCount()).isEqualTo(1);
    }

    static RemapReport remap(Spec spec, Engine engine, int[] stream) {
        RemapReport report = new RemapReport(MAP);
        RawRemapper.remap(HostileStreamsTest.bytes(stream), BASE, engine, AddressSpace.GGTT,
                new CommandRewriter(spec, MAP), report);
        return report;
    }

    /** Dword 0 of a command of {@code dwords} dwords, from the spec. */
    static int header(Spec spec, String name, int dwords) {
        CommandDef c = spec.command(name);
        assertThat(c).as(spec.name() + " " + name).isNotNull();
        int h = c.headerValue();
        if (c.lengthField() != null) {
            h |= (dwords - c.bias()) << c.lengthField().start();
        }
        assertThat(c.length(h)).isEqualTo(dwords);
        return h;
    }

    static int[] concat(int[] a, int... b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
