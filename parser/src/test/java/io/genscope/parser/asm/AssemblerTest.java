package io.genscope.parser.asm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import org.junit.jupiter.api.Test;

class AssemblerTest {
    private static int[] asm(String text) {
        return new Assembler().assemble("t.gasm", text).dwords();
    }

    private static AsmError error(String text) {
        try {
            new Assembler().assemble("t.gasm", text);
        } catch (AsmException e) {
            return e.first();
        }
        throw new AssertionError("assembled without error: " + text);
    }

    @Test
    void loadRegisterImmediateFromTheSpecNames() {
        assertThat(asm(".gen gen9\nMI_LOAD_REGISTER_IMM \"Register Offset\"=0x2580 \"Data DWord\"=0x10001"))
                .containsExactly(0x11000001, 0x2580, 0x10001);
    }

    @Test
    void aSecondRegisterPairIsElementZeroOfTheRepeatedGroupAndLengthens() {
        assertThat(asm("""
                .gen gen9
                MI_LOAD_REGISTER_IMM "Register Offset"=0x2580 "Data DWord"=0x10001
                    "Register Offset"[0]=0x2584 "Data DWord"[0]=5
                """)).containsExactly(0x11000003, 0x2580, 0x10001, 0x2584, 5);
        // a group element with zero data still counts whole
        assertThat(asm(".gen gen9\nMI_LOAD_REGISTER_IMM \"Register Offset\"[1]=0x2588"))
                .containsExactly(0x11000005, 0, 0, 0, 0, 0x2588, 0);
    }

    @Test
    void pipeControlWithEnumsByNameAndA48BitAddress() {
        assertThat(asm("""
                .gen skl
                PIPE_CONTROL "Post Sync Operation"="Write Immediate Data" "Destination Address Type"="GGTT"
                    "Address"=0x1234_5678_9ab0 "Immediate Data"=0x1_0000_0002 "Command Streamer Stall Enable"=true
                """)).containsExactly(0x7a000004, 0x01104000, 0x56789ab0, 0x1234, 2, 1);
        // the same by numbers
        assertThat(asm(".gen gen9\nPIPE_CONTROL \"Post Sync Operation\"=1 \"Destination Address Type\"=1 \"Address\"=0x10"))
                .containsExactly(0x7a000004, 0x01004000, 0x10, 0, 0, 0);
    }

