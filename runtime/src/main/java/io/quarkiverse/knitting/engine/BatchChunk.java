package io.quarkiverse.knitting.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;

import io.quarkiverse.knitting.TaskFunction;
import io.smallrye.mutiny.Uni;

/**
 * One lane's share of a {@code callAll}: arguments {@code [from, to)} of the batch, run one after the other by a
 * single call, each result written to its own slot of the batch's output array. A call per lane instead of a call per
 * argument: the batch pays for {@code lanes} dispatches, not {@code n}. The share stops as soon as its call is settled
 * (cancelled, timed out, failed by the pool), wherever it runs (a worker lane, in place, inline); its
 * {@link ShareCall} lets {@code worker.hard-timeout-ms} bound one argument, as it bounds one call.
 * <p>
 * The payload guard measures the arguments of this share ({@link PayloadCarrier}); what the call returns is the
 * share's {@link Results}, measured the same way.
 */
final class BatchChunk implements PayloadCarrier {

    private final Object[] arguments;
    private final Object[] results;
    private final int from;
    private final int to;
    /** The call that runs this share, set when it is made: a share's {@code Uni} is subscribed once. */
    private volatile ShareCall<?> call;

    BatchChunk(Object[] arguments, Object[] results, int from, int to) {
        this.arguments = arguments;
        this.results = results;
        this.from = from;
        this.to = to;
    }

    @Override
    public Object payload() {
        return Arrays.asList(arguments).subList(from, to);
    }

    /**
     * Runs {@code function} on each argument of this share, in order, on the current thread. An argument whose result
     * is a {@code Uni} or {@code CompletionStage} (an async task) leaves its slot to that output: the share then returns
     * a {@code Uni} that completes when all of them have, and the lane is free meanwhile. The first failure ends the
     * share: the arguments after it do not run.
     */
    @SuppressWarnings("unchecked")
    <A> Object run(TaskFunction<A, ?> function) throws Exception {
        ShareCall<?> share = call;
        List<Uni<Object>> pending = null;
        AsyncValues async = new AsyncValues(); // a share's results are nearly always of one class
        for (int i = from; i < to; i++) {
            if (share.isSettled()) {
                return null; // cancelled, timed out or failed meanwhile: nobody reads the rest
            }
            if (i > from) {
                share.argumentStarted(); // the hard timeout watches each argument, not the whole share
            }
            Object result = function.apply((A) arguments[i]);
            if (async.isAsync(result)) {
                if (pending == null) {
                    pending = new ArrayList<>();
                }
                int slot = i;
                Uni<Object> output = result instanceof Uni<?> uni ? (Uni<Object>) uni
                        : Uni.createFrom().completionStage((CompletionStage<Object>) result);
                pending.add(output.invoke(value -> results[slot] = value));
            } else {
                results[i] = result;
            }
        }
        Results done = new Results();
        return pending == null ? done : Uni.join().all(pending).andFailFast().replaceWith(done);
    }

    /** The call that runs this share; before it is dispatched. */
    void runBy(ShareCall<?> share) {
        call = share;
    }

    /** What a share returns: its slots of the output array, for the payload guard to measure. */
    final class Results implements PayloadCarrier {
        @Override
        public Object payload() {
            return Arrays.asList(results).subList(from, to);
        }
    }
}
