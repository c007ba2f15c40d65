package io.quarkiverse.knitting.benchmarks;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import io.quarkiverse.knitting.Balancer;
import io.quarkiverse.knitting.KnittingPool;

/**
 * Knitting with an explicit balancer, with and without work stealing, otherwise default settings. A pool with one lane bypasses its balancer, so this
 * mechanism needs {@code workers >= 2}. {@code robin-round} is left out: it is an alias of {@code round-robin}.
 */
@State(Scope.Benchmark)
public class KnittingBalanced extends Knitting {

    @Param({ "round-robin", "first-idle", "random-lane", "first-idle-or-random" })
    String balancer;

    /** {@code host.steal}: setting a balancer turns stealing off unless it is asked for. */
    @Param({ "true", "false" })
    boolean steal;

    @Override
    void start(int workers) {
        if (workers < 2) {
            throw new IllegalStateException("A pool with workers=" + workers + " bypasses its balancer ('" + balancer
                    + "'): run the balancer benchmarks with workers >= 2");
        }
        super.start(workers);
    }

    @Override
    KnittingPool.Builder configure(KnittingPool.Builder builder) {
        return builder.balancer(Balancer.parse(balancer)).hostSteal(steal);
    }
}
