package io.quarkiverse.knitting.engine;

/**
 * Whether the current thread has stack to spare for the engine's own frames around a call run in place: the dispatch
 * before its body, and the answer after it (or after the body overflowed the stack). Java cannot read how much stack
 * is left, so this recurses through a fixed number of frames and watches for a {@link StackOverflowError}, before
 * anything about the call is counted. The reserve is large (the first time a path runs, linking it takes frames of its
 * own: a smaller probe let such a first answer overflow), and costs about 4 microseconds: it is used only for calls
 * nested deep in place, where recursion through the pool lives ({@link InPlaceCalls#leavesTooLittleStack}).
 */
final class StackReserve {

    /**
     * Frames of {@link #probe}, 50 to 100 bytes each: 100 to 200 KB, well over the engine's frames around a call (512
     * frames were not enough in a test whose first stack overflow answered through code never run before).
     */
    private static final int FRAMES = 2048;

    private StackReserve() {
    }

    static boolean isLow() {
        try {
            return probe(FRAMES, 1, 2, 3) == 0;
        } catch (StackOverflowError low) {
            return true;
        }
    }

    /** Its arguments stay live across the call, so each frame keeps them: the frames cannot shrink to nothing. */
    private static long probe(int frames, long a, long b, long c) {
        if (frames == 0) {
            return a + b + c;
        }
        return probe(frames - 1, b, c, a) + a - b;
    }
}
