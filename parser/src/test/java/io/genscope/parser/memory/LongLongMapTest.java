package io.genscope.parser.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongLongMapTest {

    @Test
    void behavesLikeAHashMap() {
        LongLongMap map = new LongLongMap(4);
        Map<Long, Long> reference = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // sequential page numbers, clustered ones and wild ones
            long key = switch (i % 3) {
                case 0 -> i;
                case 1 -> (long) random.nextInt(5000) << 12;
                default -> random.nextLong() >>> 1;
            };
            long value = random.nextLong();
            assertThat(map.put(key, value)).isTrue();
            reference.put(key, value);
        }
        assertThat(map.size()).isEqualTo(reference.size());
        reference.forEach((k, v) -> assertThat(map.get(k, 0)).isEqualTo(v));
        assertThat(map.get(Long.MAX_VALUE - 7, -5)).isEqualTo(-5);
        assertThat(map.containsKey(-1)).isFalse();
        Map<Long, Long> seen = new HashMap<>();
        map.forEach(seen::put);
        assertThat(seen).isEqualTo(reference);
    }

    @Test
    void valuesMayBeAnything() {
        LongLongMap map = new LongLongMap(16);
        map.put(0, Long.MIN_VALUE);
        map.put(1, -1);
        assertThat(map.containsKey(0)).isTrue();
        assertThat(map.valueAt(map.find(0))).isEqualTo(Long.MIN_VALUE);
        assertThat(map.get(1, 7)).isEqualTo(-1);
        assertThat(map.find(2)).isNegative();
    }

    @Test
    void rejectsNegativeKeys() {
        assertThatThrownBy(() -> new LongLongMap(1).put(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
