package io.genscope.cli;

import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.Spec;
import io.genscope.spec.SpecLoader;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Lists what a built-in spec defines, or checks a spec file. */
@Command(name = "spec", description = "Show a built-in generation's commands, or check a .gspec file.")
final class SpecCommand implements Callable<Integer> {
    @Option(names = "--gen", description = "Built-in generation: ${COMPLETION-CANDIDATES}", defaultValue = "gen9")
    String gen;

    @Option(names = "--check", description = "Load this .gspec file and report errors (file:line:column)")
    java.nio.file.Path check;

    @Parameters(arity = "0..1", description = "Command name to show in full")
    String command;

    @Override
    public Integer call() throws Exception {
        Spec spec = check != null
                ? SpecLoader.fromText(check.getFileName().toString(), java.nio.file.Files.readString(check))
                : SpecLoader.builtin(gen);
        if (command != null) {
            CommandDef c = spec.command(command);
            if (c == null) {
                System.err.println("genscope: " + spec.name() + " has no command " + command);
                return 1;
            }
            System.out.printf("%s  engines %s  header 0x%08x/0x%08x%n", c.name(), c.engines(), c.headerValue(), c.headerMask());
            for (var m : c.members()) {
                System.out.println("  " + m);
            }
            return 0;
        }
        System.out.println(spec);
        for (String col : spec.collisions()) {
            System.out.println("collision: " + col);
        }
        for (CommandDef c : spec.commands()) {
            StringBuilder engines = new StringBuilder();
            for (Engine e : Engine.values()) {
                if (c.engines().contains(e)) {
                    engines.append(engines.length() == 0 ? "" : ",").append(e.specName());
                }
            }
            System.out.printf("0x%08x/0x%08x  %-48s %s%n", c.headerValue(), c.headerMask(), c.name(), engines);
        }
        return 0;
    }
}
