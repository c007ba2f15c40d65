package io.quarkiverse.knitting.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.PoolSettings;
import io.quarkiverse.knitting.TaskFunction;
import io.quarkiverse.knitting.TaskOptions;

/** The tasks of one pool: names unique, ids 16-bit and dense, deadline queues found or made at registration. */
final class TaskRegistry {

    private static final System.Logger LOG = System.getLogger(Pool.class.getName()); // the pool's log category

    private final Pool pool;
    private final List<RegisteredTask<?, ?>> tasks = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final List<PoolObserver> observers = new CopyOnWriteArrayList<>();

    TaskRegistry(Pool pool) {
        this.pool = pool;
    }

    <A, R> RegisteredTask<A, R> add(String name, TaskOptions options, TaskFunction<A, ?> function) {
        return add(name, options, function, null, false);
    }

    /**
     * {@code sharedGate}: the concurrency gate of another task whose permits this one takes too (its callAll shares).
     * {@code shares}: the hidden task of another task's {@code callAll}, registered on its first use; a shut-down pool
     * does not refuse it, since that use may be a body's call during a graceful shutdown (admission decides).
     */
    synchronized <A, R> RegisteredTask<A, R> add(String name, TaskOptions options, TaskFunction<A, ?> function,
            ConcurrencyGate sharedGate, boolean shares) {
        String poolName = pool.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A task of pool '" + poolName + "' needs a non-blank name");
        }
        if (options == null || function == null) {
            throw new IllegalArgumentException("Task '" + name + "' of pool '" + poolName
                    + "' needs options and a function, got options=" + options + ", function=" + function);
        }
        if (tasks.size() >= KnittingPool.MAX_TASKS) {
            throw new IllegalArgumentException("Pool '" + poolName + "' already has " + KnittingPool.MAX_TASKS
                    + " tasks, the most its 16-bit task ids (0..65535) allow: cannot register '" + name + "'");
        }
        if (!shares && pool.isShutdown()) {
            throw new PoolClosedException("Pool '" + poolName + "' is shut down: cannot register '" + name + "'");
        }
        if (!names.add(name)) {
            throw new IllegalArgumentException("Pool '" + poolName + "' already has a task named '" + name + "'");
        }
        DeadlineQueue timeoutQueue = options.hasTimeout()
                ? pool.lifecycle.deadlineQueue(DeadlineQueue.Kind.SOFT, options.timeoutMs())
                : null;
        DeadlineQueue cancelQueue = options.hasCancelDeadline()
                ? pool.lifecycle.deadlineQueue(DeadlineQueue.Kind.CANCEL, options.cancelAfterMs())
                : null;
        long queueTimeoutMs = options.queueTimeoutMs() > 0 ? options.queueTimeoutMs()
                : pool.settings().queueTimeoutMs().orElse(-1);
        DeadlineQueue queueWaitQueue = queueTimeoutMs > 0
                ? pool.lifecycle.deadlineQueue(DeadlineQueue.Kind.QUEUE_WAIT, queueTimeoutMs)
                : null;
        RegisteredTask<A, R> task = new RegisteredTask<>(pool, tasks.size(), name, options, function, timeoutQueue,
                cancelQueue, queueWaitQueue, pool.lanes.inline != null, sharedGate);
        tasks.add(task);
        tell(observer -> observer.taskRegistered(task.name(), task.meter));
        PoolSettings settings = pool.settings();
        if (settings.debug().logHref() || settings.debug().logImportedUrl()) {
            LOG.log(System.Logger.Level.INFO, "knitting pool ''{0}'': registered {1} from {2}", poolName, task,
                    function.getClass().getName());
        }
        return task;
    }

    /** Adds an observer and replays the tasks registered so far to it, under the lock that registration takes. */
    synchronized void observe(PoolObserver observer) {
        observers.add(observer);
        for (RegisteredTask<?, ?> task : tasks) {
            tellOne(observer, o -> o.taskRegistered(task.name(), task.meter));
        }
    }

    void tell(Consumer<PoolObserver> event) {
        for (PoolObserver observer : observers) {
            tellOne(observer, event);
        }
    }

    private void tellOne(PoolObserver observer, Consumer<PoolObserver> event) {
        try {
            event.accept(observer);
        } catch (Throwable failure) {
            LOG.log(System.Logger.Level.WARNING, "knitting pool ''" + pool.name() + "'': observer " + observer
                    + " failed; the pool goes on", failure);
        }
    }

    /**
     * An immediate shutdown: the calls waiting for a task's concurrency permit fail now, as calls waiting in a lane's
     * queue do, not when a running body of the task gives its permit back. They are answered outside the lock.
     */
    void failCallsWaitingForPermits() {
        for (ConcurrencyGate gate : gates()) {
            gate.failWaiting(pool::closedError);
        }
    }

    private synchronized List<ConcurrencyGate> gates() {
        List<ConcurrencyGate> gates = new ArrayList<>();
        for (RegisteredTask<?, ?> task : tasks) {
            if (task.gate != null) {
                gates.add(task.gate);
            }
        }
        return gates;
    }

    /** The names of the registered tasks, in registration order. */
    synchronized List<String> names() {
        List<String> names = new ArrayList<>(tasks.size());
        for (RegisteredTask<?, ?> task : tasks) {
            names.add(task.name());
        }
        return names;
    }
}
