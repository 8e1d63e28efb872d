package io.genscope.migration.report;

/**
 * One round of a migration.
 *
 * @param round number, from 1
 * @param phase precopy, gpu-copy or stop-copy
 * @param pages page records sent (raw and zero)
 * @param zeroPages of them, zero pages
 * @param bytes stream bytes of the round (record headers included)
 * @param ms how long it took
 */
public record RoundReport(int round, String phase, long pages, long zeroPages, long bytes, double ms) {
}
