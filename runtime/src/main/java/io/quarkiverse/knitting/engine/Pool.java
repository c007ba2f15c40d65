package io.quarkiverse.knitting.engine;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.PoolSettings;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskFunction;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/**
 * The pool engine: lanes, balancer, overflow, watchdog and lifecycle, behind {@link KnittingPool}.
 * <p>
 * A call flows caller → {@link #dispatch} (admission: closed? payload? abort slot?) → balancer → lane queue (or the
 * overflow queue when it is full) → worker → {@link Call} settles once → the caller's subscriber.
 */
public final class Pool implements KnittingPool {

    private static final System.Logger LOG = System.getLogger(Pool.class.getName());

    final PoolSettings settings;
    final PoolCounters counters = new PoolCounters();
    final AwaitedOutputs outputs = new AwaitedOutputs(this);
    final AbortSlots abortSlots;
    final BodyRunner bodyRunner;
    final long spinNanos;
    final long pauseNanos;
    final long parkNanos;
    /** Lanes stamp the start time of calls only when a hard timeout needs it. */
    final boolean watchesRunningCalls;

    private final String name;
    private final Admission admission;
    private final Lanes lanes;
    private final HostDispatcher host;
    private final PoolThreads threads;
    private final TaskRegistry tasks = new TaskRegistry(this);
    private volatile Watchdog watchdog;
    private final Runaways runaways;
    private final PendingArguments pendingArguments = new PendingArguments();

    private final AtomicLong generation = new AtomicLong();
    /** "Wait as long as it takes", as a deadline offset that cannot overflow {@code System.nanoTime()} arithmetic. */
    static final long NO_DEADLINE = Long.MAX_VALUE / 4;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stoppingNow;
    private final Termination termination;
    private final AtomicBoolean warnedNestedCall = new AtomicBoolean();

    private Pool(PoolSettings settings) {
        this.settings = settings;
        this.name = settings.name();
        this.abortSlots = new AbortSlots(settings.abortSignalCapacity());
        PayloadGuard payloadGuard = new PayloadGuard(settings.payload().maxPayloadBytes(), name);
        this.admission = new Admission(name, payloadGuard, abortSlots);
        this.bodyRunner = new BodyRunner(payloadGuard);
        this.spinNanos = TimeUnit.MICROSECONDS.toNanos(settings.worker().timers().spinMicroseconds());
        this.pauseNanos = settings.worker().timers().pauseNanoseconds();
        this.parkNanos = TimeUnit.MILLISECONDS.toNanos(settings.worker().timers().parkMs());
        this.watchesRunningCalls = settings.worker().hardTimeoutMs().isPresent();
        OptionalInt stackSizeMb = settings.worker().resourceLimits().stackSizeMb();
        long stackSizeBytes = stackSizeMb.isPresent() ? stackSizeMb.getAsInt() * (1L << 20) : 0;
        this.threads = new PoolThreads(name, stackSizeBytes, this::mayTerminate);
        this.termination = new Termination(threads);
        this.lanes = new Lanes(this, settings);
        this.host = new HostDispatcher(this, settings.host().stallFreeLoops(), settings.host().maxBackoffMs());
        this.runaways = new Runaways(this, lanes.workers, settings.worker().hardTimeoutPolicy(),
                settings.worker().hardTimeoutMs().orElse(0));
    }

    /** Validated settings in, running pool out: worker threads, the host dispatcher and, if needed, the watchdog. */
    public static Pool start(PoolSettings settings) {
        Pool pool = new Pool(settings);
        pool.warnAboutUnenforcedLimits();
        for (WorkerLane lane : pool.lanes.workers) {
            lane.startWorker();
        }
        pool.host.start();
        if (settings.worker().hardTimeoutMs().isPresent()) {
            pool.startWatchdog();
        }
        return pool;
    }

    /** The pool whose worker lane runs the current thread, or null on any other thread. */
    public static Pool ofCurrentThread() {
        return Thread.currentThread() instanceof WorkerThread worker ? worker.pool : null;
    }

    // ---- KnittingPool -------------------------------------------------------------------------------------------

    @Override
    public String name() {
        return name;
    }

    @Override
    public int lanes() {
        return lanes.all.length;
    }

    public PoolSettings settings() {
        return settings;
    }

    @Override
    public <A, R> TaskRef<A, R> register(String taskName, TaskFunction<A, R> function) {
        return register(taskName, TaskOptions.defaults(), function);
    }

