package io.genscope.migration.replay;

import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.StreamFormat;

/**
 * One round of a recorded migration: which guest pages it carried, in order, and the XXH64 hash of
 * each page's content as sent (a zero page has {@code PageHash.XXH64.zeroPage()}).
 *
 * @param round round number
 * @param phase precopy, gpu-copy or stop-copy
 * @param pages the pages, in stream order (a page appears once per round)
 * @param hashes content hash of {@code pages[i]}
 * @param zero whether {@code pages[i]} went as a zero page
 */
public record RecordedRound(int round, Phase phase, int[] pages, long[] hashes, boolean[] zero) {
    /** Stream bytes of the round: its markers and page records. */
    public long bytes() {
        long b = 2L * StreamFormat.RECORD_HEADER_BYTES + 8 + 16;
        for (boolean z : zero) {
            b += StreamFormat.RECORD_HEADER_BYTES + (z ? 0 : 4096);
        }
        return b;
    }

    public int zeroPages() {
        int n = 0;
        for (boolean z : zero) {
            n += z ? 1 : 0;
        }
        return n;
    }
}
