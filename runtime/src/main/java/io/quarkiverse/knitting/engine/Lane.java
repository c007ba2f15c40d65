package io.quarkiverse.knitting.engine;

/** Where a call runs: a worker lane (its own thread) or the inline lane (the caller's side). */
interface Lane {

    /** 0-based position among the pool's lanes, as the balancer and {@code PoolStats} see it. */
    int index();

    /** No queued call and no running call; read without locks by the first-idle balancers. */
    boolean isIdle();

    /** Hands an accepted call to the lane; never blocks. */
    void submit(Call<?, ?> call);

    /** Calls whose body ran on this lane and ended (returned or threw), whatever their outcome. */
    long bodiesEnded();

    /**
     * The body of {@code call} ended on this lane: count it and, when the call held the lane, free it. False when the
     * worker lost the lane meanwhile (it must not poll again).
     */
    boolean bodyEnded(Call<?, ?> call, boolean holdsLane);

    /** Counts the outcome of a call this lane settled itself. */
    void countSettled(boolean completed);
}
