package io.genscope.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A list of required names against specs: missing fields, optional ones, and names no spec knows. */
class RequiredNamesTest {
    private final Spec spec = SpecLoader.fromText("t.gspec", """
            generation t version 9;
            command "CMD" engines render dwords 2 {
              field "Command Type" 29..31 uint = 3;
              field "Opcode" 16..23 uint = 1;
              field "Here" 32..63 uint;
            }
            """);

    @Test
    void aMissingRequiredFieldIsNamedWithItsUserAndOptionalOnesAreNot() {
        RequiredNames r = RequiredNames.of("the test").command("CMD", "Here", "Gone")
                .optional(RequiredNames.Kind.COMMAND, "CMD", "Elsewhere").struct("NO_SUCH_STRUCT", "Field");
        assertThat(r.missingIn(spec)).containsExactly("command \"CMD\" has no field \"Gone\", which the test needs");
        assertThat(r.unknownIn(List.of(spec))).containsExactly(
                "the test: no spec's command \"CMD\" has field \"Gone\"",
                "the test: no spec's command \"CMD\" has field \"Elsewhere\"",
                "the test: no spec defines struct \"NO_SUCH_STRUCT\"");
    }

    @Test
    void listsAreValuesAndBuildingOneLeavesTheOldAsItWas() {
        RequiredNames a = RequiredNames.of("u").command("CMD", "Here");
        RequiredNames b = a.register("REG", "F");
        assertThat(a.entries()).hasSize(1);
        assertThat(b.entries()).hasSize(2);
        assertThat(a).isEqualTo(RequiredNames.of("u").command("CMD", "Here"));
    }
}
