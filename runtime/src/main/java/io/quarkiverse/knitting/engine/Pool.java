package io.quarkiverse.knitting.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
    final long handoffSpinNanos;
    final long parkNanos;
    /** Lanes stamp the start time of calls only when a hard timeout or the task meters need it. */
    final boolean watchesRunningCalls;
    /** Tasks keep a {@link TaskMeter}, and some calls are timed from dispatch ({@code metrics.*}). */
    final boolean metered;

    final PoolLog log;
    final Rejections rejections;

    final Lanes lanes;
    final HostDispatcher host;
    final PoolThreads threads;
    final PoolLifecycle lifecycle;
    final Runaways runaways;
    final StandIns standIns;
    /** Sees the lane an arrived call is about to be queued on; a test makes another body take that lane first. */
    Consumer<WorkerLane> sentToIdleLane = lane -> {
    };
    final PendingArguments pendingArguments = new PendingArguments();

    private final String name;
    private final Admission admission;
    private final TaskRegistry tasks = new TaskRegistry(this);
    /** Run by a worker after each call it took from a queue (see {@link #afterEachLaneCall}); null: nothing. */
    private volatile Runnable laneCleanup;

    /** "Wait as long as it takes", as a deadline offset that cannot overflow {@code System.nanoTime()} arithmetic. */
    static final long NO_DEADLINE = Long.MAX_VALUE / 4;

    private Pool(PoolSettings settings, LaneBalancer balancer) {
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
        this.handoffSpinNanos = TimeUnit.MICROSECONDS.toNanos(settings.worker().timers().handoffSpinMicroseconds());
        this.parkNanos = TimeUnit.MILLISECONDS.toNanos(settings.worker().timers().parkMs());
        this.watchesRunningCalls = settings.worker().hardTimeoutMs().isPresent();
        this.metered = settings.metrics().enabled();
        OptionalInt stackSizeMb = settings.worker().resourceLimits().stackSizeMb();
        long stackSizeBytes = stackSizeMb.isPresent() ? stackSizeMb.getAsInt() * (1L << 20) : 0;
        this.threads = new PoolThreads(name, stackSizeBytes, this::mayTerminate);
        this.standIns = new StandIns(this, threads);
        this.lifecycle = new PoolLifecycle(this, settings.worker().resolveAfterFinishingAll(), threads);
        this.lanes = new Lanes(this, settings, balancer);
        this.host = new HostDispatcher(this, settings.host().stallFreeLoops(), settings.host().maxBackoffMs());
        this.runaways = new Runaways(this, lanes.workers, settings.worker().hardTimeoutPolicy(),
                settings.worker().hardTimeoutMs().orElse(0), threads);
    }

    /** Validated settings in, running pool out: worker threads, the host dispatcher and, if needed, the watchdog. */
    public static Pool start(PoolSettings settings) {
        return start(settings, LaneBalancer.of(settings.balancer()));
    }

    /** {@link #start(PoolSettings)} with a balancer of the caller's, which tests use to place calls on lanes. */
    static Pool start(PoolSettings settings, LaneBalancer balancer) {
        Pool pool = new Pool(settings, balancer);
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

    /** The worker lane whose thread this is, or -1 on any other thread (an inline call's caller, say). */
    public static int laneOfCurrentThread() {
        return Thread.currentThread() instanceof WorkerThread worker ? worker.lane.index : -1;
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

    /** The task that runs lanes' shares of another task's {@code callAll}. */
    RegisteredTask<BatchChunk, Object> registerShares(String taskName, TaskOptions options,
            TaskFunction<BatchChunk, Object> function, ConcurrencyGate gate) {
        return tasks.add(taskName, options, function, gate, true);
    }

    /** The names of the tasks registered so far, in registration order (for diagnostics). */
    public List<String> taskNames() {
        return tasks.names();
    }

    /**
     * Adds an observer of this pool's events. It hears {@link PoolObserver#taskRegistered} at once for every task
     * registered so far, then for each new one, with no task missed or told twice.
     */
    public void observe(PoolObserver observer) {
        tasks.observe(observer);
    }

    /**
     * Has each worker run {@code cleanup} after every call it takes from a queue, once the answer has been delivered
     * (its caller's continuations run there when the caller has no executor), to put back thread-local state that
     * code run on the lane may leave behind: a tracing context, say. Replaces any earlier cleanup. It must be cheap
     * and must not throw; what it throws is logged.
     */
    public void afterEachLaneCall(Runnable cleanup) {
        this.laneCleanup = cleanup;
    }

    /** On a worker, after a queued call: {@link #afterEachLaneCall}'s cleanup. */
    void cleanUpLane() {
        Runnable cleanup = laneCleanup;
        if (cleanup != null) {
            try {
                cleanup.run();
            } catch (RuntimeException | Error failure) {
                log.cleanupFailed(failure);
            }
        }
    }

    /** Tells every observer, each in turn; one that throws is logged and the others still hear it. */
    void tell(Consumer<PoolObserver> event) {
        tasks.tell(event);
    }

    /** What each worker lane is doing now (see {@link LaneView}). */
    public List<LaneView> laneViews() {
        long now = System.nanoTime();
        List<LaneView> views = new ArrayList<>(lanes.workers.length);
        for (WorkerLane lane : lanes.workers) {
            views.add(lane.view(now));
        }
        return views;
    }

    /** Where lane {@code index}'s worker thread is now; empty when the lane has no worker. */
    public StackTraceElement[] laneStack(int index) {
        WorkerThread worker = lanes.workers[index].worker();
        return worker == null ? new StackTraceElement[0] : worker.getStackTrace();
    }

    /** Worker lanes (the inline lane aside). */
    public int workerLanes() {
        return lanes.workers.length;
    }

    /** Time worker lane {@code index} spent spinning while idle; counted only when {@code metrics.enabled}. */
    public long laneIdleSpinNanos(int index) {
        return lanes.workers[index].idleSpinNanos();
    }

    /** Time worker lane {@code index} spent parked while idle; counted only when {@code metrics.enabled}. */
    public long laneIdleParkNanos(int index) {
        return lanes.workers[index].idleParkNanos();
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

    /** Warnings of {@code worker.stuck-warn-ms}: calls that ran longer, lanes held that long with calls queued. */
    public long stuckCalls() {
        Watchdog dog = lifecycle.watchdog();
        return dog == null || dog.stuckCalls == null ? 0 : dog.stuckCalls.reported();
    }

    /**
     * Worker lanes closed for good while the pool is open: their worker stopped and no successor could start (out of
     * native threads). Calls go to the lanes left; with none left every call sent to a worker lane fails as closed.
     */
    public int lanesLost() {
        if (isShutdown()) {
            return 0;
        }
        int lost = 0;
        for (WorkerLane lane : lanes.workers) {
            if (lane.terminated) {
                lost++;
            }
        }
        return lost;
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
        boolean onOwnLane = Thread.currentThread() instanceof WorkerThread worker && worker.pool == this;
        if (!onOwnLane && !standIns.isStandInHere()) {
            lifecycle.termination().await(); // a lane, or a stand-in, cannot wait for itself to stop
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
        dispatch(call, true);
    }

    /**
     * Dispatches a call whose argument has just arrived (see {@link PendingArgument}) on a thread that is not its
     * caller's: the call neither runs in place inside a body that happens to run here nor inline on this thread; it
     * goes to a lane, or to a stand-in when the body that made it still runs ({@link Call#madeByABodyAtWork}).
     */
    void dispatchArrived(Call<?, ?> call) {
        dispatch(call, false);
    }

    private void dispatch(Call<?, ?> call, boolean onCallersThread) {
        WorkerThread nestedOn = onCallersThread ? WorkerThread.runningABodyOf(this) : null;
        // a call of a body's output, made as the lane subscribes to it: queued while the pool is open, but part of that
        // body's work, so during a shutdown (whose lanes may be stopping) it runs in place like the body's own calls
        WorkerThread forwarding = onCallersThread && nestedOn == null ? WorkerThread.forwardingAnOutputOf(this) : null;
        boolean closed = lifecycle.isClosed();
        if (forwarding != null && closed) {
            nestedOn = forwarding;
        }
        boolean nestedInAStandIn = onCallersThread && nestedOn == null && standIns.runsABodyHere();
        // where a call run in place is listed; null for a call that is not
        InPlaceCalls listed = nestedOn != null ? nestedOn.nested
                : nestedInAStandIn ? standIns.callsInPlaceHere() : null;
        if (listed != null && listed.leavesTooLittleStack()) {
            // thrown to the body making the call, like the overflow of a plain method call: answering it here could
            // overflow the stack in turn, and nothing of it was counted yet
            throw new StackOverflowError("Too little stack left on " + Thread.currentThread().getName()
                    + " to run a call of " + call.task + " in place, inside calls nested in place " + listed.depth()
                    + " deep");
        }
        boolean inPlace = listed != null;
        int admitted = admission.admit(call, inPlace ? lifecycle.refusesCallsInPlace() : closed, inPlace,
                forwarding != null);
        if (admitted == Admission.REFUSED) {
            return;
        }
        if (admitted == Admission.IN_PLACE && !inPlace) {
            nestedOn = forwarding; // counted as the shutdown began
            listed = forwarding.nested;
            inPlace = true;
        }
        RegisteredTask<?, ?> task = call.task;
        int inFlight = task.enter();
        boolean isListed = false;
        try {
            if (inPlace) {
                listed.list(call); // before it is accepted: see InPlaceCalls
                isListed = true;
            }
            if (inPlace ? !call.acceptInPlace() : !call.accept()) {
                if (inPlace) {
                    listed.unlist(call);
                } else {
                    queued.leave();
                }
                call.withdraw(); // the caller cancelled before dispatch
                return;
            }
            Watchdog dog = lifecycle.watchdog();
            boolean watched = dog != null && (task.hasDeadlines() || dog.hasHardTimeout());
            boolean timed = metered && task.meter.timesThisCall();
            boolean arrival = !onCallersThread && call.madeByABodyAtWork();
            // made within a body of this pool still at work, across other pools' bodies: when that body is blocked it
            // most likely waits for this call, which must not queue behind it
            MadeWithin within = onCallersThread && !inPlace ? MadeWithin.here(this) : null;
            MadeWithin cameBack = null;
            if (within != null) {
                call.madeWithin = within;
                cameBack = within.bodyAtWorkOf(this);
            }
            if (watched || timed || arrival || cameBack != null) {
                call.submittedAt = System.nanoTime();
                call.timed = timed;
            }
            if (watched) {
                dog.watch(call);
            }
            if (nestedOn != null) {
                if (settings.debug().extras()) {
                    log.nestedCall(task);
                }
                nestedOn.lane.loop.runNested(call, nestedOn);
                return;
            }
            if (nestedInAStandIn) {
                standIns.runInPlace(call);
                return;
            }
            if (arrival) { // only a call dispatched on its argument's arrival
                toAnIdleLaneOrAStandIn(call, call.laneToAvoid());
                return;
            }
            if (cameBack != null) {
                within.lookedAt = call.submittedAt; // not call.madeWithin: a cancel meanwhile clears it
                if (cameBack.blocked() && reroutedComingBack(call, cameBack)) {
                    return;
                }
                // the body still computes, or the stand-ins for such calls are all busy: queued as usual, watched
                watchForRescue(DeadlineQueue.Kind.CAME_BACK, call);
            }
            if (task.gate != null) {
                task.gate.enqueue(call);
                if (lifecycle.isStoppingNow()) {
                    // admitted before an immediate shutdown that emptied the permit queue before this call reached it
                    task.gate.failWaiting(this::closedError);
                }
                return;
            }
            Lane lane = lanes.pick(inFlight);
            if (lane instanceof InlineLane inline && notInlineHere(inline, call, onCallersThread)) {
                lane = lanes.pickWorker();
            }
            lane.submit(call);
        } catch (Throwable escaped) {
            if (isListed) {
                listed.throwUpIfTooLowToAnswer(escaped); // its thread answers it at the bottom of its stack
            }
            // a balancer that throws, say: the call is still answered, and gives back its place among the queued
            // calls, which a graceful shutdown waits to see empty
            if (inPlace) {
                call.acceptInPlace();
            } else {
                call.accept(); // one not accepted yet becomes queued, so that failing it leaves the queue
            }
            call.fail(escaped); // a no-op once settled
            throw escaped;
        }
    }

    /**
     * A call made for a body of this pool that still runs and may wait for it: its argument arrived while that body
     * runs, or a body of another pool made it within that body ({@link MadeWithin}). It goes to an idle lane other than
     * that body's ({@code busy}), else to a stand-in, never into a busy lane's queue, where it could wait behind a body
     * that waits for it. Like a call that body makes directly, it is not limited by its task's
     * {@code maxConcurrency}: the body may hold the permit it would wait for.
     */
    private void toAnIdleLaneOrAStandIn(Call<?, ?> call, WorkerLane busy) {
        if (!toAnIdleLane(call, busy)) {
            standIns.run(call);
        }
    }

    /**
     * Sends {@code call} to an idle lane other than {@code busy}, watched: the lane was checked, not claimed, and may
     * have taken another body in the same instant ({@link #rescueFromIdleLane}). False when no lane is idle.
     */
    private boolean toAnIdleLane(Call<?, ?> call, WorkerLane busy) {
        WorkerLane idle = lanes.idleWorkerOtherThan(busy);
        if (idle == null) {
            return false;
        }
        sentToIdleLane.accept(idle);
        idle.submit(call);
        watchForRescue(DeadlineQueue.Kind.SENT_TO_IDLE_LANE, call);
        return true;
    }

    private void watchForRescue(DeadlineQueue.Kind kind, Call<?, ?> call) {
        watchForRescue(kind, call, Watchdog.IDLE_LANE_START_MS);
    }

    private void watchForRescue(DeadlineQueue.Kind kind, Call<?, ?> call, long afterMs) {
        Watchdog dog = lifecycle.startWatchdog(); // null once terminated: the lane then fails the call as closed
        if (dog != null) {
            dog.watchForRescue(kind, call, afterMs);
        }
    }

    /**
     * A call that came back to this pool within one of its bodies still at work ({@link MadeWithin}), blocked now, so
     * most likely waiting for it: it goes to an idle lane other than that body's, else to a stand-in while the bound of
     * such stand-ins allows ({@link StandIns#runComingBack}). False when neither takes it.
     */
    private boolean reroutedComingBack(Call<?, ?> call, MadeWithin waiting) {
        return toAnIdleLane(call, waiting.lane) || standIns.runComingBack(call);
    }

    /**
     * Looks at a queued call that came back to this pool ({@link DeadlineQueue.Kind#CAME_BACK}), on the watchdog: still
     * queued while a body of its chain is blocked, a stand-in takes it (within the bound of such stand-ins, else it is
     * looked at again); still queued while one is at work and not blocked, it is looked at again, later each time
     * ({@link MadeWithin#MAX_LOOK_GAP_MS}); otherwise the watch ends.
     */
    void rescueIfCameBack(Call<?, ?> call) {
        MadeWithin chain = call.madeWithin;
        MadeWithin waiting = chain == null ? null : chain.bodyAtWorkOf(this);
        if (waiting == null || !call.isQueued()) {
            return;
        }
        boolean blocked = waiting.blocked();
        if (blocked && standIns.takeComingBackOutOfItsQueue(call)) {
            return;
        }
        // a blocked body waits for its calls back, which wait for a stand-in: look again soon. One that computes may
        // never wait for them: look again later and later
        long gapMs = Watchdog.IDLE_LANE_START_MS;
        if (!blocked) {
            gapMs = chain.lookGapMs = Math.min(chain.lookGapMs * 2, MadeWithin.MAX_LOOK_GAP_MS);
        }
        chain.lookedAt = System.nanoTime();
        watchForRescue(DeadlineQueue.Kind.CAME_BACK, call, gapMs);
    }

    /**
     * A call still queued {@link Watchdog#IDLE_LANE_START_MS} after {@link #toAnIdleLaneOrAStandIn} sent it to a lane
     * that was idle: that lane took another body in the same instant, which may be the very one waiting for this call.
     * A stand-in takes it out of the queue, as it would have had the lane been seen busy.
     */
    void rescueFromIdleLane(Call<?, ?> call) {
        standIns.takeOutOfItsQueue(call);
    }

    /**
     * Whether a call the balancer sent to the inline lane must go to a worker lane instead: it would run on this thread
     * (no batch on its caller's executor), and this is not its caller's turn, or it is a worker of this pool outside a
     * body.
     */
    private boolean notInlineHere(InlineLane inline, Call<?, ?> call, boolean onCallersThread) {
        return (!onCallersThread || onOwnWorker()) && inline.wouldRunHere(call);
    }

    /**
     * Whether this thread is one of this pool's workers: a call made here outside a body (in a continuation the lane
     * runs) must not run inline on it, since a body that waited there for a call of this pool would wait behind itself.
     * It is queued like a call from any other thread, on this lane too (a continuation that does not block leaves it
     * free at once, and sending such calls elsewhere would queue them behind busy lanes).
     */
    private boolean onOwnWorker() {
        return Thread.currentThread() instanceof WorkerThread worker && worker.pool == this;
    }

    /** Whether a lane stamps the start time of {@code call}: for the hard timeout, or because it is timed. */
    boolean stampsStart(Call<?, ?> call) {
        return watchesRunningCalls || call.timed;
    }

    /**
     * A lane starts {@code call}: its start time, {@code now} when the lane has just read the clock (else 0), and, for
     * a timed call, its queue wait for the task's meter.
     */
    void stampStart(Call<?, ?> call, long now) {
        long startedAt = now != 0 ? now : System.nanoTime();
        call.startedAt = startedAt;
        if (call.timed) {
            call.task.meter.started(startedAt - call.submittedAt);
        }
    }

    /**
     * The body of a started call ended (its outcome may still be pending): its run time goes to the task's meter.
     * Returns the clock it read.
     */
    long stampEnd(Call<?, ?> call) {
        long now = System.nanoTime();
        call.task.meter.ran(now - call.startedAt);
        return now;
    }

    PoolClosedException closedError() {
        if (!isShutdown()) { // a lane closed for good while the pool runs: see lanesLost()
            return new PoolClosedException("Pool '" + name + "' lost the lane of this call: its worker thread stopped "
                    + "while the pool is open and no successor could start");
        }
        return new PoolClosedException("Pool '" + name + "' is shut down");
    }

    boolean isStoppingNow() {
        return lifecycle.isStoppingNow();
    }

    /** Closes the pool to new calls and stops its lanes, gracefully or now as the settings say; once. */
    void beginShutdown() {
        beginShutdown("shut down");
    }

    /** {@link #beginShutdown()}, saying why to the observers. */
    void beginShutdown(String reason) {
        lifecycle.close(lanes, host, tasks, pendingArguments, outputs, reason);
    }

    /** Whether a gracefully stopping lane may leave: nothing more will come from the overflow queue. */
    boolean overflowDrained() {
        return host.isTerminated();
    }

    /**
     * Whether every accepted call has started: none is still on its way to a lane (a caller between admission and
     * submit, a concurrency gate sending a call on, an inline call the shutdown takes from its batch), so a gracefully
     * stopping lane may leave. One that may not looks again within a millisecond.
     */
    boolean noCallOnItsWayToALane() {
        return queued.count() == 0;
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
