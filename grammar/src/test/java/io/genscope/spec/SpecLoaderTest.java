package io.genscope.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecLoaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12"})
    void builtinSpecsLoadAndIdentifyCoreCommands(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        System.out.println(spec);
        spec.collisions().forEach(System.out::println);
        assertThat(spec.find(Engine.RENDER, 0x7a000004).name()).isEqualTo("PIPE_CONTROL");
        assertThat(spec.find(Engine.RENDER, 0x18800101).name()).isEqualTo("MI_BATCH_BUFFER_START");
        assertThat(spec.find(Engine.BLITTER, 0x18800101).name()).isEqualTo("MI_BATCH_BUFFER_START");
        assertThat(spec.find(Engine.RENDER, 0x00000000).name()).isEqualTo("MI_NOOP");
        assertThat(spec.find(Engine.RENDER, 0x11000001).name()).isEqualTo("MI_LOAD_REGISTER_IMM");
        assertThat(spec.find(Engine.BLITTER, 0x7a000004)).isNull();
        assertThat(spec.command("PIPE_CONTROL").length(0x7a000004)).isEqualTo(6);
        assertThat(spec.command("MI_NOOP").length(0)).isEqualTo(1);
    }

    @Test
    void gen9InheritsFromGen8AndOverrides() {
        Spec gen8 = SpecLoader.builtin("gen8");
        Spec gen9 = SpecLoader.builtin("gen9");
        assertThat(gen9.commands().size()).isGreaterThan(gen8.commands().size());
        assertThat(gen9.major()).isEqualTo(9);
        assertThat(gen9.registerAt(0x7034).name()).isEqualTo("L3CNTLREG");
    }

    @Test
    void addressFieldsCarryTheirSpace() {
        Spec gen9 = SpecLoader.builtin("gen9");
        FieldDef addr = gen9.command("MI_STORE_DATA_IMM").field("Address");
        assertThat(addr.space().resolve(1, AddressSpace.PPGTT)).isEqualTo(AddressSpace.GGTT);
        assertThat(addr.space().resolve(0, AddressSpace.GGTT)).isEqualTo(AddressSpace.PPGTT);
        FieldDef bb = gen9.command("MI_BATCH_BUFFER_START").field("Batch Buffer Start Address");
        assertThat(bb.space().resolve(1, AddressSpace.GGTT)).isEqualTo(AddressSpace.PPGTT);
        FieldDef pc = gen9.command("PIPE_CONTROL").field("Address");
        assertThat(pc.conditions()).extracting(ValidWhen::field).contains("Post Sync Operation", "Store Data Index");
        assertThat(pc.conditions().get(0).test(0)).isFalse();
    }

    @Test
    void syntaxErrorsNameFileLineAndColumn() {
        assertThatThrownBy(() -> SpecLoader.fromText("bad.gspec", "generation g1;\ncommand \"X\" {\n  field \"A\" 0..7 uint = ;\n}\n"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("bad.gspec:3:");
    }

    @Test
    void semanticErrorsNameFileLineAndColumn() {
        assertThatThrownBy(() -> SpecLoader.fromText("bad.gspec",
                "generation g1;\ncommand \"X\" {\n  field \"Command Type\" 29..31 uint = 3;\n  field \"A\" 32..39 enum \"Nope\";\n}\n"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("bad.gspec:4:").hasMessageContaining("unknown enum");
        assertThatThrownBy(() -> SpecLoader.fromText("bad.gspec",
                "generation g1;\ncommand \"X\" {\n  field \"A\" 32..39 uint;\n}\n"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("bad.gspec:2:").hasMessageContaining("no header");
        assertThatThrownBy(() -> SpecLoader.fromText("bad.gspec",
                "generation g1 extends gen9;\nremove command \"NOPE\";\n"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("bad.gspec:2:").hasMessageContaining("not inherited");
    }

    @Test
    void userSpecExtendsBuiltinAndReportsHeaderCollisions() {
        Spec s = SpecLoader.fromText("mine.gspec", "generation mine version 9 extends gen9;\n"
                + "command \"MY_NOOP_TWIN\" engines render dwords 1 {\n  field \"Command Type\" 29..31 uint = 0;\n"
                + "  field \"MI Command Opcode\" 23..28 uint = 0;\n}\n");
        assertThat(s.collisions()).anyMatch(c -> c.contains("MI_NOOP") && c.contains("MY_NOOP_TWIN"));
        assertThat(s.find(Engine.RENDER, 0).name()).isEqualTo("MI_NOOP");
    }

    @Test
    void amendChangesEnginesUntilTheNextFullRedefinition() {
        Spec s = SpecLoader.fromText("mine.gspec", "generation mine version 9 extends gen9;\n"
                + "amend command \"PIPE_CONTROL\" engines blitter;\n");
        assertThat(s.find(Engine.BLITTER, 0x7a000004).name()).isEqualTo("PIPE_CONTROL");
        assertThat(s.find(Engine.RENDER, 0x7a000004)).isNull();
        assertThat(SpecLoader.builtin("gen9").find(Engine.BLITTER, 0x13000003).name()).isEqualTo("MI_FLUSH_DW");
        assertThatThrownBy(() -> SpecLoader.fromText("bad.gspec", "generation g extends gen9;\namend command \"NOPE\" engines render;\n"))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("bad.gspec:2:");
    }
}
