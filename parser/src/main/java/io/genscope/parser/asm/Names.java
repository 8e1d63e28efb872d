package io.genscope.parser.asm;

import java.util.Collection;
import java.util.Locale;

/** Closest-name suggestions for error messages. */
final class Names {
    private Names() {
    }

    /** The candidate nearest to {@code wrong} (case-insensitive edit distance), if near enough; else null. */
    static String closest(String wrong, Collection<String> candidates) {
        String w = wrong.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT), bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, wrong.length() / 3) ? best : null;
    }

    /** The {@code n} candidates nearest to {@code wrong}, nearest first; those containing it come first. */
    static java.util.List<String> nearest(String wrong, Collection<String> candidates, int n) {
        String w = wrong.toLowerCase(Locale.ROOT);
        return candidates.stream()
                .sorted(java.util.Comparator.comparingInt((String c) -> c.toLowerCase(Locale.ROOT).contains(w) ? 0 : 1)
                        .thenComparingInt(c -> distance(w, c.toLowerCase(Locale.ROOT), Integer.MAX_VALUE))
                        .thenComparing(c -> c))
                .limit(n).toList();
    }

    /** Levenshtein distance, giving up (returning {@code limit}) once every path exceeds it. */
    static int distance(String a, String b, int limit) {
        if (a.length() > 200 || b.length() > 200) {
            return a.equals(b) ? 0 : limit;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
