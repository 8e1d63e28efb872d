package io.genscope.rewriter;

import io.genscope.parser.print.Json;
import io.genscope.spec.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * What a remap did: every address moved (the relocation report) and every address it could not
 * move (the audit), with counters, as JSON or text. Keeps at most {@value #LIMIT} entries of each
 * list (a hostile input cannot fill the heap); the counters count everything.
 */
public final class RemapReport {
    /** The most relocations and findings kept (each). */
    public static final int LIMIT = 100_000;

    private final WindowMap map;
    private final List<Relocation> relocations = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private long relocationCount;
    private long findingCount;
    private long auditCount;
    private long ggttBuffers;
    private long ppgttBuffers;
    private long commands;

    public RemapReport(WindowMap map) {
        this.map = map;
    }

    public WindowMap map() {
        return map;
    }

    public void add(Relocation r) {
        relocationCount++;
        if (relocations.size() < LIMIT) {
            relocations.add(r);
        }
    }

    public void add(Finding f) {
        findingCount++;
        if (f.kind().isAuditRule()) {
            auditCount++;
        }
        if (findings.size() < LIMIT) {
            findings.add(f);
        }
    }

    /** A buffer running from the GGTT was scanned and rewritten. */
    public void countGgttBuffer() {
        ggttBuffers++;
    }

    /** A buffer running from the PPGTT was met and left alone. */
    public void countPpgttBuffer() {
        ppgttBuffers++;
    }

    /** Commands scanned (in GGTT buffers). */
    public void countCommands(long n) {
        commands += n;
    }

    public List<Relocation> relocations() {
        return Collections.unmodifiableList(relocations);
    }

    public List<Finding> findings() {
        return Collections.unmodifiableList(findings);
    }

    public long relocationCount() {
        return relocationCount;
    }

    public long findingCount() {
        return findingCount;
    }

    /** Findings of the command audit ({@link AuditRule}), a part of {@link #findingCount()}. */
    public long auditCount() {
        return auditCount;
    }

    public long ggttBuffers() {
        return ggttBuffers;
    }

    public long ppgttBuffers() {
        return ppgttBuffers;
    }

    public long commands() {
        return commands;
    }

    /**
     * A sink that files what a {@link CommandRewriter} reports about one buffer.
     *
     * @param address GPU address of dword {@code i} of the array being rewritten
     * @param offset byte offset in the input file of dword {@code i}, or -1
     */
    public RewriteSink sink(Source source, Engine engine, IntToLongFunction address, IntToLongFunction offset) {
        return new RewriteSink() {
            @Override
            public void relocated(int at, int dword, String command, AddressField field, int element, long oldAddress,
                    long newAddress) {
                add(new Relocation(source, address.applyAsLong(at), engine, command, field.name(element),
                        offset.applyAsLong(dword), oldAddress, newAddress));
            }

            @Override
            public void rejected(int at, int dword, String command, AddressField field, int element, long value,
                    Rejection why) {
                add(new Finding(Finding.Kind.of(why), source, address.applyAsLong(at), engine, command,
                        field.name(element), offset.applyAsLong(dword), value, "GGTT address " + why.text()));
            }

            @Override
            public void refused(int at, String command, AuditRule rule, long value, String detail) {
                add(new Finding(Finding.Kind.of(rule), source, address.applyAsLong(at), engine, command, "",
                        offset.applyAsLong(at), value, rule.label() + ": " + detail));
            }
        };
    }

    /** One line per summary counter, relocation and finding. */
    public void writeText(Appendable out) {
        try {
            out.append("# genscope remap: ").append(map.toString()).append('\n');
            out.append(String.format("# %d relocations, %d findings, %d GGTT buffers rewritten (%d commands),"
                    + " %d PPGTT buffers left alone%n", relocationCount, findingCount, ggttBuffers, commands,
                    ppgttBuffers));
            for (Relocation r : relocations) {
                out.append(String.format("relocated  %-13s 0x%08x  %-12s %s  %s  0x%x -> 0x%x%s%n", r.source().label(),
                        r.address(), engine(r.engine()), r.command(), r.field(), r.oldValue(), r.newValue(),
                        r.offset() < 0 ? "" : String.format("  (file offset 0x%x)", r.offset())));
            }
            for (Finding f : findings) {
                out.append(String.format("%-10s %-13s 0x%08x  %-12s %s  %s  0x%x%s: %s%n", f.kind().label(),
                        f.source().label(), f.address(), engine(f.engine()), f.command(), f.field(), f.value(),
                        f.offset() < 0 ? "" : String.format("  (file offset 0x%x)", f.offset()), f.message()));
            }
            if (relocationCount > relocations.size() || findingCount > findings.size()) {
                out.append(String.format("# only the first %d relocations and findings are listed%n", LIMIT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole report as one JSON object. */
    public void writeJson(Appendable out) {
        StringBuilder sb = new StringBuilder(256 + 160 * (relocations.size() + findings.size()));
        sb.append("{\"windows\":{");
        window(sb, "guest_aperture", map.guestAperture()).append(',');
        window(sb, "guest_hidden", map.guestHidden()).append(',');
        window(sb, "host_aperture", map.hostAperture()).append(',');
        window(sb, "host_hidden", map.hostHidden()).append("},\"summary\":{");
        sb.append("\"relocations\":").append(relocationCount).append(",\"findings\":").append(findingCount)
                .append(",\"audit_findings\":").append(auditCount)
                .append(",\"ggtt_buffers\":").append(ggttBuffers).append(",\"commands\":").append(commands)
                .append(",\"ppgtt_buffers\":").append(ppgttBuffers).append("},\n\"relocations\":[");
        for (int i = 0; i < relocations.size(); i++) {
            Relocation r = relocations.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append('{');
            entry(sb, r.source(), r.address(), r.engine(), r.command(), r.field(), r.offset());
            sb.append(",\"old\":\"0x").append(Long.toHexString(r.oldValue())).append("\",\"new\":\"0x")
                    .append(Long.toHexString(r.newValue())).append("\"}");
        }
        sb.append("],\n\"findings\":[");
        for (int i = 0; i < findings.size(); i++) {
            Finding f = findings.get(i);
            sb.append(i == 0 ? "\n" : ",\n");
            sb.append("{\"kind\":\"").append(f.kind().label()).append("\",");
            entry(sb, f.source(), f.address(), f.engine(), f.command(), f.field(), f.offset());
            sb.append(",\"value\":\"0x").append(Long.toHexString(f.value())).append("\",\"message\":");
            Json.string(sb, f.message()).append('}');
        }
        sb.append("]}\n");
        try {
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StringBuilder window(StringBuilder sb, String name, Window w) {
        return sb.append('"').append(name).append("\":{\"base\":\"0x").append(Long.toHexString(w.base()))
                .append("\",\"size\":\"0x").append(Long.toHexString(w.size())).append("\"}");
    }

    private static void entry(StringBuilder sb, Source source, long address, Engine engine, String command,
            String field, long offset) {
        sb.append("\"source\":\"").append(source.label()).append("\",\"address\":\"0x")
                .append(Long.toHexString(address)).append("\",\"engine\":");
        if (engine == null) {
            sb.append("null");
        } else {
            sb.append('"').append(engine.specName()).append('"');
        }
        sb.append(",\"command\":");
        Json.string(sb, command).append(",\"field\":");
        Json.string(sb, field).append(",\"offset\":").append(offset < 0 ? "null" : "\"0x" + Long.toHexString(offset) + "\"");
    }

    private static String engine(Engine e) {
        return e == null ? "-" : e.specName();
    }
}
