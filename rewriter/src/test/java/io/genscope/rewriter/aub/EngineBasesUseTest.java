package io.genscope.rewriter.aub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.memory.MappedBytes;
import io.genscope.rewriter.AuditPolicy;
import io.genscope.rewriter.RemapReport;
import io.genscope.spec.EngineBases;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import org.junit.jupiter.api.Test;

/** The rewriter's engine blocks (submit ports, audit allow-list) are the spec's, for every built-in spec. */
class EngineBasesUseTest {
    private static RemapListener listener(Spec spec) {
        return new RemapListener(AubScenarioTest.MAP, MappedBytes.wrap(new byte[0]), spec,
                new RemapReport(AubScenarioTest.MAP));
    }

    @Test
    void remapAndAuditUseTheSpecsBases() {
        for (String name : SpecLoader.BUILTIN) {
            Spec spec = SpecLoader.builtin(name);
            EngineBases bases = spec.engineBases();
            assertThat(listener(spec).engineBases()).as(name).isEqualTo(bases);
            assertThat(AuditPolicy.of(spec).bases()).as(name).isEqualTo(bases.byEngine());
            AuditPolicy policy = AuditPolicy.of(spec);
            for (int relative : policy.relative()) {
                for (int base : bases.byBase().keySet()) {
                    assertThat(policy.allows(base + relative, false)).as("%s 0x%x + 0x%x", name, base, relative)
                            .isTrue();
                }
            }
        }
    }

    @Test
    void aSpecWithoutBasesFailsLoudly() {
        Spec bare = SpecLoader.fromText("bare.gspec", "generation bare version 9;\n");
        assertThatThrownBy(() -> listener(bare)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bare").hasMessageContaining(EngineBases.ENUM);
        Spec allowList = SpecLoader.fromText("lists.gspec", "generation lists version 9;\n"
                + "enum \"" + AuditPolicy.ALLOWED + "\" {\n  0x244 \"RING_CONTEXT_CONTROL\";\n}\n");
        assertThatThrownBy(() -> AuditPolicy.of(allowList)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("lists").hasMessageContaining(EngineBases.ENUM);
        assertThat(AuditPolicy.of(bare).checksRegisters()).isFalse();
    }
}
