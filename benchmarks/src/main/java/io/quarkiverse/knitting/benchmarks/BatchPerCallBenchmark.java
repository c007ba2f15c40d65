package io.quarkiverse.knitting.benchmarks;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.quarkiverse.knitting.TaskRef;

/**
 * A batch the way a caller holding one handle per call writes it: {@code batchSize} calls dispatched back to back,
 * each with a handle of its own, then each waited for in turn. Knitting's handle is a subscriber per call
 * ({@code call(x).subscribe().withSubscriber(slot)}); an executor's is the {@code Future} that {@code submit}
 * returns. Both waits park when the answer is not there yet ({@link ResultSlot#awaitParked}, {@code Future.get}).
 * The score is the time of one whole batch. {@link BatchBenchmark} measures the same calls completing into one shared
 * counter instead; the handles here are what a service that needs each result holds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class BatchPerCallBenchmark {

    private static final Callable<Integer> INCREMENT = () -> TrivialTask.ARGUMENT + 1;

    @Param("1")
    int workers;

    @Param({ "1000" })
    int batchSize;

    private ResultSlot[] slots;
    private Future<?>[] futures;
    private List<Integer> arguments;

    @Setup
    public void handles() {
        slots = new ResultSlot[batchSize];
        for (int i = 0; i < batchSize; i++) {
            slots[i] = new ResultSlot();
        }
        futures = new Future<?>[batchSize];
        arguments = Collections.nCopies(batchSize, TrivialTask.ARGUMENT);
    }

    @Benchmark
    public Object knitting(Knitting mechanism) {
        TaskRef<Integer, Integer> task = mechanism.incrementTask;
        ResultSlot[] handles = slots;
        for (ResultSlot slot : handles) {
            slot.clear();
            task.call(TrivialTask.ARGUMENT).subscribe().withSubscriber(slot);
        }
        Object last = null;
        for (ResultSlot slot : handles) {
            last = slot.awaitParked();
        }
        return last;
    }

    /** The same inputs as one {@code callAll}: one answer, a list, for the batch. */
    @Benchmark
    public Object knittingCallAll(Knitting mechanism) {
        ResultSlot slot = slots[0];
        slot.clear();
        mechanism.incrementTask.callAll(arguments).subscribe().withSubscriber(slot);
        return slot.awaitParked();
    }

    @Benchmark
    public Object threadPool(ThreadPool mechanism) throws Exception {
        return submitAndGet(mechanism.executor);
    }

    @Benchmark
    public Object forkJoin(ForkJoin mechanism) throws Exception {
        return submitAndGet(mechanism.executor);
    }

    @Benchmark
    public Object enhancedQueue(EnhancedQueue mechanism) throws Exception {
        return submitAndGet(mechanism.executor);
    }

    private Object submitAndGet(ExecutorService executor) throws InterruptedException, ExecutionException {
        Future<?>[] handles = futures;
        for (int i = 0; i < handles.length; i++) {
            handles[i] = executor.submit(INCREMENT);
        }
        Object last = null;
        for (Future<?> future : handles) {
            last = future.get();
        }
        return last;
    }
}
