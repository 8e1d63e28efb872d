package io.genscope.migration.xe.precopy;

/**
 * One round of a VF migration.
 *
 * @param phase {@code gpu-copy} (the one copy of all VRAM, tags taken), {@code precopy} (a hash round
 *     while the VF runs), {@code gpu-stop} (VRAM writers held, vCPUs running) or {@code stop-copy}
 * @param pages VRAM pages sent
 * @param bytes bytes sent (headers and state included)
 * @param packets packets sent
 * @param millis how long it took
 * @param hashed pages hashed to find changed ones (0 when the round found none by hash)
 */
public record VfRound(String phase, long pages, long bytes, int packets, double millis, long hashed) {
}
