package io.genscope.migration.replay;

import io.genscope.migration.dirty.PageHash;
import io.genscope.migration.stream.EndInfo;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.SetupInfo;
import io.genscope.migration.stream.StreamReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects what a recorded migration says about its own history while a receiver restores it: the
 * SETUP, every round with the pages it carried and a hash of each page's content as sent, and the
 * END record (device regions with their lengths and CRC-32C). Memory: 13 bytes per page record.
 */
public final class RecordingHistory implements StreamReader.Handler {
    private final List<RecordedRound> rounds = new ArrayList<>();
    private SetupInfo setup;
    private EndInfo end;
    private int round;
    private Phase phase;
    private int[] pages = new int[1024];
    private long[] hashes = new long[1024];
    private boolean[] zero = new boolean[1024];
    private int n;

    public SetupInfo setup() {
        return setup;
    }

    public EndInfo end() {
        return end;
    }

    public List<RecordedRound> rounds() {
        return rounds;
    }

    @Override
    public String setup(SetupInfo s) {
        setup = s;
        return null;
    }

    @Override
    public String roundBegin(long r, Phase p) {
        round = (int) r;
        phase = p;
        n = 0;
        return null;
    }

    @Override
    public String roundEnd(long r, long count, long zeroCount) {
        rounds.add(new RecordedRound(round, phase, Arrays.copyOf(pages, n), Arrays.copyOf(hashes, n), Arrays.copyOf(zero, n)));
        return null;
    }

    @Override
    public String page(long page, ByteBuffer buffer, int offset) {
        add((int) page, PageHash.XXH64.hash(buffer, offset), false);
        return null;
    }

    @Override
    public String zeroPage(long page) {
        add((int) page, PageHash.XXH64.zeroPage(), true);
        return null;
    }

    private void add(int page, long hash, boolean isZero) {
        if (n == pages.length) {
            pages = Arrays.copyOf(pages, n * 2);
            hashes = Arrays.copyOf(hashes, n * 2);
            zero = Arrays.copyOf(zero, n * 2);
        }
        pages[n] = page;
        hashes[n] = hash;
        zero[n] = isZero;
        n++;
    }

    @Override
    public String device(long regionId, long regionOffset, ByteBuffer buffer, int offset, int length) {
        return null;
    }

    @Override
    public String end(EndInfo e) {
        end = e;
        return null;
    }
}
