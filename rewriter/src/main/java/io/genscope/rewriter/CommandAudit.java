package io.genscope.rewriter;

import io.genscope.spec.CommandDef;
import io.genscope.spec.Engine;
import io.genscope.spec.FieldDef;
import io.genscope.spec.GroupDef;
import io.genscope.spec.LengthRules;
import io.genscope.spec.Member;
import io.genscope.spec.RequiredNames;
import io.genscope.spec.Spec;

/**
 * The strict audit of a guest's privileged command buffers (ring, GGTT batches, indirect context):
 * what a mediator such as GVT-g refuses to run for a guest, one {@link AuditRule} per finding.
 *
 * <pre>
 * unknown_command       no command of the buffer's engine has the header (MI_FLUSH_DW on render)
 * privileged_command    a command the spec lists as refused from a guest (MI_UPDATE_GTT, ...)
 * register_not_allowed  MI_LOAD_REGISTER_IMM (every pair), _REG (destination), _MEM (every group)
 *                       writing a register outside the spec's guest allow-list ({@link AuditPolicy})
 * batch_loop            a batch buffer start back into a buffer already running
 * command_cut_off       a command longer than what its buffer holds
 * </pre>
 *
 * The loop rule needs to know which buffers run: {@link #buffer} applies it within one linear
 * buffer (a start to its own start or earlier, or to itself); a walker that follows starts reports
 * its own loops through {@link #loop}. Allocates nothing per command. Thread-safe.
 */
public final class CommandAudit {
    private static final long MASK48 = (1L << 48) - 1;
    private static final String LRI = "MI_LOAD_REGISTER_IMM";
    private static final String LRR = "MI_LOAD_REGISTER_REG";
    private static final String LRM = "MI_LOAD_REGISTER_MEM";
    private static final String START = "MI_BATCH_BUFFER_START";
    private static final String RELATIVE = "Add CS MMIO Start Offset";
    private static final String RELATIVE_DESTINATION = "Add CS MMIO Start Offset Destination";
    private static final String LRR_DESTINATION = "Destination Register Address";
    private static final String LRM_REGISTER = "Register Address";
    private static final String START_ADDRESS = "Batch Buffer Start Address";
    private static final String START_SPACE = "Address Space Indicator";

    /** The names the audit reads, checked when a spec loads (older generations lack the relative flags). */
    public static final RequiredNames REQUIRED = RequiredNames.of("command audit (" + CommandAudit.class.getName() + ")")
            .command(LRR, LRR_DESTINATION)
            .command(LRM, LRM_REGISTER)
            .command(START, START_ADDRESS)
            .optional(RequiredNames.Kind.COMMAND, LRI, RELATIVE)
            .optional(RequiredNames.Kind.COMMAND, LRR, RELATIVE_DESTINATION)
            .optional(RequiredNames.Kind.COMMAND, LRM, RELATIVE)
            .optional(RequiredNames.Kind.COMMAND, START, START_SPACE);

    private final AuditPolicy policy;
    private final Spec spec;
    private final CommandDef lri;
    private final CommandDef lrr;
    private final CommandDef lrm;
    private final CommandDef start;

    public CommandAudit(Spec spec) {
        this.spec = spec;
        this.policy = AuditPolicy.of(spec);
        this.lri = spec.command(LRI);
        this.lrr = spec.command(LRR);
        this.lrm = spec.command(LRM);
        this.start = spec.command(START);
    }

    public AuditPolicy policy() {
        return policy;
    }

    /**
     * Audits the commands of {@code d[off..end)}, one linear buffer at GPU address {@code address}
     * running on {@code engine} (starts are not followed).
     *
     * @return how many commands it holds
     */
    public int buffer(Engine engine, int[] d, int off, int end, long address, RewriteSink sink) {
        int stop = Math.min(end, d.length);
        int i = Math.max(0, off);
        int count = 0;
        while (i < stop) {
            CommandDef def = spec.find(engine, d[i]);
            int len = def != null ? def.length(d[i]) : Math.max(1, LengthRules.fallback(d[i]));
            int avail = Math.min(len, stop - i);
            command(engine, def, len, d, i, avail, sink);
            if (def != null && def == start && avail == len) {
                long here = (address + 4L * (i - off)) & MASK48;
                long base = address & MASK48;
                long target = startTarget(d, i);
                if (target >= 0 && target >= base && target <= here) {
                    sink.refused(i, def.name(), AuditRule.BATCH_LOOP, target,
                            String.format("starts 0x%x, inside this buffer at or before itself (0x%x)", target, here));
                }
            }
            i += len;
            count++;
        }
        return count;
    }

