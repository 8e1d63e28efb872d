package io.genscope.eu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The precompiled EU specs hold what the texts say, and a stale or damaged one is not used. */
class EuSpecCodecTest {
    @ParameterizedTest
    @ValueSource(strings = {"gen7", "gen75", "gen8", "gen9", "gen11", "gen12", "gen125"})
    void thePrecompiledFormIsTheParsedSpec(String family) {
        EuSpec parsed = EuSpecLoader.parseBuiltin(family);
        EuSpec back = EuSpecCodec.decode(EuSpecCodec.encode(parsed, 42), 42);
        assertThat(back).isNotNull();
        assertThat(back.name()).isEqualTo(parsed.name());
        assertThat(back.fields()).isEqualTo(parsed.fields());
        assertThat(back.compact()).isEqualTo(parsed.compact());
        assertThat(back.scatter()).isEqualTo(parsed.scatter());
        assertThat(back.desc()).isEqualTo(parsed.desc());
        assertThat(back.opcodes()).isEqualTo(parsed.opcodes());
        assertThat(back.names()).isEqualTo(parsed.names());
        assertThat(back.tables().keySet()).isEqualTo(parsed.tables().keySet());
        for (Map.Entry<String, long[]> e : parsed.tables().entrySet()) {
            assertThat(back.tables().get(e.getKey())).as(e.getKey()).containsExactly(e.getValue());
        }
        // the build wrote the same bytes (the loader would use them)
        assertThat(EuSpecCodec.encode(back, 42)).isEqualTo(EuSpecCodec.encode(parsed, 42));
        assertThat(EuSpecLoader.class.getResource(family + ".euspec.bin")).as("written by the build").isNotNull();
    }

    @Test
    void aStaleOrDamagedFormIsNotUsed() {
        byte[] bytes = EuSpecCodec.encode(EuSpecLoader.parseBuiltin("gen9"), 7);
        assertThat(EuSpecCodec.decode(bytes, 8)).as("another checksum").isNull();
        assertThat(EuSpecCodec.decode(Arrays.copyOf(bytes, bytes.length - 5), 7)).as("cut short").isNull();
        assertThat(EuSpecCodec.decode(Arrays.copyOf(bytes, bytes.length + 1), 7)).as("bytes after the end").isNull();
        byte[] huge = bytes.clone();
        // the first field map's count
        int at = 4 + 2 + 8 + 2 + "gen9".length();
        huge[at] = 0x7f;
        assertThat(EuSpecCodec.decode(huge, 7)).as("a count beyond the data").isNull();
        assertThat(EuSpecCodec.decode(new byte[0], 7)).isNull();
    }
}
