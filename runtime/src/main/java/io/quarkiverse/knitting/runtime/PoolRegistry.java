package io.quarkiverse.knitting.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.PoolDefaults;
import io.quarkiverse.knitting.PoolEvent;
import io.quarkiverse.knitting.PoolSettings;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The application's pools by name. Pools start at runtime init (the recorder calls {@link #start}), never at build
 * time: every pool named by a {@code @Task} method or an injection point, and every configured one. A pool asked for
 * later by a name with no configuration starts with defaults, logged once.
 */
@Singleton
public class PoolRegistry {

    private static final Logger LOG = Logger.getLogger(PoolRegistry.class);

    private final KnittingConfig config;
    private final Event<PoolEvent> events;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    /** Told of every pool that starts, those started before it was added included (see {@link #whenStarted}). */
    private final List<BiConsumer<String, Pool>> startListeners = new CopyOnWriteArrayList<>();
    /** The application publishes the pools' meters (Quarkus Micrometer), or dev mode: pools record metrics. */
    private volatile boolean metered;
    /** Dev mode: every call is timed, for the Dev UI. */
    private volatile boolean timeEveryCall;
    private final Map<String, KnittingConfig.PermissionMode> permissions = new ConcurrentHashMap<>();
    private boolean stopped; // guarded by this

    public PoolRegistry(KnittingConfig config, Event<PoolEvent> events) {
        this.config = config;
        this.events = events;
    }

    /**
     * Starts the pools named at build time and the configured ones. Invalid configuration fails startup here, before
     * any pool starts, with every invalid value of every pool in one message.
     */
    synchronized void start(Collection<String> namedAtBuildTime, boolean metered, boolean timeEveryCall) {
        this.metered = metered;
        this.timeEveryCall = timeEveryCall;
        Set<String> names = new TreeSet<>(namedAtBuildTime);
        names.add(KnittingConfig.DEFAULT_POOL);
        names.addAll(config.pools().keySet());
        Map<String, PoolSettings> settings = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        if (config.shutdownTimeout().isNegative()) {
            problems.add("knitting.shutdown-timeout=" + config.shutdownTimeout()
                    + " is invalid: allowed is a duration >= 0");
        }
        for (String name : names) {
            try {
                settings.put(name, read(name));
            } catch (PoolConfigReader.InvalidPoolConfiguration invalid) {
                problems.addAll(invalid.problems);
            }
        }
        if (!problems.isEmpty()) {
            throw invalidConfiguration(problems);
        }
        settings.forEach((name, poolSettings) -> pools.computeIfAbsent(name, n -> start(n, poolSettings)));
    }

    /**
     * The pool called {@code name}, started on first use. After {@link #stop} nothing starts any more: a stopped pool
     * is returned as it is (its calls fail with {@code PoolClosedException}), and a name that never started gets the
     * same exception here.
     */
    public KnittingPool pool(String name) {
        Pool pool = pools.get(name);
        if (pool != null) {
            return pool;
        }
        synchronized (this) { // against stop(): no pool may start once it has begun
            if (stopped) {
                throw new PoolClosedException("Knitting pools are stopped (the application is shutting down): pool '"
                        + name + "' does not start");
            }
            return pools.computeIfAbsent(name, n -> {
                try {
                    return start(n, read(n));
                } catch (PoolConfigReader.InvalidPoolConfiguration invalid) {
                    throw invalidConfiguration(invalid.problems);
                }
            });
        }
    }

    /**
     * The permission mode of the pool whose task runs on the current thread (see {@link Pool#ofCurrentTask}), or null
     * when no task runs here. A pool built without CDI has the default pool's.
     */
    KnittingConfig.PermissionMode currentTaskPermission() {
        Pool current = Pool.ofCurrentTask();
        if (current == null) {
            return null;
        }
        return permissions.getOrDefault(current.name(), config.pools().get(KnittingConfig.DEFAULT_POOL).permission());
    }

    /** The pools started so far, by name. */
    public Map<String, Pool> started() {
        return new TreeMap<>(pools);
    }

    /**
     * Calls {@code listener} for every pool started so far and then for each pool as it starts (a name first asked
     * for after startup, say).
     */
    public synchronized void whenStarted(BiConsumer<String, Pool> listener) {
        startListeners.add(listener);
        started().forEach(listener);
    }

    /** The {@code health.*} settings of the pool called {@code name}. */
    public HealthConfig health(String name) {
        return config.pools().get(name).health();
    }

    /** Warns of task pools that look like misspellings of configured pools nothing uses (see {@link MisspelledPools}). */
    void reportLikelyMisspelledPools(Map<String, String> firstTaskOfPool, Set<String> injectedPools) {
        for (String warning : MisspelledPools.warnings(config.pools().keySet(), firstTaskOfPool, injectedPools)) {
            LOG.warn(warning);
        }
    }

    /** {@code knitting.task."<class>#<method>".*}. */
    Map<String, TaskOverrideConfig> taskOverrides() {
        return config.task();
    }

    /** One startup failure for every invalid value: the problem itself when it is the only one. */
    static ConfigurationException invalidConfiguration(List<String> problems) {
        return new ConfigurationException(problems.size() == 1 ? problems.get(0)
                : "Invalid knitting configuration:\n\t" + String.join("\n\t", problems));
    }

    private PoolSettings read(String name) {
        return new PoolConfigReader(name, config.pools().get(name), metered, timeEveryCall).read();
    }

