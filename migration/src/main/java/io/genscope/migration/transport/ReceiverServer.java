package io.genscope.migration.transport;

import io.genscope.migration.Pools;
import io.genscope.migration.stream.Receiver;
import io.genscope.migration.stream.ResourceBudget;
import io.genscope.migration.stream.StreamRejection;
import io.genscope.parser.capture.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.Channels;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code genscope receive --listen PORT}: accepts migrations on a TCP port and serves each as a
 * {@link Destination}, replying on the same connection. What it promises (docs/receiver.md):
 * <ul>
 * <li>binding anything but a loopback address needs credentials (TLS or a pre-shared key) unless
 * {@link Options#insecure()} says otherwise; with credentials, a peer that cannot prove itself
 * is dropped after the handshake, before it can send a byte of a stream;</li>
 * <li>at most {@link Options#maxSessions()} sessions at once, each with an idle deadline (no byte
 * for {@link Options#idleMillis()}) and a total one ({@link Options#sessionMillis()}); a
 * connection beyond them is told REJECTED, busy, with the limit, and closed;</li>
 * <li>every SETUP reserves its session's fixed cost in one {@link ResourceBudget} shared by the
 * sessions, and is refused when it does not fit; guest memory is charged to it as pages arrive.</li>
 * </ul>
 * Sessions run on threads of their own; the destination's {@code restored} and {@code restore}
 * hooks are called one session at a time.
 */
public final class ReceiverServer implements AutoCloseable {
    /**
     * How the receiver listens.
     *
     * @param bind address to listen on
     * @param port port, or 0 for any free one
     * @param security how links are protected; sources must use the same
     * @param insecure allow binding a non-loopback address without credentials
     * @param maxSessions sessions served at once
     * @param idleMillis a session that receives nothing for this long (and a reply that cannot be
     *        written for this long) ends it, refused
     * @param sessionMillis the longest a session may last
     * @param destination limits of each stream and what to do with a restored vGPU
     * @param budget what all sessions together may reserve; null: this process's limits
     */
    public record Options(String bind, int port, LinkSecurity security, boolean insecure, int maxSessions, long idleMillis,
            long sessionMillis, Destination.Options destination, ResourceBudget budget) {
        public static final int DEFAULT_MAX_SESSIONS = 4;
        public static final long DEFAULT_IDLE_MILLIS = 30_000;
        public static final long DEFAULT_SESSION_MILLIS = 3_600_000;

        public Options {
            if (bind == null || security == null || destination == null || port < 0 || port > 65535 || maxSessions < 1
                    || idleMillis <= 0 || sessionMillis <= 0) {
                throw new IllegalArgumentException("receiver options need an address, a port, a security mode, at least"
                        + " one session and positive deadlines");
            }
        }

        /** Defaults: no credentials, 4 sessions, 30 s idle, 1 h per session, this process's budget. */
        public static Options defaults(String bind, int port, Destination.Options destination) {
            return new Options(bind, port, LinkSecurity.NONE, false, DEFAULT_MAX_SESSIONS, DEFAULT_IDLE_MILLIS,
                    DEFAULT_SESSION_MILLIS, destination, null);
        }

        public Options withSecurity(LinkSecurity s) {
            return new Options(bind, port, s, insecure, maxSessions, idleMillis, sessionMillis, destination, budget);
        }

        public Options withInsecure(boolean i) {
            return new Options(bind, port, security, i, maxSessions, idleMillis, sessionMillis, destination, budget);
        }

        public Options withMaxSessions(int n) {
            return new Options(bind, port, security, insecure, n, idleMillis, sessionMillis, destination, budget);
        }

        public Options withIdleMillis(long ms) {
            return new Options(bind, port, security, insecure, maxSessions, ms, sessionMillis, destination, budget);
        }

        public Options withSessionMillis(long ms) {
            return new Options(bind, port, security, insecure, maxSessions, idleMillis, ms, destination, budget);
        }

        public Options withDestinationOptions(Destination.Options d) {
            return new Options(bind, port, security, insecure, maxSessions, idleMillis, sessionMillis, d, budget);
        }

        public Options withBudget(ResourceBudget b) {
            return new Options(bind, port, security, insecure, maxSessions, idleMillis, sessionMillis, destination, b);
        }
    }

    /** The longest a turned-away connection is kept to be told why. */
    static final long TURN_AWAY_MILLIS = 5_000;
    private static final int TURN_AWAY_QUEUE = 8;

    private final ServerSocket server;
    private final Options options;
    private final ResourceBudget budget;
    private final Destination.Options destination;
    private final Semaphore slots;
    private final ExecutorService sessions;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger turnedAway = new AtomicInteger();
    /** Tells turned-away connections why, one at a time; beyond its short queue they are just closed. */
    private final ThreadPoolExecutor turnAway;

    /** Unprotected, with the default limits; {@code idleMillis} as given. */
    public ReceiverServer(String bind, int port, Destination.Options options, long idleMillis) throws IOException {
        this(Options.defaults(bind, port, options).withIdleMillis(idleMillis));
    }

    /**
     * Binds. Refuses (IllegalArgumentException) a non-loopback address without credentials unless
     * {@code insecure}.
     */
    public ReceiverServer(Options options) throws IOException {
        InetAddress address = InetAddress.getByName(options.bind());
        if (!address.isLoopbackAddress() && !options.security().authenticates() && !options.insecure()) {
            throw new IllegalArgumentException("refusing to listen on " + options.bind() + " without credentials: anyone"
                    + " who can connect could commit a guest. Give TLS (certificate, key, CA) or a pre-shared key, bind"
                    + " 127.0.0.1, or say insecure");
        }
        this.options = options;
        this.budget = options.budget() != null ? options.budget()
                : options.destination().receiver().budget() != null ? options.destination().receiver().budget()
                        : ResourceBudget.forThisProcess();
        Destination.Options d = options.destination();
        // sessions run at once: the caller's hooks see one vGPU at a time, as with one session
        Object hooks = new Object();
        Consumer<Receiver.Committed> restored = c -> {
            synchronized (hooks) {
                d.restored().accept(c);
            }
        };
        Destination.Restore restore = d.restore() == null ? null : c -> {
            synchronized (hooks) {
                return d.restore().prepare(c);
            }
        };
        this.destination = new Destination.Options(d.receiver().withBudget(budget), restored, restore);
        this.slots = new Semaphore(options.maxSessions());
        this.sessions = Executors.newFixedThreadPool(options.maxSessions(), r -> {
            Thread t = new Thread(r, "genscope-receive-session");
            t.setDaemon(true);
            return t;
        });
        this.turnAway = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(TURN_AWAY_QUEUE), r -> {
            Thread t = new Thread(r, "genscope-receive-turn-away");
            t.setDaemon(true);
            return t;
        });
        // through a channel, so that an unprotected session reads straight into the stream's
        // off-heap buffers (SocketChannels.readable(SocketChannel, ...))
        this.server = java.nio.channels.ServerSocketChannel.open().socket();
        try {
            server.setReuseAddress(true);
            server.setReceiveBufferSize(4 << 20);
            server.bind(new InetSocketAddress(address, options.port()), 64);
        } catch (IOException e) {
            server.close();
            sessions.shutdownNow();
            turnAway.shutdownNow();
            throw e;
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The budget every session reserves from. */
    public ResourceBudget budget() {
        return budget;
    }

    /** Sessions running now. */
    public int activeSessions() {
        return open.size();
    }

    /** Connections turned away because {@link Options#maxSessions()} were running (told why when possible). */
    public int turnedAway() {
        return turnedAway.get();
    }

    /**
     * Serves {@code sessions} migrations (0: until closed), several at once, handing each result
     * to {@code done} (one call at a time). Returns when that many have ended, or when closed.
     * Connections turned away because all sessions were busy do not count.
     */
    public void serve(int sessions, Consumer<Destination.Result> done) throws IOException {
        Object lock = new Object();
        Semaphore finished = new Semaphore(0);
        int started = 0;
        while (sessions <= 0 || started < sessions) {
            Socket s;
            try {
                s = server.accept();
            } catch (SocketException e) {
                if (server.isClosed()) {
                    break;
                }
                throw e;
            }
            if (!slots.tryAcquire()) {
                turnedAway.incrementAndGet();
                try {
                    turnAway.execute(() -> tellBusy(s));
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    closeQuietly(s);
                }
                continue;
            }
            open.add(s);
            started++;
            try {
                this.sessions.execute(() -> {
                    try {
                        Destination.Result r = serveOne(s);
                        synchronized (lock) {
                            done.accept(r);
                        }
                    } finally {
                        open.remove(s);
                        closeQuietly(s);
                        slots.release();
                        finished.release();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                open.remove(s);
                closeQuietly(s);
                slots.release();
                break;
            }
        }
        try {
            if (!server.isClosed()) {
                finished.acquire(started);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while sessions were running");
        }
    }

    /**
     * Replies REJECTED to a connection all sessions are too busy for, once its peer proved itself
     * (the security handshake), then closes it; the whole exchange within {@link #TURN_AWAY_MILLIS}.
     */
    private void tellBusy(Socket raw) {
        long limit = Math.min(options.idleMillis(), TURN_AWAY_MILLIS);
        ScheduledFuture<?> deadline = Deadlines.after(limit, () -> closeQuietly(raw));
        Secured s = null;
        try {
            raw.setSoTimeout((int) limit);
            s = Secured.server(options.security(), raw);
            String why = "the receiver is busy: all " + options.maxSessions() + " sessions are running (its limit,"
                    + " --max-sessions " + options.maxSessions() + "); try again later";
            ReplyCodec.write(Channels.newChannel(s.out), new Reply.Rejected(-1, 0, why));
            s.out.flush();
            drain(s);
        } catch (IOException | RuntimeException e) {
            // the peer did not prove itself or went away: closing is all that is left
        } finally {
            deadline.cancel(false);
            if (s != null) {
                s.close();
            }
            closeQuietly(raw);
        }
    }

    private Destination.Result serveOne(Socket raw) {
        String[] why = new String[1];
        ScheduledFuture<?> total = Deadlines.after(options.sessionMillis(), () -> {
            why[0] = "the session passed its total deadline of " + options.sessionMillis() + " ms";
            closeQuietly(raw);
        });
        Secured s = null;
        Deadlines.WriteWatch watch = null;
        Deadlines.WriteWatch readWatch = null;
        try {
            raw.setTcpNoDelay(true);
            raw.setSoTimeout((int) Math.min(Integer.MAX_VALUE, options.idleMillis()));
            try {
                s = Secured.server(options.security(), raw);
            } catch (IOException | RuntimeException e) {
                return refused("authentication failed, nothing read: " + (why[0] != null ? why[0] : e.getMessage()));
            }
            watch = Deadlines.watchWrites(options.idleMillis(), s::close);
            java.nio.channels.WritableByteChannel replies = SocketChannels.writable(s.out, watch);
            String idle = "no data from the source for " + options.idleMillis() + " ms";
            if (options.security() instanceof LinkSecurity.Plain && raw.getChannel() != null) {
                readWatch = Deadlines.watchWrites(options.idleMillis(), s::close);
            }
            java.nio.channels.ReadableByteChannel in = readWatch != null
                    ? SocketChannels.readable(raw.getChannel(), readWatch, idle, () -> why[0])
                    : SocketChannels.readable(s.in, idle, () -> why[0]);
            Destination.Result r = Destination.serve(in, reply -> ReplyCodec.write(replies, reply), destination);
            if (!r.committed()) {
                drain(s);
            }
            return r;
        } catch (IOException e) {
            return refused("the connection failed: " + e.getMessage());
        } finally {
            total.cancel(false);
            if (watch != null) {
                watch.close();
            }
            if (readWatch != null) {
                readWatch.close();
            }
            if (s != null) {
                s.close();
            }
        }
    }

    private static Destination.Result refused(String why) {
        return new Destination.Result(new Receiver.Rejected(new StreamRejection(-1, null, -1, 0, 0, Problem.Kind.UNSUPPORTED,
                why), new Receiver.Stats(0, 0, 0, 0, 0, 0, 0)), null, 0, null);
    }

    /**
     * After a refusal: half-close and read what the source still sends for a short while, so that
     * closing does not reset the connection before the source has read the refusal.
     */
    private static void drain(Secured s) {
        try {
            s.shutdownOutput();
            s.socket().setSoTimeout(500);
            InputStream in = s.in;
            byte[] sink = new byte[64 << 10];
            long deadline = System.nanoTime() + 2_000_000_000L;
            long total = 0;
            while (System.nanoTime() < deadline && total < (256 << 20)) {
                int n = in.read(sink);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException | RuntimeException e) {
            // the source is gone or silent: nothing more to wait for
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all that was asked
        }
    }

    /** Stops listening, ends the running sessions (closing their sockets) and waits for them. */
    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
        turnAway.shutdownNow();
        Pools.stop(sessions, "receiver sessions");
    }
}
