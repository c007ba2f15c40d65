package io.quarkiverse.knitting.engine;

import io.quarkiverse.knitting.Balancer;

/**
 * Picks a lane for a call among {@code lanes[from..to)}: the lanes eligible for this call (the inline lane is left
 * out of the range while it is not eligible). Implementations allocate nothing and take no lock.
 */
interface LaneBalancer {

    Lane pick(Lane[] lanes, int from, int to);

    static LaneBalancer of(Balancer strategy) {
        return switch (strategy.canonical()) {
            case FIRST_IDLE -> new FirstIdleBalancer(new RoundRobinBalancer());
            case RANDOM_LANE -> new RandomLaneBalancer();
            case FIRST_IDLE_OR_RANDOM -> new FirstIdleBalancer(new RandomLaneBalancer());
            default -> new RoundRobinBalancer();
        };
    }
}
