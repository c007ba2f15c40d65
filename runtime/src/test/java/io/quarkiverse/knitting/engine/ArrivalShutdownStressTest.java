package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Bodies that call with arguments arriving on other threads (so stand-ins and idle-lane hand-offs happen), a task
 * limited to one call at a time behind small lane queues (so the gate holds calls back), callers that cancel, bodies
 * that throw, and a shutdown (graceful or immediate) landing at a random moment. Every call must be answered at most
 * once (exactly once unless cancelled), every body run at most once, the pool must terminate, its books balance, and
 * no knitting thread be left.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ArrivalShutdownStressTest {

    private static final int ROUNDS = Integer.getInteger("adv.rounds", 60);
    static final AtomicInteger STANDIN_RUNS = new AtomicInteger();
    private static final int CALLERS = 3;
    private static final int CALLS_PER_CALLER = 150;

    @Test
    void shutdownsRacingArrivalsLeaveNoCallerUnanswered() throws Exception {
        Infrastructure.setDroppedExceptionHandler(t -> {
        });
        // warm Mutiny's context propagation up on one thread: its lazy set-up races when threads first meet it at once
        Uni.createFrom().completionStage(CompletableFuture.completedFuture(1)).await().indefinitely();
        ExecutorService arrivals = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                runRound(round, arrivals);
            }
        } finally {
            arrivals.shutdownNow();
            System.out.println("ADV stand-in runs: " + STANDIN_RUNS.get());
            Infrastructure.resetDroppedExceptionHandler();
        }
    }

    private static final class Ledger {
        final ConcurrentHashMap<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Integer, Boolean> cancelled = new ConcurrentHashMap<>();
        final java.util.Set<Integer> closedFailures = ConcurrentHashMap.newKeySet();
        final ConcurrentHashMap<Integer, String> failedWhere = new ConcurrentHashMap<>();
        final java.util.Set<Integer> beforeClose = ConcurrentHashMap.newKeySet();
        final ConcurrentHashMap<Integer, String> what = new ConcurrentHashMap<>();
        final AtomicInteger ids = new AtomicInteger();
        final List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());

        int next(String kind) {
            int id = ids.incrementAndGet();
            answers.put(id, new AtomicInteger());
            what.put(id, kind);
            return id;
        }

        void ran(int id) {
            if (Thread.currentThread().getName().contains("-standin-")) {
                STANDIN_RUNS.incrementAndGet();
            }
            if (runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet() > 1) {
                problems.add("body of " + id + " (" + what.get(id) + ") ran twice");
            }
        }

        void answered(int id) {
            if (answers.get(id).incrementAndGet() > 1) {
                problems.add("call " + id + " (" + what.get(id) + ") answered twice");
            }
        }
    }

    private void runRound(int round, ExecutorService arrivals) throws Exception {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        boolean graceful = rnd.nextBoolean();
        String name = "adv-race-" + round;
        boolean steal = rnd.nextBoolean();
        boolean inline = rnd.nextInt(3) == 0;
        KnittingPool pool = KnittingPool.builder().name(name).threads(2).laneQueueCapacity(2).hostSteal(steal)
                .inliner(inline).resolveAfterFinishingAll(graceful).build();
        Ledger ledger = new Ledger();

        TaskRef<Integer, Integer> plus = pool.register("plus", id -> {
            ledger.ran(id);
            if (ThreadLocalRandom.current().nextInt(10) == 0) {
                throw new IllegalStateException("injected");
            }
            return id;
        });
        TaskRef<Integer, Integer> limited = pool.register("limited", TaskOptions.defaults().withMaxConcurrency(1),
                id -> {
                    ledger.ran(id);
                    LockSupport.parkNanos(ThreadLocalRandom.current().nextInt(200_000));
                    return id;
                });
        // outer's argument: its own id; it makes an inner call (to plus or limited) whose argument arrives on an
        // arrival thread, and waits for it (bounded) or not
        TaskRef<Integer, Integer> outer = pool.register("outer", id -> {
            ledger.ran(id);
            ThreadLocalRandom r = ThreadLocalRandom.current();
            TaskRef<Integer, Integer> target = r.nextBoolean() ? plus : limited;
            int innerId = ledger.next("inner-" + (target == plus ? "plus" : "limited"));
            CompletableFuture<Integer> argument = new CompletableFuture<>();
            CompletableFuture<Integer> inner = new CompletableFuture<>();
            target.callWith(Uni.createFrom().completionStage(argument), null).subscribe().with(v -> {
                ledger.answered(innerId);
                inner.complete(v);
            }, f -> {
                ledger.answered(innerId);
                inner.completeExceptionally(f);
            });
            long delay = r.nextInt(300_000);
            arrivals.execute(() -> {
                LockSupport.parkNanos(delay);
                argument.complete(innerId);
            });
            if (r.nextInt(4) != 0) {
                try {
                    inner.get(3, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException t) {
                    ledger.problems.add("outer " + id + " waited 3 s for inner " + innerId);
                } catch (Exception ignored) {
                    // failed inner: fine
                }
            } else {
                LockSupport.parkNanos(r.nextInt(200_000));
            }
            return id;
        });

        java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> callers = new ArrayList<>();
        AtomicReference<Throwable> callerFailure = new AtomicReference<>();
        for (int c = 0; c < CALLERS; c++) {
            Thread t = new Thread(() -> {
                try {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    for (int i = 0; i < CALLS_PER_CALLER; i++) {
                        int kind = r.nextInt(3);
                        TaskRef<Integer, Integer> task = kind == 0 ? outer : kind == 1 ? limited : plus;
                        int id = ledger.next(kind == 0 ? "outer" : kind == 1 ? "limited" : "plus");
                        Cancellable sub = task.call(id).subscribe().with(v -> ledger.answered(id),
                                f -> {
                                    ledger.answered(id);
                                    if (f instanceof io.quarkiverse.knitting.PoolClosedException) {
                                        ledger.closedFailures.add(id);
                                        StringBuilder where = new StringBuilder(Thread.currentThread().getName());
                                        for (StackTraceElement e : new Throwable().getStackTrace()) {
                                            if (e.getClassName().startsWith("io.quarkiverse.knitting.engine")
                                                    && !e.getClassName().contains("Adversarial")) {
                                                where.append("\n      ").append(e);
                                            }
                                        }
                                        ledger.failedWhere.put(id, where.toString());
                                    }
                                });
                        if (!closing.get()) {
                            ledger.beforeClose.add(id);
                        }
                        if (r.nextInt(20) == 0) {
                            ledger.cancelled.put(id, true);
                            sub.cancel();
                        }
                        if (r.nextInt(8) == 0) {
                            LockSupport.parkNanos(r.nextInt(100_000));
                        }
                    }
                } catch (Throwable e) {
                    callerFailure.set(e);
                }
            }, "adv-caller-" + c);
            callers.add(t);
            t.start();
        }
        LockSupport.parkNanos(rnd.nextLong(TimeUnit.MILLISECONDS.toNanos(30)));
        closing.set(true);
        CompletableFuture<Void> stopped = pool.shutdown().subscribeAsCompletionStage();
        for (Thread t : callers) {
            t.join(30_000);
        }
        String context = "round " + round + (graceful ? " graceful" : " immediate") + (steal ? " steal" : "")
                + (inline ? " inliner" : "");
        try {
            stopped.get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException hang) {
            StringBuilder dump = new StringBuilder();
            Thread.getAllStackTraces().forEach((th, st) -> {
                if (th.getName().startsWith("knitting-" + name)) {
                    dump.append(th.getName()).append('\n');
                    for (StackTraceElement e : st) {
                        dump.append("    at ").append(e).append('\n');
                    }
                }
            });
            throw new AssertionError(context + ": pool did not terminate; stats " + pool.stats() + "\n" + dump);
        }
        assertThat(callerFailure.get()).as(context).isNull();
        // answers may still be on their way on answer threads
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Integer> unanswered;
        do {
            unanswered = new ArrayList<>();
            for (var e : ledger.answers.entrySet()) {
                if (e.getValue().get() == 0 && !ledger.cancelled.containsKey(e.getKey())) {
                    unanswered.add(e.getKey());
                }
            }
            if (unanswered.isEmpty()) {
                break;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < until);
        ((Pool) pool).awaitTermination(java.time.Duration.ofSeconds(10));
        List<String> described = new ArrayList<>();
        for (Integer id : unanswered) {
            described.add(id + ":" + ledger.what.get(id) + (ledger.runs.containsKey(id) ? "(ran)" : "(never ran)"));
        }
        assertThat(described).as(context + ": unanswered calls").isEmpty();
        assertThat(ledger.problems).as(context).isEmpty();
        if (graceful) {
            List<String> failedClosed = new ArrayList<>();
            for (Integer id : ledger.closedFailures) {
                if (ledger.beforeClose.contains(id)) {
                    failedClosed.add(id + ":" + ledger.what.get(id) + " failed on " + ledger.failedWhere.get(id));
                }
            }
            assertThat(failedClosed).as(context + ": calls made before a graceful shutdown that failed as closed")
                    .isEmpty();
        }
        PoolStats stats = pool.stats();
        assertThat(stats.inFlight()).as(context + " inFlight " + stats).isZero();
        assertThat(stats.submitted()).as(context + " books " + stats)
                .isEqualTo(stats.completed() + stats.failed() + stats.cancelled() + stats.rejected());
        assertThat(Threads.liveKnittingThreads(name)).as(context + " threads").isEmpty();
    }
}
