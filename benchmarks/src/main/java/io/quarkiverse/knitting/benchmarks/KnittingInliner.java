package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import io.quarkiverse.knitting.KnittingPool;

/**
 * Knitting with the inliner: the same {@code workers} worker lanes plus the inline lane, which is not a thread. The
 * inline lane runs a call on the caller's own thread, at once and synchronously (these calls carry no caller
 * executor). With the default round-robin balancer and dispatch threshold 1, it takes every {@code (workers + 1)}-th
 * call, so with one worker every other call never leaves the caller and costs only the {@code Uni} plumbing. Its
 * numbers are therefore not a handoff: they show what the inliner saves a caller that can afford to run the task.
 */
@State(Scope.Benchmark)
public class KnittingInliner extends Knitting {

    @Override
    KnittingPool.Builder configure(KnittingPool.Builder builder) {
        return builder.inliner(true);
    }
}
