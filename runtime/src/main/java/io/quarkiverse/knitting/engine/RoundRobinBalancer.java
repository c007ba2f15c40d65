package io.quarkiverse.knitting.engine;

/**
 * Rotates through the lanes. The cursor is a plain field on purpose: concurrent callers may read the same value and
 * pick the same lane, which only skews the rotation a little, while an atomic increment would make every caller
 * contend on one cache line.
 */
final class RoundRobinBalancer implements LaneBalancer {

    private int cursor;

    @Override
    public Lane pick(Lane[] lanes, int from, int to) {
        int next = cursor;
        cursor = next + 1;
        return lanes[from + (next & Integer.MAX_VALUE) % (to - from)];
    }
}
