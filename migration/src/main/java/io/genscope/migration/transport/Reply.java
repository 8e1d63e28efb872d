package io.genscope.migration.transport;

import io.genscope.migration.state.VgpuDigest;

/** What the destination tells the source after the stream (the return path). */
public sealed interface Reply permits Reply.Resumed, Reply.Digest, Reply.Rejected {
    /** Everything committed; the vGPU runs at the destination. */
    record Resumed(long records, long pages, long commitNanos) implements Reply {
    }

    /** The destination's digest of the restored vGPU, computed after resuming. */
    record Digest(VgpuDigest digest, long nanos) implements Reply {
    }

    /** The stream was refused (the destination kept nothing). */
    record Rejected(long recordIndex, long offset, String message) implements Reply {
    }
}