    private Pool start(String name, PoolSettings settings) {
        KnittingConfig.PoolConfig poolConfig = config.pools().get(name);
        if (!KnittingConfig.DEFAULT_POOL.equals(name) && !config.pools().containsKey(name)) {
            LOG.infof("Knitting pool '%s' has no configuration under knitting.\"%s\".*: it runs with the defaults",
                    name, name);
        }
        reportProcessWorkerSettings(name, poolConfig);
        reportAutoThreads(name, settings);
        reportSpinDefault(name, settings);
        permissions.put(name, poolConfig.permission());
        Pool pool = Pool.start(settings);
        pool.observe(new PoolEventPublisher(name, events));
        for (BiConsumer<String, Pool> listener : startListeners) {
            try {
                listener.accept(name, pool);
            } catch (RuntimeException failed) { // the pool runs, and is stopped with the others, all the same
                LOG.warnf(failed, "Knitting pool '%s': %s failed for it", name, listener);
            }
        }
        LOG.debugf("Started knitting pool '%s' with %d lane(s)", name, pool.lanes());
        return pool;
    }

    /** {@code threads=auto}: says how many lanes it chose, and why. */
    private static void reportAutoThreads(String name, PoolSettings settings) {
        String key = PoolConfigReader.key(name, "threads");
        String raw = ConfigProvider.getConfig().getConfigValue(key).getRawValue();
        if (raw != null && "auto".equalsIgnoreCase(raw.trim())) {
            LOG.infof("Knitting pool '%s': %s=auto chose %d lane(s): the %d processors this JVM may use (container "
                    + "limits included), minus one left to the event loops and the callers that hand work to the lanes",
                    name, key, settings.threads(), Runtime.getRuntime().availableProcessors());
        }
    }

    /** Lanes that outnumber the processors do not spin by default ({@code PoolDefaults.spinMicroseconds}): says so. */
    private static void reportSpinDefault(String name, PoolSettings settings) {
        String key = PoolConfigReader.key(name, "worker.timers.spin-microseconds");
        int processors = Runtime.getRuntime().availableProcessors();
        if (PoolDefaults.spinMicroseconds(settings.threads(), processors) == 0
                && settings.worker().timers().spinMicroseconds() == 0
                && ConfigProvider.getConfig().getConfigValue(key).getRawValue() == null) {
            LOG.infof("Knitting pool '%s': its %d lanes outnumber the %d processors this JVM may use, so an idle lane "
                    + "parks at once instead of spinning (a spinning lane would hold a core that a busy one or a "
                    + "caller needs); set %s to spin anyway", name, settings.threads(), processors, key);
        }
    }

    /**
     * Once the tasks are registered: warns when the pools that have tasks hold more worker lanes than the processors
     * minus one. Busy lanes then share cores with each other and with the event loops, and a CPU-bound call waits for
     * a core instead of a lane. Pools without tasks (an unused default pool) are idle and not counted.
     */
    void checkCores(@Observes StartupEvent startup) {
        int processors = Runtime.getRuntime().availableProcessors();
        int lanes = 0;
        List<String> counted = new ArrayList<>();
        for (Map.Entry<String, Pool> entry : started().entrySet()) {
            Pool pool = entry.getValue();
            if (!pool.taskNames().isEmpty()) {
                lanes += pool.workerLanes();
                counted.add(entry.getKey() + "=" + pool.workerLanes());
            }
        }
        if (lanes > Math.max(1, processors - 1)) {
            LOG.warnf("Knitting pools have %d worker lanes in all (%s) for %d processors: with them busy, lanes share "
                    + "cores with each other and with the Vert.x event loops, and calls wait for a core rather than a "
                    + "lane. Idle lanes cost nothing (at most %d spin at once, the others park). Fewer lanes "
                    + "(knitting.\"<pool>\".threads), or threads=auto in a single pool, keep a core for the event loops",
                    lanes, String.join(", ", counted), processors, Math.max(0, processors - 1));
        }
    }

    private static void reportProcessWorkerSettings(String name, KnittingConfig.PoolConfig poolConfig) {
        if (poolConfig.workerExecArgv().isPresent() || poolConfig.source().isPresent()) {
            LOG.infof("%s and %s are process-worker settings: pool '%s' runs thread workers in this JVM, so they "
                    + "have no effect", PoolConfigReader.key(name, "worker-exec-argv"),
                    PoolConfigReader.key(name, "source"), name);
        }
    }

    /** Whether {@link #stop} has begun. */
    synchronized boolean isStopped() {
        return stopped;
    }

    /** Calls in flight in every pool, for the graceful drain. */
    long inFlight() {
        long inFlight = 0;
        for (Pool pool : pools.values()) {
            inFlight += pool.stats().inFlight();
        }
        return inFlight;
    }

    /**
     * Shuts every pool down at once (honouring {@code worker.resolve-after-finishing-all}) and waits for their threads,
     * all within {@code knitting.shutdown-timeout}.
     */
    void stop() {
        synchronized (this) {
            stopped = true;
        }
        for (Pool pool : pools.values()) {
            pool.shutdown();
        }
        Duration timeout = config.shutdownTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Pool pool : pools.values()) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!pool.awaitTermination(left)) {
                LOG.warnf("Knitting pool '%s' did not stop within knitting.shutdown-timeout=%s: a running call "
                        + "ignored its abort signal, or a continuation of a timed-out call is still running on one "
                        + "of its answer threads; its threads are left behind", pool.name(), timeout);
            }
        }
    }
}
