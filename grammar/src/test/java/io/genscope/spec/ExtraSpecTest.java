package io.genscope.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-written {@code <gen>-extra.gspec} additions: every added header decodes with its length. */
class ExtraSpecTest {

    /** The generations built on gen8-extra.gspec (gen7 and gen7.5 stand alone). */
    private static final List<String> ALL = List.of("gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30");
    private static final List<String> GEN9_UP = ALL.subList(1, ALL.size());
    private static final List<String> GEN11_UP = ALL.subList(2, ALL.size());

    /** Blitter dword 0: Client 2, opcode in 28:22, DWord Length (length - 2) in 7:0. */
    private static int blt(int opcode, int dwords) {
        return 2 << 29 | opcode << 22 | (dwords - 2);
    }

    /** MI dword 0: opcode in 28:23; single-dword commands carry no length. */
    private static int mi(int opcode, int dwords) {
        return opcode << 23 | (dwords > 1 ? dwords - 2 : 0);
    }

    /** VEBOX dword 0: type 3, pipeline 2, opcode 4, sub-opcode A 0, sub-opcode B, length - 2 in 11:0. */
    private static int vebox(int subOpcodeB, int dwords) {
        return 3 << 29 | 2 << 27 | 4 << 24 | subOpcodeB << 16 | (dwords - 2);
    }

    static List<String> gen8AndLater() {
        return ALL;
    }

    static List<String> builtins() {
        return SpecLoader.BUILTIN;
    }

    private record Row(String gen, Engine engine, int dw0, String name, int dwords) {
        Arguments args() {
            return Arguments.of(gen, engine, dw0, name, dwords);
        }
    }

