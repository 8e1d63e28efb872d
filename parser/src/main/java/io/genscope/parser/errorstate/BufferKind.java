package io.genscope.parser.errorstate;

import java.util.Locale;

/**
 * What a dumped buffer is, from the name on its {@code <engine> --- <name> = 0x...} line. The
 * kernel's names changed over the years ({@code ringbuffer} became {@code ring}, {@code gtt_offset}
 * became {@code batch}); each kind lists the names it answers to, matched case-insensitively as
 * prefixes, in this order.
 */
public enum BufferKind {
    RING("ring buffer", "ringbuffer", "ring"),
    BATCH("batch buffer", "gtt_offset", "batch"),
    CONTEXT("HW Context", "hw context"),
    STATUS("HW status", "hw status"),
    WA_CONTEXT("WA context", "wa context"),
    WA_BATCH("WA batch", "wa batchbuffer"),
    KERNEL_CONTEXT("Kernel context", "null context"),
    USER("user", "user"),
    SEMAPHORES("semaphores", "semaphores"),
    GUC_LOG("GuC log", "guc log buffer"),
    /** A VMA of an Xe devcoredump's VM state (the batches are cut out of these). */
    VM_AREA("VM area", "vm area"),
    OTHER("unknown");

    private final String label;
    private final String[] names;

    BufferKind(String label, String... names) {
        this.label = label;
        this.names = names;
    }

    /** The heading aubinator_error_decode prints for it ({@code ring buffer}, {@code HW Context}, ...). */
    public String label() {
        return label;
    }

    /** Whether its contents are commands worth decoding by default (ring, batches, the context image). */
    public boolean decoded() {
        return this == RING || this == BATCH || this == CONTEXT;
    }

    /** Whether decoding prints a {@code --- <buffer> (<engine>) at ...} heading for it (all but Xe VM areas). */
    public boolean listed() {
        return this != VM_AREA;
    }

    /** The kind for a buffer name as printed by the kernel. */
    public static BufferKind of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (BufferKind k : values()) {
            for (String prefix : k.names) {
                if (n.startsWith(prefix)) {
                    return k;
                }
            }
        }
        return OTHER;
    }
}
