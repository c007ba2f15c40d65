package io.quarkiverse.knitting.runtime;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.quarkiverse.knitting.TaskOptions;

/**
 * Applies {@code knitting.task."<class>#<method>".*} to the {@code @Task} methods at startup, and fails the startup
 * for a key that names no {@code @Task} method or holds an invalid value, every problem in one message.
 */
final class TaskOverrides {

    /** One configured key as written, and what it sets. */
    private record Configured(String key, TaskOverrideConfig override) {
    }

    /** By key without spaces: {@code <class>#<method>} or {@code <class>#<method>(<types>)}. */
    private final Map<String, Configured> byMethod = new TreeMap<>();
    private final Set<String> used = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    TaskOverrides(Map<String, TaskOverrideConfig> configured) {
        configured.forEach((key, override) -> byMethod.put(normalized(key), new Configured(key, override)));
    }

    /** The pool of {@code method}: the override's, else the annotation's. */
    String pool(Method method, String annotated) {
        String pool = annotated;
        for (Configured configured : overridesOf(method)) {
            pool = configured.override().pool().orElse(pool);
        }
        return pool;
    }

    /** The options of {@code method}: the annotation's, with every overridden member replaced. */
    TaskOptions options(Method method, TaskOptions annotated) {
        TaskOptions options = annotated;
        for (Configured configured : overridesOf(method)) {
            TaskOverrideConfig override = configured.override();
            if (override.timeoutMs().isPresent()) {
                options = options.withTimeoutMs(override.timeoutMs().getAsLong());
            }
            if (override.onTimeout().isPresent()) {
                options = options.withOnTimeout(override.onTimeout().get());
            }
            if (override.abortable().isPresent()) {
                options = options.withAbortable(override.abortable().get());
            }
            if (override.maxConcurrency().isPresent()) {
                options = options.withMaxConcurrency(override.maxConcurrency().getAsInt());
            }
            if (override.queueTimeoutMs().isPresent()) {
                long queueTimeoutMs = override.queueTimeoutMs().getAsLong();
                if (queueTimeoutMs == 0) {
                    problems.add("knitting.task.\"" + configured.key() + "\".queue-timeout-ms=0 is invalid: allowed is a "
                            + "positive number of milliseconds, or a negative value for the pool's queue-timeout-ms");
                } else {
                    options = options.withQueueTimeoutMs(queueTimeoutMs);
                }
            }
        }
        return options;
    }

    /** After every method: the keys no {@code @Task} method used, and invalid values, fail the startup. */
    void check() {
        byMethod.forEach((name, configured) -> {
            if (!used.contains(name)) {
                problems.add("knitting.task.\"" + configured.key() + "\" names no @Task method: use "
                        + "<declaring class>#<method> or <declaring class>#<method>(<parameter types>), e.g. "
                        + "com.acme.Hasher#sha256 or com.acme.Hasher#sha256(byte[])");
            }
        });
        if (!problems.isEmpty()) {
            throw PoolRegistry.invalidConfiguration(problems);
        }
    }

    /** The every-overload override first, then the one-overload override, which wins. */
    private List<Configured> overridesOf(Method method) {
        List<Configured> overrides = new ArrayList<>(2);
        String everyOverload = method.getDeclaringClass().getName() + "#" + method.getName();
        for (String name : List.of(everyOverload, normalized(TaskMethod.name(method)))) {
            Configured configured = byMethod.get(name);
            if (configured != null) {
                used.add(name);
                overrides.add(configured);
            }
        }
        return overrides;
    }

    private static String normalized(String key) {
        return key.replace(" ", "");
    }
}
