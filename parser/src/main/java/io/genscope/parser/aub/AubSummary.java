package io.genscope.parser.aub;

import io.genscope.parser.capture.Problem;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one read of an AUB file found.
 *
 * @param pciId the PCI ID from the header, 0 when there was none
 * @param applicationName the application name from the header, empty when there was none
 * @param dialect the file's dialect ({@link Dialect#UNKNOWN} without a header packet)
 * @param bytes size of the (decompressed) file
 * @param bytesRead how far packets could be followed (equals {@code bytes} unless reading stopped early)
 * @param packets number of packets of each kind, in {@link PacketKind} order (kinds never seen are absent)
 * @param submissions number of execlist submissions reported to the listener
 * @param problems what was wrong with the file, in file order (at most about a thousand are listed)
 * @param physicalPages physical pages written
 * @param heapPages physical pages that had to be held in the heap (partially written pages)
 */
public record AubSummary(int pciId, String applicationName, Dialect dialect, long bytes, long bytesRead,
        Map<PacketKind, Long> packets, int submissions, List<Problem> problems, int physicalPages, int heapPages) {

    public AubSummary {
        packets = Collections.unmodifiableMap(
                packets.isEmpty() ? new EnumMap<>(PacketKind.class) : new EnumMap<>(packets));
        problems = List.copyOf(problems);
    }

    /** Number of packets of one kind. */
    public long count(PacketKind kind) {
        return packets.getOrDefault(kind, 0L);
    }

    /** Number of packets of all kinds. */
    public long packetCount() {
        return packets.values().stream().mapToLong(Long::longValue).sum();
    }
}
