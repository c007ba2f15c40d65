package io.quarkiverse.knitting.runtime;

import org.eclipse.microprofile.config.spi.Converter;

import io.quarkiverse.knitting.PoolSettings;

/**
 * {@code threads}: a number, or {@code auto} for the processors the JVM sees (under its container limits) minus one,
 * at least 1. The range is checked with the other options, by {@link PoolSettings}.
 */
public final class ThreadCountConverter implements Converter<Integer> {

    @Override
    public Integer convert(String value) {
        String trimmed = value.trim();
        if ("auto".equalsIgnoreCase(trimmed)) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        }
        try {
            return Integer.valueOf(trimmed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid thread count '" + value + "': allowed is "
                    + PoolSettings.THREADS_ALLOWED);
        }
    }
}
