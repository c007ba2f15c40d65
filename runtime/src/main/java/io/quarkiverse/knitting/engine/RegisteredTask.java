package io.quarkiverse.knitting.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import io.quarkiverse.knitting.OnTimeout;
import io.quarkiverse.knitting.TaskFunction;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/** A task as its pool knows it: id, options, body, and the per-task in-flight count the inliner reads. */
final class RegisteredTask<A, R> implements TaskRef<A, R> {

    final Pool pool;
    private final int id;
    private final String name;
    private final TaskOptions options;
    private final TaskFunction<A, ?> function;
    final boolean abortable;
    /** Where calls wait for their soft timeout; null without one. */
    final DeadlineQueue timeoutQueue;
    /** Where calls wait for their cancel deadline; null without one. */
    final DeadlineQueue cancelQueue;
    /** Where calls wait for their queue-wait deadline ({@code queue-timeout-ms}); null without one. */
    final DeadlineQueue queueWaitQueue;
    /** The task's {@code maxConcurrency}; null without a limit. */
    final ConcurrencyGate gate;
    /** Calls of this task not yet settled; kept only when the pool has an inline lane. */
    private final AtomicInteger inFlight;
    /** What its calls did, kept only when the pool records metrics; null otherwise. */
    final TaskMeter meter;
    /** Whether an argument, and a result, is a {@code Uni} or a {@code CompletionStage}. */
    final AsyncValues asyncArguments = new AsyncValues();
    final AsyncValues asyncResults = new AsyncValues();
    /**
     * Its settled calls may stay referenced for a while (by the watchdog's deadline queues, which drop them lazily):
     * each subscription of its {@code Uni} then dispatches a copy of the call that does not hold the {@code Uni}'s
     * argument (see {@link Call#subscribe}).
     */
    final boolean callsOutliveTheirAnswer;
    /** The task that runs one lane's share of a {@link #callAll}, registered on first use. */
    private volatile RegisteredTask<BatchChunk, Object> shares;

    RegisteredTask(Pool pool, int id, String name, TaskOptions options, TaskFunction<A, ?> function,
            DeadlineQueue timeoutQueue, DeadlineQueue cancelQueue, DeadlineQueue queueWaitQueue, boolean countInFlight,
            ConcurrencyGate sharedGate) {
        this.pool = pool;
        this.id = id;
        this.name = name;
        this.options = options;
        this.function = function;
        this.abortable = options.abortable();
        this.timeoutQueue = timeoutQueue;
        this.cancelQueue = cancelQueue;
        this.queueWaitQueue = queueWaitQueue;
        this.gate = sharedGate != null ? sharedGate
                : options.hasConcurrencyLimit() ? new ConcurrencyGate(options.maxConcurrency(), pool) : null;
        this.inFlight = countInFlight ? new AtomicInteger() : null;
        this.meter = pool.metered ? new TaskMeter(name, pool.settings().metrics().timerSampling()) : null;
        this.callsOutliveTheirAnswer = pool.watchesRunningCalls || hasDeadlines();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public TaskOptions options() {
        return options;
    }

    @Override
    public Uni<R> call(A argument) {
        return call(argument, null);
    }

    @Override
    public Uni<R> call(A argument, Executor callerExecutor) {
        if (asyncArguments.isAsync(argument)) {
            return callWith(resolvedFirst(argument), callerExecutor);
        }
        return new Call<>(this, argument, callerExecutor);
    }

    @Override
    public Uni<R> callWith(Uni<? extends A> argument, Executor callerExecutor) {
        if (argument == null) {
            throw new IllegalArgumentException("callWith of " + this + " needs a Uni of the argument, got null");
        }
        return new DeferredTaskUni<>(this, argument, callerExecutor);
    }

    @Override
    public Uni<List<R>> callAll(List<? extends A> arguments) {
        if (arguments == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("callAll of " + this + " needs a list"));
        }
        Object[] inputs;
        try {
            inputs = arguments.toArray(); // the copy: the caller may change its list afterwards
        } catch (RuntimeException listFailure) { // the caller's list, modified while copied, say
            return Uni.createFrom().failure(listFailure);
        }
        for (int i = 0; i < inputs.length; i++) {
            if (asyncArguments.isAsync(inputs[i])) {
                return Uni.createFrom().failure(new IllegalArgumentException("callAll of " + this + " takes values, "
                        + "but argument " + i + " is a " + inputs[i].getClass().getName() + ": resolve the arguments "
                        + "first (Uni.join().all(...)), or use call(argument), which resolves one"));
            }
        }
        // each subscription is a batch of its own, with its own result slots
        return Uni.createFrom().deferred(() -> batch(inputs));
    }

    private Uni<List<R>> batch(Object[] inputs) {
        int n = inputs.length;
        if (n == 0) {
            return Uni.createFrom().item(List.of());
        }
        RegisteredTask<BatchChunk, Object> share = shares();
        Object[] results = new Object[n];
        int parts = Math.min(n, Math.max(1, pool.workerLanes()));
        List<Uni<Object>> calls = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            int from = (int) ((long) n * part / parts);
            int to = (int) ((long) n * (part + 1) / parts);
            calls.add(new ShareCall<>(share, new BatchChunk(inputs, results, from, to)));
        }
        @SuppressWarnings("unchecked")
        List<R> asList = (List<R>) Arrays.asList(results);
        return Uni.join().all(calls).andFailFast().replaceWith(asList);
    }

    private RegisteredTask<BatchChunk, Object> shares() {
        RegisteredTask<BatchChunk, Object> share = shares;
        if (share == null) {
            synchronized (this) {
                share = shares;
                if (share == null) {
                    TaskFunction<A, ?> body = function;
                    // a share that times out fails the batch: completing it with null would hand the caller slots
                    // that its still running body goes on writing
                    share = pool.registerShares(name + " [callAll]", options.withOnTimeout(OnTimeout.FAIL),
                            chunk -> chunk.run(body), gate);
                    shares = share;
                }
            }
        }
        return share;
    }

    /** Input promises are resolved on the caller's side; the body receives an already-completed one. */
    @SuppressWarnings("unchecked")
    private Uni<A> resolvedFirst(A argument) {
        if (argument instanceof Uni<?> uni) {
            return uni.map(value -> (A) Uni.createFrom().item(value));
        }
        return Uni.createFrom().completionStage((CompletionStage<Object>) argument)
                .map(value -> (A) CompletableFuture.completedFuture(value));
    }

    Object invoke(A argument) throws Exception {
        return function.apply(argument);
    }

    /** Whether calls of this task need the watchdog even without a pool hard timeout. */
    boolean hasDeadlines() {
        return timeoutQueue != null || cancelQueue != null || queueWaitQueue != null;
    }

    /** Counts a call in before lane selection; returns the count including it, or 0 when not counted. */
    int enter() {
        return inFlight == null ? 0 : inFlight.incrementAndGet();
    }

    /** Counts the outcome of a settled call in the task's meter, when it has one. */
    void metered(TaskMeter.Outcome outcome) {
        TaskMeter m = meter;
        if (m != null) {
            m.record(outcome);
        }
    }

    /** Counts a settled call out. */
    void leave() {
        if (inFlight != null) {
            inFlight.decrementAndGet();
        }
    }

    @Override
    public String toString() {
        return "task '" + name + "' (id " + id + ") of pool '" + pool.name() + "'";
    }
}