    @Override
    public <A, R> TaskRef<A, R> registerAsync(String taskName, TaskOptions options,
            TaskFunction<A, ? extends Uni<R>> function) {
        return add(taskName, options, function);
    }

    @Override
    public <A, R> TaskRef<A, R> register(String taskName, TaskOptions options, TaskFunction<A, R> function) {
        return add(taskName, options, function);
    }

    private <A, R> TaskRef<A, R> add(String taskName, TaskOptions options, TaskFunction<A, ?> function) {
        return tasks.add(taskName, options, function);
    }

    /** The watchdog's queue for deadlines of one kind and duration; starts the watchdog when needed. */
    DeadlineQueue deadlineQueue(DeadlineQueue.Kind kind, long millis) {
        Watchdog dog = startWatchdog();
        if (dog == null) {
            throw closedError();
        }
        return dog.queue(kind, millis);
    }

    @Override
    public PoolStats stats() {
        long[] perLane = new long[lanes.all.length];
        for (Lane lane : lanes.all) {
            perLane[lane.index()] = lane.bodiesEnded();
        }
        long completed = 0;
        long failed = 0;
        for (WorkerLane lane : lanes.workers) {
            completed += lane.completedHere();
            failed += lane.failedHere();
        }
        PoolCounters.Snapshot shared = counters.read(); // submitted last, so it is never behind the outcomes
        completed += shared.completed();
        failed += shared.failed();
        long settled = completed + failed + shared.cancelled() + shared.rejected();
        return new PoolStats(lanes.all.length, generation.get(), shared.submitted(), completed, failed, shared.cancelled(),
                shared.rejected(), Math.max(0, shared.submitted() - settled), perLane, threads.abandonedAlive());
    }

    @Override
    public Uni<Void> shutdown() {
        beginShutdown();
        return termination.uni();
    }

