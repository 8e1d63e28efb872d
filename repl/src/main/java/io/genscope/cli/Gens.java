package io.genscope.cli;

import io.genscope.repl.model.Generations;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.Iterator;
import java.util.List;

/** {@code --gen} for every command, through {@link Generations}; also picocli's completion candidates. */
final class Gens implements Iterable<String> {

    /** The built-in spec {@code name} stands for; {@code option} names the option in the refusal. */
    static Spec spec(String option, String name) {
        try {
            return SpecLoader.builtin(Generations.specName(option, name));
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage());
        }
    }

    /** Like {@link #spec}, or null when {@code name} is null (the capture names its device). */
    static Spec specOrNull(String option, String name) {
        return name == null ? null : spec(option, name);
    }

    /** Every accepted name. */
    static List<String> names() {
        return Generations.names();
    }

    /** The names as picocli completion candidates. */
    @Override
    public Iterator<String> iterator() {
        return names().iterator();
    }
}
