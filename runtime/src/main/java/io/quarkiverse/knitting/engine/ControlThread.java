package io.quarkiverse.knitting.engine;

import java.util.concurrent.Executor;

/**
 * A thread that keeps the pool running (the watchdog, the host dispatcher): it never runs user code, so that a slow
 * or throwing continuation cannot delay a timer, stop the overflow from moving, or deadlock {@code close()}.
 * {@link Call#answer} and {@link UserCode#run} recognise it and hand what they would run here to the pool's
 * answer threads ({@link PoolThreads#answers}).
 */
final class ControlThread extends Thread {

    final Executor answers;

    /** Inherits no thread locals from the thread that creates it; its context class loader is the pool's. */
    ControlThread(Runnable body, String name, ClassLoader contextLoader, Executor answers) {
        super(null, body, name, 0, false);
        this.answers = answers;
        setContextClassLoader(contextLoader);
        setDaemon(true);
    }
}
