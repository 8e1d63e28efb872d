package io.genscope.migration.workload.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.parser.asm.Assembler;
import io.genscope.parser.asm.Program;
import io.genscope.parser.decode.Command;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.memory.BufferMemory;
import io.genscope.spec.AddressSpace;
import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.FieldDef;
import io.genscope.spec.Member;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import io.genscope.spec.StructDef;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command model on hand-built commands: which state a draw writes, and when it writes nothing. */
class GpuWriteModelTest {
    private final Spec spec = SpecLoader.builtin("gen12");
    private final Decoder decoder = new Decoder(spec);

    /** A command of {@code name} with its header (opcode fields and length) and {@code body} dwords 1... */
    private Command command(String name, int... body) {
        CommandDef def = spec.command(name);
        int[] d = new int[def.fixedDwords()];
        for (Member m : def.members()) {
            if (m instanceof FieldDef f && f.end() < 32 && f.defaultValue() != null) {
                d[0] |= (int) (f.defaultValue() << f.start());
            }
        }
        System.arraycopy(body, 0, d, 1, Math.min(body.length, d.length - 1));
        Command c = decoder.decodeOne(Engine.RENDER, d, 0, d.length, 0x1000, AddressSpace.PPGTT);
        assertThat(c.name()).isEqualTo(name);
        return c;
    }

    @Test
    void aDrawWritesTheDepthBufferOnlyWhileDepthWritesAreOn() {
        GpuWriteModel m = new GpuWriteModel(spec);
        // pitch 1023 (+1 = 1 KiB), 2D, depth writes on; base 0x20_0000; height 99 (+1 = 100 rows -> 128)
        int dw1 = 1023 | (1 << 28) | (1 << 29);
        m.command(command("3DSTATE_DEPTH_BUFFER", dw1, 0x20_0000, 0, 99 << 17), decoder);
        m.command(command("3DPRIMITIVE"), decoder);
        List<GpuTarget> t = m.drain();
        assertThat(t).containsExactly(new GpuTarget(GpuTarget.Kind.DEPTH, "3DPRIMITIVE", 0x1000, AddressSpace.PPGTT, 0x20_0000,
                1024L * 128));
        m.command(command("3DSTATE_DEPTH_BUFFER", dw1 & ~(1 << 28), 0x20_0000, 0, 99 << 17), decoder);
        m.command(command("3DPRIMITIVE"), decoder);
        assertThat(m.drain()).isEmpty();
        // a null surface writes nothing whatever the enable says
        m.command(command("3DSTATE_DEPTH_BUFFER", 1023 | (1 << 28) | (7 << 29), 0x20_0000, 0, 0), decoder);
        m.command(command("3DPRIMITIVE"), decoder);
        assertThat(m.drain()).isEmpty();
    }

    @Test
    void streamOutputBuffersBoundForWritingAreWrittenByEachDraw() {
        GpuWriteModel m = new GpuWriteModel(spec);
        // body dword 0: SO Buffer Enable (bit 31); dwords 1-2 base; dword 3 size in dwords - 1
        m.command(command("3DSTATE_SO_BUFFER_INDEX_2", 1 << 31, 0x40_0000, 0, 1023), decoder);
        m.command(command("3DSTATE_SO_BUFFER_INDEX_3", 0, 0x50_0000, 0, 1023), decoder);
        m.command(command("3DPRIMITIVE"), decoder);
        assertThat(m.drain()).containsExactly(new GpuTarget(GpuTarget.Kind.STREAM_OUT, "3DPRIMITIVE", 0x1000,
                AddressSpace.PPGTT, 0x40_0000, 4096));
    }

    @Test
    void extentsAreCappedSoADamagedFieldCannotClaimEverything() {
        GpuWriteModel m = new GpuWriteModel(spec);
        m.command(command("3DSTATE_DEPTH_BUFFER", 0x3ffff | (1 << 28) | (1 << 29), 0x20_0000, 0, 0x3fff << 17 | 0x3fff << 1,
                0x7ff << 20), decoder);
        m.command(command("3DPRIMITIVE"), decoder);
        assertThat(m.drain()).singleElement().extracting(GpuTarget::bytes).isEqualTo(GpuWriteModel.MAX_TARGET_BYTES);
    }

