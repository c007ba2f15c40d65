package io.quarkiverse.knitting.engine;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

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

    final PoolSettings settings;
    final PoolCounters counters = new PoolCounters();
    final QueuedCalls queued;
    final AwaitedOutputs outputs = new AwaitedOutputs(this);
    final AbortSlots abortSlots;
    final BodyRunner bodyRunner;
    final long spinNanos;
    final long pauseNanos;
    final long parkNanos;
    /** Lanes stamp the start time of calls only when a hard timeout needs it. */
    final boolean watchesRunningCalls;

    final PoolLog log;
    final Rejections rejections;

    final Lanes lanes;
    final HostDispatcher host;
    final PoolThreads threads;
    final PoolLifecycle lifecycle;
    final Runaways runaways;
    final PendingArguments pendingArguments = new PendingArguments();

    private final String name;
    private final Admission admission;
    private final TaskRegistry tasks = new TaskRegistry(this);

    /** "Wait as long as it takes", as a deadline offset that cannot overflow {@code System.nanoTime()} arithmetic. */
    static final long NO_DEADLINE = Long.MAX_VALUE / 4;

    private Pool(PoolSettings settings) {
        this.settings = settings;
        this.name = settings.name();
        this.log = new PoolLog(settings);
        this.rejections = new Rejections(log);
        this.abortSlots = new AbortSlots(settings.abortSignalCapacity());
        PayloadGuard payloadGuard = new PayloadGuard(settings.payload().maxPayloadBytes(), name);
        this.queued = new QueuedCalls(settings.maxQueued(), this);
        this.admission = new Admission(name, payloadGuard, abortSlots, queued, rejections);
        this.bodyRunner = new BodyRunner(payloadGuard);
        this.spinNanos = TimeUnit.MICROSECONDS.toNanos(settings.worker().timers().spinMicroseconds());
        this.pauseNanos = settings.worker().timers().pauseNanoseconds();
        this.parkNanos = TimeUnit.MILLISECONDS.toNanos(settings.worker().timers().parkMs());
        this.watchesRunningCalls = settings.worker().hardTimeoutMs().isPresent();
        OptionalInt stackSizeMb = settings.worker().resourceLimits().stackSizeMb();
        long stackSizeBytes = stackSizeMb.isPresent() ? stackSizeMb.getAsInt() * (1L << 20) : 0;
        this.threads = new PoolThreads(name, stackSizeBytes, this::mayTerminate);
        this.lifecycle = new PoolLifecycle(this, settings.worker().resolveAfterFinishingAll(), threads);
        this.lanes = new Lanes(this, settings);
        this.host = new HostDispatcher(this, settings.host().stallFreeLoops(), settings.host().maxBackoffMs());
        this.runaways = new Runaways(this, lanes.workers, settings.worker().hardTimeoutPolicy(),
                settings.worker().hardTimeoutMs().orElse(0), threads);
    }

    /** Validated settings in, running pool out: worker threads, the host dispatcher and, if needed, the watchdog. */
    public static Pool start(PoolSettings settings) {
        Pool pool = new Pool(settings);
        if (settings.worker().resourceLimits().hasUnenforcedLimit()) {
            pool.log.unenforcedLimits();
        }
        for (WorkerLane lane : pool.lanes.workers) {
            lane.startWorker();
        }
        pool.host.start();
        if (settings.worker().hardTimeoutMs().isPresent() || settings.worker().stuckWarnMs() > 0) {
            pool.lifecycle.startWatchdog();
        }
        return pool;
    }

    /**
     * The pool whose task runs on the current thread: the pool of a worker lane's thread, or of an inline call whose
     * body runs here now; null anywhere else.
     */
    public static Pool ofCurrentTask() {
        return Thread.currentThread() instanceof WorkerThread worker ? worker.pool : InlineLane.bodyRunningHere();
    }

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
        return tasks.add(taskName, options, function);
    }

    @Override
    public <A, R> TaskRef<A, R> register(String taskName, TaskOptions options, TaskFunction<A, R> function) {
        return tasks.add(taskName, options, function);
    }

    /** The names of the tasks registered so far, in registration order (for diagnostics). */
    public List<String> taskNames() {
        return tasks.names();
    }

    @Override
    public PoolStats stats() {
        return lanes.stats(counters, queued, runaways.generation(), threads.abandonedAlive());
    }

    @Override
    public Uni<Void> shutdown() {
        beginShutdown();
        return lifecycle.termination().uni();
    }

    @Override
    public Uni<Void> shutdown(Duration delay) {
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("Shutdown delay of pool '" + name + "' must be >= 0, got " + delay);
        }
        if (delay.isZero()) {
            return shutdown();
        }
        lifecycle.closeAfter(delay);
        return lifecycle.termination().uni();
    }

    /** Calls accepted and not yet running (every lane queue, the overflow and calls waiting for a permit). */
    public long queued() {
        return queued.count();
    }

    /** Calls that ran longer than {@code worker.stuck-warn-ms} and were reported, so far. */
    public long stuckCalls() {
        Watchdog dog = lifecycle.watchdog();
        return dog == null || dog.stuckCalls == null ? 0 : dog.stuckCalls.reported();
    }

    /** How long the pool has been rejecting calls without a pause of a second; -1 when it is not rejecting now. */
    public long rejectingForNanos() {
        return rejections.rejectingForNanos();
    }

    @Override
    public boolean isShutdown() {
        return lifecycle.isClosed();
    }

    @Override
    public void close() {
        beginShutdown();
        if (!(Thread.currentThread() instanceof WorkerThread worker && worker.pool == this)) {
            lifecycle.termination().await(); // a lane cannot wait for itself to stop
        }
    }

    /**
     * Waits until the pool has shut down and every thread it started (abandoned ones aside) has ended; false when
     * {@code timeout} passed first.
     */
    public boolean awaitTermination(Duration timeout) {
        return lifecycle.termination().await(timeout);
    }

    /**
     * Admits a call and hands it to a lane: closed pool, payload and abort slot are checked first, and a refused
     * call is answered at once. A call made by a body running on a lane of this pool runs right there instead:
     * waiting for another lane could deadlock.
     */
    void dispatch(Call<?, ?> call) {
        WorkerThread nestedOn = Thread.currentThread() instanceof WorkerThread self && self.pool == this
                && self.lane.runsBodyOn(self) ? self : null;
        if (!admission.admit(call, lifecycle.isClosed(), nestedOn != null)) {
            return;
        }
        RegisteredTask<?, ?> task = call.task;
        int inFlight = task.enter();
        if (!call.accept()) {
            queued.leave();
            call.withdraw(); // the caller cancelled before dispatch
            return;
        }
        Watchdog dog = lifecycle.watchdog();
        if (dog != null && (task.hasDeadlines() || dog.hasHardTimeout())) {
            call.submittedAt = System.nanoTime();
            dog.watch(call);
        }
        if (nestedOn != null) {
            if (settings.debug().extras()) {
                log.nestedCall(task);
            }
            nestedOn.lane.loop.runNested(call, nestedOn);
            return;
        }
        if (task.gate != null) {
            task.gate.enqueue(call);
            return;
        }
        lanes.pick(inFlight).submit(call);
    }

    PoolClosedException closedError() {
        return new PoolClosedException("Pool '" + name + "' is shut down");
    }

    boolean isStoppingNow() {
        return lifecycle.isStoppingNow();
    }

    /** Closes the pool to new calls and stops its lanes, gracefully or now as the settings say; once. */
    void beginShutdown() {
        lifecycle.close(lanes, host, pendingArguments, outputs);
    }

    /** Whether a gracefully stopping lane may leave: nothing more will come from the overflow queue. */
    boolean overflowDrained() {
        return host.isTerminated();
    }

    /** The host dispatcher left: lanes waiting for the overflow to drain may leave now. */
    void overflowTerminated() {
        lifecycle.overflowTerminated(lanes);
    }

    /** A thread ended or an awaited output settled: the pool terminates if that was the last thing it waited for. */
    void mayTerminate() {
        lifecycle.mayTerminate(outputs);
    }

    @Override
    public String toString() {
        return "KnittingPool[" + name + ", lanes=" + lanes.all.length + "]";
    }
}
