package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/** A pool's threads take nothing from the thread that happens to create them: no thread locals, no class loader. */
class ThreadInheritanceTest extends PoolTestBase {

    private static final InheritableThreadLocal<String> CALLER_DATA = new InheritableThreadLocal<>();

    /** What a body sees of its own thread. */
    record Seen(ClassLoader contextLoader, String callerData) {
    }

    @Test
    void workersInheritNoThreadLocalsAndRunWithTheClassLoaderThePoolWasBuiltWith() throws Exception {
        ClassLoader poolLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
        ClassLoader leakedLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
        CompletableFuture<KnittingPool> built = new CompletableFuture<>();
        Thread builder = new Thread(() -> {
            CALLER_DATA.set("the builder's");
            Thread.currentThread().setContextClassLoader(poolLoader);
            built.complete(KnittingPool.builder().name("inherit").threads(2).hardTimeoutMs(200).build());
        });
        builder.start();
        pool = built.get(10, TimeUnit.SECONDS);
        TaskRef<Integer, Seen> probe = pool.register("probe",
                n -> new Seen(Thread.currentThread().getContextClassLoader(), CALLER_DATA.get()));
        TaskRef<Integer, Integer> leak = pool.register("leak", n -> {
            CALLER_DATA.set("leaked by a body"); // user code that changes its thread and never cleans up
            Thread.currentThread().setContextClassLoader(leakedLoader);
            return n;
        });
        TaskRef<Integer, Integer> runaway = pool.register("runaway", n -> {
            spinUntilReleased();
            return n;
        });
        Seen clean = new Seen(poolLoader, null);
        assertThat(probe.call(0).await().atMost(WAIT)).isEqualTo(clean);
        assertThat(probe.call(1).await().atMost(WAIT)).isEqualTo(clean);

        // both lanes leak; a runaway on one makes the other hand its lane to a successor it creates itself
        leak.call(0).await().atMost(WAIT);
        leak.call(1).await().atMost(WAIT);
        assertThatThrownBy(() -> runaway.call(2).await().atMost(WAIT)).isInstanceOf(HardTimeoutException.class);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(probe.call(3).await().atMost(WAIT)).isEqualTo(clean);
            assertThat(probe.call(4).await().atMost(WAIT)).isEqualTo(clean);
        });
    }

    /** A body that sets its thread's class loader and does not put it back leaves the next body on its lane clean. */
    @Test
    void aClassLoaderABodySetsDoesNotReachTheNextBodyOnItsLane() {
        ClassLoader leakedLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
        pool = KnittingPool.builder().name("loader-per-body").threads(1).build();
        TaskRef<Integer, ClassLoader> probe = pool.register("probe", n -> Thread.currentThread().getContextClassLoader());
        ClassLoader poolLoader = probe.call(0).await().atMost(WAIT);
        TaskRef<Integer, Integer> leak = pool.register("leak", n -> {
            Thread.currentThread().setContextClassLoader(leakedLoader);
            return n;
        });

        leak.call(1).await().atMost(WAIT);

        assertThat(probe.call(2).await().atMost(WAIT)).isSameAs(poolLoader);
    }
}
