package io.tandem.model;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequireTest {

    @Test
    void shouldCopyAMapInKeyOrderWhateverOrderItCameIn() {
        Map<String, String> unsorted = new LinkedHashMap<>();
        unsorted.put("team", "platform");
        unsorted.put("alertname", "HighCpu");
        unsorted.put("env", "prod");
        unsorted.put("Zone", "a");

        Map<String, String> copy = Require.map(unsorted);

        assertThat(copy.keySet()).containsExactly("Zone", "alertname", "env", "team");
        assertThat(copy).isEqualTo(Map.of("team", "platform", "alertname", "HighCpu", "env", "prod", "Zone", "a"));
    }

    @Test
    void shouldCopyASortedMapInItsOrderAndDetachedFromIt() {
        TreeMap<String, Integer> sorted = new TreeMap<>(Map.of("b", 2, "a", 1, "c", 3));

        Map<String, Integer> copy = Require.map(sorted);
        sorted.put("d", 4);

        assertThat(copy.keySet()).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> copy.put("e", 5)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldSortASortedMapWithItsOwnOrderByKeyAndDropItsNullValues() {
        TreeMap<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(Map.of("a", "1", "b", "2"));
        TreeMap<String, String> withNull = new TreeMap<>(Map.of("x", "1", "y", "2"));
        withNull.put("z", null);

        assertThat(Require.map(reversed).keySet()).containsExactly("a", "b");
        assertThat(Require.map(withNull)).containsExactly(Map.entry("x", "1"), Map.entry("y", "2"));
    }

    @Test
    void shouldDropNullKeysAndValues() {
        Map<String, String> withNulls = new HashMap<>();
        withNulls.put(null, "no key");
        withNulls.put("kept", "yes");
        withNulls.put("empty", null);

        assertThat(Require.map(withNulls)).containsExactly(Map.entry("kept", "yes"));
    }

    @Test
    void shouldBeImmutableAndDetachedFromItsSource() {
        Map<String, String> source = new HashMap<>(Map.of("b", "2", "a", "1"));

        Map<String, String> copy = Require.map(source);
        source.put("c", "3");

        assertThat(copy).containsOnlyKeys("a", "b");
        assertThatThrownBy(() -> copy.put("d", "4")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldGiveAnEmptyMapForNothing() {
        assertThat(Require.map(null)).isEmpty();
        assertThat(Require.map(Map.of())).isEmpty();
    }
}
