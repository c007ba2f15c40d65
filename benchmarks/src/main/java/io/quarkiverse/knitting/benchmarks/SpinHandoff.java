package io.quarkiverse.knitting.benchmarks;

/**
 * The practical floor of a round trip: a worker thread that spins (never parks) on a single volatile request slot.
 * The response goes back through the job itself (a volatile write the caller spins on).
 * <p>
 * Contract: one caller; at most one job in flight, so the caller waits for a job's completion before the next
 * {@link #execute}.
 */
final class SpinHandoff implements SpinFloor.Floor {

    /** The job waiting to run; written by the caller, taken (cleared) by the worker. */
    private volatile Runnable request;
    private volatile boolean running = true;
    private final Thread worker = new Thread(this::work, "spin-handoff");

    SpinHandoff() {
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public void execute(Runnable job) {
        request = job;
    }

    private void work() {
        while (running) {
            Runnable job = request;
            if (job == null) {
                Thread.onSpinWait();
            } else {
                request = null; // cleared before running, so the slot is free once the job has answered
                job.run();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        worker.join();
    }
}
