package io.genscope.migration.replay;

import io.genscope.migration.dirty.PageSet;
import io.genscope.migration.policy.Policy;
import io.genscope.migration.report.RoundReport;
import io.genscope.migration.stream.EndInfo;
import io.genscope.migration.stream.Phase;
import io.genscope.migration.stream.StreamFormat;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-runs the dirty history of a recorded migration under another policy, so that policies can be
 * compared on the same history.
 *
 * <p>The model. A recording's rounds are its sync points: round 1 (the bulk round), each later
 * pre-copy round k (the pages the CPU dirtied since sync k-1), gmig's one-shot round, and the stop
 * round. The simulated policy syncs at the same points and stops where the recorded run stopped
 * (the convergence rule is not re-run: between syncs the history has no timing). What it sends:
 * <pre>
 * stop-copy  stop: every page
 * precopy    round 1 every page; round k the pages recorded in round k (a gmig recording's
 *            one-shot round counts as one more live round, with its system pages); stop: the stop
 *            round's system pages + every graphics page
 * gmig       round 1 every system page; round k the system pages of round k; one-shot: every
 *            graphics page + the system pages a gmig recording's one-shot round carried (the
 *            CPU-dirty pages it passed); stop: the stop round's system pages + graphics pages
 *            changed since the one-shot copy
 * </pre>
 * Exact where the recording shows it: system pages are CPU-dirty pages in every policy, and a gmig
 * recording's stop round carries exactly the graphics pages that changed after its one-shot copy.
 * Estimated: from a precopy recording, "changed since the one-shot copy" is taken as "content at
 * the stop differs from the last copy sent before it" (an upper bound: a page the GPU changed only
 * before the one-shot copy counts too); from a gmig recording, precopy's live rounds miss graphics
 * pages the CPU dirtied (gmig kept them out of its live rounds; they are in neither). A stop-copy
 * recording has one round and no history to re-run. Zero pages are judged by the content last
 * recorded at or before the round (or the first recorded after it). Times are link times at the
 * given bandwidth (bytes / rate): no hashing, commit or round trip.
 */
public final class PolicySimulation {
    /** One simulated run. */
    public record Run(String policy, List<RoundReport> rounds, long pagesSent, long pagesDowntime, long bytesSent,
            long bytesDowntime, double downtimeLinkMs, String note) {
    }

    private PolicySimulation() {
    }

    /**
     * @param history the recording
     * @param graphics the guest pages the vGPU's GGTT maps (from the restored device state)
     * @param pageCount guest pages
     * @param bytesPerSecond link rate for the times
     * @throws IllegalArgumentException for a policy this model does not cover or a recording without history
     */
    public static Run simulate(RecordingHistory history, PageSet graphics, int pageCount, Policy policy,
            double bytesPerSecond) {
        List<RecordedRound> rec = history.rounds();
        if (rec.size() < 2) {
            throw new IllegalArgumentException("the recording has " + rec.size()
                    + " round(s): a stop-copy recording has no dirty history to re-run");
        }
        if (rec.stream().anyMatch(r -> r.phase() == Phase.GPU_STOP)) {
            throw new IllegalArgumentException("the recording has a gpu-stop round (genscope held the vGPU before the"
                    + " vCPUs stopped): its stop is split in two, and re-running it under other policies is not modelled");
        }
        RecordedRound stop = rec.get(rec.size() - 1);
        RecordedRound oneShot = rec.stream().filter(r -> r.phase() == Phase.GPU_COPY).findFirst().orElse(null);
        boolean recordedGmig = oneShot != null;
        List<RecordedRound> live = rec.stream().filter(r -> r.phase() == Phase.PRECOPY).toList();
        Knowledge k = new Knowledge(rec, pageCount);
        List<RoundReport> out = new ArrayList<>();
        double bpms = bytesPerSecond / 1000;
        String note;
        int[] stopPages;
        switch (policy) {
            case STOP_COPY -> {
                k.advanceTo(rec.size());
                stopPages = all(pageCount, null);
                note = "exact";
            }
            case PRECOPY -> {
                for (int i = 0; i < live.size(); i++) {
                    k.advanceTo(indexOf(rec, live.get(i)) + 1);
                    int[] pages = i == 0 ? all(pageCount, null) : live.get(i).pages();
                    out.add(round(out.size() + 1, Phase.PRECOPY, pages, k, bpms));
                }
                int[] oneShotSystem = oneShot == null ? new int[0] : without(oneShot.pages(), graphics);
                if (oneShotSystem.length > 0) {
                    k.advanceTo(indexOf(rec, oneShot) + 1);
                    out.add(round(out.size() + 1, Phase.PRECOPY, oneShotSystem, k, bpms));
                }
                k.advanceTo(rec.size());
                PageSet s = new PageSet(pageCount);
                for (int p : stop.pages()) {
                    if (!graphics.contains(p)) {
                        s.add(p);
                    }
                }
                graphics.forEach(s::add);
                stopPages = s.toArray();
                note = recordedGmig ? "estimated: live rounds miss graphics pages the CPU dirtied (gmig kept them out)"
                        : "exact";
            }
            case GMIG -> {
                for (int i = 0; i < live.size(); i++) {
                    k.advanceTo(indexOf(rec, live.get(i)) + 1);
                    int[] pages = i == 0 ? all(pageCount, graphics) : without(live.get(i).pages(), graphics);
                    out.add(round(out.size() + 1, Phase.PRECOPY, pages, k, bpms));
                }
                k.advanceTo(rec.size() - 1);
                PageSet oneShotPages = new PageSet(pageCount);
                if (oneShot != null) {
                    for (int p : without(oneShot.pages(), graphics)) {
                        oneShotPages.add(p);
                    }
                }
                graphics.forEach(oneShotPages::add);
                out.add(round(out.size() + 1, Phase.GPU_COPY, oneShotPages.toArray(), k, bpms));
                k.advanceTo(rec.size());
                PageSet s = new PageSet(pageCount);
                long[] before = recordedGmig ? null : k.lastBeforeStop();
                for (int p : stop.pages()) {
                    // from a precopy recording the stop round has every graphics page: keep those
                    // whose content differs from their last copy before the stop
                    if (recordedGmig || !graphics.contains(p) || k.hash(p) != before[p]) {
                        s.add(p);
                    }
                }
                stopPages = s.toArray();
                note = recordedGmig ? "exact" : "estimated: graphics pages changed since their last copy before the stop"
                        + " (an upper bound of those changed since the one-shot copy)";
            }
            default -> throw new IllegalArgumentException("replay simulates stop-copy, precopy and gmig, not " + policy.cliName());
        }
        RoundReport last = round(out.size() + 1, Phase.STOP_COPY, stopPages, k, bpms);
        out.add(last);
        long device = deviceBytes(history.end());
        long pages = 0;
        long bytes = StreamFormat.STREAM_HEADER_BYTES + StreamFormat.RECORD_HEADER_BYTES + 64L + device;
        for (RoundReport r : out) {
            pages += r.pages();
            bytes += r.bytes();
        }
        return new Run(policy.cliName(), out, pages, last.pages(), bytes, last.bytes() + device,
                (last.bytes() + device) / bpms, note);
    }

