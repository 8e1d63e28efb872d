package io.genscope.parser;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the current thread, where the JVM can tell (HotSpot can). */
public final class Allocations {
    private static final com.sun.management.ThreadMXBean BEAN = bean();

    private Allocations() {
    }

    private static com.sun.management.ThreadMXBean bean() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b
                && b.isThreadAllocatedMemorySupported()) {
            b.setThreadAllocatedMemoryEnabled(true);
            return b;
        }
        return null;
    }

    /** Whether {@link #now} counts anything. */
    public static boolean supported() {
        return BEAN != null;
    }

    /** Bytes the current thread has allocated so far (0 when unsupported). */
    public static long now() {
        return BEAN == null ? 0 : BEAN.getCurrentThreadAllocatedBytes();
    }
}
