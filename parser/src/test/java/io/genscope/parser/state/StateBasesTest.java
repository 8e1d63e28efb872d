package io.genscope.parser.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.asm.Assembler;
import io.genscope.parser.asm.Program;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tracker on short gen9, gen12 and gen12.5 streams written in GenAsm. */
class StateBasesTest {
    private record Stream(Spec spec, List<Command> commands) {
        StateBases track(StateBases bases) {
            for (Command c : commands) {
                bases.track(spec, c);
            }
            return bases;
        }
    }

    private static Stream stream(String gen, String listing) {
        Program p = new Assembler().assemble(gen + ".gasm", ".gen " + gen + "\n.engine render\n.org 0x1000 ppgtt\n" + listing);
        Spec spec = p.sections().get(0).spec();
        int[] d = p.dwords();
        List<Command> commands = new Decoder(spec).decode(Engine.RENDER, d, 0, d.length, 0x1000, AddressSpace.PPGTT).commands();
        assertThat(commands).allSatisfy(c -> assertThat(c.def()).isNotNull());
        return new Stream(spec, commands);
    }

    @Test
    void gen9BasesChangeOnlyWithTheirModifyEnableAndADisabledPoolFallsBackToTheSurfaceBase() {
        Stream s = stream("gen9", """
                STATE_BASE_ADDRESS "Surface State Base Address Modify Enable"=1 "Surface State Base Address"=0x10000
                    "Dynamic State Base Address Modify Enable"=1 "Dynamic State Base Address"=0x20000
                    "Instruction Base Address Modify Enable"=1 "Instruction Base Address"=0x30000
                STATE_BASE_ADDRESS "Surface State Base Address"=0x90000
                    "Dynamic State Base Address Modify Enable"=1 "Dynamic State Base Address"=0x21000
                3DSTATE_BINDING_TABLE_POOL_ALLOC "Binding Table Pool Enable"=1 "Binding Table Pool Base Address"=0x40000
                """);
        StateBases b = s.track(new StateBases());
        assertThat(b.surfaceBase()).as("no modify enable: kept").isEqualTo(0x10000);
        assertThat(b.dynamicBase()).isEqualTo(0x21000);
        assertThat(b.instructionBase()).isEqualTo(0x30000);
        assertThat(b.bindingTablePoolBase()).isEqualTo(0x40000);
        assertThat(b.bindingTableBase()).isEqualTo(0x40000);
        assertThat(b.bindingTableOffset(0x20)).as("gen9 has no 256-byte mode").isEqualTo(0x20);

        Stream off = stream("gen9", """
                3DSTATE_BINDING_TABLE_POOL_ALLOC "Binding Table Pool Enable"=0 "Binding Table Pool Base Address"=0x50000
                """);
        off.track(b);
        assertThat(b.bindingTablePoolBase()).isZero();
        assertThat(b.bindingTableBase()).isEqualTo(0x10000);
    }

    @Test
    void gen12GtModeSelects256ByteBindingTablesFromTheFirstRegisterPair() {
        Stream s = stream("gen12", """
                MI_LOAD_REGISTER_IMM "Register Offset"=0x7008 "Data DWord"=0x04000400
                """);
        StateBases b = s.track(new StateBases());
        assertThat(b.bindingTables256B()).isTrue();
        assertThat(b.bindingTableOffset(0x20)).isEqualTo(0x100);
        // the mask bit clear: the write does not touch the alignment
        stream("gen12", "MI_LOAD_REGISTER_IMM \"Register Offset\"=0x7008 \"Data DWord\"=0\n").track(b);
        assertThat(b.bindingTables256B()).isTrue();
        stream("gen12", "MI_LOAD_REGISTER_IMM \"Register Offset\"=0x7008 \"Data DWord\"=0x04000000\n").track(b);
        assertThat(b.bindingTables256B()).isFalse();
    }

    @Test
    void gen125PoolHasNoEnableBitSoItAlwaysApplies() {
        Stream s = stream("gen125", """
                STATE_BASE_ADDRESS "Surface State Base Address Modify Enable"=1 "Surface State Base Address"=0x10000
                3DSTATE_BINDING_TABLE_POOL_ALLOC "Binding Table Pool Base Address"=0x60000
                """);
        assertThat(s.spec().command("3DSTATE_BINDING_TABLE_POOL_ALLOC").field("Binding Table Pool Enable")).isNull();
        StateBases b = s.track(new StateBases());
        assertThat(b.bindingTablePoolBase()).isEqualTo(0x60000);
        assertThat(b.bindingTableBase()).isEqualTo(0x60000);
    }

    @Test
    void aCopyIsIndependentAndOtherCommandsChangeNothing() {
        Stream s = stream("gen9", """
                STATE_BASE_ADDRESS "Surface State Base Address Modify Enable"=1 "Surface State Base Address"=0x10000
                MI_NOOP
                """);
        StateBases b = new StateBases();
        assertThat(b.track(s.spec(), s.commands().get(0))).isTrue();
        assertThat(b.track(s.spec(), s.commands().get(1))).isFalse();
        StateBases copy = new StateBases(b);
        stream("gen9", "STATE_BASE_ADDRESS \"Surface State Base Address Modify Enable\"=1 \"Surface State Base Address\"=0x70000\n")
                .track(b);
        assertThat(copy.surfaceBase()).isEqualTo(0x10000);
        assertThat(b.surfaceBase()).isEqualTo(0x70000);
        copy.set(b);
        assertThat(copy).hasToString(b.toString());
    }
}
