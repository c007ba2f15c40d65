package io.quarkiverse.knitting;

import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.smallrye.mutiny.Uni;

/**
 * A pool of worker lanes for CPU-bound calls. Inject one ({@code @Inject KnittingPool} for the default pool,
 * {@code @Inject @Identifier("name") KnittingPool} for a named one) or build one without CDI with
 * {@link #builder()}.
 */
public interface KnittingPool extends AutoCloseable {

    /** Most tasks one pool can hold: task ids are 16-bit (0..65535). */
    int MAX_TASKS = 65_536;

    /** The pool's name; {@code default} for the default pool. */
    String name();

    /** Lanes, the inline lane included. */
    int lanes();

    /** Registers a task with default {@link TaskOptions}. */
    <A, R> TaskRef<A, R> register(String name, TaskFunction<A, R> function);

    /**
     * Registers a task. Ids are 16-bit: the 65,537th registration throws {@link IllegalArgumentException}.
     * A function that returns a {@code Uni} or a {@code CompletionStage} is awaited on its lane and the call
     * completes with what it produces; {@link #registerAsync} says so in the types.
     */
    <A, R> TaskRef<A, R> register(String name, TaskOptions options, TaskFunction<A, R> function);

    /** Registers a task whose body returns a {@code Uni}; the lane awaits it and the call completes with its item. */
    <A, R> TaskRef<A, R> registerAsync(String name, TaskOptions options, TaskFunction<A, ? extends Uni<R>> function);

    /** A snapshot of the pool's counters. */
    PoolStats stats();

    /**
     * Shuts the pool down now: new calls fail at once, queued calls and running abortable calls fail with
     * {@link PoolClosedException} (unless {@code worker.resolve-after-finishing-all} lets them finish), running
     * calls that are not abortable finish. The shutdown starts when this method is called; the returned
     * {@code Uni} completes once every worker thread has stopped.
     */
    Uni<Void> shutdown();

    /** Like {@link #shutdown()}, started after {@code delay}; calls are accepted until then. */
    Uni<Void> shutdown(Duration delay);

    /** Whether {@link #shutdown()} has started (or a hard timeout closed the pool). */
    boolean isShutdown();

    /** Shuts down and waits until every worker thread has stopped. */
    @Override
    void close();

    static Builder builder() {
        return new Builder();
    }

    /**
     * Options of a pool, named after the {@code knitting.*} keys, starting from {@link PoolDefaults}. Every value is
     * validated by {@link #settings()} and {@link #build()}, which throw {@link InvalidOptionException} naming the key,
     * the value and what is allowed.
     */
    final class Builder {
        private String name = PoolDefaults.NAME;
        private int threads = PoolDefaults.THREADS;
        private boolean inliner = PoolDefaults.INLINER_ENABLED;
        private InlinerPosition inlinerPosition = constant(InlinerPosition.class, PoolDefaults.INLINER_POSITION);
        private int inlinerBatchSize = PoolDefaults.INLINER_BATCH_SIZE;
        private int inlinerDispatchThreshold = PoolDefaults.INLINER_DISPATCH_THRESHOLD;
        private Balancer balancer = constant(Balancer.class, PoolDefaults.BALANCER);
        private boolean balancerSet;
        private Boolean hostSteal;
        private boolean resolveAfterFinishingAll = PoolDefaults.RESOLVE_AFTER_FINISHING_ALL;
        private OptionalLong spinMicroseconds = OptionalLong.empty();
        private OptionalLong parkMs = OptionalLong.empty();
        private long pauseNanoseconds = PoolDefaults.PAUSE_NANOSECONDS;
        private OptionalLong handoffSpinMicroseconds = OptionalLong.empty();
        private OptionalLong hardTimeoutMs = OptionalLong.empty();
        private OptionalLong stuckWarnMs = OptionalLong.empty();
        private HardTimeoutPolicy hardTimeoutPolicy = constant(HardTimeoutPolicy.class, PoolDefaults.HARD_TIMEOUT_POLICY);
        private OptionalInt stackSizeMb = OptionalInt.empty();
        private OptionalInt maxOldGenerationSizeMb = OptionalInt.empty();
        private OptionalInt maxYoungGenerationSizeMb = OptionalInt.empty();
        private OptionalInt codeRangeSizeMb = OptionalInt.empty();
        private PayloadMode payloadMode = constant(PayloadMode.class, PoolDefaults.PAYLOAD_MODE);
        private OptionalLong payloadInitialBytes = OptionalLong.empty();
        private long payloadMaxByteLength = PoolDefaults.PAYLOAD_MAX_BYTE_LENGTH;
        private OptionalLong maxPayloadBytes = OptionalLong.empty();
        private int abortSignalCapacity = PoolDefaults.ABORT_SIGNAL_CAPACITY;
        private int hostStallFreeLoops = PoolDefaults.HOST_STALL_FREE_LOOPS;
        private long hostMaxBackoffMs = PoolDefaults.HOST_MAX_BACKOFF_MS;
        private int laneQueueCapacity = PoolDefaults.LANE_QUEUE_CAPACITY;
        private int maxQueued = PoolDefaults.MAX_QUEUED;
        private OptionalLong queueTimeoutMs = OptionalLong.empty();
        private boolean debugExtras = PoolDefaults.DEBUG;
        private boolean debugLogMain = PoolDefaults.DEBUG;
        private boolean debugLogHref = PoolDefaults.DEBUG;
        private boolean debugLogImportedUrl = PoolDefaults.DEBUG;
        private boolean metrics = PoolDefaults.METRICS;
        private int timerSampling = PoolDefaults.TIMER_SAMPLING;