    /** The device-state records and END of the recording, as bytes. */
    static long deviceBytes(EndInfo end) {
        if (end == null) {
            return 0;
        }
        long b = StreamFormat.RECORD_HEADER_BYTES + end.bytes();
        for (EndInfo.RegionSum s : end.regions()) {
            // an empty region (no vendor blobs, a guest without pending work) travels as no record
            long chunks = (s.length() + StreamFormat.DEVICE_CHUNK - 1L) / StreamFormat.DEVICE_CHUNK;
            b += s.length() + chunks * StreamFormat.RECORD_HEADER_BYTES;
        }
        return b;
    }

    private static int indexOf(List<RecordedRound> rec, RecordedRound r) {
        return rec.indexOf(r);
    }

    private static RoundReport round(int number, Phase phase, int[] pages, Knowledge k, double bytesPerMs) {
        long zeros = 0;
        for (int p : pages) {
            zeros += k.zero(p) ? 1 : 0;
        }
        long bytes = 2L * StreamFormat.RECORD_HEADER_BYTES + 8 + 16 + (long) pages.length * StreamFormat.RECORD_HEADER_BYTES
                + (pages.length - zeros) * 4096L;
        return new RoundReport(number, phase.label(), pages.length, zeros, bytes, bytes / bytesPerMs);
    }

    private static int[] all(int pageCount, PageSet except) {
        int[] a = new int[pageCount - (except == null ? 0 : except.size())];
        int n = 0;
        for (int p = 0; p < pageCount; p++) {
            if (except == null || !except.contains(p)) {
                a[n++] = p;
            }
        }
        return a;
    }

    private static int[] without(int[] pages, PageSet except) {
        int[] a = new int[pages.length];
        int n = 0;
        for (int p : pages) {
            if (!except.contains(p)) {
                a[n++] = p;
            }
        }
        return java.util.Arrays.copyOf(a, n);
    }

    /**
     * What the recording says about each page's content as its rounds are applied in order: the
     * last hash and zero-ness recorded at or before the current round, or the first recorded when
     * none was yet.
     */
    private static final class Knowledge {
        private final List<RecordedRound> rounds;
        private final long[] hash;
        private final boolean[] zero;
        private int applied;

        Knowledge(List<RecordedRound> rounds, int pageCount) {
            this.rounds = rounds;
            this.hash = new long[pageCount];
            this.zero = new boolean[pageCount];
            boolean[] have = new boolean[pageCount];
            for (RecordedRound r : rounds) {
                for (int i = 0; i < r.pages().length; i++) {
                    int p = r.pages()[i];
                    if (p >= 0 && p < pageCount && !have[p]) {
                        have[p] = true;
                        hash[p] = r.hashes()[i];
                        zero[p] = r.zero()[i];
                    }
                }
            }
        }

        /** Applies recorded rounds up to (excluding) index {@code end}. */
        void advanceTo(int end) {
            for (; applied < end; applied++) {
                RecordedRound r = rounds.get(applied);
                for (int i = 0; i < r.pages().length; i++) {
                    int p = r.pages()[i];
                    if (p >= 0 && p < hash.length) {
                        hash[p] = r.hashes()[i];
                        zero[p] = r.zero()[i];
                    }
                }
            }
        }

        boolean zero(int p) {
            return zero[p];
        }

        long hash(int p) {
            return hash[p];
        }

        /** Each page's hash in the last round before the stop round that carried it. */
        long[] lastBeforeStop() {
            long[] h = new long[hash.length];
            for (int r = 0; r < rounds.size() - 1; r++) {
                RecordedRound x = rounds.get(r);
                for (int i = 0; i < x.pages().length; i++) {
                    int p = x.pages()[i];
                    if (p >= 0 && p < h.length) {
                        h[p] = x.hashes()[i];
                    }
                }
            }
            return h;
        }
    }
}
