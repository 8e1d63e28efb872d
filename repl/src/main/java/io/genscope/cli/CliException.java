package io.genscope.cli;

/**
 * A refusal or I/O failure the command line reports as one line ({@code genscope: MESSAGE}) with
 * exit code 2: a usage error the parser cannot see, a missing file, an output it will not replace.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CliException(String message) {
        super(message, null, false, false);
    }
}