        Builder() {
        }

        /** The pool's name, used in thread names ({@code knitting-<name>-<lane>}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** {@code threads}: worker lanes. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /** {@code inliner.enabled}: adds the inline lane. */
        public Builder inliner(boolean enabled) {
            this.inliner = enabled;
            return this;
        }

        /** {@code inliner.position}. */
        public Builder inlinerPosition(InlinerPosition position) {
            this.inlinerPosition = position;
            return this;
        }

        /** {@code inliner.batch-size}: inline calls run per turn of the caller's executor. */
        public Builder inlinerBatchSize(int batchSize) {
            this.inlinerBatchSize = batchSize;
            return this;
        }

        /** {@code inliner.dispatch-threshold}: a task's in-flight calls from which the inline lane is eligible. */
        public Builder inlinerDispatchThreshold(int threshold) {
            this.inlinerDispatchThreshold = threshold;
            return this;
        }

        /** {@code balancer}. */
        public Builder balancer(Balancer balancer) {
            this.balancer = balancer;
            this.balancerSet = true;
            return this;
        }

        /** {@code worker.resolve-after-finishing-all}. */
        public Builder resolveAfterFinishingAll(boolean resolve) {
            this.resolveAfterFinishingAll = resolve;
            return this;
        }

        /** {@code worker.timers.spin-microseconds}; default threads × 50, at most 100. */
        public Builder spinMicroseconds(long micros) {
            this.spinMicroseconds = OptionalLong.of(micros);
            return this;
        }

        /** {@code worker.timers.park-ms}; default threads × 50. */
        public Builder parkMs(long ms) {
            this.parkMs = OptionalLong.of(ms);
            return this;
        }

        /**
         * {@code worker.timers.handoff-spin-microseconds}: the spin after a call answered through its caller's
         * executor that does not continue the previous call's flow; default the smaller of 2 and the spin.
         */
        public Builder handoffSpinMicroseconds(long micros) {
            this.handoffSpinMicroseconds = OptionalLong.of(micros);
            return this;
        }

        /** {@code worker.timers.pause-nanoseconds}; 0 disables the pause. */
        public Builder pauseNanoseconds(long nanos) {
            this.pauseNanoseconds = nanos;
            return this;
        }

        /**
         * {@code worker.stuck-warn-ms}: a body running longer logs one warning with its lane's stack; 0 turns it off.
         * Default: half the hard timeout when there is one, else {@value PoolDefaults#STUCK_WARN_MS}.
         */
        public Builder stuckWarnMs(long ms) {
            this.stuckWarnMs = OptionalLong.of(ms);
            return this;
        }

