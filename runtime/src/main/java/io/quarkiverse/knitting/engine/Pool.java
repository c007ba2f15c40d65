package io.quarkiverse.knitting.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkiverse.knitting.AbortCapacityExceededException;
import io.quarkiverse.knitting.InlinerPosition;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolClosedException;
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
    private final PayloadGuard payloadGuard;
    private final Lane[] lanes;
    private final WorkerLane[] workerLanes;
    private final InlineLane inlineLane;
    private final LaneBalancer balancer;
    /** The eligible lane range when the inline lane is left out. */
    private final int workerFrom;
    private final int workerTo;
    private final HostDispatcher host;
    private final long stackSizeBytes;
    private volatile Watchdog watchdog;
    private final Runaways runaways;
    /** Calls waiting for their argument to resolve; failed with the closed error at shutdown. */
    private final Set<PendingArgument<?, ?>> pendingArguments = ConcurrentHashMap.newKeySet();

    private final List<RegisteredTask<?, ?>> tasks = new ArrayList<>();
    private final Set<String> taskNames = new HashSet<>();
    private final AtomicLong generation = new AtomicLong();
    private final List<Thread> abandoned = new CopyOnWriteArrayList<>();
    /** Every thread the pool started, so that waiting for termination can wait for each to be gone. */
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    /** "Wait as long as it takes", as a deadline offset that cannot overflow {@code System.nanoTime()} arithmetic. */
    static final long NO_DEADLINE = Long.MAX_VALUE / 4;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stoppingNow;
    private final AtomicInteger liveThreads = new AtomicInteger();
    private final AtomicBoolean terminating = new AtomicBoolean();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final AtomicBoolean warnedNestedCall = new AtomicBoolean();

    private Pool(PoolSettings settings) {
        this.settings = settings;
        this.name = settings.name();
        this.abortSlots = new AbortSlots(settings.abortSignalCapacity());
        this.payloadGuard = new PayloadGuard(settings.maxPayloadBytes(), name);
        this.bodyRunner = new BodyRunner(payloadGuard);
        this.spinNanos = TimeUnit.MICROSECONDS.toNanos(settings.spinMicroseconds());
        this.pauseNanos = settings.pauseNanoseconds();
        this.parkNanos = TimeUnit.MILLISECONDS.toNanos(settings.parkMs());
        this.watchesRunningCalls = settings.hardTimeoutMs().isPresent();
        this.stackSizeBytes = settings.stackSizeMb().isPresent() ? settings.stackSizeMb().getAsInt() * (1L << 20) : 0;
        this.balancer = LaneBalancer.of(settings.balancer());

        int total = settings.totalLanes();
        boolean inlineFirst = settings.inliner() && settings.inlinerPosition() == InlinerPosition.FIRST;
        int firstWorker = inlineFirst ? 1 : 0;
        this.lanes = new Lane[total];
        this.workerLanes = new WorkerLane[settings.threads()];
        for (int i = 0; i < workerLanes.length; i++) {
            workerLanes[i] = new WorkerLane(this, firstWorker + i, settings.laneQueueCapacity());
            lanes[firstWorker + i] = workerLanes[i];
        }
        if (settings.inliner()) {
            int inlineIndex = inlineFirst ? 0 : total - 1;
            this.inlineLane = new InlineLane(this, inlineIndex, settings.inlinerBatchSize());
            lanes[inlineIndex] = inlineLane;
        } else {
            this.inlineLane = null;
        }
        this.workerFrom = firstWorker;
        this.workerTo = firstWorker + workerLanes.length;
        this.host = new HostDispatcher(this, settings.hostStallFreeLoops(), settings.hostMaxBackoffMs());
        this.runaways = new Runaways(this, workerLanes, settings.hardTimeoutPolicy(),
                settings.hardTimeoutMs().orElse(0));
    }

    /** Validated settings in, running pool out: worker threads, the host dispatcher and, if needed, the watchdog. */
    public static Pool start(PoolSettings settings) {
        Pool pool = new Pool(settings);
        pool.warnAboutUnenforcedLimits();
        for (WorkerLane lane : pool.workerLanes) {
            lane.startWorker();
        }
        pool.host.start();
        if (settings.hardTimeoutMs().isPresent()) {
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
        return lanes.length;
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

    private synchronized <A, R> TaskRef<A, R> add(String taskName, TaskOptions options, TaskFunction<A, ?> function) {
        if (taskName == null || taskName.isBlank()) {
            throw new IllegalArgumentException("A task of pool '" + name + "' needs a non-blank name");
        }
        if (options == null || function == null) {
            throw new IllegalArgumentException("Task '" + taskName + "' of pool '" + name
                    + "' needs options and a function, got options=" + options + ", function=" + function);
        }
        if (tasks.size() >= MAX_TASKS) {
            throw new IllegalArgumentException("Pool '" + name + "' already has " + MAX_TASKS
                    + " tasks, the most its 16-bit task ids (0..65535) allow: cannot register '" + taskName + "'");
        }
        if (!taskNames.add(taskName)) {
            throw new IllegalArgumentException("Pool '" + name + "' already has a task named '" + taskName + "'");
        }
        if (closed.get()) {
            throw new PoolClosedException("Pool '" + name + "' is shut down: cannot register '" + taskName + "'");
        }
        DeadlineQueue timeoutQueue = options.hasTimeout()
                ? startWatchdog().queue(DeadlineQueue.Kind.SOFT, options.timeoutMs())
                : null;
        DeadlineQueue cancelQueue = options.hasCancelDeadline()
                ? startWatchdog().queue(DeadlineQueue.Kind.CANCEL, options.cancelAfterMs())
                : null;
        RegisteredTask<A, R> task = new RegisteredTask<>(this, tasks.size(), taskName, options, function, timeoutQueue,
                cancelQueue, inlineLane != null);
        tasks.add(task);
        if (settings.debugLogHref() || settings.debugLogImportedUrl()) {
            LOG.log(System.Logger.Level.INFO, "knitting pool ''{0}'': registered {1} from {2}", name, task,
                    function.getClass().getName());
        }
        return task;
    }

    @Override
    public PoolStats stats() {
        long[] perLane = new long[lanes.length];
        for (Lane lane : lanes) {
            perLane[lane.index()] = lane.completedCount();
        }
        long completed = 0;
        long failed = 0;
        for (WorkerLane lane : workerLanes) {
            completed += lane.completedHere();
            failed += lane.failedHere();
        }
        PoolCounters.Snapshot shared = counters.read(); // submitted last, so it is never behind the outcomes
        completed += shared.completed();
        failed += shared.failed();
        long settled = completed + failed + shared.cancelled() + shared.rejected();
        return new PoolStats(lanes.length, generation.get(), shared.submitted(), completed, failed, shared.cancelled(),
                shared.rejected(), Math.max(0, shared.submitted() - settled), perLane, abandonedThreads());
    }

    @Override
    public Uni<Void> shutdown() {
        beginShutdown();
        return Uni.createFrom().completionStage(terminated);
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
        return Uni.createFrom().completionStage(terminated);
    }

    @Override
    public boolean isShutdown() {
        return closed.get();
    }

    @Override
    public void close() {
        beginShutdown();
        if (Thread.currentThread() instanceof WorkerThread worker && worker.pool == this) {
            return; // a lane cannot wait for itself to stop
        }
        try {
            terminated.join();
            joinThreads(System.nanoTime() + NO_DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the pool has shut down and every thread it started (abandoned ones aside) has ended; false when
     * {@code timeout} passed first.
     */
    public boolean awaitTermination(Duration timeout) {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), NO_DEADLINE);
        try {
            terminated.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            return joinThreads(deadline);
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Joins every thread the pool started and did not abandon; false when {@code deadline} passed first. */
    private boolean joinThreads(long deadline) throws InterruptedException {
        for (Thread thread : threads) {
            if (thread == Thread.currentThread()) {
                continue; // a pool thread cannot wait for itself
            }
            TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    // ---- dispatch -----------------------------------------------------------------------------------------------

    /**
     * Admits a call and hands it to a lane: closed pool, payload and abort slot are checked first, and a refused
     * call is answered at once. A call made by a body running on a lane of this pool runs right there instead:
     * waiting for another lane could deadlock.
     */
    void dispatch(Call<?, ?> call) {
        counters.submitted();
        if (closed.get()) {
            call.reject(closedError());
            return;
        }
        RegisteredTask<?, ?> task = call.task;
        long size;
        try {
            size = payloadGuard.sizeOf(call.argument());
        } catch (Throwable unmeasurable) { // a collection that throws when iterated: user code
            call.reject(unmeasurable);
            return;
        }
        if (size > payloadGuard.limit()) {
            call.reject(payloadGuard.tooLarge("the argument of " + task, size));
            return;
        }
        if (task.abortable) {
            if (!abortSlots.tryAcquire()) {
                call.reject(new AbortCapacityExceededException("All " + abortSlots.capacity()
                        + " abort slots of pool '" + name + "' are held by calls in flight (abort-signal-capacity): "
                        + "cannot call " + task));
                return;
            }
            call.markAbortSlotHeld();
        }
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
            if (settings.debugExtras()) {
                noteNested(task);
            }
            self.lane.runNested(call, self);
            return;
        }
        pickLane(inFlight).submit(call);
    }

    /** {@code inFlight}: the task's calls in flight, this one included (0 when the pool does not count them). */
    private Lane pickLane(int inFlight) {
        if (lanes.length == 1) {
            return lanes[0];
        }
        if (inlineLane != null && inFlight < settings.inlinerDispatchThreshold()) {
            return balancer.pick(lanes, workerFrom, workerTo);
        }
        return balancer.pick(lanes, 0, lanes.length);
    }

    /** Waits for a call's argument to resolve before dispatching it; shutdown fails it meanwhile. */
    void awaitArgument(PendingArgument<?, ?> pending) {
        pendingArguments.add(pending);
        if (closed.get() && pendingArguments.remove(pending)) {
            pending.closed();
        }
    }

    /** The argument resolved (or failed, or the caller cancelled): true when the call is still this pool's to run. */
    boolean argumentArrived(PendingArgument<?, ?> pending) {
        return pendingArguments.remove(pending);
    }

    void overflow(Call<?, ?> call) {
        host.offer(call);
    }

    InlineLane inlineLane() {
        return inlineLane;
    }

    WorkerLane[] workerLanes() {
        return workerLanes;
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
        stuck.setName(stuck.getName() + "-abandoned-" + generation.get());
        abandoned.add(stuck);
        threads.remove(stuck); // nobody waits for it: it may never end
        stuck.interrupt();
        if (stuck.uncount()) {
            threadGone();
        }
    }

    private int abandonedThreads() {
        int alive = 0;
        for (Thread thread : abandoned) {
            if (thread.isAlive()) {
                alive++;
            } else {
                abandoned.remove(thread);
            }
        }
        return alive;
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------------

    /** Closes the pool to new calls and stops its lanes, gracefully or now as the settings say; once. */
    void beginShutdown() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean gracefully = settings.resolveAfterFinishingAll();
        if (!gracefully) {
            stoppingNow = true;
        }
        log("shutting down " + (gracefully ? "after queued calls finish" : "now"));
        for (PendingArgument<?, ?> pending : pendingArguments) {
            if (pendingArguments.remove(pending)) {
                pending.closed();
            }
        }
        host.requestStop(gracefully);
        for (WorkerLane lane : workerLanes) {
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
        if (watchdog == null && !terminating.get()) {
            Watchdog dog = new Watchdog(this, settings.hardTimeoutMs().orElse(0));
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
        for (WorkerLane lane : workerLanes) {
            lane.requestStop(!stoppingNow);
        }
    }

    WorkerThread newWorkerThread(WorkerLane lane, Runnable body, int laneIndex) {
        WorkerThread thread = new WorkerThread(this, lane, body, "knitting-" + name + "-" + laneIndex,
                stackSizeBytes);
        track(thread);
        return thread;
    }

    Thread newControlThread(Runnable body, String role) {
        Thread thread = new ControlThread(body, "knitting-" + name + "-" + role);
        track(thread);
        return thread;
    }

    /** Remembers a new thread to join at close; threads that have ended (renewed workers) are forgotten here. */
    private void track(Thread thread) {
        threads.removeIf(old -> old.getState() == Thread.State.TERMINATED);
        threads.add(thread);
    }

    void threadStarted() {
        liveThreads.incrementAndGet();
    }

    void threadExited(Thread thread) {
        if (!(thread instanceof WorkerThread worker) || worker.uncount()) {
            threadGone();
        }
    }

    private void threadGone() {
        if (liveThreads.decrementAndGet() == 0) {
            mayTerminate();
        }
    }

    /**
     * Completes the shutdown once the pool is closed, every thread it counts has ended and no call awaits an output;
     * each of those events calls this after its own change, so the last one to happen sees all three.
     */
    void mayTerminate() {
        if (closed.get() && liveThreads.get() == 0 && outputs.isEmpty() && terminating.compareAndSet(false, true)) {
            Watchdog dog;
            synchronized (this) {
                dog = watchdog;
            }
            if (dog != null) {
                dog.stop(); // terminated completes when it has left
            } else {
                completeTermination();
            }
        }
    }

    void watchdogExited() {
        completeTermination();
    }

    /** The shutdown's {@code Uni} completes here: its subscribers' code must not run on the pool's own threads. */
    private void completeTermination() {
        Call.runAsUserCode(() -> terminated.complete(null));
    }

    boolean isTerminating() {
        return terminating.get();
    }

    /** A lane whose worker could not be started closed for good; its calls fail as on a closed pool. */
    void laneLost(int index, Throwable cause) {
        LOG.log(System.Logger.Level.ERROR, "knitting pool ''" + name + "'': could not start a worker for lane " + index
                + "; the lane is closed and its calls fail with PoolClosedException", cause);
    }

    // ---- diagnostics --------------------------------------------------------------------------------------------

    void log(String event) {
        if (settings.debugLogMain()) {
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
        if (settings.maxOldGenerationSizeMb().isPresent() || settings.maxYoungGenerationSizeMb().isPresent()
                || settings.codeRangeSizeMb().isPresent()) {
            LOG.log(System.Logger.Level.WARNING, "knitting pool ''{0}'': worker.resource-limits max-old-generation-size-mb, "
                    + "max-young-generation-size-mb and code-range-size-mb are not enforced: thread workers share the "
                    + "JVM heap (they belong to a future process-worker runtime)", name);
        }
    }

    @Override
    public String toString() {
        return "KnittingPool[" + name + ", lanes=" + lanes.length + "]";
    }
}
