package io.genscope.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecLoaderTest {

    static List<String> builtins() {
        return SpecLoader.BUILTIN;
    }

    @ParameterizedTest
    @MethodSource("builtins")
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

    @Test
    void amendBodyReplacesFieldsByNameAddsMembersAndStacks() {
        Spec s = SpecLoader.fromText("mine.gspec", "generation mine version 9 extends gen9;\n"
                + "amend command \"MI_STORE_REGISTER_MEM\" {\n"
                + "  field \"Memory Address\" 66..111 address space ggtt if \"Use Global GTT\" == 1;\n"
                + "  group count 0 at 128 stride 32 { field \"Extra\" 0..31 uint; }\n"
                + "}\n");
        CommandDef srm = s.command("MI_STORE_REGISTER_MEM");
        FieldDef address = srm.field("Memory Address");
        assertThat(address.end()).isEqualTo(111);
        assertThat(address.space().gate()).isEqualTo("Use Global GTT");
        assertThat(srm.members().stream().filter(m -> m instanceof FieldDef f && f.name().equals("Memory Address")))
                .hasSize(1);
        assertThat(srm.members().get(srm.members().size() - 1)).isInstanceOf(GroupDef.class);
        assertThat(SpecLoader.builtin("gen9").command("MI_STORE_REGISTER_MEM").field("Memory Address").end())
                .isEqualTo(127);
        assertThatThrownBy(() -> SpecLoader.fromText("bad.gspec", "generation g extends gen9;\n"
                + "amend command \"MI_NOOP\" { field \"X\" 40 address space ggtt if \"Nope\" == 1; }\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("gate field \"Nope\"");
        assertThatThrownBy(() -> SpecLoader.fromText("bad.gspec", "generation g extends gen9;\n"
                + "amend command \"MI_NOOP\";\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("changes nothing");
    }

    @Test
    void amendmentsOfEarlierFilesSurviveUntilARedefinition() {
        // gen8-extra joins gen8's split semaphore address; gen9.gspec redefines the command with one field
        FieldDef gen8 = SpecLoader.builtin("gen8").command("MI_SEMAPHORE_WAIT").field("Semaphore Address");
        assertThat(gen8.start()).isEqualTo(66);
        assertThat(gen8.end()).isEqualTo(111);
        assertThat(SpecLoader.builtin("gen8").command("MI_SEMAPHORE_WAIT").field("Semaphore Address High").type())
                .isEqualTo(FieldType.Primitive.OFFSET);
        // MI_LOAD_REGISTER_MEM groups: amended in gen8-extra, redefined by gen11.gspec, amended again in gen11-extra
        for (String gen : new String[] {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"}) {
            assertThat(SpecLoader.builtin(gen).command("MI_LOAD_REGISTER_MEM").members())
                    .as(gen).anyMatch(m -> m instanceof GroupDef);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void addressHoldingRegistersAreDescribed(String gen) {
        Spec s = SpecLoader.builtin(gen);
        assertThat(s.registerAt(0x2038).field("Starting Address").space().kind()).isEqualTo(SpaceRule.Kind.GGTT);
        assertThat(s.registerAt(0x2080).name()).isEqualTo("RCS_HWS_PGA");
        assertThat(s.registerAt(0x100000 + 8 * 31).name()).isEqualTo("FENCE_REG_31");
        assertThat(s.registerAt(0x78040).field("Non-Mappable Base").start()).isEqualTo(64);
        assertThat(s.struct("CONTEXT_DESCRIPTOR").field("Logical Ring Context Address").conditions())
                .containsExactly(new ValidWhen("Valid", true, 1));
        boolean gen11up = s.major() >= 11;
        assertThat(s.registerAt(0x1c0038) != null).isEqualTo(gen11up);
        assertThat(s.registerAt(0x12038) != null).isEqualTo(!gen11up);
        assertThat(s.registerAt(0x2510) != null).isEqualTo(gen11up);
    }
}
