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
     * Completes at once on whatever thread decides, a control thread included: only {@link #await} waits on
     * {@code done} itself, and it runs nothing. Subscribers of {@link #uni} get the completion through
     * {@link UserCode}, so theirs never runs on one of the pool's threads (the last worker to leave, when the pool has
     * no watchdog, or a control thread); and a pool closed by {@code close()}, whose caller
     * only waits, needs no other executor (Mutiny's default one, outside Quarkus, starts a non-daemon thread that
     * keeps a plain JVM from exiting for a minute).
     */
    void complete() {
        done.complete(null);
    }

    Uni<Void> uni() {
        return Uni.createFrom().completionStage(() -> done.thenApplyAsync(ignored -> null, UserCode::runOffPoolThreads));
    }

    /** Waits as long as it takes; returns early when interrupted (the interrupt is kept). */
    void await() {
        try {
            done.join();
            threads.join(System.nanoTime() + Pool.NO_DEADLINE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** False when {@code timeout} passed first. */
    boolean await(Duration timeout) {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), Pool.NO_DEADLINE);
        try {
            done.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
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
