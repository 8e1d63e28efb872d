package io.genscope.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpecCodecTest {
    static List<String> builtins() {
        return SpecLoader.BUILTIN;
    }

    @ParameterizedTest
    @MethodSource("builtins")
    void precompiledFormRoundTripsToTheParsedSpec(String gen) {
        Spec parsed = SpecLoader.parseBuiltin(gen);
        Spec decoded = SpecCodec.decode(SpecCodec.encode(parsed, 42), 42);
        assertThat(decoded).isNotNull();
        assertThat(List.copyOf(decoded.commands())).isEqualTo(List.copyOf(parsed.commands()));
        assertThat(List.copyOf(decoded.structs())).isEqualTo(List.copyOf(parsed.structs()));
        assertThat(List.copyOf(decoded.registers())).isEqualTo(List.copyOf(parsed.registers()));
        assertThat(List.copyOf(decoded.enums())).isEqualTo(List.copyOf(parsed.enums()));
        assertThat(decoded.collisions()).isEqualTo(parsed.collisions());
        assertThat(decoded.find(Engine.RENDER, 0x7a000004)).isEqualTo(parsed.find(Engine.RENDER, 0x7a000004));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gen9"})
    void staleOrForeignBytesAreIgnored(String gen) {
        byte[] bin = SpecCodec.encode(SpecLoader.parseBuiltin(gen), 7);
        assertThat(SpecCodec.decode(bin, 8)).isNull();
        assertThat(SpecCodec.decode(new byte[] {1, 2, 3}, 7)).isNull();
        assertThat(SpecCodec.decode(java.util.Arrays.copyOf(bin, bin.length / 2), 7)).isNull();
    }
}
