package io.quarkiverse.knitting.runtime;

import java.util.Map;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.DefaultValuesConfigSource;

/**
 * Reads a deprecated alias when its current key is not set: {@code knitting.max-payload-bytes} stands in for
 * {@code knitting.payload.max-payload-bytes}, {@code knitting."x".dispatcher.max-backoff-ms} for
 * {@code knitting."x".host.max-backoff-ms}, and so on. A current key that is set wins; a current key that only has
 * its default loses to a set alias. {@link PoolConfigReader} logs a warning for each alias in use.
 */
public class DeprecatedKeys implements ConfigSourceInterceptor {

    /** Current key (relative to the pool) to deprecated alias. */
    static final Map<String, String> ALIASES = Map.of(
            "payload.payload-initial-bytes", "payload-initial-bytes",
            "payload.payload-max-byte-length", "payload-max-bytes",
            "payload.mode", "buffer-mode",
            "payload.max-payload-bytes", "max-payload-bytes",
            "host.stall-free-loops", "dispatcher.stall-free-loops",
            "host.max-backoff-ms", "dispatcher.max-backoff-ms");

    private static final String PREFIX = "knitting.";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!name.startsWith(PREFIX) || (value != null
                && value.getConfigSourceOrdinal() != DefaultValuesConfigSource.ORDINAL)) {
            return value;
        }
        String alias = aliasOf(name);
        if (alias == null) {
            return value;
        }
        ConfigValue deprecated = context.proceed(alias);
        return deprecated == null ? value : deprecated.withName(name);
    }

    /** {@code knitting[."pool"].<alias>} for {@code knitting[."pool"].<current key>}, or null. */
    static String aliasOf(String name) {
        String rest = name.substring(PREFIX.length());
        String pool = "";
        if (rest.startsWith("\"")) {
            int end = rest.indexOf("\".", 1);
            if (end < 0) {
                return null;
            }
            pool = rest.substring(0, end + 2);
            rest = rest.substring(end + 2);
        }
        String alias = ALIASES.get(rest);
        return alias == null ? null : PREFIX + pool + alias;
    }
}
