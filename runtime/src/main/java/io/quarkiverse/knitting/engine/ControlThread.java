package io.quarkiverse.knitting.engine;

/**
 * A thread that keeps the pool running (the watchdog, the host dispatcher): it never runs user code, so that a slow
 * or throwing continuation cannot delay a timer, stop the overflow from moving, or deadlock {@code close()}.
 * {@link Call#answer} recognises it and hands answers settled here to another executor.
 */
final class ControlThread extends Thread {

    /** Inherits no thread locals from the thread that creates it; its context class loader is the pool's. */
    ControlThread(Runnable body, String name, ClassLoader contextLoader) {
        super(null, body, name, 0, false);
        setContextClassLoader(contextLoader);
        setDaemon(true);
    }
}
