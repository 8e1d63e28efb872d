package io.genscope.cli;

import io.genscope.api.VfLiveMigration;
import io.genscope.migration.transport.LinkSecurity;
import io.genscope.migration.transport.SecuredSocket;
import io.genscope.migration.xe.XeVfReader;
import io.genscope.migration.xe.precopy.VfOrder;
import io.genscope.migration.xe.precopy.VfWire;
import io.genscope.parser.print.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code genscope receive --vf}: the destination of an xe VF's migration over TCP. Each session's
 * stream ({@link VfWire}) is staged in a temporary file beside the output, then checked as a
 * destination PF would restore it ({@link VfLiveMigration#check}: every packet, VRAM inside the
 * quota, the state complete) and its digest compared with the source's; only a stream that passed
 * all of it is renamed onto the output. A cut or damaged stream is refused and nothing is written.
 */
final class ReceiveVf {
    /** The options of {@code receive} that mean something with {@code --vf}. */
    static final Set<String> OPTIONS = Set.of("--vf", "--listen", "--bind", "--sessions", "--max-memory",
            "--idle-timeout", "--tls-cert", "--tls-key", "--tls-ca", "--allow", "--psk-file", "--insecure", "--json",
            "--output", "--force", "--help");

    private ReceiveVf() {
    }

    /** What {@code receive --vf} was given. */
    record Request(String bind, int port, int sessions, long maxQuota, long idleMillis, LinkSecurity security,
            boolean insecure, boolean json, Path output, boolean force) {
    }

    /**
     * One session's end.
     *
     * @param peer who connected
     * @param quota the VRAM quota the source announced (-1 when unknown)
     * @param bytes xe data bytes received
     * @param packets packets read (0 when the stream never got that far)
     * @param digest the VF's digest when kept, else empty
     * @param refusal why it was refused, else empty
     * @param output where it was kept, or null
     * @param order the packets' order against Linux's save ({@link VfOrder#describe}), or empty
     */
    private record Session(String peer, long quota, long bytes, int packets, String digest, String refusal, Path output,
            String order) {
        boolean committed() {
            return refusal.isEmpty();
        }
    }

    /** Serves the sessions; exit 0 when every one was kept. */
    static int run(Request q, PrintStream out) throws IOException {
        if (q.output() != null) {
            CliFiles.output(q.output(), q.force());
        }
        InetAddress address = InetAddress.getByName(q.bind());
        if (!address.isLoopbackAddress() && !q.security().authenticates() && !q.insecure()) {
            throw new CliException("refusing to listen on " + q.bind() + " without credentials: anyone who can connect"
                    + " could hand over a VF. Give --tls-cert/--tls-key/--tls-ca or --psk-file, bind 127.0.0.1, or"
                    + " say --insecure");
        }
        boolean allKept = true;
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            try {
                server.bind(new InetSocketAddress(address, q.port()), 8);
            } catch (IOException e) {
                throw new CliException("cannot listen on " + q.bind() + ":" + q.port() + ": " + CliFiles.describe(e));
            }
            if (!q.json()) {
                out.println("genscope: listening on " + q.bind() + ":" + server.getLocalPort() + " for an xe VF");
                out.flush();
            }
            for (int n = 1; q.sessions() == 0 || n <= q.sessions(); n++) {
                Path target = q.output() == null ? null
                        : n == 1 ? q.output() : MigrateCommand.suffixed(q.output(), Integer.toString(n));
                Session s;
                try (Socket raw = server.accept()) {
                    s = serve(raw, q, target);
                }
                allKept &= s.committed();
                print(s, q.json(), out);
            }
        }
        return allKept ? 0 : 1;
    }

    private static Session serve(Socket raw, Request q, Path target) throws IOException {
        String who = String.valueOf(raw.getRemoteSocketAddress());
        SecuredSocket link;
        try {
            link = SecuredSocket.accept(raw, q.security(), q.idleMillis());
        } catch (IOException | RuntimeException e) {
            return new Session(who, -1, 0, 0, "", "authentication failed, nothing read: " + e.getMessage(), null, "");
        }
        try (link) {
            Path staged = target == null ? Files.createTempFile("genscope-vf-", ".xevf") : CliFiles.partial(target);
            try {
                Session s = check(link.peer(), VfWire.receive(link.in(), staged, q.maxQuota()), staged, target, q.force());
                try {
                    VfWire.reply(link.out(), s.committed(), s.committed() ? s.digest() : s.refusal());
                    link.shutdownOutput();
                    drain(link.in());
                } catch (IOException e) {
                    // the source is gone: what was kept stays kept, and the report says so
                }
                return s;
            } finally {
                Files.deleteIfExists(staged);
            }
        }
    }

    /** The staged stream checked as a destination restores it, the digests compared, then kept. */
    private static Session check(String peer, VfWire.Received r, Path staged, Path target, boolean force)
            throws IOException {
        if (!r.complete()) {
            return new Session(peer, r.quota(), r.bytes(), 0, "", r.refusal(), null, "");
        }
        VfLiveMigration.Arrival a = VfLiveMigration.check(staged, r.quota());
        String order = VfOrder.of(XeVfReader.read(staged)).describe();
        if (!a.committed()) {
            return new Session(peer, r.quota(), r.bytes(), a.packets(), "", a.refusal(), null, order);
        }
        if (!r.digest().equals(a.digest())) {
            return new Session(peer, r.quota(), r.bytes(), a.packets(), "", "the restored VF's digest " + a.digest()
                    + " is not the source's " + (r.digest().isEmpty() ? "(none sent)" : r.digest()), null, order);
        }
        if (target != null) {
            try {
                CliFiles.commit(staged, target, force);
            } catch (CliException e) {
                return new Session(peer, r.quota(), r.bytes(), a.packets(), "", "checked, but not kept: "
                        + e.getMessage(), null, order);
            }
        }
        return new Session(peer, r.quota(), r.bytes(), a.packets(), a.digest(), "", target, order);
    }

    /** Reads what the source still sends for a moment, so that closing does not reset it before it read the reply. */
    private static void drain(InputStream in) {
        byte[] sink = new byte[64 << 10];
        long deadline = System.nanoTime() + 2_000_000_000L;
        try {
            while (System.nanoTime() < deadline && in.read(sink) >= 0) {
                // discarded
            }
        } catch (IOException e) {
            // gone or silent: nothing more to wait for
        }
    }

    private static void print(Session s, boolean json, PrintStream out) {
        if (json) {
            StringBuilder sb = new StringBuilder("{\"from\": ");
            Json.string(sb, s.peer());
            sb.append(String.format(Locale.ROOT, ", \"committed\": %s, \"quota\": %d, \"bytes\": %d, \"packets\": %d",
                    s.committed(), s.quota(), s.bytes(), s.packets()));
            sb.append(s.committed() ? ", \"digest\": " : ", \"rejected\": ");
            Json.string(sb, s.committed() ? s.digest() : s.refusal());
            if (s.output() != null) {
                sb.append(", \"output\": ");
                Json.string(sb, s.output().toString());
            }
            if (!s.order().isEmpty()) {
                sb.append(", \"order\": ");
                Json.string(sb, s.order());
            }
            out.println(sb.append('}'));
        } else {
            out.printf(Locale.ROOT, "received an xe VF from %s: %d bytes, %d packets, VRAM quota %d MiB%n", s.peer(),
                    s.bytes(), s.packets(), Math.max(0, s.quota()) >> 20);
            if (!s.order().isEmpty()) {
                out.println("order: " + s.order());
            }
            if (s.committed()) {
                out.println("checked: every packet, VRAM inside the quota, the state complete, the source's digest"
                        + " matched");
                out.println(s.output() == null ? "restored in memory (no --output): digest " + s.digest()
                        : "kept: " + s.output() + " (digest " + s.digest() + ")");
            } else {
                out.println("REFUSED, nothing kept: " + s.refusal());
            }
        }
        out.flush();
    }
}
