package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import io.quarkiverse.knitting.KnittingPool;

/**
 * Knitting with {@code metrics.enabled}, as a Quarkus application with Micrometer runs it: each task counts its calls
 * by outcome and times their queue wait and run, and the lane times its idle spin and park. Against {@link Knitting}
 * in the same run it shows what recording costs a call.
 */
@State(Scope.Benchmark)
public class KnittingMetered extends Knitting {

    @Override
    KnittingPool.Builder configure(KnittingPool.Builder builder) {
        return builder.metrics(true);
    }
}
