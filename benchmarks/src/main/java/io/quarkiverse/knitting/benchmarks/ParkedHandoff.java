package io.quarkiverse.knitting.benchmarks;

import java.util.concurrent.locks.LockSupport;

/**
 * The control for wake-ups: a plain worker thread that parks until a job is handed to it, and is unparked by the
 * caller. No pool, no queue, no spinning: what waking a parked thread costs on this machine.
 * <p>
 * Contract: one caller; at most one job in flight, so the caller waits for a job's completion before the next
 * {@link #execute}.
 */
final class ParkedHandoff implements SpinFloor.Floor {

    /** The job waiting to run; written by the caller, taken (cleared) by the worker. */
    private volatile Runnable request;
    private volatile boolean running = true;
    private final Thread worker = new Thread(this::work, "parked-handoff");

    ParkedHandoff() {
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void execute(Runnable job) {
        request = job;
        LockSupport.unpark(worker);
    }

    private void work() {
        while (running) {
            Runnable job = request;
            if (job == null) {
                LockSupport.park(this);
            } else {
                request = null;
                job.run();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        LockSupport.unpark(worker);
        worker.join();
    }
}
