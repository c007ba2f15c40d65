package io.quarkiverse.knitting.runtime.health;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.quarkiverse.knitting.PoolStats;
import io.quarkiverse.knitting.engine.Pool;
import io.quarkiverse.knitting.runtime.HealthConfig;
import io.quarkiverse.knitting.runtime.PoolRegistry;

/**
 * The readiness check {@code knitting}, registered by the build when the application has Quarkus SmallRye Health.
 * DOWN when any started pool is closed (shut down, e.g. by a hard timeout under the {@code shutdown} policy), has lost
 * every worker lane, has been rejecting calls for longer than its {@code health.saturated-after}, or has more abandoned
 * threads alive than its {@code health.max-abandoned-threads}. The data gives each pool's state, lanes, lanes lost,
 * queued and in-flight calls, generation and abandoned threads, as {@code <pool>.<figure>}.
 */
@Readiness
@ApplicationScoped
public class KnittingReadinessCheck implements HealthCheck {

    private final PoolRegistry pools;

    KnittingReadinessCheck(PoolRegistry pools) {
        this.pools = pools;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder answer = HealthCheckResponse.named("knitting");
        boolean up = true;
        for (Map.Entry<String, Pool> entry : pools.started().entrySet()) {
            String name = entry.getKey();
            Pool pool = entry.getValue();
            PoolStats stats = pool.stats();
            String state = stateOf(pool, stats, pools.health(name));
            up &= state.equals("up");
            answer.withData(name + ".state", state)
                    .withData(name + ".lanes", stats.lanes())
                    .withData(name + ".lanes-lost", pool.lanesLost())
                    .withData(name + ".queued", pool.queued())
                    .withData(name + ".in-flight", stats.inFlight())
                    .withData(name + ".generation", stats.generation())
                    .withData(name + ".abandoned-threads", stats.abandonedThreads());
        }
        return answer.status(up).build();
    }

    static String stateOf(Pool pool, PoolStats stats, HealthConfig health) {
        if (pool.isShutdown()) {
            return "closed";
        }
        if (pool.lanesLost() == pool.workerLanes()) {
            return "no lane left"; // every worker thread stopped and none could be started again
        }
        long rejectingFor = pool.rejectingForNanos();
        if (rejectingFor >= 0 && rejectingFor >= health.saturatedAfter().toNanos()) {
            return "saturated";
        }
        if (stats.abandonedThreads() > health.maxAbandonedThreads()) {
            return "too many abandoned threads";
        }
        return "up";
    }
}
