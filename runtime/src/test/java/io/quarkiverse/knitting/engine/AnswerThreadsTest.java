package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskOptions;
import io.quarkiverse.knitting.TaskRef;

/**
 * The watchdog's answers (timeouts here) are delivered on the pool's answer threads: a continuation there is user code,
 * and may block or close the pool.
 */
class AnswerThreadsTest extends PoolTestBase {

    private TaskRef<Integer, Integer> timingOut(String poolName) {
        pool = KnittingPool.builder().name(poolName).threads(2).build();
        return pool.register("slow", TaskOptions.defaults().withTimeoutMs(50), n -> {
            release.await(10, TimeUnit.SECONDS);
            return n;
        });
    }

    @Test
    void aContinuationThatBlocksDoesNotHoldBackTheNextTimeoutsAnswer() throws Exception {
        TaskRef<Integer, Integer> slow = timingOut("answers-blocking");
        CountDownLatch secondHeard = new CountDownLatch(1);
        CountDownLatch firstDone = new CountDownLatch(1);
        List<String> heardOn = new CopyOnWriteArrayList<>();

        slow.call(1).subscribe().with(item -> {
        }, failure -> {
            heardOn.add(Thread.currentThread().getName());
            try {
                if (secondHeard.await(10, TimeUnit.SECONDS)) { // blocks until the next answer is heard
                    firstDone.countDown();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        await().atMost(WAIT).until(() -> heardOn.size() == 1);
        slow.call(2).subscribe().with(item -> {
        }, failure -> {
            heardOn.add(Thread.currentThread().getName());
            secondHeard.countDown();
        });

        assertThat(firstDone.await(10, TimeUnit.SECONDS)).as("the second answer reached its caller").isTrue();
        assertThat(heardOn).hasSize(2).doesNotHaveDuplicates()
                .allSatisfy(name -> assertThat(name).startsWith("knitting-answers-blocking-answer-"));
    }

    /** Two continuations that close the pool at once: neither may wait for the other's thread to end. */
    @Test
    void continuationsClosingThePoolAtTheSameTimeBothReturn() throws Exception {
        TaskRef<Integer, Integer> slow = timingOut("answers-closing");
        CyclicBarrier bothHeard = new CyclicBarrier(2);
        CountDownLatch closed = new CountDownLatch(2);
        for (int n = 0; n < 2; n++) {
            slow.call(n).subscribe().with(item -> {
            }, failure -> {
                try {
                    bothHeard.await(10, TimeUnit.SECONDS);
                    release.countDown(); // the bodies end, so the close has only the threads to wait for
                    pool.close();
                    closed.countDown();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        assertThat(closed.await(10, TimeUnit.SECONDS)).as("both close() calls returned").isTrue();
    }
}
