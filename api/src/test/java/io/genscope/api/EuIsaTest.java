package io.genscope.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

/** The api's EU disassembler against Mesa's {@code i965_disasm} lines of its own EU test suite (fixtures/eu). */
class EuIsaTest {
    /** The bytes and Mesa's lines of the test suite's first case ({@code add}, {@code cr0}) for a generation. */
    private record Case(byte[] bytes, List<String> expected) {
    }

    private static Case firstCase(String gen) throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("fixtures/eu"))) {
            p = p.getParent();
        }
        String text;
        try (InputStream in = new XZInputStream(Files.newInputStream(p.resolve("fixtures/eu/" + gen + ".oracle.xz")))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<String> expected = new ArrayList<>();
        boolean disasm = false;
        String[] lines = text.split("\n", -1);
        for (int i = 1; i < lines.length && !lines[i].startsWith("=== "); i++) {
            if (lines[i].equals("--- disasm")) {
                disasm = true;
            } else if (disasm && !lines[i].isEmpty()) {
                expected.add(lines[i]);
            } else if (!disasm && lines[i].startsWith("hex ")) {
                for (String b : lines[i].substring(4).trim().split("\\s+")) {
                    bytes.write(Integer.parseInt(b, 16));
                }
            }
        }
        return new Case(bytes.toByteArray(), expected);
    }

    @Test
    void disassemblesAsMesaDoes() throws IOException {
        for (String gen : List.of("gen8", "gen9", "gen11")) {
            Case c = firstCase(gen);
            EuIsa.Disassembly d = EuIsa.forGen(gen).disassemble(c.bytes());
            assertThat(d.problems()).as(gen).isEmpty();
            assertThat(d.text().lines().filter(l -> !l.isEmpty()).toList()).as(gen).isEqualTo(c.expected());
            assertThat(d.end()).isEqualTo(c.bytes().length);
            int offset = 0;
            for (EuIsa.Instruction i : d.instructions()) {
                assertThat(i.offset()).isEqualTo(offset);
                assertThat(i.text()).containsPattern("(^|\\) )" + i.opcode().orElseThrow() + "[.(]");
                assertThat(i.bytes()).isEqualTo(Arrays.copyOfRange(c.bytes(), offset, offset + i.bytes().length));
                assertThat(i.bytes()).hasSize(i.compacted() ? 8 : 16);
                assertThat(i.fields()).containsKey("hw_opcode");
                offset += i.bytes().length;
            }
        }
    }

    @Test
    void namesAndPlatforms() {
        assertThat(EuIsa.forGen("skl").name()).isEqualTo("gen9");
        assertThat(EuIsa.forGen("tgl").name()).isEqualTo("gen12");
        assertThatThrownBy(() -> EuIsa.forGen("nonsense")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aKernelEndsAtOpcodeZeroAndDamageIsAProblem() throws IOException {
        byte[] add = firstCase("gen9").bytes();
        byte[] code = new byte[32 + 16 + 32];
        System.arraycopy(add, 0, code, 0, 32);
        System.arraycopy(add, 0, code, 48, 32);
        EuIsa isa = EuIsa.forGen("gen9");
        EuIsa.Disassembly kernel = isa.disassembleKernel(code, 0);
        assertThat(kernel.instructions()).hasSize(3);
        assertThat(kernel.end()).isEqualTo(48);
        assertThat(isa.disassembleKernel(code, 48).instructions()).hasSize(2);

        EuIsa.Disassembly cut = isa.disassemble(Arrays.copyOf(add, 20));
        assertThat(cut.instructions()).hasSize(1);
        assertThat(cut.problems()).singleElement().satisfies(p -> assertThat(p.offset()).isEqualTo(16));
    }

    @Test
    void recordsAreCopies() throws IOException {
        EuIsa.Instruction i = EuIsa.forGen("gen9").disassemble(firstCase("gen9").bytes()).instructions().get(0);
        byte[] b = i.bytes();
        b[0] ^= 1;
        assertThat(i.bytes()).isNotEqualTo(b);
        assertThatThrownBy(() -> i.fields().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }
}
