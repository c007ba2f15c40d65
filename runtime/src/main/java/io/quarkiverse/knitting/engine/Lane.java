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
     * The body of {@code call} ended on this lane and produced {@code produced} (see {@link BodyRunner#run}): frees
     * the lane, then, unless an output is still pending, settles the call, counts its outcome and answers it, in that
     * order, so that a caller who calls again at once finds the lane free. Returns whether this worker is still the
     * lane's consumer: false when that role was taken from it while the body ran (it must not poll again).
     */
    default boolean finish(Call<?, ?> call, boolean holdsLane, Object produced) {
        boolean stillConsumer = endBody(call, holdsLane);
        if (call.task.gate != null) {
            // the body ended and the lane is free: the task's next waiting call may start, before this call's answer
            // runs a continuation here that may wait for it
            call.releasePermit();
        }
        if (produced instanceof BodyRunner.Awaiting awaiting) {
            call.task.pool.bodyRunner.await(call, awaiting);
        } else if (call.settleRunning()) {
            boolean completed = !(produced instanceof BodyRunner.Failure);
            count(completed, holdsLane && stillConsumer);
            call.task.metered(completed ? TaskMeter.Outcome.COMPLETED : TaskMeter.Outcome.FAILED);
            BodyRunner.answer(call, produced);
        }
        return stillConsumer;
    }

    /**
     * Counts a body that ended here and, when the call held the lane, frees it; returns whether this worker is still
     * the lane's consumer.
     */
    boolean endBody(Call<?, ?> call, boolean holdsLane);

    /**
     * Counts the outcome of a call this lane settled; {@code byConsumer} when the lane's consumer counts, a call that
     * held the lane to its end.
     */
    void count(boolean completed, boolean byConsumer);
}
