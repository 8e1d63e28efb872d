package io.genscope.repl.commands;

import io.genscope.repl.Args;
import io.genscope.repl.ShellCommand;
import io.genscope.repl.ShellContext;
import io.genscope.repl.ShellError;

/**
 * A command whose feature is not part of this build yet: listed in help, and says so when run.
 * Replace its registration in {@link StandardCommands} with the real command when the feature lands.
 */
final class NotInThisBuild implements ShellCommand {
    private final String name;
    private final String synopsis;
    private final String summary;
    private final String arrivesWith;

    NotInThisBuild(String name, String synopsis, String summary, String arrivesWith) {
        this.name = name;
        this.synopsis = synopsis;
        this.summary = summary;
        this.arrivesWith = arrivesWith;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String synopsis() {
        return synopsis;
    }

    @Override
    public String summary() {
        return summary + " (not available in this build)";
    }

    @Override
    public String help() {
        return "Not available in this build: it arrives with " + arrivesWith + ".";
    }

    @Override
    public boolean needsCapture() {
        return false;
    }

    @Override
    public void run(ShellContext ctx, Args args) {
        throw new ShellError(name + " is not available in this build (it arrives with " + arrivesWith + ")");
    }
}
