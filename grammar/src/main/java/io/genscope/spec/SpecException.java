package io.genscope.spec;

/** A spec file that cannot be loaded; the message starts with {@code file:line:column}. */
public final class SpecException extends RuntimeException {
    public SpecException(String message) {
        super(message);
    }
}
