package io.quarkiverse.knitting.engine;

/**
 * Whether the current thread has stack to spare, for calls run in place ({@link InPlaceCalls}). Java cannot read how
 * much stack is left, so this recurses through a fixed number of frames and watches for a {@link StackOverflowError}.
 * Two questions: before a call nested deep in place is counted, whether its dispatch has room (256 frames, about half
 * a microsecond in {@code InPlaceCallBenchmark}, paid only from 16 calls deep); and after such a call overflowed,
 * whether it can be answered here (2,048 frames, paid only then: the first answer through a path the JVM has not run
 * yet links it on the spot, with frames of its own, and 512 frames were not enough in a test).
 */
final class StackReserve {

    /** Frames of {@link #probe}, 50 to 100 bytes each: several times the frames of a dispatch. */
    private static final int DISPATCH_FRAMES = 256;
    /** About 100 to 200 KB. */
    private static final int ANSWER_FRAMES = 2048;

    private StackReserve() {
    }

    /** Too little stack left to dispatch one more call in place. */
    static boolean isLow() {
        return lacks(DISPATCH_FRAMES);
    }

    /** Too little stack left to answer a call that overflowed it: the overflow goes up to where there is. */
    static boolean tooLowToAnswer() {
        return lacks(ANSWER_FRAMES);
    }

    private static boolean lacks(int frames) {
        try {
            return probe(frames, 1, 2, 3) == 0;
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