    @Override
    public Uni<Void> shutdown(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("Shutdown delay of pool '" + name + "' must be >= 0, got " + delay);
        }
        if (delay.isZero()) {
            return shutdown();
        }
        Watchdog dog = closed.get() ? null : startWatchdog();
        if (dog != null) {
            dog.shutdownAfter(delay.toNanos()); // the pool's own timer: nothing shared can delay it
        }
        return termination.uni();
    }

    @Override
    public boolean isShutdown() {
        return closed.get();
    }

    @Override
    public void close() {
        beginShutdown();
        if (!(Thread.currentThread() instanceof WorkerThread worker && worker.pool == this)) {
            termination.await(); // a lane cannot wait for itself to stop
        }
    }

    /**
     * Waits until the pool has shut down and every thread it started (abandoned ones aside) has ended; false when
     * {@code timeout} passed first.
     */
    public boolean awaitTermination(Duration timeout) {
        return termination.await(timeout);
    }

    // ---- dispatch -----------------------------------------------------------------------------------------------

    /**
     * Admits a call and hands it to a lane: closed pool, payload and abort slot are checked first, and a refused
     * call is answered at once. A call made by a body running on a lane of this pool runs right there instead:
     * waiting for another lane could deadlock.
     */
    void dispatch(Call<?, ?> call) {
        counters.submitted();
        if (!admission.admit(call, closed.get())) {
            return;
        }
        RegisteredTask<?, ?> task = call.task;
        int inFlight = task.enter();
        if (!call.accept()) {
            call.withdraw(); // the caller cancelled before dispatch
            return;
        }
        Watchdog dog = watchdog;
        if (dog != null && (task.hasDeadlines() || dog.hasHardTimeout())) {
            call.submittedAt = System.nanoTime();
            dog.watch(call);
        }
        if (Thread.currentThread() instanceof WorkerThread self && self.pool == this && self.lane.runsBodyOn(self)) {
            if (settings.debug().extras()) {
                noteNested(task);
            }
            self.lane.runNested(call, self);
            return;
        }
        lanes.pick(inFlight).submit(call);
    }

    /** Waits for a call's argument to resolve before dispatching it; shutdown fails it meanwhile. */
    void awaitArgument(PendingArgument<?, ?> pending) {
        pendingArguments.add(pending, closed.get());
    }

    /** The argument resolved (or failed, or the caller cancelled): true when the call is still this pool's to run. */
    boolean argumentArrived(PendingArgument<?, ?> pending) {
        return pendingArguments.take(pending);
    }

    void overflow(Call<?, ?> call) {
        host.offer(call);
    }

    InlineLane inlineLane() {
        return lanes.inline;
    }

    WorkerLane[] workerLanes() {
        return lanes.workers;
    }

    PoolClosedException closedError() {
        return new PoolClosedException("Pool '" + name + "' is shut down");
    }

    boolean isStoppingNow() {
        return stoppingNow;
    }

    // ---- hard timeout -------------------------------------------------------------------------------------------

    Runaways runaways() {
        return runaways;
    }

    void nextGeneration() {
        generation.incrementAndGet();
    }

    /** Gives up on a stuck worker: nobody waits for it any more, and it is interrupted in case it listens. */
    void abandon(WorkerThread stuck) {
        threads.abandon(stuck, generation.get());
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    /** Closes the pool to new calls and stops its lanes, gracefully or now as the settings say; once. */
    void beginShutdown() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean gracefully = settings.worker().resolveAfterFinishingAll();
        if (!gracefully) {
            stoppingNow = true;
        }
        log("shutting down " + (gracefully ? "after queued calls finish" : "now"));
        pendingArguments.closeAll();
        host.requestStop(gracefully);
        for (WorkerLane lane : lanes.workers) {
            if (gracefully) {
                lane.requestStop(true);
                continue;
            }
            Call<?, ?> running = lane.running();
            if (running != null && running.task.abortable) {
                running.fail(closedError());
            }
            lane.stopNow();
        }
        if (!gracefully) {
            outputs.failAll();
        }
        mayTerminate();
    }

    /** The watchdog, started on first need; null once the pool has terminated (nothing would stop it). */
    private synchronized Watchdog startWatchdog() {
        if (watchdog == null && !termination.isDecided()) {
            Watchdog dog = new Watchdog(this, settings.worker().hardTimeoutMs().orElse(0));
            dog.start();
            watchdog = dog;
        }
        return watchdog;
    }

    /** Whether a gracefully stopping lane may leave: nothing more will come from the overflow queue. */
    boolean overflowDrained() {
        return host.isTerminated();
    }

    /** The host dispatcher left: lanes waiting for the overflow to drain may leave now. */
    void overflowTerminated() {
        for (WorkerLane lane : lanes.workers) {
            lane.requestStop(!stoppingNow);
        }
    }

    PoolThreads threads() {
        return threads;
    }

    /**
     * Completes the shutdown once the pool is closed, every thread it counts has ended and no call awaits an output;
     * each of those events calls this after its own change, so the last one to happen sees all three.
     */
    void mayTerminate() {
        if (closed.get() && threads.noneCounted() && outputs.isEmpty() && termination.decide()) {
            Watchdog dog;
            synchronized (this) {
                dog = watchdog;
            }
            if (dog != null) {
                dog.stop(); // terminated completes when it has left
            } else {
                termination.complete();
            }
        }
    }

    void watchdogExited(Thread watchdog) {
        threads.exited(watchdog);
        termination.complete();
    }

    boolean isTerminating() {
        return termination.isDecided();
    }

    /** A lane whose worker could not be started closed for good; its calls fail as on a closed pool. */
    void laneLost(int index, Throwable cause) {
        LOG.log(System.Logger.Level.ERROR, "knitting pool ''" + name + "'': could not start a worker for lane " + index
                + "; the lane is closed and its calls fail with PoolClosedException", cause);
    }

    // ---- diagnostics --------------------------------------------------------------------------------------------

    void log(String event) {
        if (settings.debug().logMain()) {
            LOG.log(System.Logger.Level.INFO, "knitting pool ''{0}'': {1}", name, event);
        }
    }

    private void noteNested(RegisteredTask<?, ?> task) {
        if (warnedNestedCall.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.INFO, "knitting pool ''{0}'': {1} was called from a lane of the same pool and "
                    + "runs in place on that lane, holding it while it runs (debug.extras; logged once)", name, task);
        }
    }

    private void warnAboutUnenforcedLimits() {
        if (settings.worker().resourceLimits().hasUnenforcedLimit()) {
            LOG.log(System.Logger.Level.WARNING, "knitting pool ''{0}'': worker.resource-limits max-old-generation-size-mb, "
                    + "max-young-generation-size-mb and code-range-size-mb are not enforced: thread workers share the "
                    + "JVM heap (they belong to a future process-worker runtime)", name);
        }
    }

    @Override
    public String toString() {
        return "KnittingPool[" + name + ", lanes=" + lanes.all.length + "]";
    }
}
