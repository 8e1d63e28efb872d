package io.genscope.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.FieldDef;
import io.genscope.spec.Member;
import io.genscope.spec.RegisterDef;
import io.genscope.spec.SpaceRule;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every one-dword register of every built-in spec whose GGTT address field has no condition
 * (ring starts, status pages, Xe2's interrupt report pointers and indirect ring state): a value
 * written to it (a register write, an MI_LOAD_REGISTER_IMM of a context image) moves by its
 * window's delta when it names an address in a guest window, every bit outside the field stays,
 * and an address outside the windows is left as it is.
 */
class EveryAddressRegisterTest {
    static Stream<Arguments> registers() {
        List<Arguments> out = new ArrayList<>();
        for (String gen : SpecLoader.BUILTIN) {
            for (RegisterDef r : SpecLoader.builtin(gen).registers()) {
                if (field(r) != null) {
                    out.add(Arguments.of(gen, r.name()));
                }
            }
        }
        return out.stream();
    }

    /** The register's unconditional GGTT address field when it is one dword wide, else null. */
    static FieldDef field(RegisterDef r) {
        if (r.dwords() != 1) {
            return null;
        }
        for (Member m : r.members()) {
            if (m instanceof FieldDef f && f.isAddress() && f.space().kind() == SpaceRule.Kind.GGTT
                    && f.space().gate() == null && f.conditions().isEmpty() && f.end() < 32) {
                return f;
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("registers")
    void aGuestAddressMovesByItsDeltaAndNothingElseChanges(String gen, String name) {
        Spec spec = SpecLoader.builtin(gen);
        RegisterDef r = spec.register(name);
        FieldDef f = field(r);
        CommandRewriter rewriter = new CommandRewriter(spec, EveryAddressCommandTest.LOW);
        long fieldMask = (f.end() == 31 ? 0xffffffffL : (1L << (f.end() + 1)) - 1) & ~((1L << f.start()) - 1);
        int otherBits = (int) (~fieldMask & 0x5a5a5a5aL);
        long address = (3L << 20) & fieldMask; // 3 MiB: inside the guest aperture [0, 256 MiB)
        int value = (int) address | otherBits;
        int moved = rewriter.rewriteRegister(r.offset(), value, RewriteSink.NONE);
        long delta = EveryAddressCommandTest.LOW.g2h(address) - address;
        assertThat(delta).isNotZero();
        assertThat(moved & fieldMask).as("address").isEqualTo((address + delta) & fieldMask);
        assertThat(moved & ~fieldMask).as("other bits").isEqualTo(otherBits & ~fieldMask);

        long outside = (3L << 30) & fieldMask; // 3 GiB: in no window
        if (outside != (3L << 30)) {
            return; // the field cannot hold it
        }
        int untouched = (int) outside | otherBits;
        assertThat(rewriter.rewriteRegister(r.offset(), untouched, RewriteSink.NONE)).as("outside the windows")
                .isEqualTo(untouched);
    }
}
