package io.genscope.repl;

import java.util.List;

/**
 * One command of the interactive shell. Adding a feature to the shell is writing one of these and
 * listing it in {@link io.genscope.repl.commands.StandardCommands#all()}; help, completion of its
 * name and dispatch follow from that.
 *
 * <p>A command prints through {@link ShellContext#out()} (plain text: the shell pages it on a
 * terminal and streams it in scripts) and reports failure by throwing {@link ShellError} with a
 * one-line message. Long loops call {@code ctx.cancel().check()} so that Ctrl-C stops them.
 */
public interface ShellCommand {
    /** The name typed at the prompt. */
    String name();

    /** Other names for it. */
    default List<String> aliases() {
        return List.of();
    }

    /** Usage, e.g. {@code list [START [COUNT]] | list all | list batch}. */
    String synopsis();

    /** One line saying what it does. */
    String summary();

    /** What {@code help NAME} prints below the synopsis: details and examples, lines without a final newline. */
    String help();

    /** Whether it needs an open capture (the shell says so when none is). */
    default boolean needsCapture() {
        return true;
    }

    /** Runs with the words that followed the name. */
    void run(ShellContext ctx, Args args) throws Exception;

    /**
     * Offers completions for word {@code index} of {@code words} (word 0 is the command's name).
     * Does nothing by default.
     */
    default void complete(ShellContext ctx, List<String> words, int index, Completions out) {
    }
}
