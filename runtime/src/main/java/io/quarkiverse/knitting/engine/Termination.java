package io.quarkiverse.knitting.engine;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.smallrye.mutiny.Uni;

/**
 * The end of a pool's shutdown: decided once (by whichever event meets the last condition), completed off the pool's
 * own threads (its subscribers' code is user code), and what waiting for it means: the shutdown has ended and every
 * thread the pool started, abandoned ones aside, has ended too.
 */
final class Termination {

    private final PoolThreads threads;
    private final AtomicBoolean decided = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    /** Completed after {@code done}, once the answer threads take no more work: from then on they can be joined. */
    private final CompletableFuture<Void> joinable = new CompletableFuture<>();

    Termination(PoolThreads threads) {
        this.threads = threads;
    }

    /** True for the one caller that decides the pool terminates. */
    boolean decide() {
        return decided.compareAndSet(false, true);
    }

    boolean isDecided() {
        return decided.get();
    }

    /**
     * Completes at once on whatever thread decides, a control thread included: {@link #await} runs nothing. The
     * subscribers of {@link #uni} hear it on one of the pool's answer threads when the pool's own threads end it (the
     * last worker or stand-in to leave, when the pool has no watchdog, or the watchdog), never on those threads; then
     * the answer threads take no more work. Anywhere else (a caller's close(), a thread that completed the last
     * awaited output) they hear it in place, after the answer threads are stopped: one that waits for the pool there
     * must not wait for its own stack to return.
     */
    void complete() {
        if (onPoolThread()) {
            done.complete(null);
            threads.stopAnswering();
            joinable.complete(null);
        } else {
            threads.stopAnswering();
            joinable.complete(null);
            done.complete(null);
        }
    }

    Uni<Void> uni() {
        return Uni.createFrom().completionStage(() -> done.thenApplyAsync(ignored -> null, this::offPoolThreads));
    }

    private void offPoolThreads(Runnable completion) {
        UserCode.runOn(onPoolThread() ? threads.answers() : null, completion);
    }

    private static boolean onPoolThread() {
        Thread current = Thread.currentThread();
        return current instanceof ControlThread || current instanceof WorkerThread || current instanceof StandInThread;
    }

    /** Waits as long as it takes; returns early when interrupted (the interrupt is kept). */
    void await() {
        try {
            joinable.join();
            threads.join(System.nanoTime() + Pool.NO_DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** False when {@code timeout} passed first. */
    boolean await(Duration timeout) {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Pool.NO_DEADLINE);
        try {
            joinable.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            return threads.join(deadline);
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
