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
 * @param encoding how the round's pages were encoded (null when compression is off)
 */
public record RoundReport(int round, String phase, long pages, long zeroPages, long bytes, double ms, PageCounts encoding) {
    public RoundReport(int round, String phase, long pages, long zeroPages, long bytes, double ms) {
        this(round, phase, pages, zeroPages, bytes, ms, null);
    }

    /**
     * The guest memory the round moved, in bytes: the stream bytes with compressed pages counted at
     * their page size, which is what a bandwidth estimate for pending pages needs.
     */
    public long ramBytes() {
        return encoding == null ? bytes : bytes + encoding.bytesBefore() - encoding.bytesAfter();
    }
}
