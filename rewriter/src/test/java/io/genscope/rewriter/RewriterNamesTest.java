package io.genscope.rewriter;

import static org.assertj.core.api.Assertions.assertThat;

import io.genscope.spec.RequiredNames;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names the audit looks up are checked when a spec loads, and every built-in spec has them. */
class RewriterNamesTest {
    @Test
    void theAuditsNamesAreRegisteredAndEveryBuiltInSpecHasThem() {
        assertThat(RequiredNames.all()).contains(CommandAudit.REQUIRED);
        List<Spec> specs = SpecLoader.BUILTIN.stream().map(SpecLoader::builtin).toList();
        for (Spec s : specs) {
            assertThat(CommandAudit.REQUIRED.missingIn(s)).as(s.name()).isEmpty();
        }
        assertThat(CommandAudit.REQUIRED.unknownIn(specs)).as("misspelt names?").isEmpty();
    }
}
