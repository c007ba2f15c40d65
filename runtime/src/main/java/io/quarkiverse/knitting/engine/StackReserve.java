package io.quarkiverse.knitting.engine;

/**
 * Whether the current thread has stack to spare for the engine's frames that dispatch a call run in place, before it
 * is listed on its thread ({@link InPlaceCalls}); after that, a stack overflow is answered at the bottom of the stack.
 * Java cannot read how much stack is left, so this recurses through a fixed number of frames and watches for a
 * {@link StackOverflowError}, before anything about the call is counted. About half a microsecond
 * ({@code InPlaceCallBenchmark}): it is used only for calls nested deep in place, where recursion through the pool
 * lives ({@link InPlaceCalls#leavesTooLittleStack}).
 */
final class StackReserve {

    /** Frames of {@link #probe}, 50 to 100 bytes each: several times the frames of a dispatch. */
    private static final int FRAMES = 256;

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
