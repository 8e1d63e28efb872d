package io.genscope.eu;

/** A problem in an EU spec file (resource name and line). */
public class EuSpecException extends RuntimeException {
    public EuSpecException(String message) { super(message); }
}
