package io.genscope.migration;

import io.genscope.migration.policy.MigrationHooks;
import io.genscope.migration.policy.MigrationOptions;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.MigrationReport;
import io.genscope.migration.transport.Destination;
import io.genscope.migration.transport.Link;
import io.genscope.migration.transport.LinkSecurity;
import io.genscope.migration.transport.PeerAllowList;
import io.genscope.migration.transport.ReceiverServer;
import io.genscope.migration.transport.TcpLink;
import io.genscope.migration.transport.Target;
import io.genscope.migration.workload.SyntheticSpec;
import io.genscope.migration.workload.SyntheticWorkload;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Not a unit test: times migrations of the default workload (synthetic, 1 GiB, gmig, unlimited
 * link) over loopback TCP without protection, with TLS and with a pre-shared key.
 * <pre>java -cp ... io.genscope.migration.LinkSecurityBench [runs]</pre>
 */
public final class LinkSecurityBench {
    private LinkSecurityBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        LinkSecurity psk = new LinkSecurity.Psk("benchmark pre-shared key, 32 b".getBytes(StandardCharsets.US_ASCII));
        LinkSecurity[][] modes = {{LinkSecurity.NONE, LinkSecurity.NONE},
                {load("server"), load("client")}, {psk, psk}};
        String[] names = {"none", "tls", "psk"};
        for (int run = 0; run < runs; run++) {
            for (int m = 0; m < modes.length; m++) {
                ReceiverServer.Options o = ReceiverServer.Options.defaults("127.0.0.1", 0, Destination.Options.DEFAULT)
                        .withSecurity(modes[m][0]);
                try (Receivers rx = new Receivers(o); SyntheticWorkload w = SyntheticWorkload.create(SyntheticSpec.DEFAULT)) {
                    w.start();
                    Thread.sleep(1000);
                    TcpLink.Options link = TcpLink.Options.DEFAULT.withSecurity(modes[m][1]);
                    MigrationReport r = Migrator.migrate(w, "default", MigrationOptions.defaults(Policy.GMIG), "tcp",
                            a -> Link.open(new Target.Tcp("127.0.0.1", rx.server.port()), null, link), MigrationHooks.NONE, 0,
                            f -> {
                            });
                    System.out.printf(Locale.ROOT, "%-4s run %d: %s total %.0f ms, %.1f MiB sent, %.0f MiB/s, downtime %.1f ms%n",
                            names[m], run, r.status(), r.totalMs(), r.bytesSent() / 1048576.0,
                            r.bytesSent() / 1048576.0 / (r.totalMs() / 1000), r.downtimeMs());
                    w.vgpu().close();
                }
            }
        }
    }

    private static LinkSecurity load(String who) throws Exception {
        return LinkSecurity.Tls.load(Receivers.tls(who + ".pem"), Receivers.tls(who + ".key"), Receivers.tls("ca.pem"),
                PeerAllowList.ANY_TRUSTED);
    }
}
