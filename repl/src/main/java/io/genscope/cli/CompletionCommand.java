package io.genscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genscope completion}: the bash/zsh completion script, printed or installed. */
@Command(name = "completion", sortOptions = false,
        header = "Print or install the bash and zsh completion script for genscope.",
        description = {"The script is generated from the command definitions, so it completes every command,"
                + " option and --gen name of this build.",
                "bash: 'genscope completion --install' writes it to ~/.local/share/bash-completion/completions/genscope,"
                        + " where bash-completion finds it in new shells; or add 'source <(genscope completion)'"
                        + " to ~/.bashrc.",
                "zsh: add 'source <(genscope completion zsh)' to ~/.zshrc, or 'genscope completion zsh --install'"
                        + " and source the file it names (the script loads zsh's bashcompinit itself)."})
final class CompletionCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    /** Where bash-completion (2.x) looks for per-user completions. */
    static final String BASH_DIR = ".local/share/bash-completion/completions";
    /** Where the zsh copy goes; ~/.zshrc sources it. */
    static final String ZSH_FILE = ".local/share/genscope/completion.zsh";

    @Parameters(arity = "0..1", paramLabel = "SHELL", defaultValue = "bash",
            description = "bash or zsh (default: ${DEFAULT-VALUE}); the script is the same, zsh runs it through bashcompinit")
    String shell;

    @Option(names = "--install", description = "Write the script to its place under your home directory instead of printing it")
    boolean install;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The completion script for the whole command line. */
    static String script() {
        return AutoComplete.bash("genscope", Main.commandLine());
    }

    @Override
    public Integer call() throws IOException {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new CliException("completion: '" + shell + "': bash or zsh");
        }
        String text = script();
        if (!install) {
            System.out.print(text);
            System.out.flush();
            return Main.OK;
        }
        Path home = CliFiles.home();
        Path file = home.resolve(shell.equals("bash") ? BASH_DIR + "/genscope" : ZSH_FILE);
        Files.createDirectories(file.getParent());
        CliFiles.write(file, true, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
        System.out.println("wrote " + file);
        System.out.println(shell.equals("bash")
                ? "new bash shells complete genscope (with the bash-completion package); in this one: source " + file
                : "add this line to ~/.zshrc: source " + file);
        return Main.OK;
    }
}