        /** {@code worker.hard-timeout-ms}. */
        public Builder hardTimeoutMs(long ms) {
            this.hardTimeoutMs = OptionalLong.of(ms);
            return this;
        }

        /** {@code worker.hard-timeout-policy}. */
        public Builder hardTimeoutPolicy(HardTimeoutPolicy policy) {
            this.hardTimeoutPolicy = policy;
            return this;
        }

        /** {@code worker.resource-limits.stack-size-mb}: the worker threads' stack size. */
        public Builder stackSizeMb(int mb) {
            this.stackSizeMb = OptionalInt.of(mb);
            return this;
        }

        /** {@code worker.resource-limits.max-old-generation-size-mb}: validated, not enforced for thread workers. */
        public Builder maxOldGenerationSizeMb(int mb) {
            this.maxOldGenerationSizeMb = OptionalInt.of(mb);
            return this;
        }

        /** {@code worker.resource-limits.max-young-generation-size-mb}: validated, not enforced for thread workers. */
        public Builder maxYoungGenerationSizeMb(int mb) {
            this.maxYoungGenerationSizeMb = OptionalInt.of(mb);
            return this;
        }

        /** {@code worker.resource-limits.code-range-size-mb}: validated, not enforced for thread workers. */
        public Builder codeRangeSizeMb(int mb) {
            this.codeRangeSizeMb = OptionalInt.of(mb);
            return this;
        }

        /** {@code payload.mode}. */
        public Builder payloadMode(PayloadMode mode) {
            this.payloadMode = mode;
            return this;
        }

        /**
         * {@code payload.payload-initial-bytes}: in growable mode the smaller of this (default 4 MiB) and
         * {@code payload-max-byte-length}; in fixed mode always {@code payload-max-byte-length}, as in the JavaScript
         * library.
         */
        public Builder payloadInitialBytes(long bytes) {
            this.payloadInitialBytes = OptionalLong.of(bytes);
            return this;
        }

        /** {@code payload.payload-max-byte-length}. */
        public Builder payloadMaxByteLength(long bytes) {
            this.payloadMaxByteLength = bytes;
            return this;
        }

        /** {@code payload.max-payload-bytes}; default {@code payload-max-byte-length >> 3}. */
        public Builder maxPayloadBytes(long bytes) {
            this.maxPayloadBytes = OptionalLong.of(bytes);
            return this;
        }

        /** {@code abort-signal-capacity}. */
        public Builder abortSignalCapacity(int capacity) {
            this.abortSignalCapacity = capacity;
            return this;
        }

        /** {@code max-queued}: the most calls waiting to run, pool-wide; over it a call is rejected at once. */
        public Builder maxQueued(int calls) {
            this.maxQueued = calls;
            return this;
        }

        /** {@code queue-timeout-ms}: the longest a call may wait in a queue; past it the call is rejected. */
        public Builder queueTimeoutMs(long ms) {
            this.queueTimeoutMs = OptionalLong.of(ms);
            return this;
        }

        /** {@code host.stall-free-loops}. */
        public Builder hostStallFreeLoops(int loops) {
            this.hostStallFreeLoops = loops;
            return this;
        }

        /**
         * {@code host.steal}: idle worker lanes take queued calls from busy ones. Unset, a pool steals when it has more
         * than one worker lane and no balancer was chosen ({@link #balancer}).
         */
        public Builder hostSteal(boolean steal) {
            this.hostSteal = steal;
            return this;
        }

        /** {@code host.max-backoff-ms}. */
        public Builder hostMaxBackoffMs(long ms) {
            this.hostMaxBackoffMs = ms;
            return this;
        }

        /**
         * Capacity of each lane's queue (rounded up to a power of two); calls beyond it wait in the pool's overflow
         * queue. An engine setting with no {@code knitting.*} key; the default suits almost every use.
         */
        public Builder laneQueueCapacity(int capacity) {
            this.laneQueueCapacity = capacity;
            return this;
        }

