package io.genscope.parser.aub;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.Engine;
import io.genscope.spec.EngineBases;
import io.genscope.spec.SpecLoader;
import org.junit.jupiter.api.Test;

/** The engine blocks submissions are recognised at and written to are the spec's. */
class ExeclistPortsTest {
    @Test
    void everySpecBaseSubmitsToItsEngine() {
        for (String name : SpecLoader.BUILTIN) {
            EngineBases spec = SpecLoader.builtin(name).engineBases();
            ExeclistPorts ports = new ExeclistPorts();
            ports.useLayoutOf(name);
            spec.byBase().forEach((base, engine) -> {
                assertThat(ports.layout().engineAt(base)).as("%s 0x%x", name, base).isEqualTo(engine);
                ports.write(base + 0x510, 0x1000);
                ports.write(base + 0x514, 0);
                assertThat(ports.write(base + 0x550, 1)).as("%s 0x%x", name, base)
                        .isEqualTo(new ExeclistPorts.Submit(engine, 0x1000));
            });
        }
    }

    @Test
    void theWritersBasesAreTheSpecs() {
        for (String name : SpecLoader.BUILTIN) {
            EngineBases spec = SpecLoader.builtin(name).engineBases();
            for (Engine e : Engine.values()) {
                if (spec.has(e)) {
                    assertThat(ExeclistPorts.base(e, name)).as("%s %s", name, e).isEqualTo(spec.bases(e).get(0));
                }
            }
        }
    }

    @Test
    void withoutADeviceGen9sBlocksComeFirst() {
        ExeclistPorts ports = new ExeclistPorts();
        assertThat(ports.layout().engineAt(0x1a000)).isEqualTo(Engine.VIDEOENHANCE);
        assertThat(ports.layout().engineAt(0x1c0000)).isEqualTo(Engine.VIDEO);
        ports.useLayoutOf("gen12");
        assertThat(ports.layout().engineAt(0x1a000)).isEqualTo(Engine.COMPUTE);
        assertThat(ports.layout().engineAt(0x12000)).isEqualTo(Engine.VIDEO);
    }
}
