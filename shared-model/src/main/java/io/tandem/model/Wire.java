package io.tandem.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Kebab-case wire names for enums ({@code CONFIGURATION_CHANGE} is {@code configuration-change} in JSON),
 * so enum constants stay Java-style while the contract reads like the rest of the API.
 */
public final class Wire {

    /** Marks an enum whose JSON form is its kebab-case wire name; {@link io.tandem.model.json.Json} honours it. */
    public interface Named {
        default String wire() {
            return ((Enum<?>) this).name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Parses a wire name, case-insensitively; an unknown value names the ones allowed. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        for (E e : type.getEnumConstants()) {
            if (((Named) e).wire().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value + "', expected one of "
                + Arrays.stream(type.getEnumConstants()).map(e -> ((Named) e).wire()).collect(Collectors.joining(", ")));
    }

    private Wire() {
    }
}
