package io.genscope.parser.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.genscope.parser.context.ContextImage;
import io.genscope.spec.RequiredNames;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecException;
import io.genscope.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names the parser's code looks up are checked when a spec loads, and every built-in spec has them. */
class RequiredNamesTest {
    @Test
    void theParsersListsAreRegistered() {
        assertThat(RequiredNames.all()).contains(StateBases.REQUIRED, ContextImage.REQUIRED,
                io.genscope.parser.walk.CommandWalker.REQUIRED);
    }

    @Test
    void everyBuiltInSpecHasEveryRequiredNameAndEachDefinitionIsSomewhere() {
        List<Spec> specs = SpecLoader.BUILTIN.stream().map(SpecLoader::builtin).toList();
        for (Spec s : specs) {
            for (RequiredNames r : RequiredNames.all()) {
                assertThat(r.missingIn(s)).as(s.name() + " for " + r.user()).isEmpty();
            }
        }
        for (RequiredNames r : RequiredNames.all()) {
            assertThat(r.unknownIn(specs)).as("misspelt names?").isEmpty();
        }
    }

    @Test
    void aSpecLackingARequiredFieldFailsToLoadNamingItAndItsUser() {
        String text = """
                generation broken version 9 extends gen9;
                command "STATE_BASE_ADDRESS" engines render dwords 3 bias 2 {
                  field "DWord Length" 0..7 uint = 1;
                  field "3D Command Sub Opcode" 16..23 uint = 1;
                  field "3D Command Opcode" 24..26 uint = 1;
                  field "Command SubType" 27..28 uint = 0;
                  field "Command Type" 29..31 uint = 3;
                  field "Surface State Base Address Modify Enable" 32 bool;
                  field "Surface State Base Address" 44..95 address;
                }
                """;
        assertThatThrownBy(() -> SpecLoader.fromText("broken.gspec", text))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("broken.gspec:1:1: spec broken: ")
                .hasMessageContaining("command \"STATE_BASE_ADDRESS\" has no field \"Dynamic State Base Address\"")
                .hasMessageContaining("which state base tracker (" + StateBases.class.getName() + ") needs");
    }

    @Test
    void aSpecWithoutTheDefinitionAtAllLoads() {
        Spec tiny = SpecLoader.fromText("tiny.gspec", """
                generation tiny version 9;
                command "MI_NOOP" engines all dwords 1 {
                  field "MI Command Opcode" 23..28 uint = 0;
                  field "Command Type" 29..31 uint = 0;
                }
                """);
        assertThat(tiny.command("MI_NOOP")).isNotNull();
    }
}
