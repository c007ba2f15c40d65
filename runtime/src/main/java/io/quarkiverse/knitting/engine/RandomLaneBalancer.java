package io.quarkiverse.knitting.engine;

import java.util.concurrent.ThreadLocalRandom;

/** Picks a lane uniformly at random. */
final class RandomLaneBalancer implements LaneBalancer {

    @Override
    public Lane pick(Lane[] lanes, int from, int to) {
        return lanes[from + ThreadLocalRandom.current().nextInt(to - from)];
    }
}
