package io.quarkiverse.knitting.runtime;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.quarkiverse.knitting.TaskOptions;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * Applies {@code knitting.task."<class>#<method>".*} to the {@code @Task} methods at startup, and fails the startup
 * for a key that names no {@code @Task} method or holds an invalid value, every problem in one message.
 */
final class TaskOverrides {

    private final Map<String, TaskOverrideConfig> byMethod = new TreeMap<>();
    private final Map<String, String> keyOf = new TreeMap<>();
    private final Set<String> used = new HashSet<>();
    private final List<String> problems = new ArrayList<>();

    TaskOverrides(Map<String, TaskOverrideConfig> configured) {
        configured.forEach((key, override) -> {
            byMethod.put(normalized(key), override);
            keyOf.put(normalized(key), key);
        });
    }

    /** The pool of {@code method}: the override's, else the annotation's. */
    String pool(Method method, String annotated) {
        String pool = annotated;
        for (TaskOverrideConfig override : overridesOf(method)) {
            pool = override.pool().orElse(pool);
        }
        return pool;
    }

    /** The options of {@code method}: the annotation's, with every overridden member replaced. */
    TaskOptions options(Method method, TaskOptions annotated) {
        TaskOptions options = annotated;
        for (TaskOverrideConfig override : overridesOf(method)) {
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
                    problems.add(key(method, "queue-timeout-ms") + "=0 is invalid: allowed is a positive number of "
                            + "milliseconds, or a negative value for the pool's queue-timeout-ms");
                } else {
                    options = options.withQueueTimeoutMs(queueTimeoutMs);
                }
            }
        }
        return options;
    }

    /** After every method: the keys no {@code @Task} method used, and invalid values, fail the startup. */
    void check() {
        for (Map.Entry<String, String> entry : keyOf.entrySet()) {
            if (!used.contains(entry.getKey())) {
                problems.add("knitting.task.\"" + entry.getValue() + "\" names no @Task method: use "
                        + "<declaring class>#<method> or <declaring class>#<method>(<parameter types>), e.g. "
                        + "com.acme.Hasher#sha256 or com.acme.Hasher#sha256(byte[])");
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems.size() == 1 ? problems.get(0)
                    : "Invalid knitting configuration:\n\t" + String.join("\n\t", problems));
        }
    }

    /** The every-overload override first, then the one-overload override, which wins. */
    private List<TaskOverrideConfig> overridesOf(Method method) {
        List<TaskOverrideConfig> overrides = new ArrayList<>(2);
        for (String name : List.of(everyOverload(method), normalized(TaskMethod.name(method)))) {
            TaskOverrideConfig override = byMethod.get(name);
            if (override != null) {
                used.add(name);
                overrides.add(override);
            }
        }
        return overrides;
    }

    private String key(Method method, String property) {
        String name = byMethod.containsKey(normalized(TaskMethod.name(method))) ? normalized(TaskMethod.name(method))
                : everyOverload(method);
        return "knitting.task.\"" + keyOf.getOrDefault(name, name) + "\"." + property;
    }

    private static String everyOverload(Method method) {
        return method.getDeclaringClass().getName() + "#" + method.getName();
    }

    private static String normalized(String key) {
        return key.replace(" ", "");
    }
}
