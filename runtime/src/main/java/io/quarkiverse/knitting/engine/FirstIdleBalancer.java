package io.quarkiverse.knitting.engine;

/** Picks the first idle lane in order; when none is idle, asks the fallback (round-robin or random). */
final class FirstIdleBalancer implements LaneBalancer {

    private final LaneBalancer fallback;

    FirstIdleBalancer(LaneBalancer fallback) {
        this.fallback = fallback;
    }

    @Override
    public Lane pick(Lane[] lanes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (lanes[i].isIdle()) {
                return lanes[i];
            }
        }
        return fallback.pick(lanes, from, to);
    }
}
