package io.quarkiverse.knitting.runtime;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;

/** Starts the pools at runtime init and stops them on shutdown, dev-mode restarts included. */
@Recorder
public class PoolRegistryRecorder {

    /**
     * {@code metered}: the pools record metrics (the application publishes them, or the Dev UI shows them);
     * {@code timeEveryCall}: dev mode, where the Dev UI shows how long each running call has run.
     */
    public void start(Set<String> poolNames, boolean metered, boolean timeEveryCall, ShutdownContext shutdown) {
        PoolRegistry pools = pools();
        shutdown.addShutdownTask(pools::stop);
        pools.start(poolNames, metered, timeEveryCall);
    }

    /**
     * Registers every task the build found, in its pool; after {@link #start}, before any call. {@code injectedPools}:
     * the pools injected by name, which count as used when the startup looks for misspelled pool names.
     */
    public void registerTasks(List<TaskDefinition> tasks, Set<String> injectedPools) {
        Arc.container().instance(TaskInterceptor.TaskMethods.class).get().registerAll(tasks, injectedPools);
    }

    /** Supplies the pool bean called {@code name}. */
    public Supplier<KnittingPool> pool(String name) {
        return () -> pools().pool(name);
    }

    private static PoolRegistry pools() {
        return Arc.container().instance(PoolRegistry.class).get();
    }
}