        /** {@code debug.extras}. */
        public Builder debugExtras(boolean enabled) {
            this.debugExtras = enabled;
            return this;
        }

        /** {@code debug.log-main}. */
        public Builder debugLogMain(boolean enabled) {
            this.debugLogMain = enabled;
            return this;
        }

        /** {@code debug.log-href}. */
        public Builder debugLogHref(boolean enabled) {
            this.debugLogHref = enabled;
            return this;
        }

        /** {@code debug.log-imported-url}. */
        public Builder debugLogImportedUrl(boolean enabled) {
            this.debugLogImportedUrl = enabled;
            return this;
        }

        /**
         * {@code metrics.enabled}: each task counts its calls by outcome and times some of them (queue wait and run,
         * see {@link #timerSampling}), and lanes count their idle time spinning and parked ({@code TaskMeter}).
         */
        public Builder metrics(boolean enabled) {
            this.metrics = enabled;
            return this;
        }

        /** {@code metrics.timer-sampling}: one call in this many is timed; 1 times every call. */
        public Builder timerSampling(int oneIn) {
            this.timerSampling = oneIn;
            return this;
        }

        /**
         * The validated settings, without starting anything: the spin defaults to 50 µs per thread up to 100 µs (none
         * when the threads outnumber the processors), the park to 50 ms per thread, and the payload sizes resolve as in
         * the JavaScript library.
         *
         * @throws InvalidOptionException naming the key, the value and what is allowed
         */
        public PoolSettings settings() {
            int lanes = Math.max(threads, 1); // an invalid thread count is reported once, not again through the timers
            int processors = Runtime.getRuntime().availableProcessors();
            long spin = spinMicroseconds.orElse(PoolDefaults.spinMicroseconds(lanes, processors));
            var timers = new PoolSettings.Timers(spin, parkMs.orElse(lanes * PoolDefaults.PARK_MS_PER_THREAD),
                    pauseNanoseconds, handoffSpinMicroseconds.orElse(PoolDefaults.handoffSpinMicroseconds(spin)));
            var limits = new PoolSettings.ResourceLimits(stackSizeMb, maxOldGenerationSizeMb, maxYoungGenerationSizeMb,
                    codeRangeSizeMb);
            long initialBytes = payloadMode == PayloadMode.FIXED ? payloadMaxByteLength
                    : Math.min(payloadInitialBytes.orElse(PoolDefaults.PAYLOAD_INITIAL_BYTES), payloadMaxByteLength);
            var payload = new PoolSettings.Payload(payloadMode, initialBytes, payloadMaxByteLength,
                    maxPayloadBytes.orElse(payloadMaxByteLength >> PoolDefaults.MAX_PAYLOAD_BYTES_SHIFT));
            return new PoolSettings(name, threads,
                    new PoolSettings.Inliner(inliner, inlinerPosition, inlinerBatchSize, inlinerDispatchThreshold),
                    balancer,
                    new PoolSettings.Worker(resolveAfterFinishingAll, timers, hardTimeoutMs, hardTimeoutPolicy, limits,
                            stuckWarnMs.orElse(hardTimeoutMs.isPresent() ? hardTimeoutMs.getAsLong() / 2
                                    : PoolDefaults.STUCK_WARN_MS)),
                    payload, abortSignalCapacity, maxQueued, queueTimeoutMs,
                    new PoolSettings.Host(hostStallFreeLoops, hostMaxBackoffMs, hostSteal != null ? hostSteal : !balancerSet),
                    laneQueueCapacity,
                    new PoolSettings.Debug(debugExtras, debugLogMain, debugLogHref, debugLogImportedUrl),
                    new PoolSettings.Metrics(metrics, timerSampling));
        }

        /** A default written in configuration spelling ({@code replace-lane}) as its enum constant. */
        private static <E extends Enum<E>> E constant(Class<E> type, String spelling) {
            return Enum.valueOf(type, spelling.toUpperCase(Locale.ROOT).replace('-', '_'));
        }

        /** Validates the options and starts the pool's threads. */
        public KnittingPool build() {
            return EngineLoader.ENGINE.start(settings());
        }
    }
}
