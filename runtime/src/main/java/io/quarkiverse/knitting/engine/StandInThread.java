package io.quarkiverse.knitting.engine;

/**
 * A thread of a pool's {@link StandIns}: it says which call it runs, so that calls made by that call's body are
 * treated as calls made by a body of the pool (in place, or by another stand-in when their argument arrives later).
 */
final class StandInThread extends Thread {

    /** The threads of the pool this one belongs to, which tells its pool apart. */
    final PoolThreads owner;
    /** The call whose body this thread runs now (not one run in place inside it), or null. */
    volatile Call<?, ?> running;

    /** Inherits no thread locals from the thread that creates it. */
    StandInThread(PoolThreads owner, Runnable body, String name, long stackSizeBytes) {
        super(null, body, name, stackSizeBytes, false);
        this.owner = owner;
    }

    /** The stand-in of the pool with {@code threads} that runs a body on the current thread now, or null. */
    static StandInThread runningABodyOf(PoolThreads threads) {
        return Thread.currentThread() instanceof StandInThread self && self.owner == threads && self.running != null
                ? self : null;
    }
}
