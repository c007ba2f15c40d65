package io.quarkiverse.knitting.engine;

/** Where a call runs: a worker lane (its own thread) or the inline lane (the caller's side). */
interface Lane {

    /** 0-based position among the pool's lanes, as the balancer and {@code PoolStats} see it. */
    int index();

    /** No queued call and no running call; read without locks by the first-idle balancers. */
    boolean isIdle();

    /** Hands an accepted call to the lane; never blocks. */
    void submit(Call<?, ?> call);

    /** Calls this lane finished running, success or failure. */
    long completedCount();
}