    /**
     * Audits one command at {@code d[at]}: {@code def} (null when unknown) claims {@code len} dwords,
     * {@code avail} of which the buffer holds.
     */
    public void command(Engine engine, CommandDef def, int len, int[] d, int at, int avail, RewriteSink sink) {
        if (def == null) {
            sink.refused(at, "unknown", AuditRule.UNKNOWN_COMMAND, d[at] & 0xffffffffL,
                    "no " + engine.specName() + " command matches dword 0x" + Integer.toHexString(d[at])
                            + elsewhere(engine, d[at]));
            return;
        }
        if (avail < len) {
            sink.refused(at, def.name(), AuditRule.COMMAND_CUT_OFF, avail,
                    def.name() + " needs " + len + " dwords, the buffer ends after " + avail);
        }
        if (policy.refused().contains(def.name())) {
            sink.refused(at, def.name(), AuditRule.PRIVILEGED_COMMAND, d[at] & 0xffffffffL,
                    def.name() + " is refused from a guest");
        }
        if (!policy.checksRegisters()) {
            return;
        }
        if (def == lri) {
            boolean relative = flag(def, RELATIVE, d, at);
            for (int k = 1; k < avail; k += 2) {
                register(def, d[at + k] & 0x7ffffc, relative, at, sink);
            }
        } else if (def == lrr) {
            registerField(def, def.field(LRR_DESTINATION),
                    flag(def, RELATIVE_DESTINATION, d, at), d, at, avail, 0, sink);
        } else if (def == lrm) {
            boolean relative = flag(def, RELATIVE, d, at);
            for (Member m : def.members()) {
                if (m instanceof FieldDef f && f.name().equals(LRM_REGISTER)) {
                    registerField(def, f, relative, d, at, avail, 0, sink);
                } else if (m instanceof GroupDef g && g.stride() > 0) {
                    FieldDef f = field(g, LRM_REGISTER);
                    int n = g.variable() ? Integer.MAX_VALUE : g.count();
                    for (int e = 0, delta = g.start(); e < n && f != null && delta + f.end() < 32 * avail;
                            e++, delta += g.stride()) {
                        registerField(def, f, relative, d, at, avail, delta, sink);
                    }
                }
            }
        }
    }

    /** Where else the header names a command ({@code " (MI_FLUSH_DW on blitter)"}), or empty. */
    private String elsewhere(Engine engine, int dw0) {
        for (Engine e : Engine.values()) {
            CommandDef other = e == engine ? null : spec.find(e, dw0);
            if (other != null) {
                return " (" + other.name() + " on " + e.specName() + ")";
            }
        }
        return "";
    }

    /** A start (of a walked chain) that jumps back into a buffer already running. */
    public void loop(int at, long target, String detail, RewriteSink sink) {
        sink.refused(at, start == null ? START : start.name(), AuditRule.BATCH_LOOP, target, detail);
    }

    private void registerField(CommandDef def, FieldDef f, boolean relative, int[] d, int at, int avail, int delta,
            RewriteSink sink) {
        if (f == null || delta + f.end() >= 32 * avail) {
            return;
        }
        int offset = (int) (Bits.read(d, at, delta + f.start(), delta + f.end()) << (f.start() & 31)) & 0x7ffffc;
        register(def, offset, relative, at, sink);
    }

    private void register(CommandDef def, int offset, boolean relative, int at, RewriteSink sink) {
        if (!policy.allows(offset, relative)) {
            sink.refused(at, def.name(), AuditRule.REGISTER_NOT_ALLOWED, offset,
                    String.format("writes register 0x%x%s%s", offset, relative ? " (relative to the engine)" : "",
                            name(offset)));
        }
    }

    private String name(int offset) {
        io.genscope.spec.RegisterDef r = spec.registerAt(offset);
        return r == null ? "" : " (" + r.name() + ")";
    }

    /** The GGTT target of a complete MI_BATCH_BUFFER_START at {@code d[at]}, or -1 (PPGTT, unknown layout). */
    private long startTarget(int[] d, int at) {
        FieldDef space = start.field(START_SPACE);
        FieldDef address = start.field(START_ADDRESS);
        if (address == null || (space != null && Bits.read(d, at, space.start(), space.end()) != 0)) {
            return -1;
        }
        return (Bits.read(d, at, address.start(), address.end()) << (address.start() & 31)) & MASK48;
    }

    private static boolean flag(CommandDef def, String name, int[] d, int at) {
        FieldDef f = def.field(name);
        return f != null && f.end() < 32 && ((d[at] >>> f.start()) & 1) != 0;
    }

    private static FieldDef field(GroupDef g, String name) {
        for (Member m : g.members()) {
            if (m instanceof FieldDef f && f.name().equals(name)) {
                return f;
            }
        }
        return null;
    }
}
