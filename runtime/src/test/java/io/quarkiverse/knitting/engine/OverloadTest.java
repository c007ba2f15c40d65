package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;
import io.quarkiverse.knitting.TaskRejectedException;

/**
 * Sustained overload: for 30 s, 8 threads offer ten times what the pool can do. The heap stays flat, every call is
 * answered (completed or rejected), no accepted call waited longer than its queue deadline before it started, and the
 * pool serves normally right after.
 */
class OverloadTest extends PoolTestBase {

    static final int MAX_QUEUED = 2_000;
    static final long QUEUE_TIMEOUT_MS = 100;
    static final long BODY_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    static final int CALLERS = 8;
    static final long OVERLOAD_SECONDS = 30;

    final AtomicLong offered = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong longestWaitNanos = new AtomicLong();
    final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

    @Test
    void tenTimesThePoolsThroughputForThirtySeconds() throws Exception {
        // a hard timeout far away makes the lanes stamp each call's start; an abortable body's lane holds its call
        pool = KnittingPool.builder().name("overload").threads(2).maxQueued(MAX_QUEUED)
                .queueTimeoutMs(QUEUE_TIMEOUT_MS).hardTimeoutMs(60_000).abortSignalCapacity(4_096).build();
        TaskRef<Integer, Integer> work = pool.register("work", TaskOptions.defaults().withAbortable(true), n -> {
            Call<?, ?> self = (Call<?, ?>) ((WorkerThread) Thread.currentThread()).signal;
            longestWaitNanos.accumulateAndGet(self.startedAt - self.submittedAt, Math::max);
            long until = System.nanoTime() + BODY_NANOS;
            while (System.nanoTime() - until < 0) {
                Thread.onSpinWait();
            }
            return n;
        });

        work.call(0).await().atMost(WAIT); // Mutiny's first subscription, on one thread (see MaxConcurrencyTest)
        double perSecond = throughput(work);
        long heapBefore = heapAfterGc();
        long offeredPerCallerPerMs = Math.max(1, Math.round(perSecond * 10 / CALLERS / 1_000));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(OVERLOAD_SECONDS);
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < CALLERS; c++) {
            Thread caller = new Thread(() -> offerUntil(work, end, offeredPerCallerPerMs), "overload-caller-" + c);
            caller.start();
            callers.add(caller);
        }
        List<Long> heapDuring = new ArrayList<>();
        for (int second = 10; second <= OVERLOAD_SECONDS; second += 10) {
            Thread.sleep(10_000);
            heapDuring.add(heapAfterGc() - heapBefore);
        }
        for (Thread caller : callers) {
            caller.join();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> completed.get() + rejected.get() == offered.get());

        System.out.printf("overload: pool does %.0f calls/s, offered %d in %d s (%.1fx), completed %d, rejected %d;"
                + " longest queue wait %.1f ms; heap after GC vs before, every 10 s: %s KiB%n", perSecond,
                offered.get(), OVERLOAD_SECONDS, offered.get() / (perSecond * OVERLOAD_SECONDS), completed.get(),
                rejected.get(), longestWaitNanos.get() / 1e6, heapDuring.stream().map(b -> b / 1024).toList());
        assertThat(unexpected).isEmpty();
        assertThat(offered.get()).as("offered at least 5x what the pool can do")
                .isGreaterThan((long) (perSecond * OVERLOAD_SECONDS * 5));
        assertThat(rejected.get()).isPositive();
        assertThat(longestWaitNanos.get()).as("longest queue wait of a call that ran")
                .isLessThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(QUEUE_TIMEOUT_MS));
        assertThat(heapDuring).as("heap growth after GC during the overload").allMatch(bytes -> bytes < 32L << 20);
        PoolStats stats = pool.stats();
        assertThat(stats.inFlight()).isZero();
        assertThat(stats.rejected()).isEqualTo(rejected.get());
        assertThat(((Pool) pool).queued.count()).isZero();

        long rejectedBefore = rejected.get();
        for (int i = 0; i < 100; i++) {
            assertThat(work.call(i).subscribeAsCompletionStage().get(10, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(pool.stats().rejected()).as("rejections after the overload").isEqualTo(rejectedBefore);
    }

    /** Calls per second with two callers that each keep two calls in flight: about what the lanes can do. */
    private double throughput(TaskRef<Integer, Integer> work) throws Exception {
        long start = System.nanoTime();
        long until = start + TimeUnit.SECONDS.toNanos(2);
        AtomicLong done = new AtomicLong();
        List<Thread> callers = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            Thread caller = new Thread(() -> {
                while (System.nanoTime() - until < 0) {
                    var first = work.call(1).subscribeAsCompletionStage();
                    var second = work.call(2).subscribeAsCompletionStage();
                    first.join();
                    second.join();
                    done.addAndGet(2);
                }
            });
            caller.start();
            callers.add(caller);
        }
        for (Thread caller : callers) {
            caller.join();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private void offerUntil(TaskRef<Integer, Integer> work, long end, long perMs) {
        long next = System.nanoTime();
        while (next - end < 0) {
            for (int i = 0; i < perMs; i++) {
                offered.incrementAndGet();
                work.call(i).subscribe().with(item -> completed.incrementAndGet(), failure -> {
                    if (failure instanceof TaskRejectedException) {
                        rejected.incrementAndGet();
                    } else {
                        unexpected.add(failure);
                    }
                });
            }
            next += TimeUnit.MILLISECONDS.toNanos(1);
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(sleep);
            }
        }
    }

    private static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