    @Test
    void labelsForwardAndBackwardWithExpressions() {
        Program p = new Assembler().assemble("t.gasm", """
                .gen gen9
                .org 0x1000 ppgtt
                start:
                MI_NOOP
                MI_BATCH_BUFFER_START "Batch Buffer Start Address"=target+8 "Address Space Indicator"="PPGTT"
                target:  # 0x1010
                MI_BATCH_BUFFER_END
                .dword start, target - start, 2 * (3 + 4), -1
                """);
        assertThat(p.dwords()).containsExactly(0, 0x18800101, 0x1018, 0, 0x05000000, 0x1000, 0x10, 14, -1);
        assertThat(p.labels()).containsEntry("start", 0x1000L).containsEntry("target", 0x1010L);
        assertThat(p.sections()).singleElement().satisfies(s -> {
            assertThat(s.address()).isEqualTo(0x1000);
            assertThat(s.space()).isEqualTo(AddressSpace.PPGTT);
        });
        assertThat(p.placements()).extracting(Placement::name, Placement::line, Placement::address)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("MI_NOOP", 4, 0x1000L),
                        org.assertj.core.groups.Tuple.tuple("MI_BATCH_BUFFER_START", 5, 0x1004L),
                        org.assertj.core.groups.Tuple.tuple("MI_BATCH_BUFFER_END", 7, 0x1010L),
                        org.assertj.core.groups.Tuple.tuple(".dword", 8, 0x1014L));
    }

    @Test
    void floatsFixedPointAndSignedIntegers() {
        assertThat(asm(".gen gen8\n3DSTATE_CLEAR_PARAMS \"Depth Clear Value\"=1 \"Depth Clear Value Valid\"=true"))
                .containsExactly(0x78040001, 0x3f800000, 1);
        assertThat(asm(".gen gen8\n3DSTATE_CLEAR_PARAMS \"Depth Clear Value\"=-0.0"))
                .containsExactly(0x78040001, 0x80000000, 0);
        // a hex number in a float field is the raw bits
        assertThat(asm(".gen gen8\n3DSTATE_CLEAR_PARAMS \"Depth Clear Value\"=0x3f000000"))
                .containsExactly(0x78040001, 0x3f000000, 0);
        assertThat(asm(".gen gen8\n3DSTATE_DRAWING_RECTANGLE \"Drawing Rectangle Origin X\"=-3 \"Drawing Rectangle Origin Y\"=2"))
                .containsExactly(0x79000002, 0, 0, 0x0002fffd);
        // u0.8 slopes: 0.5 is 128/256
        assertThat(asm(".gen gen9\n3DSTATE_AA_LINE_PARAMETERS \"AA Coverage Slope\"=0.5")[1] & 0xff).isEqualTo(128);
    }

    @Test
    void structFieldsByPathAndSurfaceFormatNames() {
        int[] p = asm("""
                .gen gen9
                3DSTATE_VERTEX_ELEMENTS "Element"[0]."Valid"=true "Element"[0]."Source Element Format"="ISL_FORMAT_R32G32B32_FLOAT"
                    "Element"[0]."Component 3 Control"="STORE_1_FP" "Element"[1].Valid=1
                """);
        assertThat(p).hasSize(5);
        assertThat(p[0]).isEqualTo(0x78090003);
        int format = SpecLoader.builtin("gen9").enumeration("SURFACE_FORMAT").values().entrySet().stream()
                .filter(e -> e.getValue().equals("ISL_FORMAT_R32G32B32_FLOAT")).findFirst().orElseThrow().getKey().intValue();
        assertThat(p[1]).isEqualTo(1 << 25 | format << 16);
        assertThat((p[2] >>> 16) & 7).isEqualTo(3); // STORE_1_FP
        assertThat(p[3]).isEqualTo(1 << 25);
    }

    @Test
    void explicitLengthHeaderFieldsAndRawDwordsReproduceOddStreams() {
        // a DWord Length that says more than the fields need
        assertThat(asm(".gen gen9\nMI_LOAD_REGISTER_IMM \"DWord Length\"=2 \"Register Offset\"=0x2580"))
                .containsExactly(0x11000002, 0x2580, 0, 0);
        // @n replaces a whole dword after the fields (bit 17 no field covers)
        assertThat(asm(".gen gen9\nMI_LOAD_REGISTER_IMM \"Data DWord\"=7 @0=0x11020001"))
                .containsExactly(0x11020001, 0, 7);
        // the dword form of MI_STORE_DATA_IMM keeps its nominal length; a wider value adds the dword
        assertThat(asm(".gen gen9\nMI_STORE_DATA_IMM \"Immediate Data\"=5")).hasSize(4);
        assertThat(asm(".gen gen9\nMI_STORE_DATA_IMM \"Immediate Data\"=0x100000005")).containsExactly(0x10000003, 0, 0, 5, 1);
    }

    @Test
    void whatItAssemblesDecodesBackToTheSameFields() {
        int[] p = asm(".gen gen9\nMI_STORE_DATA_IMM \"Use Global GTT\"=true \"Address\"=0x2000 \"Immediate Data\"=9");
        Decoder d = new Decoder(SpecLoader.builtin("gen9"));
        Command c = d.decodeOne(Engine.RENDER, p, 0, p.length, 0, AddressSpace.PPGTT);
        assertThat(c.name()).isEqualTo("MI_STORE_DATA_IMM");
        assertThat(d.addresses(c)).singleElement().satisfies(a -> {
            assertThat(a.address()).isEqualTo(0x2000);
            assertThat(a.space()).isEqualTo(AddressSpace.GGTT);
        });
        assertThat(Decoder.field(c, "Immediate Data", -1)).isEqualTo(9);
    }

    @Test
    void sectionsFollowOrgAndEngineChanges() {
        Program p = new Assembler(SpecLoader.builtin("gen12")).assemble("t.gasm", """
                MI_NOOP
                .org 0x2000 ppgtt
                MI_NOOP
                .engine blitter
                MI_NOOP
                """);
        assertThat(p.sections()).extracting(Section::address, Section::space, Section::engine).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0L, AddressSpace.GGTT, Engine.RENDER),
                org.assertj.core.groups.Tuple.tuple(0x2000L, AddressSpace.PPGTT, Engine.RENDER),
                org.assertj.core.groups.Tuple.tuple(0x2004L, AddressSpace.PPGTT, Engine.BLITTER));
        assertThat(p.memory().read(AddressSpace.PPGTT, 0x2000, new int[4], 0, 4)).isEqualTo(2);
        assertThat(p.memory().read(AddressSpace.GGTT, 0x2000, new int[4], 0, 4)).isZero();
    }

    @Test
    void anUnknownFieldListsTheCommandsFieldsWithAGuess() {
        AsmError e = error(".gen gen9\nMI_STORE_DATA_IMM  \"Adress\"=0x1000");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(20);
        assertThat(e.message()).startsWith("unknown field \"Adress\" in MI_STORE_DATA_IMM (did you mean \"Address\"?)")
                .contains("its fields: ").contains("\"Use Global GTT\"").contains("\"Immediate Data\"");
        assertThat(e.toString()).startsWith("t.gasm:2:20: ");
    }

    @Test
    void anUnknownEnumValueListsTheEnumsNames() {
        AsmError e = error(".gen gen9\nPIPE_CONTROL \"Post Sync Operation\"=\"Write Imediate Data\"");
        assertThat(e.column()).isEqualTo(36);
        assertThat(e.message()).isEqualTo("unknown value \"Write Imediate Data\" for field \"Post Sync Operation\"; its values: "
                + "\"No Write\", \"Write Immediate Data\", \"Write PS Depth Count\", \"Write Timestamp\"");
    }

    @Test
    void groupFieldsNeedTheirIndex() {
        assertThat(error(".gen gen9\n3DSTATE_VERTEX_ELEMENTS \"Element\".\"Valid\"=1").message())
                .contains("\"Element\" in 3DSTATE_VERTEX_ELEMENTS takes 1 index").contains("\"Element\"[0]");
        assertThat(error(".gen gen9\n3DSTATE_VERTEX_ELEMENTS \"Element\"[0].\"Vaild\"=1").message())
                .contains("did you mean \"Valid\"").contains("in \"Element\"[0]");
    }

    @Test
    void valuesThatDoNotFitAreRefusedWithTheRange() {
        assertThat(error(".gen gen9\nMI_BATCH_BUFFER_START \"Address Space Indicator\"=2").message())
                .isEqualTo("2 does not fit field \"Address Space Indicator\" (1 bit: 0 to 1)");
        assertThat(error(".gen gen9\nMI_BATCH_BUFFER_START \"Batch Buffer Start Address\"=0x1002").message())
                .startsWith("0x1002 is not a multiple of 4");
        assertThat(error(".gen gen9\nPIPE_CONTROL \"Address\"=0x1000000000000").message())
                .isEqualTo("0x1000000000000 does not fit field \"Address\" (48-bit addresses, up to 0xfffffffffffc)");
        assertThat(error(".gen gen9\n.dword 0x100000000").message()).isEqualTo("0x100000000 does not fit a dword");
    }

    @Test
    void namesThatAreWrongElsewhere() {
        assertThat(error(".gen gen9\nPIPE_CONTRL").message()).startsWith("unknown command PIPE_CONTRL in gen9 (did you mean PIPE_CONTROL?)");
        assertThat(error(".gen gen9\n.engine blitter\nPIPE_CONTROL").message())
                .isEqualTo("PIPE_CONTROL does not run on the blitter engine (it runs on render, compute); say which with .engine");
        assertThat(error(".gen gen99").message()).startsWith("unknown generation gen99 (gen7, gen75, gen8, gen9, gen11, gen12, gen125, gen20, gen30, or a platform: ");
        assertThat(error(".engine gpu").message()).startsWith("unknown engine 'gpu'");
        assertThat(error("MI_NOOP").message()).startsWith("no generation given");
        assertThat(error(".gen gen9\n.align 4").message()).startsWith("unknown directive .align");
        assertThat(error(".gen gen9\nMI_BATCH_BUFFER_START \"Batch Buffer Start Address\"=strat\nstart:").message())
                .isEqualTo("undefined label strat (did you mean start?)");
        assertThat(error("a:\na:").message()).isEqualTo("label a already defined at line 1");
        assertThat(error(".org later\nlater:").message()).isEqualTo(".org can only use labels defined before it");
        assertThat(error(".gen gen9\nMI_NOOP \"Identification Number\"=1 \"Identification Number\"=2").message())
                .isEqualTo("field \"Identification Number\" given twice");
    }

    @Test
    void fieldsPastAnExplicitLengthAndLengthsThatDependOnLaterLabels() {
        assertThat(error(".gen gen9\nMI_LOAD_REGISTER_IMM \"DWord Length\"=0 \"Data DWord\"=1").message())
                .isEqualTo("field \"Data DWord\" (dword 2) lies past the end of MI_LOAD_REGISTER_IMM: \"DWord Length\"=0 makes it 2 dwords");
        assertThat(error(".gen gen9\nMI_LOAD_REGISTER_IMM \"DWord Length\"=n\nn:").message())
                .isEqualTo("the length of this statement depends on a label defined after it");
    }

    @Test
    void syntaxErrorsHaveTheirPosition() {
        AsmError e = error(".gen gen9\nMI_NOOP \"Identification Number\"=\nMI_NOOP");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(1);
        AsmException all = org.assertj.core.api.Assertions.catchThrowableOfType(AsmException.class,
                () -> new Assembler().assemble("t.gasm", ".gen gen9\n  %\nMI_NOOP ]"));
        assertThat(all.errors()).extracting(AsmError::line, AsmError::column)
                .contains(org.assertj.core.groups.Tuple.tuple(2, 3));
        assertThatThrownBy(() -> new Assembler().assemble("t.gasm", "(".repeat(10_000) + "1"))
                .isInstanceOf(AsmException.class).hasMessageContaining("nested too deeply");
    }

    @Test
    void commentsAndQuotedCommandNames() {
        assertThat(asm("""
                # a comment
                .gen gen9   # trailing
                "MI_NOOP" # quoted name
                MI_NOOP "Identification Number"=0x3ff # the same with a field
                """)).containsExactly(0, 0x3ff);
    }

    /** The example at the top of docs/genasm.md assembles to what the text says. */
    @Test
    void theReferenceExampleAssembles() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/genasm.md"));
        int open = doc.indexOf("```\n") + 4;
        String listing = doc.substring(open, doc.indexOf("```", open));
        Program p = new Assembler().assemble("genasm.md", listing);
        assertThat(p.labels()).containsEntry("start", 0x10000L).containsEntry("result", 0x1003cL);
        assertThat(p.dwords()).containsExactly(0x11000003, 0x2580, 0x10001, 0x2584, 5,
                0x7a000004, 0x4000, 0x1003c, 0, 1, 0,
                0x18c00101, 0x11000, 0,
                0x05000000,
                0, 0);
    }
}
