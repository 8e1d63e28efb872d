package io.genscope.migration.transport;

import java.io.IOException;
import java.nio.channels.WritableByteChannel;

/** The source's end of a migration: where the stream goes and where replies come back from. */
public interface Link extends AutoCloseable {
    /** The channel the stream is written to. */
    WritableByteChannel channel();

    /** Told the total bytes written after each flush of the stream writer. */
    default void flushed(long totalBytes) {
    }

    /** The whole stream was written: let the destination see its end. */
    void finishSending() throws IOException;

    /** The next reply, or null when none came within {@code timeoutMillis}. */
    Reply awaitReply(long timeoutMillis) throws IOException;

    /** Closes the link; a destination still reading sees the stream end where it is. */
    @Override
    void close();

    /** Opens a link to {@code target} (a TCP one unprotected, with the default deadlines). */
    static Link open(Target target, Destination.Options destination) throws IOException {
        return open(target, destination, TcpLink.Options.DEFAULT);
    }

    /** Opens a link to {@code target}; {@code tcp} says how a TCP link is protected and its deadlines. */
    static Link open(Target target, Destination.Options destination, TcpLink.Options tcp) throws IOException {
        if (target instanceof Target.File f) {
            return new FileLink(f.path(), destination);
        }
        Target.Tcp t = (Target.Tcp) target;
        return TcpLink.connect(t.host(), t.port(), tcp);
    }
}
