package io.genscope.migration.transport;

import java.nio.file.Path;

/** Where a migration goes: {@code file:PATH} (a recorded migration) or {@code tcp:HOST:PORT}. */
public sealed interface Target permits Target.File, Target.Tcp {
    /** A file the stream is recorded into (and restored from, in-process, as it is written). */
    record File(Path path) implements Target {
        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    /** A receiver listening on a TCP port ({@code genscope receive --listen PORT}). */
    record Tcp(String host, int port) implements Target {
        @Override
        public String toString() {
            return "tcp:" + host + ":" + port;
        }
    }

    static Target parse(String text) {
        if (text.startsWith("file:") && text.length() > 5) {
            return new File(Path.of(text.substring(5)));
        }
        if (text.startsWith("tcp:")) {
            String rest = text.substring(4);
            int colon = rest.lastIndexOf(':');
            if (colon > 0) {
                String host = rest.substring(0, colon);
                if (host.startsWith("[") && host.endsWith("]")) {
                    host = host.substring(1, host.length() - 1);
                }
                try {
                    int port = Integer.parseInt(rest.substring(colon + 1));
                    if (port > 0 && port < 65536) {
                        return new Tcp(host, port);
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
            }
        }
        throw new IllegalArgumentException("target '" + text + "': use file:PATH or tcp:HOST:PORT");
    }
}