    @Test
    void aPipeControlWithoutPostSyncWritesNothing() {
        GpuWriteModel m = new GpuWriteModel(spec);
        m.command(command("PIPE_CONTROL", 0x0010_1000, 0x3000, 0), decoder);
        assertThat(m.drain()).isEmpty();
        // post-sync operation 1 (write immediate), bits 14-15 of dword 1
        m.command(command("PIPE_CONTROL", 0x0010_5000, 0x3040, 0), decoder);
        assertThat(m.drain()).containsExactly(new GpuTarget(GpuTarget.Kind.PIPE_CONTROL, "PIPE_CONTROL", 0x1000,
                AddressSpace.PPGTT, 0x3040, 8));
    }

    /**
     * Gen12.5's binding table pool has no enable bit: the pixel shader's binding table is read
     * from the pool (the tracker shared with the printer), its entry from the surface state base.
     */
    @ParameterizedTest
    @ValueSource(strings = {"gen9", "gen125"})
    void theRenderTargetIsFoundThroughTheBindingTablePool(String gen) {
        String enable = gen.equals("gen9") ? " \"Binding Table Pool Enable\"=1" : "";
        Program p = new Assembler().assemble(gen + ".gasm", ".gen " + gen + "\n.engine render\n.org 0x1000 ppgtt\n"
                + "STATE_BASE_ADDRESS \"Surface State Base Address Modify Enable\"=1 \"Surface State Base Address\"=0x100000\n"
                + "3DSTATE_BINDING_TABLE_POOL_ALLOC \"Binding Table Pool Base Address\"=0x180000" + enable + "\n"
                + "3DSTATE_BINDING_TABLE_POINTERS_PS \"Pointer to PS Binding Table\"=0x40\n"
                + "3DPRIMITIVE\n");
        Spec s = p.sections().get(0).spec();
        Decoder d = new Decoder(s);
        // memory from the surface base: the binding table entry at pool + 0x40, the surface state at base + 0x1000
        int[] mem = new int[(0x181000 - 0x100000) / 4];
        mem[(0x180040 - 0x100000) / 4] = 0x1000;
        StructDef rss = s.struct("RENDER_SURFACE_STATE");
        int[] state = new int[rss.dwords()];
        put(state, rss.field("Surface Type"), 1);
        put(state, rss.field("Surface Base Address"), 0x800000);
        put(state, rss.field("Surface Pitch"), 4095);
        put(state, rss.field("Height"), 15);
        System.arraycopy(state, 0, mem, 0x1000 / 4, state.length);
        GpuWriteModel m = new GpuWriteModel(s);
        m.memory(new BufferMemory(AddressSpace.PPGTT, 0x100000, mem));
        int[] dw = p.dwords();
        for (Command c : d.decode(Engine.RENDER, dw, 0, dw.length, 0x1000, AddressSpace.PPGTT).commands()) {
            m.command(c, d);
        }
        assertThat(m.drain()).containsExactly(new GpuTarget(GpuTarget.Kind.RENDER_TARGET, "3DPRIMITIVE",
                0x1000 + 4L * (dw.length - s.command("3DPRIMITIVE").fixedDwords()), AddressSpace.PPGTT, 0x800000, 4096L * 32));
    }

    /** Sets a field's bits (an address field takes the byte address). */
    private static void put(int[] d, FieldDef f, long value) {
        long v = f.type().isAddressLike() ? value >>> (f.start() % 32) : value;
        for (int i = 0; i <= f.end() - f.start(); i++) {
            if ((v >>> i & 1) != 0) {
                int bit = f.start() + i;
                d[bit / 32] |= 1 << (bit % 32);
            }
        }
    }
}
