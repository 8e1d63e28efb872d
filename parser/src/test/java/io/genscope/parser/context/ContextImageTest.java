package io.genscope.parser.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.memory.BufferMemory;
import io.genscope.spec.Engine;
import io.genscope.spec.SpecLoader;
import org.junit.jupiter.api.Test;

/** The context-image layout comes from the spec, the same from gen8 to Xe3, and reads what writers place. */
class ContextImageTest {
    /** 52 register-state dwords with these (index, value) pairs set. */
    private static int[] dwords(int... pairs) {
        int[] state = new int[52];
        for (int i = 0; i < pairs.length; i += 2) {
            state[pairs[i]] = pairs[i + 1];
        }
        return state;
    }

    @Test
    void theLayoutIsTheOneReadersHaveAlwaysUsed() {
        ContextImage image = ContextImage.of(SpecLoader.builtin("gen9"));
        assertThat(image.registerState(0x12345)).as("one page after the LRCA, low bits dropped").isEqualTo(0x13000);
        assertThat(image.dwords()).isEqualTo(52);
        assertThat(image.ringStartDword()).isEqualTo(9);
        // head at dword 5, tail 7, start 9, ctl 11, PML4 high 49 and low 51
        int[] state = dwords(5, 0x40, 7, 0x80, 9, 0x7000, 11, 0x3001, 49, 0x1, 51, 0x200000);
        RingContext r = image.decode(state);
        assertThat(r.ringStart()).isEqualTo(0x7000);
        assertThat(r.head()).isEqualTo(0x40);
        assertThat(r.tail()).isEqualTo(0x80);
        assertThat(r.ringSize()).isEqualTo(4 * 4096);
        assertThat(r.pml4()).isEqualTo(0x1_0020_0000L);
        var s = r.submission(3, Engine.RENDER, 0x5009, 77);
        assertThat(s.ringStart()).isEqualTo(0x7000);
        assertThat(s.ringSize()).isEqualTo(4 * 4096);
        assertThat(s.pml4()).isEqualTo(0x1_0020_0000L);
        assertThat(s.fileOffset()).isEqualTo(77);
    }

    @Test
    void everyExeclistGenerationStatesTheSameLayoutAndGen7FallsBackToGen8s() {
        int[] state = new int[52];
        ContextImage gen8 = ContextImage.of(SpecLoader.builtin("gen8"));
        gen8.place(state, new RingContext(0x9000, 0x10, 0x20, 0x1001, new long[] {0xabc000, 1, 2, 3}));
        for (String g : SpecLoader.BUILTIN) {
            ContextImage image = ContextImage.forGeneration(g);
            assertThat(image.decode(state)).as(g).isEqualTo(gen8.decode(state));
            assertThat(image.registerState(0x1000)).as(g).isEqualTo(0x2000);
        }
        assertThatThrownBy(() -> ContextImage.of(SpecLoader.builtin("gen7")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("gen7")
                .hasMessageContaining(ContextImage.STRUCT);
    }

    @Test
    void readsThroughTheGgttAndSaysNullWhenUnmapped() {
        ContextImage image = ContextImage.forGeneration("gen12");
        int[] page = new int[1024 * 2];
        int[] state = new int[52];
        image.place(state, new RingContext(0x4000, 0, 0x18, 0x1, new long[] {0x8000, 0, 0, 0}));
        System.arraycopy(state, 0, page, 1024, state.length);
        BufferMemory memory = new BufferMemory(io.genscope.spec.AddressSpace.GGTT, 0x10000, page);
        assertThat(image.read(memory, 0x10000 | 0x19)).isEqualTo(new RingContext(0x4000, 0, 0x18, 0x1,
                new long[] {0x8000, 0, 0, 0}));
        assertThat(image.read(memory, 0x20000)).isNull();
    }

    @Test
    void plausibilityChecksTheRegisterListAgainstTheSpecsLri() {
        ContextImage image = ContextImage.forGeneration("gen9");
        int[] state = new int[52];
        image.place(state, new RingContext(0x4000, 0, 0x18, 0x1, new long[4]));
        assertThat(image.implausible(state)).as("values only").isNull();
        // an LRI of 14 registers naming CTX_CONTEXT_CONTROL, RING_HEAD, RING_TAIL, RING_START, RING_CTL
        int[] list = dwords(1, 0x1100101b, 2, 0x2244, 4, 0x2034, 6, 0x2030, 8, 0x2038, 10, 0x203c);
        for (int i = 1; i <= 10; i++) {
            state[i] |= list[i];
        }
        assertThat(image.implausible(state)).isNull();
        state[8] = 0x12038;
        assertThat(image.implausible(state)).contains("are not one engine's RING_HEAD");
        state[8] = 0x2038;
        state[1] = 0x7a000004;
        assertThat(image.implausible(state)).contains("not MI_LOAD_REGISTER_IMM");
        state[1] = 0x1100101b;
        state[9] = 0x4100;
        assertThat(image.implausible(state)).contains("not 4 KiB aligned");
    }
}
