package io.quarkiverse.knitting.it;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

/**
 * SmallRye Fault Tolerance on {@code @Task} methods. The FT interceptor wraps the knitting one, so each retry
 * attempt is a fresh dispatch to a lane, an FT timeout aborts the dispatch (an abortable body sees it), and a
 * fallback turns a failure of the call, a soft timeout included, into a default value.
 */
@ApplicationScoped
public class ResilientWork {

    /** The FT timeout of {@link #runUntilAborted}. */
    static final long FT_TIMEOUT_MS = 1000;
    /** How long {@link #runUntilAborted} works when no abort reaches it. */
    static final long UNTIL_ABORTED_CAP_MS = 10_000;

    private final Map<String, List<String>> attemptsByKey = new ConcurrentHashMap<>();
    private final Set<String> abortedKeys = ConcurrentHashMap.newKeySet();

    /** Fails its first {@code failingAttempts} attempts for {@code key}, then answers with the lane of each. */
    @Retry(maxRetries = 4, delay = 0, jitter = 0)
    @Task
    public Uni<Attempts> succeedAfter(String key, int failingAttempts) {
        List<String> threads = attemptsByKey.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
        threads.add(Thread.currentThread().getName());
        if (threads.size() <= failingAttempts) {
            throw new IllegalStateException("Attempt " + threads.size() + " for '" + key + "' fails on purpose");
        }
        return Uni.createFrom().item(new Attempts(key, List.copyOf(threads)));
    }

    /**
     * Runs until aborted (at most {@link #UNTIL_ABORTED_CAP_MS}) and records that it saw the abort. FT itself never
     * cancels a {@code Uni} it has subscribed to; the extension gives the dispatch FT's deadline, so the call aborts
     * when FT times out. It has pool {@code resilient} to itself, so a body that is not aborted holds no other
     * test's lane.
     */
    @Timeout(FT_TIMEOUT_MS)
    @Task(pool = "resilient", abortable = true)
    public Uni<LaneName> runUntilAborted(String key) {
        if (CooperativeWork.workUnlessAborted(UNTIL_ABORTED_CAP_MS)) {
            abortedKeys.add(key);
        }
        return Uni.createFrom().item(LaneName.current());
    }

    /** Whether the body of {@link #runUntilAborted} called with {@code key} saw its abort signal. */
    public boolean sawAbort(String key) {
        return abortedKeys.contains(key);
    }

    /** Works {@code workMs}; past the soft timeout the call fails and FT answers with {@link #defaultEstimate}. */
    @Fallback(fallbackMethod = "defaultEstimate")
    @Task(timeoutMs = SlowWork.TIMEOUT_MS, abortable = true)
    public Uni<Estimate> estimate(long workMs) {
        CooperativeWork.workUnlessAborted(workMs);
        return Uni.createFrom().item(new Estimate(workMs, "lane"));
    }

    /** The fallback runs on the caller's side, not on a lane. */
    Uni<Estimate> defaultEstimate(long workMs) {
        return Uni.createFrom().item(new Estimate(0, "fallback"));
    }
}
