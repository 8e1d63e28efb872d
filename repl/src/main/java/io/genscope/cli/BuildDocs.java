package io.genscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by the build ({@code process-classes}): writes the manual page and the completion script
 * generated from the command definitions into the directory given ({@code repl/target}):
 * {@code man/genscope.1} and {@code completion/genscope.bash}.
 */
public final class BuildDocs {
    private BuildDocs() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target");
        Path man = dir.resolve("man/genscope.1");
        Path completion = dir.resolve("completion/genscope.bash");
        Files.createDirectories(man.getParent());
        Files.createDirectories(completion.getParent());
        Files.writeString(man, ManPage.render(Main.commandLine()), StandardCharsets.UTF_8);
        Files.writeString(completion, CompletionCommand.script(), StandardCharsets.UTF_8);
    }
}