    static Stream<Arguments> addedCommands() {
        List<Row> rows = new ArrayList<>();
        for (String gen : ALL) {
            // blitter, fixed length on gen8+ (48-bit addresses)
            rows.add(new Row(gen, Engine.BLITTER, blt(0x01, 10), "XY_SETUP_BLT", 10));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x03, 3), "XY_SETUP_CLIP_BLT", 3));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x11, 10), "XY_SETUP_MONO_PATTERN_SL_BLT", 10));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x24, 2), "XY_PIXEL_BLT", 2));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x25, 3), "XY_SCANLINES_BLT", 3));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x26, 5), "XY_TEXT_BLT", 5));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x40, 6), "COLOR_BLT", 6));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x43, 8), "SRC_COPY_BLT", 8));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x50, 7), "XY_COLOR_BLT", 7));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x51, 8), "XY_PAT_BLT", 8));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x52, 10), "XY_MONO_PAT_BLT", 10));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x53, 10), "XY_SRC_COPY_BLT", 10));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x54, 10), "XY_MONO_SRC_COPY_BLT", 10));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x55, 12), "XY_FULL_BLT", 12));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x56, 12), "XY_FULL_MONO_SRC_BLT", 12));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x57, 14), "XY_FULL_MONO_PATTERN_BLT", 14));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x58, 14), "XY_FULL_MONO_PATTERN_MONO_SRC_BLT", 14));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x59, 8), "XY_MONO_PAT_FIXED_BLT", 8));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x73, 12), "XY_SRC_COPY_CHROMA_BLT", 12));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x76, 10), "XY_PAT_CHROMA_BLT", 10));
            // blitter, variable length (inline data after the fixed part)
            rows.add(new Row(gen, Engine.BLITTER, blt(0x31, 3 + 4), "XY_TEXT_IMMEDIATE_BLT", 7));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x71, 8 + 2), "XY_MONO_SRC_COPY_IMMEDIATE_BLT", 10));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x72, 6 + 16), "XY_PAT_BLT_IMMEDIATE", 22));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x74, 10 + 64), "XY_FULL_IMMEDIATE_PATTERN_BLT", 74));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x75, 10 + 32), "XY_FULL_MONO_SRC_IMMEDIATE_PATTERN_BLT", 42));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x77, 8 + 16), "XY_PAT_CHROMA_BLT_IMMEDIATE", 24));
            // flag bits in dword 0 (byte mask, tiling) are not part of the header
            rows.add(new Row(gen, Engine.BLITTER, blt(0x53, 10) | 3 << 20 | 1 << 15 | 1 << 11, "XY_SRC_COPY_BLT", 10));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x54, 10) | 5 << 17 | 2 << 20, "XY_MONO_SRC_COPY_BLT", 10));

            // MI
            rows.add(new Row(gen, Engine.RENDER, mi(0x0E, 1) | 0x85, "MI_SET_APPID", 1));
            rows.add(new Row(gen, Engine.VIDEO, mi(0x16, 3), "MI_SEMAPHORE_MBOX", 3));
            rows.add(new Row(gen, Engine.BLITTER, mi(0x23, 5), "MI_UPDATE_GTT", 5));
            rows.add(new Row(gen, Engine.RENDER, mi(0x23, 2 + 2 * 255), "MI_UPDATE_GTT", 512));
            rows.add(new Row(gen, Engine.BLITTER, mi(0x26, 5), "MI_FLUSH_DW", 5));
            rows.add(new Row(gen, Engine.VIDEO, mi(0x26, 5), "MI_FLUSH_DW", 5));
            rows.add(new Row(gen, Engine.BLITTER, mi(0x14, 3), "MI_DISPLAY_FLIP", 3));
        }
        for (String gen : List.of("gen8", "gen9")) {
            rows.add(new Row(gen, Engine.RENDER, mi(0x04, 1), "MI_FLUSH", 1));
            rows.add(new Row(gen, Engine.VIDEOENHANCE, mi(0x04, 1), "MI_FLUSH", 1));
            rows.add(new Row(gen, Engine.BLITTER, mi(0x12, 2), "MI_LOAD_SCAN_LINES_INCL", 2));
            rows.add(new Row(gen, Engine.RENDER, mi(0x12, 2), "MI_LOAD_SCAN_LINES_INCL", 2));
        }
        rows.add(new Row("gen8", Engine.RENDER, mi(0x14, 3) | 4 << 19, "MI_DISPLAY_FLIP", 3));
        rows.add(new Row("gen9", Engine.RENDER, mi(0x19, 2), "MI_URB_CLEAR", 2));

        // blitter, gen9+
        for (String gen : GEN9_UP) {
            rows.add(new Row(gen, Engine.BLITTER, blt(0x42, 10), "XY_FAST_COPY_BLT", 10));
            rows.add(new Row(gen, Engine.BLITTER, blt(0x42, 10) | 3 << 20 | 2 << 13, "XY_FAST_COPY_BLT", 10));
        }

        // VEBOX
        rows.add(new Row("gen8", Engine.VIDEOENHANCE, vebox(0, 7), "VEBOX_SURFACE_STATE", 7));
        rows.add(new Row("gen8", Engine.VIDEOENHANCE, vebox(2, 12), "VEBOX_STATE", 12));
        rows.add(new Row("gen8", Engine.VIDEOENHANCE, vebox(3, 20), "VEB_DI_IECP", 20));
        rows.add(new Row("gen9", Engine.VIDEOENHANCE, vebox(2, 16), "VEBOX_STATE", 16));
        for (String gen : GEN9_UP) {
            rows.add(new Row(gen, Engine.VIDEOENHANCE, vebox(0, 9), "VEBOX_SURFACE_STATE", 9));
            rows.add(new Row(gen, Engine.VIDEOENHANCE, vebox(1, 5), "VEBOX_TILING_CONVERT", 5));
            rows.add(new Row(gen, Engine.VIDEOENHANCE, vebox(3, 24), "VEB_DI_IECP", 24));
        }
        for (String gen : GEN11_UP) {
            rows.add(new Row(gen, Engine.VIDEOENHANCE, vebox(2, 19), "VEBOX_STATE", 19));
        }
        // the VP8 picture state shares the VEBOX_SURFACE_STATE header but stays on the video engine
        for (String gen : ALL) {
            rows.add(new Row(gen, Engine.VIDEO, vebox(0, 2), "MFX_VP8_PIC_STATE", 2));
        }
        return rows.stream().map(Row::args);
    }

    @ParameterizedTest(name = "{0} {1} 0x{2}: {3}")
    @MethodSource("addedCommands")
    void addedCommandIsFoundWithItsLength(String gen, Engine engine, int dw0, String name, int dwords) {
        CommandDef c = SpecLoader.builtin(gen).find(engine, dw0);
        assertThat(c).as("%s on %s: 0x%08x", gen, engine, dw0).isNotNull();
        assertThat(c.name()).isEqualTo(name);
        assertThat(c.length(dw0)).isEqualTo(dwords);
    }

    @ParameterizedTest
    @MethodSource("gen8AndLater")
    void fixedLengthCommandsStateTheirNominalLength(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        for (String name : List.of("XY_SETUP_BLT", "XY_SRC_COPY_BLT", "XY_COLOR_BLT", "XY_FULL_MONO_PATTERN_BLT",
                "MI_SEMAPHORE_MBOX", "VEBOX_STATE", "VEBOX_SURFACE_STATE", "VEB_DI_IECP")) {
            CommandDef c = spec.command(name);
            assertThat(c).as(name).isNotNull();
            assertThat(c.length(c.headerValue() | (c.fixedDwords() - 2))).as(name).isEqualTo(c.fixedDwords());
        }
    }

    @Test
    void blitterCommandsAreBlitterOnlyAndNotOnGen8WhenNew() {
        Spec gen8 = SpecLoader.builtin("gen8");
        assertThat(gen8.find(Engine.RENDER, blt(0x53, 10))).isNull();
        assertThat(gen8.find(Engine.VIDEO, blt(0x50, 7))).isNull();
        assertThat(gen8.find(Engine.BLITTER, blt(0x42, 10))).isNull();
        assertThat(gen8.find(Engine.VIDEOENHANCE, vebox(1, 5))).isNull();
        assertThat(gen8.command("XY_FAST_COPY_BLT")).isNull();
        // VEBOX commands are not on the video (VCS) engine
        assertThat(gen8.find(Engine.VIDEO, vebox(2, 12))).isNull();
    }

    @Test
    void opcodesThatChangedMeaningOnGen11() {
        for (String gen : GEN11_UP) {
            Spec spec = SpecLoader.builtin(gen);
            assertThat(spec.command("MI_FLUSH")).isNull();
            assertThat(spec.find(Engine.RENDER, mi(0x04, 1)).name()).isEqualTo("MI_WAIT_FOR_EVENT_2");
            assertThat(spec.command("MI_URB_CLEAR")).isNull();
            assertThat(spec.find(Engine.RENDER, mi(0x19, 2))).isNull();
        }
    }

    @Test
    void addressFieldsOfAddedCommands() {
        Spec gen9 = SpecLoader.builtin("gen9");
        FieldDef dst = gen9.command("XY_SRC_COPY_BLT").field("Destination Base Address");
        assertThat(dst.isAddress()).isTrue();
        assertThat(dst.start()).isEqualTo(128);
        assertThat(dst.width()).isEqualTo(48);
        assertThat(dst.space().resolve(0, AddressSpace.PPGTT)).isEqualTo(AddressSpace.PPGTT);
        FieldDef src = gen9.command("XY_FAST_COPY_BLT").field("Source Base Address");
        assertThat(src.isAddress()).isTrue();
        assertThat(src.start()).isEqualTo(256);
        FieldDef flip = SpecLoader.builtin("gen8").command("MI_DISPLAY_FLIP").field("Display Buffer Base Address");
        assertThat(flip.space().resolve(0, AddressSpace.PPGTT)).isEqualTo(AddressSpace.GGTT);
        FieldDef flush = gen9.command("MI_FLUSH_DW").field("Address");
        assertThat(flush.space().resolve(1, AddressSpace.PPGTT)).isEqualTo(AddressSpace.GGTT);
        assertThat(flush.space().resolve(0, AddressSpace.GGTT)).isEqualTo(AddressSpace.PPGTT);
    }

    @ParameterizedTest
    @MethodSource("builtins")
    void noNewHeaderCollisions(String gen) {
        List<String> collisions = SpecLoader.builtin(gen).collisions();
        if (gen.equals("gen8") || gen.equals("gen9") || gen.startsWith("gen7")) {
            assertThat(collisions).isEmpty();
        } else {
            // the one genxml itself has: HCP_TILE_CODING and HCP_RDOQ_STATE share 0x7395, on video and videoenhance
            assertThat(collisions).hasSize(2)
                    .allMatch(c -> c.contains("HCP_TILE_CODING") && c.contains("HCP_RDOQ_STATE"));
        }
    }

    @Test
    void gen125TellsThePrimitiveFormsApartAndKeepsVp8OnTheVideoEngine() {
        for (String gen : List.of("gen125", "gen20", "gen30")) {
            Spec spec = SpecLoader.builtin(gen);
            assertThat(spec.find(Engine.RENDER, 0x7b000005).name()).isEqualTo("3DPRIMITIVE");
            assertThat(spec.find(Engine.RENDER, 0x7b000808).name()).isEqualTo("3DPRIMITIVE_EXTENDED");
            assertThat(spec.find(Engine.VIDEOENHANCE, vebox(0, 9)).name()).isEqualTo("VEBOX_SURFACE_STATE");
            assertThat(spec.find(Engine.VIDEO, vebox(0, 2)).name()).isEqualTo("MFX_VP8_PIC_STATE");
            assertThat(spec.registerAt(0x1a550).name()).isEqualTo("CCS0_EXECLIST_CONTROL");
            assertThat(spec.registerAt(0x26510).name()).isEqualTo("CCS3_EXECLIST_SQ_CONTENTS_0");
            assertThat(spec.registerAt(0x540038).name()).isEqualTo("MEDIA_VCS0_RING_BUFFER_START");
        }
        assertThat(SpecLoader.builtin("gen20").registerAt(0x3ee510).name()).isEqualTo("BCS8_EXECLIST_SQ_CONTENTS_0");
        assertThat(SpecLoader.builtin("gen125").registerAt(0x3ee510)).isNull();
    }

    @Test
    void gen7DescribesItsRingRegistersAndTheDirectModeLayout() {
        Spec gen7 = SpecLoader.builtin("gen7");
        assertThat(gen7.registerAt(0x4080).name()).isEqualTo("RCS_HWS_PGA");
        assertThat(gen7.registerAt(0x22038).field("Starting Address").space().kind()).isEqualTo(SpaceRule.Kind.GGTT);
        assertThat(gen7.registerAt(0x100000 + 8 * 31).name()).isEqualTo("FENCE_REG_31");
        assertThat(gen7.registerAt(0x1a038)).isNull();
        assertThat(SpecLoader.builtin("gen75").registerAt(0x1a038).name()).isEqualTo("VECS_RING_BUFFER_START");
        CommandDef direct = gen7.command("MFX_AVC_DIRECTMODE_STATE");
        assertThat(direct.members()).filteredOn(m -> m instanceof GroupDef).extracting(Member::start)
                .containsExactly(32, 1056, 1120);
    }
}
