package io.genscope.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genscope man}: the manual page, printed or installed. */
@Command(name = "man",
        header = "Print or install the genscope manual page (troff), made from the command definitions.",
        description = {"Read it with 'genscope man | man -l -'. 'genscope man --install' writes"
                + " ~/.local/share/man/man1/genscope.1, which 'man genscope' then finds. The build also writes"
                + " repl/target/man/genscope.1."})
final class ManCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    HelpOption helpOption;

    /** Where per-user manual pages go (man-db searches it when ~/.local/bin is on the PATH). */
    static final String MAN_FILE = ".local/share/man/man1/genscope.1";

    @Option(names = "--install", description = "Write the page to ~/" + MAN_FILE + " instead of printing it")
    boolean install;

    @Override
    public Integer call() throws IOException {
        String page = ManPage.render(Main.commandLine());
        if (!install) {
            System.out.print(page);
            System.out.flush();
            return Main.OK;
        }
        Path file = CliFiles.home().resolve(MAN_FILE);
        Files.createDirectories(file.getParent());
        CliFiles.write(file, true, tmp -> Files.writeString(tmp, page, StandardCharsets.UTF_8));
        System.out.println("wrote " + file + "; read it with: man genscope (or man -l " + file + ")");
        return Main.OK;
    }
}
