package io.quarkiverse.knitting.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * A virtual thread per call ({@code Executors.newVirtualThreadPerTaskExecutor()}), on a scheduler of {@code workers}
 * carrier threads. Java 21 or later only: the factory is looked up at run time, so the module still compiles for
 * Java 17, and on an older JVM {@link #start} fails with a message that says so (JMH then reports the benchmark as
 * failed and goes on; {@code run-micro} leaves these benchmarks out on such a JVM).
 * <p>
 * The carriers are sized by {@code jdk.virtualThreadScheduler.parallelism}, which the JVM reads once, when it makes
 * its first virtual thread: a JMH fork makes none before this setup. {@link #start} checks that the scheduler
 * really uses no more carriers than asked.
 */
@State(Scope.Benchmark)
public class VirtualThreads extends ExecutorServiceMechanism {

    /** Java's feature release, 17 for Java 17. */
    static final int JAVA = Runtime.version().feature();

    private String carrierPrefix = "ForkJoinPool-";

    /** Whether this JVM has virtual threads. */
    static boolean available() {
        return JAVA >= 21;
    }

    @Override
    void start(int workers) throws InterruptedException {
        if (!available()) {
            throw new UnsupportedOperationException("Skipped: virtual threads need Java 21 or later and this JVM is Java "
                    + JAVA + " (run-micro uses Temurin 25 when it is installed)");
        }
        System.setProperty("jdk.virtualThreadScheduler.parallelism", Integer.toString(workers));
        executor = newVirtualThreadPerTaskExecutor();
        checkCarriers(workers);
    }

    private static ExecutorService newVirtualThreadPerTaskExecutor() {
        try {
            MethodHandle factory = MethodHandles.publicLookup().findStatic(Executors.class,
                    "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
            return (ExecutorService) factory.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException("Java " + JAVA + " has no Executors.newVirtualThreadPerTaskExecutor()", e);
        }
    }

    /**
     * Keeps more virtual threads busy than there are carriers and notes the carriers they ran on (a virtual thread's
     * {@code toString()} ends with {@code @<carrier name>}); more carriers than {@code workers} means the scheduler
     * was made before the property was set.
     */
    private void checkCarriers(int workers) throws InterruptedException {
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        int jobs = 4 * workers;
        CountDownLatch done = new CountDownLatch(jobs);
        for (int i = 0; i < jobs; i++) {
            executor.execute(() -> {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2);
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
                String self = Thread.currentThread().toString();
                carriers.add(self.substring(self.lastIndexOf('@') + 1));
                done.countDown();
            });
        }
        if (!done.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Virtual threads did not run " + jobs + " 2 ms jobs within 10 s");
        }
        if (carriers.size() > workers) {
            throw new IllegalStateException("The virtual-thread scheduler ran on " + carriers + ", more than workers="
                    + workers + ": it started before jdk.virtualThreadScheduler.parallelism could be set");
        }
        String carrier = carriers.iterator().next(); // e.g. ForkJoinPool-1-worker-1
        carrierPrefix = carrier.substring(0, carrier.lastIndexOf('-') + 1);
    }

    /** The carriers: the virtual threads themselves end with their call. */
    @Override
    String threadPrefix() {
        return carrierPrefix;
    }
}
