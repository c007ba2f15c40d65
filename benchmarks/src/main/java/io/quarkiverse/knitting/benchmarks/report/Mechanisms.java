package io.quarkiverse.knitting.benchmarks.report;

import java.util.Map;

/** The benchmark method names of the micro suite, as the report names them. */
final class Mechanisms {

    static final String KNITTING = "knitting";
    static final String THREAD_POOL = "threadPool";
    static final String ENHANCED_QUEUE = "enhancedQueue";
    static final String FORK_JOIN = "forkJoin";
    static final String SPIN_HANDOFF = "spinHandoff";
    static final String SPIN_RING = "spinRing";

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry(KNITTING, "knitting"),
            Map.entry("knittingAwait", "knitting (await)"),
            Map.entry("knittingInliner", "knitting (inline lane)"),
            Map.entry("knittingMetered", "knitting (with metrics)"),
            Map.entry("knittingCallAll", "knitting callAll"),
            Map.entry(THREAD_POOL, "ThreadPoolExecutor"),
            Map.entry("threadPoolFutureGet", "ThreadPoolExecutor (Future.get)"),
            Map.entry(ENHANCED_QUEUE, "EnhancedQueueExecutor"),
            Map.entry(FORK_JOIN, "ForkJoinPool"),
            Map.entry("vertxExecuteBlocking", "Vert.x executeBlocking"),
            Map.entry("virtualThreads", "virtual threads"),
            Map.entry(SPIN_HANDOFF, "spin handoff (floor)"),
            Map.entry("parkedThread", "parked thread (control)"),
            Map.entry(SPIN_RING, "spin ring (floor)"));

    private Mechanisms() {
    }

    static String label(String method) {
        return LABELS.getOrDefault(method, method);
    }
}
