package io.genscope.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPlanTest {
    @ParameterizedTest
    @ValueSource(strings = {"gen8", "gen9", "gen11", "gen12", "gen125", "gen20", "gen30"})
    void everyBuiltInAddressCompilesAndTheMetadataSaysWhatIsAnAddress(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        AddressPlan plan = AddressPlan.of(spec);
        assertThat(plan.unsupported()).isEmpty();
        assertThat(AddressPlan.of(spec)).isSameAs(plan);
        assertThat(plan.fields(spec.command("PIPE_CONTROL"))).extracting(AddressField::pattern).containsExactly("Address");
        assertThat(plan.fields(spec.command("MI_LOAD_REGISTER_MEM"))).extracting(AddressField::pattern)
                .containsExactly("Memory Address", "Memory Address[{}]");
        assertThat(plan.fields(spec.command("3DSTATE_VERTEX_BUFFERS"))).extracting(AddressField::pattern)
                .containsExactly("Vertex Buffer State[{}].Buffer Starting Address");
        assertThat(plan.fields(spec.command("3DSTATE_CONSTANT_VS"))).extracting(AddressField::pattern)
                .containsExactly("Constant Body.Buffer[0]", "Constant Body.Buffer[1]", "Constant Body.Buffer[2]",
                        "Constant Body.Buffer[3]");
        assertThat(plan.fields(spec.command("MI_NOOP"))).isEmpty();
        assertThat(plan.registerFields(0x2038)).extracting(AddressField::pattern)
                .containsExactly("RCS_RING_BUFFER_START.Starting Address");
        assertThat(plan.registerFields(0x100004)).extracting(AddressField::pattern)
                .containsExactly("FENCE_REG_0.Fence End Address");
        assertThat(plan.registerFields(0x203c)).isEmpty();
        assertThat(plan.registerFields(Integer.MIN_VALUE)).isEmpty();
        assertThat(plan.registerFields(-4)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen125", "gen20", "gen30"})
    void theComputeEnginesRegistersHoldGgttAddresses(String gen) {
        AddressPlan plan = AddressPlan.of(SpecLoader.builtin(gen));
        assertThat(plan.registerFields(0x1a038)).extracting(AddressField::pattern)
                .containsExactly("CCS0_RING_BUFFER_START.Starting Address");
        assertThat(plan.registerFields(0x1a510)).extracting(AddressField::pattern)
                .containsExactly("CCS0_EXECLIST_SQ_CONTENTS_0.Context Descriptor.Logical Ring Context Address");
        assertThat(plan.registerFields(0x26548)).isNotEmpty();
        assertThat(plan.registerFields(0x1a550)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen7", "gen75"})
    void gen7AddressesAreThirtyTwoBitsWide(String gen) {
        Spec spec = SpecLoader.builtin(gen);
        AddressPlan plan = AddressPlan.of(spec);
        assertThat(plan.unsupported()).isEmpty();
        assertThat(plan.fields(spec.command("PIPE_CONTROL"))).extracting(AddressField::pattern).containsExactly("Address");
        assertThat(plan.fields(spec.command("3DSTATE_VERTEX_BUFFERS"))).extracting(AddressField::pattern)
                .containsExactly("Vertex Buffer State[{}].Buffer Starting Address", "Vertex Buffer State[{}].End Address");
        assertThat(plan.fields(spec.command("MI_NOOP"))).isEmpty();
        assertThat(plan.registerFields(0x2038)).extracting(AddressField::pattern)
                .containsExactly("RCS_RING_BUFFER_START.Starting Address");
        assertThat(plan.registerFields(0x4080)).extracting(AddressField::pattern)
                .containsExactly("RCS_HWS_PGA.Status Page Address");
        assertThat(plan.registerFields(0x100004)).extracting(AddressField::pattern)
                .containsExactly("FENCE_REG_0.Fence End Address");
        assertThat(plan.registerFields(0x1a038) != null && !plan.registerFields(0x1a038).isEmpty())
                .isEqualTo(gen.equals("gen75"));
    }
}
