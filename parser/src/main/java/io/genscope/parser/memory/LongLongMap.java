package io.genscope.parser.memory;

import java.util.Arrays;

/**
 * A map from non-negative long keys to long values without boxing: open addressing, linear
 * probing, power-of-two capacity, at most half full. Keys are page numbers or GGTT indices, so a
 * negative key never occurs and marks an empty slot.
 */
final class LongLongMap {
    /** The most entries the map will hold (2^29): a guard against hostile inputs, far above real captures. */
    static final int MAX_ENTRIES = 1 << 29;
    private static final long EMPTY = -1L;

    private long[] keys;
    private long[] values;
    private int size;
    private int mask;

    LongLongMap(int expectedEntries) {
        int capacity = Integer.highestOneBit(Math.max(16, Math.min(expectedEntries, MAX_ENTRIES)) * 2 - 1) * 2;
        allocate(capacity);
    }

    /** The value stored for {@code key}, or {@code missing}. */
    long get(long key, long missing) {
        int i = find(key);
        return i < 0 ? missing : values[i];
    }

    /** The value in a slot returned by {@link #find}. */
    long valueAt(int slot) {
        return values[slot];
    }

    boolean containsKey(long key) {
        return find(key) >= 0;
    }

    /** The slot holding {@code key}, or -1; valid until the next {@link #put}. */
    int find(long key) {
        if (key < 0) {
            return -1;
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                return i;
            }
            if (k == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Stores {@code value} for {@code key} (which must be non-negative).
     *
     * @return false when the map is full ({@link #MAX_ENTRIES}) and the key is new
     */
    boolean put(long key, long value) {
        if (key < 0) {
            throw new IllegalArgumentException("negative key " + key);
        }
        int i = slot(key);
        while (true) {
            long k = keys[i];
            if (k == key) {
                values[i] = value;
                return true;
            }
            if (k == EMPTY) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (size >= MAX_ENTRIES) {
            return false;
        }
        keys[i] = key;
        values[i] = value;
        size++;
        if (size * 2L > keys.length) {
            grow();
        }
        return true;
    }

    int size() {
        return size;
    }

    /** Approximate heap footprint of the two arrays. */
    long heapBytes() {
        return 16L * keys.length;
    }

    /** Calls {@code action} for every entry, in no particular order. */
    void forEach(Entry action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != EMPTY) {
                action.accept(keys[i], values[i]);
            }
        }
    }

    /** One entry of the map. */
    @FunctionalInterface
    interface Entry {
        void accept(long key, long value);
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        Arrays.fill(keys, EMPTY);
        mask = capacity - 1;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            long k = oldKeys[j];
            if (k != EMPTY) {
                int i = slot(k);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = k;
                values[i] = oldValues[j];
            }
        }
    }
}
