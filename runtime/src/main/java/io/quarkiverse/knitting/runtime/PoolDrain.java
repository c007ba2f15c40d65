package io.quarkiverse.knitting.runtime;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jboss.logging.Logger;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.shutdown.ShutdownListener;

/**
 * Quarkus graceful shutdown ({@code quarkus.shutdown.timeout}): while the application's callers drain (the HTTP server
 * finishes its requests, ...), the pools keep serving, and this listener says it is done once they have no call in
 * flight. Quarkus bounds the wait with its own timeout; the pools are closed afterwards, by the stop.
 */
public final class PoolDrain implements ShutdownListener {

    private static final Logger LOG = Logger.getLogger(PoolDrain.class);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    @Override
    public void shutdown(ShutdownNotification notification) {
        PoolRegistry pools = registry(); // this application's: the wait must not follow a later one (dev mode)
        if (pools == null) {
            notification.done();
            return;
        }
        Thread waiter = new Thread(() -> {
            try {
                while (!pools.isStopped() && pools.inFlight() > 0) {
                    LockSupport.parkNanos(POLL_NANOS);
                }
            } catch (RuntimeException stopping) {
                LOG.debug("Knitting pools were stopping while draining", stopping);
            } finally {
                notification.done();
            }
        }, "knitting-drain");
        waiter.setContextClassLoader(null); // it runs no application code and must not keep a class loader alive
        waiter.setDaemon(true); // Quarkus stops waiting at its timeout; so does the JVM at exit
        waiter.start();
    }

    private static PoolRegistry registry() {
        if (Arc.container() == null) {
            return null;
        }
        try (InstanceHandle<PoolRegistry> pools = Arc.container().instance(PoolRegistry.class)) {
            return pools.isAvailable() ? pools.get() : null;
        }
    }
}
