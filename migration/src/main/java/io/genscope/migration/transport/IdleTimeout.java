package io.genscope.migration.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SocketChannel;

/**
 * Reads a socket, closing it when no byte has arrived for {@code idleMillis}: a source that stops
 * sending then ends the stream (the receiver refuses it as truncated) instead of hanging the
 * destination forever.
 */
final class IdleTimeout implements ReadableByteChannel {
    private final SocketChannel socket;
    private final long idleMillis;
    private final Thread watchdog;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean done;

    IdleTimeout(SocketChannel socket, long idleMillis) {
        this.socket = socket;
        this.idleMillis = idleMillis;
        this.watchdog = new Thread(this::watch, "genscope-idle-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private void watch() {
        while (!done) {
            try {
                Thread.sleep(Math.max(10, Math.min(500, idleMillis / 4)));
            } catch (InterruptedException e) {
                return;
            }
            if (!done && System.nanoTime() - lastProgress > idleMillis * 1_000_000L) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // it is being abandoned anyway
                }
                return;
            }
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n;
        try {
            n = socket.read(dst);
        } catch (AsynchronousCloseException e) {
            throw new IOException("no data from the source for " + idleMillis + " ms", e);
        }
        lastProgress = System.nanoTime();
        return n;
    }

    @Override
    public boolean isOpen() {
        return socket.isOpen();
    }

    /** Stops watching (the socket stays open). */
    @Override
    public void close() {
        done = true;
        watchdog.interrupt();
    }
}
