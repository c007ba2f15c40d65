package io.quarkiverse.knitting.benchmarks.http;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import io.quarkiverse.knitting.TaskRef;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * The per-call cost of the Quarkus layer (interceptor, {@code Uni} plumbing, context capture, emission on the caller's
 * context) against a direct {@link TaskRef#call}. It runs inside the running app (JMH with {@code forks = 0}, started
 * by {@code POST /overhead}) so that the real ArC interceptor chain, client proxy and Vert.x event loops are measured.
 * <p>
 * Every benchmark is a sequential round trip of the trivial body {@code x + 1} (one reference adds a 5 µs busy wait)
 * on the one-lane pool {@code overhead}: the next call starts when the previous answer has arrived, so a score is the
 * latency of one call, not a throughput. A plain-thread caller spins on a volatile field until the answer is there
 * (the lane answers on its own thread); an event-loop caller cannot wait, so it chains {@value EventLoopCaller#CALLS}
 * calls on its context, each started from the previous answer, and the JMH thread waits for the chain once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OverheadBenchmark {

    private static final int ARGUMENT = 41; // 41 + 1 is a cached Integer: boxing allocates nothing

    /** The beans under test, looked up in the running app's container. */
    @State(Scope.Benchmark)
    public static class Beans {

        IncrementTask task;
        TaskRef<Integer, Integer> direct;
        TaskRef<Integer, Integer> directSlow;
        Vertx vertx;

        @Setup(Level.Trial)
        public void lookUp() {
            ArcContainer container = Arc.container();
            if (container == null || !container.isRunning()) {
                throw new IllegalStateException("OverheadBenchmark runs inside the running app: POST /overhead");
            }
            task = container.instance(IncrementTask.class).get(); // the client proxy, as an injection point gets
            direct = task.direct();
            directSlow = task.directSlow();
            vertx = container.instance(Vertx.class).get();
        }
    }

    /** What an event-loop chain calls. */
    enum Target {
        TASK_METHOD,
        TASK_REF,
        TASK_REF_5US_BODY
    }

    /** A plain (JMH) thread that waits for each answer by spinning on a volatile field. */
    @State(Scope.Thread)
    public static class PlainCaller implements UniSubscriber<Integer> {

        private volatile Integer item;
        private volatile Throwable failure;

        Integer call(Uni<Integer> call) {
            item = null;
            call.subscribe().withSubscriber(this);
            Integer answer;
            while ((answer = item) == null) {
                if (failure != null) {
                    throw new IllegalStateException("The call failed", failure);
                }
                Thread.onSpinWait();
            }
            return answer;
        }

        @Override
        public void onSubscribe(UniSubscription subscription) {
        }

        @Override
        public void onItem(Integer answer) {
            item = answer;
        }

        @Override
        public void onFailure(Throwable error) {
            failure = error;
        }
    }

    /**
     * A duplicated event-loop context, as a REST request has, that runs {@value #CALLS} calls one after another: each
     * answer, delivered on this context, starts the next call. Answers that arrive elsewhere fail the trial.
     */
    @State(Scope.Thread)
    public static class EventLoopCaller implements UniSubscriber<Integer> {

        static final int CALLS = 1000;
        private static final long CHAIN_TIMEOUT_SECONDS = 60;

        private Context context;
        /** What the engine needs to emit on the context when the caller bypasses the interceptor. */
        private Executor onContext;
        private Beans beans;
        private Target target;
        private int remaining;
        private long offContext;
        private CompletableFuture<Void> done;

        @Setup(Level.Trial)
        public void createContext(Beans beans) {
            context = VertxContext.createNewDuplicatedContext(beans.vertx.getOrCreateContext());
            onContext = command -> context.runOnContext(ignored -> command.run());
            this.beans = beans;
        }

        void chain(Target target) throws Exception {
            this.target = target;
            remaining = CALLS;
            done = new CompletableFuture<>();
            context.runOnContext(ignored -> next());
            done.get(CHAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS); // a lost answer fails the run instead of hanging it
        }

        private void next() {
            try {
                Uni<Integer> call = switch (target) {
                    case TASK_METHOD -> beans.task.increment(ARGUMENT);
                    case TASK_REF -> beans.direct.call(ARGUMENT, onContext);
                    case TASK_REF_5US_BODY -> beans.directSlow.call(ARGUMENT, onContext);
                };
                call.subscribe().withSubscriber(this);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }

        @Override
        public void onSubscribe(UniSubscription subscription) {
        }

        @Override
        public void onItem(Integer answer) {
            if (Vertx.currentContext() != context) {
                offContext++;
            }
            if (--remaining == 0) {
                done.complete(null);
            } else {
                next();
            }
        }

        @Override
        public void onFailure(Throwable error) {
            done.completeExceptionally(error);
        }

        @TearDown(Level.Trial)
        public void checkContext() {
            if (offContext > 0) {
                throw new IllegalStateException(offContext + " answers arrived off the caller's event-loop context");
            }
        }
    }

    /** The floor: {@code TaskRef.call} from a plain thread; the answer arrives on the lane. */
    @Benchmark
    public Integer taskRefFromPlainThread(Beans beans, PlainCaller caller) {
        return caller.call(beans.direct.call(ARGUMENT));
    }

    /** The {@code @Task} method through its client proxy and interceptor, from a plain thread. */
    @Benchmark
    public Integer taskMethodFromPlainThread(Beans beans, PlainCaller caller) {
        return caller.call(beans.task.increment(ARGUMENT));
    }

    /** {@code TaskRef.call} with an executor that emits on the caller's event-loop context: no interceptor. */
    @Benchmark
    @OperationsPerInvocation(EventLoopCaller.CALLS)
    public void taskRefFromEventLoop(EventLoopCaller caller) throws Exception {
        caller.chain(Target.TASK_REF);
    }

    /**
     * As {@link #taskRefFromEventLoop}, with a body that busy-waits 5 µs: the idle event loop blocks in its selector
     * before the answer comes, so the score minus 5 µs is what an answer costs when it has to wake the loop up.
     */
    @Benchmark
    @OperationsPerInvocation(EventLoopCaller.CALLS)
    public void taskRefFromEventLoopWith5usBody(EventLoopCaller caller) throws Exception {
        caller.chain(Target.TASK_REF_5US_BODY);
    }

    /** The {@code @Task} method called on a duplicated event-loop context; the answer is emitted back on it. */
    @Benchmark
    @OperationsPerInvocation(EventLoopCaller.CALLS)
    public void taskMethodFromEventLoop(EventLoopCaller caller) throws Exception {
        caller.chain(Target.TASK_METHOD);
    }
}
