package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;

/**
 * {@link Pool#afterEachLaneCall}: a worker runs the cleanup after each call it takes from a queue, once the answer
 * and the continuations it runs on the lane are done, so it can undo what they left in the lane's thread-locals.
 */
class LaneCleanupTest extends PoolTestBase {

    private static final ThreadLocal<String> LEFT = new ThreadLocal<>();

    @Test
    void theCleanupRunsOnceAfterEachCallAndItsContinuation() {
        Pool lanes = (Pool) (pool = KnittingPool.builder().name("cleanup").threads(1).build());
        List<String> cleanups = new CopyOnWriteArrayList<>();
        lanes.afterEachLaneCall(() -> {
            cleanups.add(Thread.currentThread().getName() + " found " + LEFT.get());
            LEFT.remove();
        });
        TaskRef<Integer, Integer> echo = pool.register("echo", n -> n);
        TaskRef<Integer, String> look = pool.register("look", n -> String.valueOf(LEFT.get()));

        for (int i = 0; i < 3; i++) {
            LeavingSubscriber continuation = new LeavingSubscriber("left by continuation " + i);
            echo.call(i).subscribe().withSubscriber(continuation);
            await().atMost(WAIT).until(() -> continuation.answered.get() == 1);
            assertThat(look.call(i).await().atMost(WAIT)).isEqualTo("null");
        }

        await().atMost(WAIT).until(() -> cleanups.size() == 6);
        assertThat(cleanups).containsExactly(
                "knitting-cleanup-0 found left by continuation 0", "knitting-cleanup-0 found null",
                "knitting-cleanup-0 found left by continuation 1", "knitting-cleanup-0 found null",
                "knitting-cleanup-0 found left by continuation 2", "knitting-cleanup-0 found null");
    }

    @Test
    void aCleanupThatThrowsLeavesTheLaneRunning() {
        Pool lanes = (Pool) (pool = KnittingPool.builder().name("cleanup-throws").threads(1).build());
        AtomicInteger cleanups = new AtomicInteger();
        lanes.afterEachLaneCall(() -> {
            cleanups.incrementAndGet();
            throw new IllegalStateException("cleanup failure");
        });
        TaskRef<Integer, Integer> echo = pool.register("echo", n -> n);

        for (int i = 0; i < 50; i++) {
            assertThat(echo.call(i).await().atMost(WAIT)).isEqualTo(i);
        }

        await().atMost(WAIT).until(() -> cleanups.get() == 50);
        assertThat(pool.stats().completed()).isEqualTo(50);
    }

    /** A continuation the lane runs when it answers: it leaves a value in the lane's thread-local. */
    private static final class LeavingSubscriber implements UniSubscriber<Integer> {
        final AtomicInteger answered = new AtomicInteger();
        private final String left;

        LeavingSubscriber(String left) {
            this.left = left;
        }

        @Override
        public void onSubscribe(UniSubscription subscription) {
        }

        @Override
        public void onItem(Integer item) {
            LEFT.set(left);
            answered.incrementAndGet();
        }

        @Override
        public void onFailure(Throwable failure) {
            answered.incrementAndGet();
        }
    }
}
