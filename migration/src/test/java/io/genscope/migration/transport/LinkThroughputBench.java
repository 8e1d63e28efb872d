package io.genscope.migration.transport;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a unit test: pushes 1 GiB through a loopback link in each security mode and prints MiB/s
 * (the link alone, no migration). {@code java -cp ... io.genscope.migration.transport.LinkThroughputBench [runs]}
 */
public final class LinkThroughputBench {
    private LinkThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        LinkSecurity psk = new LinkSecurity.Psk("benchmark pre-shared key, 32 b".getBytes(StandardCharsets.US_ASCII));
        LinkSecurity[][] modes = {{LinkSecurity.NONE, LinkSecurity.NONE}, {tls("server"), tls("client")}, {psk, psk}};
        String[] names = {"none", "tls", "psk"};
        long total = 1L << 30;
        for (int run = 0; run < runs; run++) {
            for (int m = 0; m < modes.length; m++) {
                LinkSecurity server = modes[m][0];
                AtomicLong got = new AtomicLong();
                try (ServerSocket ss = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
                    Thread t = new Thread(() -> {
                        try (Socket s = ss.accept(); Secured sec = Secured.server(server, s)) {
                            InputStream in = sec.in;
                            byte[] b = new byte[1 << 16];
                            int n;
                            while ((n = in.read(b)) > 0) {
                                got.addAndGet(n);
                            }
                        } catch (Exception e) {
                            e.printStackTrace();
                        }
                    });
                    t.start();
                    long t0 = System.nanoTime();
                    try (TcpLink link = TcpLink.connect("127.0.0.1", ss.getLocalPort(),
                            TcpLink.Options.DEFAULT.withSecurity(modes[m][1]))) {
                        ByteBuffer chunk = ByteBuffer.allocateDirect(2 << 20);
                        for (long sent = 0; sent < total; sent += chunk.capacity()) {
                            chunk.clear();
                            while (chunk.hasRemaining()) {
                                link.channel().write(chunk);
                            }
                        }
                        link.finishSending();
                        t.join();
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "%-4s run %d: %d MiB in %.2f s = %.0f MiB/s%n", names[m], run,
                            got.get() >> 20, s, (got.get() >> 20) / s);
                }
            }
        }
    }

    private static LinkSecurity tls(String who) throws Exception {
        Path dir = Path.of(LinkThroughputBench.class.getResource("/io/genscope/migration/tls/ca.pem").toURI()).getParent();
        return LinkSecurity.Tls.load(dir.resolve(who + ".pem"), dir.resolve(who + ".key"), dir.resolve("ca.pem"),
                PeerAllowList.ANY_TRUSTED);
    }
}
