package io.quarkiverse.knitting.runtime;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

import io.quarkiverse.knitting.HardTimeoutEvent;
import io.quarkiverse.knitting.HardTimeoutPolicy;
import io.quarkiverse.knitting.LaneReplacedEvent;
import io.quarkiverse.knitting.PoolClosedEvent;
import io.quarkiverse.knitting.PoolEvent;
import io.quarkiverse.knitting.PoolRestartedEvent;
import io.quarkiverse.knitting.engine.PoolObserver;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Turns one pool's events into CDI events. The engine tells it on its own threads (the watchdog, a worker); observers
 * are application code that may block or throw, so each event is queued and delivered later on {@code executor}, one
 * at a time and in order, to synchronous and asynchronous observers alike.
 */
final class PoolEventPublisher implements PoolObserver {

    private static final Logger LOG = Logger.getLogger(PoolEventPublisher.class);

    private final String pool;
    private final Event<PoolEvent> events;
    private final Queue<PoolEvent> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();

    PoolEventPublisher(String pool, Event<PoolEvent> events) {
        this.pool = pool;
        this.events = events;
    }

    @Override
    public void hardTimeout(String task, int lane, String abandonedThread, HardTimeoutPolicy policy, long generation) {
        publish(new HardTimeoutEvent(pool, task, lane, abandonedThread, policy, generation));
    }

    @Override
    public void laneReplaced(int lane, long generation) {
        publish(new LaneReplacedEvent(pool, lane, generation));
    }

    @Override
    public void restarted(long generation) {
        publish(new PoolRestartedEvent(pool, generation));
    }

    @Override
    public void closed(String reason) {
        publish(new PoolClosedEvent(pool, reason));
    }

    private void publish(PoolEvent event) {
        pending.add(event);
        if (wip.getAndIncrement() == 0) {
            try {
                Executor executor = Infrastructure.getDefaultWorkerPool(); // looked up now: Quarkus sets it at startup
                if (executor == null) {
                    throw new IllegalStateException("no worker pool");
                }
                executor.execute(this::deliverAll);
            } catch (RuntimeException refused) { // the application is stopping and its worker pool with it
                LOG.debugf(refused, "Knitting pool '%s': %s not delivered, the worker pool refused it", pool, event);
                drain(false);
            }
        }
    }

    /** Delivers until nothing is pending: only one delivery runs at a time, so observers see events in order. */
    private void deliverAll() {
        drain(true);
    }

    /** Takes every pending event, delivering or dropping it, until none is left and no publisher is adding one. */
    private void drain(boolean deliver) {
        int missed = 1;
        do {
            PoolEvent event;
            while ((event = pending.poll()) != null) {
                if (deliver) {
                    deliver(event);
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void deliver(PoolEvent event) {
        try {
            events.fire(event);
        } catch (RuntimeException | Error observerFailed) { // an Error too: the events after it must still go
            LOG.warnf(observerFailed, "Knitting pool '%s': an observer of %s failed", pool, event);
        }
        try {
            events.fireAsync(event);
        } catch (RuntimeException refused) {
            LOG.debugf(refused, "Knitting pool '%s': %s not delivered to asynchronous observers", pool, event);
        }
    }

    @Override
    public String toString() {
        return "CDI events of pool '" + pool + "'";
    }
}
