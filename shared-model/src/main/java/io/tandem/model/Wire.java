package io.tandem.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Kebab-case wire names for enums ({@code CONFIGURATION_CHANGE} is {@code configuration-change} in JSON),
 * so enum constants stay Java-style while the contract reads like the rest of the API.
 */
public final class Wire {

    /** Marks an enum whose JSON form is its kebab-case wire name; {@link io.tandem.model.json.Json} honours it. */
    public interface Named {
        default String wire() {
            Enum<?> constant = (Enum<?>) this;
            return NAMES.get(constant.getDeclaringClass()).wire[constant.ordinal()];
        }
    }

    /**
     * Each enum's wire names, computed once: every event carries several enums, and deriving the name per value
     * (lower-casing, replacing) was a visible part of reading and writing events.
     */
    private static final ClassValue<Names> NAMES = new ClassValue<>() {
        @Override
        protected Names computeValue(Class<?> type) {
            return new Names(type.getEnumConstants());
        }
    };

    private static final class Names {

        final String[] wire;
        final Map<String, Object> byWire = new HashMap<>();

        Names(Object[] constants) {
            wire = new String[constants.length];
            for (int i = 0; i < constants.length; i++) {
                wire[i] = ((Enum<?>) constants[i]).name().toLowerCase(Locale.ROOT).replace('_', '-');
                byWire.put(wire[i], constants[i]);
            }
        }
    }

    /** Parses a wire name, case-insensitively; an unknown value names the ones allowed. */
    public static <E extends Enum<E>> E parse(Class<E> type, String value) {
        Object exact = NAMES.get(type).byWire.get(value);
        if (exact != null) {
            return type.cast(exact);
        }
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
