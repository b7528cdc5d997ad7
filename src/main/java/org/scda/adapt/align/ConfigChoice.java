package org.scda.adapt.align;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A setting with a few named values, spelt in config files in lower case with hyphens
 * ({@code paper-text}, {@code source-only}).
 */
interface ConfigChoice {

    /** The value as written in a config file. */
    String configName();

    /**
     * The constant of {@code type} spelt {@code value}.
     *
     * @param key the setting, for the message (e.g. {@code adapt.pairing})
     * @throws IllegalArgumentException naming the key, the known values and the value given
     */
    static <E extends Enum<E> & ConfigChoice> E parse(Class<E> type, String key, String value) {
        for (E e : type.getEnumConstants()) {
            if (e.configName().equals(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(ConfigChoice::configName).collect(Collectors.joining(", ")) + "; got '" + value + "'");
    }
}
