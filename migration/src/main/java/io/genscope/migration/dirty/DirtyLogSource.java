package io.genscope.migration.dirty;

/**
 * A CPU dirty log kept outside genscope, by the hypervisor (KVM's per-slot dirty bitmap, or a log a
 * VMM keeps in shared memory): the migration fetches it at every dirty sync.
 */
@FunctionalInterface
public interface DirtyLogSource {
    /**
     * Sets in {@code words} the bit of every page written since the previous call (page p: word
     * {@code p >>> 6}, bit {@code p & 63}) and forgets them, as KVM's get-and-clear of a dirty log
     * does. Bits already set in {@code words} stay set. A page written while this runs is either
     * reported now or at the next call, never lost.
     */
    void fetchAndClear(long[] words);
}
