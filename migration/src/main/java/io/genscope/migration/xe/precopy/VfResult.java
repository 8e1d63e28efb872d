package io.genscope.migration.xe.precopy;

import java.util.List;

/**
 * What one VF migration did.
 *
 * @param policy the policy's name
 * @param quota VRAM quota in bytes
 * @param bytesPerSecond the emulated link's rate (0: none)
 * @param rounds the rounds in order
 * @param totalMs start to trailer written
 * @param downtimeMs vCPUs stopped to trailer written (the destination's restore not included)
 * @param gpuStallMs VRAM writers held to trailer written (the downtime when they were not held earlier)
 * @param bytesSent every byte of the stream
 * @param bytesDowntime bytes written while the vCPUs were stopped
 * @param pagesDowntime VRAM pages written while the vCPUs were stopped
 * @param packets packets in the stream
 * @param stopHashMs time the hash threads spent on the last check of VRAM (all threads together)
 * @param hotPages pages the {@code genscope} policy kept for the last round as hot
 */
public record VfResult(String policy, long quota, double bytesPerSecond, List<VfRound> rounds, double totalMs,
        double downtimeMs, double gpuStallMs, long bytesSent, long bytesDowntime, long pagesDowntime, int packets,
        double stopHashMs, long hotPages) {
    public VfResult {
        rounds = List.copyOf(rounds);
    }
}
