package io.genscope.cli;

import picocli.CommandLine.Option;

/** {@code -h, --help} on every command: its usage, exit code 0. */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit")
    boolean help;
}
