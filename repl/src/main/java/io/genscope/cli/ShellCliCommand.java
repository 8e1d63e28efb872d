package io.genscope.cli;

import io.genscope.repl.ShellLauncher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genscope shell [FILE]}: the interactive shell, or a script of shell commands. */
@Command(name = "shell",
        header = "Explore a capture interactively: list, show, follow batches, find, refs, mem, regs, stats, diff.",
        description = {"On a terminal: line editing, Tab completion, history (~/.genscope_history), paging; Ctrl-C"
                + " stops the running command. Piped or with --batch: one command per line, plain output, exit code 1"
                + " if a command failed."})
final class ShellCliCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "A capture (or xe VF migration data) to open first")
    Path file;

    @Option(names = "--batch", paramLabel = "SCRIPT", description = "Run the shell commands in SCRIPT, then exit")
    Path script;

    @Option(names = "--gen", paramLabel = "NAME", completionCandidates = Gens.class,
            description = "Decode FILE as this device or generation (skl, tgl, gen9, gen12, ...)")
    String gen;

    @Option(names = "--ggtt-base", paramLabel = "ADDR", description = "xe VF migration data as FILE: where the VF's GGTT"
            + " range starts (the PF's debugfs ggtt_provisioned lists it); default: genscope's descriptor KLV, else"
            + " inferred from the context images")
    String ggttBase;

    @Override
    public Integer call() throws Exception {
        Gens.specOrNull("--gen", gen);
        if (file != null) {
            CliFiles.input(file);
        }
        if (ggttBase != null) {
            if (file == null) {
                throw new CliException("--ggtt-base places the VF data opened first; give it as FILE");
            }
            Values.ggttPage("--ggtt-base", ggttBase);
            if (!XeVfListing.accepts(file)) {
                throw new CliException("--ggtt-base places xe VF migration data; " + file + " is not that");
            }
        }
        if (script != null) {
            CliFiles.input(script);
        }
        return ShellLauncher.launch(file, gen, ggttBase, script);
    }
}
