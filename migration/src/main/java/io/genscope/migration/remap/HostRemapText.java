package io.genscope.migration.remap;

import io.genscope.migration.state.Vgpu;
import io.genscope.parser.capture.Submission;
import io.genscope.parser.decode.Decoder;
import io.genscope.parser.print.AubinatorPrinter;
import io.genscope.parser.walk.CommandWalker;
import io.genscope.rewriter.Finding;
import io.genscope.rewriter.Relocation;
import io.genscope.rewriter.Source;
import io.genscope.spec.Spec;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/** What {@code genscope receive --host-aperture/--host-hidden} prints about a remapped restore. */
public final class HostRemapText {
    private HostRemapText() {
    }

    /**
     * The placement, relocation counts by place, the first {@code first} relocations (engine,
     * address, field, old and new), addresses left alone, and the pending workloads decoded in the
     * host view (one line per command, host addresses).
     */
    public static String summary(HostRemap.HostView v, Vgpu vgpu, Spec spec, int first) {
        StringBuilder sb = new StringBuilder();
        var g = vgpu.device().windows();
        sb.append(String.format(Locale.ROOT, "remapped: aperture 0x%x -> 0x%x, hidden 0x%x -> 0x%x (%d GGTT entries rebased, %d present)%n",
                g.apertureBase(), v.hostWindows().apertureBase(), g.hiddenBase(), v.hostWindows().hiddenBase(), v.ggttEntries(),
                v.presentEntries()));
        Map<Source, Integer> bySource = new EnumMap<>(Source.class);
        for (Relocation r : v.report().relocations()) {
            bySource.merge(r.source(), 1, Integer::sum);
        }
        StringBuilder parts = new StringBuilder();
        bySource.forEach((s, n) -> parts.append(parts.length() == 0 ? "" : ", ").append(n).append(' ').append(s.label()));
        sb.append(String.format(Locale.ROOT, "relocations: %d (%s); shadowed pages: %d; addresses left outside the windows: %d%n",
                v.report().relocationCount(), parts, v.shadow().size(), v.report().findingCount()));
        int shown = 0;
        for (Relocation r : ordered(v)) {
            if (shown++ == first) {
                sb.append(String.format(Locale.ROOT, "  ... %d more%n", v.report().relocationCount() - first));
                break;
            }
            sb.append(String.format(Locale.ROOT, "  %-13s %-8s 0x%08x  %-22s %-40s 0x%x -> 0x%x%n", r.source().label(),
                    r.engine() == null ? "-" : r.engine().specName(), r.address(), r.command(), r.field(), r.oldValue(),
                    r.newValue()));
        }
        for (Finding f : v.report().findings()) {
            sb.append(String.format(Locale.ROOT, "  left alone: %s %s 0x%x (%s)%n", f.command(), f.field(), f.value(), f.message()));
        }
        Decoder decoder = new Decoder(spec);
        for (int i = 0; i < v.workloads().size(); i++) {
            Submission s = v.submission(vgpu, i);
            sb.append(String.format(Locale.ROOT, "host view of pending workload %d: %s, LRCA 0x%x, ring 0x%x%n", i,
                    v.workloads().get(i).engine().specName(), v.workloads().get(i).lrca(), s == null ? 0 : s.ringStart()));
            if (s == null) {
                continue;
            }
            var memory = v.memory(vgpu, s.pml4() == 0 ? -1 : s.pml4());
            StringBuilder lines = new StringBuilder();
            new CommandWalker(decoder, memory, s.engine(), new AubinatorPrinter(spec, lines, false, memory)).walkRing(s);
            lines.toString().lines().forEach(l -> sb.append("  ").append(l.stripTrailing()).append('\n'));
        }
        return sb.toString();
    }

    /** Relocations in commands first, then context images, submissions, registers and GGTT ranges. */
    public static java.util.List<Relocation> ordered(HostRemap.HostView v) {
        java.util.List<Source> order = java.util.List.of(Source.COMMAND, Source.CONTEXT_IMAGE, Source.SUBMISSION,
                Source.REGISTER, Source.GGTT_ENTRIES, Source.GGTT_WRITE);
        java.util.List<Relocation> list = new java.util.ArrayList<>(v.report().relocations());
        list.sort(java.util.Comparator.comparingInt(r -> order.indexOf(r.source())));
        return list;
    }

    /** {@code {"relocations": N, "findings": M, "shadowed_pages": P, "first": [...]}} */
    public static String json(HostRemap.HostView v, int first) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "{\"host_aperture\": %d, \"host_hidden\": %d, \"ggtt_entries\": %d, "
                + "\"relocations\": %d, \"findings\": %d, \"shadowed_pages\": %d, \"first\": [",
                v.hostWindows().apertureBase(), v.hostWindows().hiddenBase(), v.ggttEntries(), v.report().relocationCount(),
                v.report().findingCount(), v.shadow().size()));
        int n = 0;
        for (Relocation r : ordered(v)) {
            if (n == first) {
                break;
            }
            sb.append(n++ == 0 ? "" : ", ").append("{\"source\": \"").append(r.source().label()).append("\", \"engine\": ");
            if (r.engine() == null) {
                sb.append("null");
            } else {
                io.genscope.parser.print.Json.string(sb, r.engine().specName());
            }
            sb.append(String.format(Locale.ROOT, ", \"address\": %d, \"command\": ", r.address()));
            io.genscope.parser.print.Json.string(sb, r.command());
            sb.append(", \"field\": ");
            io.genscope.parser.print.Json.string(sb, r.field());
            sb.append(String.format(Locale.ROOT, ", \"old\": %d, \"new\": %d}", r.oldValue(), r.newValue()));
        }
        return sb.append("]}").toString();
    }
}
