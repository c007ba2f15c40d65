package io.quarkiverse.knitting;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

import io.quarkiverse.knitting.engine.Pool;
import io.quarkiverse.knitting.engine.PoolSettings;
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
     * Options of a pool, named after the {@code knitting.*} keys. Every value is validated by {@link #build()},
     * which throws {@link IllegalArgumentException} naming the key, the value and what is allowed.
     */
    final class Builder {
        private String name = "default";
        private int threads = 1;
        private boolean inliner;
        private InlinerPosition inlinerPosition = InlinerPosition.LAST;
        private int inlinerBatchSize = 1;
        private int inlinerDispatchThreshold = 1;
        private Balancer balancer = Balancer.ROUND_ROBIN;
        private boolean resolveAfterFinishingAll;
        private OptionalLong spinMicroseconds = OptionalLong.empty();
        private OptionalLong parkMs = OptionalLong.empty();
        private long pauseNanoseconds = 250;
        private OptionalLong hardTimeoutMs = OptionalLong.empty();
        private HardTimeoutPolicy hardTimeoutPolicy = HardTimeoutPolicy.RESTART;
        private OptionalInt stackSizeMb = OptionalInt.empty();
        private OptionalInt maxOldGenerationSizeMb = OptionalInt.empty();
        private OptionalInt maxYoungGenerationSizeMb = OptionalInt.empty();
        private OptionalInt codeRangeSizeMb = OptionalInt.empty();
        private PayloadMode payloadMode = PayloadMode.GROWABLE;
        private OptionalLong payloadInitialBytes = OptionalLong.empty();
        private long payloadMaxByteLength = PoolSettings.DEFAULT_PAYLOAD_MAX_BYTE_LENGTH;
        private OptionalLong maxPayloadBytes = OptionalLong.empty();
        private int abortSignalCapacity = 258;
        private int hostStallFreeLoops = 128;
        private long hostMaxBackoffMs = 10;
        private int laneQueueCapacity = PoolSettings.DEFAULT_LANE_QUEUE_CAPACITY;
        private boolean debugExtras;
        private boolean debugLogMain;
        private boolean debugLogHref;
        private boolean debugLogImportedUrl;

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
            return this;
        }

        /** {@code worker.resolve-after-finishing-all}. */
        public Builder resolveAfterFinishingAll(boolean resolve) {
            this.resolveAfterFinishingAll = resolve;
            return this;
        }

        /** {@code worker.timers.spin-microseconds}; default threads × 50. */
        public Builder spinMicroseconds(long micros) {
            this.spinMicroseconds = OptionalLong.of(micros);
            return this;
        }

        /** {@code worker.timers.park-ms}; default threads × 50. */
        public Builder parkMs(long ms) {
            this.parkMs = OptionalLong.of(ms);
            return this;
        }

        /** {@code worker.timers.pause-nanoseconds}; 0 disables the pause. */
        public Builder pauseNanoseconds(long nanos) {
            this.pauseNanoseconds = nanos;
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

        /** {@code host.stall-free-loops}. */
        public Builder hostStallFreeLoops(int loops) {
            this.hostStallFreeLoops = loops;
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

        /** The validated settings, without starting anything. */
        public PoolSettings settings() {
            long spin = spinMicroseconds.orElse(threads * 50L);
            long park = parkMs.orElse(threads * 50L);
            long maxPayload = maxPayloadBytes.orElse(payloadMaxByteLength >> 3);
            long initial = payloadMode == PayloadMode.FIXED ? payloadMaxByteLength
                    : Math.min(payloadInitialBytes.orElse(PoolSettings.DEFAULT_PAYLOAD_INITIAL_BYTES),
                            payloadMaxByteLength);
            return new PoolSettings(name, threads, inliner, inlinerPosition, inlinerBatchSize,
                    inlinerDispatchThreshold, balancer, resolveAfterFinishingAll, spin, park, pauseNanoseconds,
                    hardTimeoutMs, hardTimeoutPolicy, stackSizeMb, maxOldGenerationSizeMb, maxYoungGenerationSizeMb,
                    codeRangeSizeMb, payloadMode, initial, payloadMaxByteLength, maxPayload,
                    abortSignalCapacity, hostStallFreeLoops, hostMaxBackoffMs, laneQueueCapacity, debugExtras,
                    debugLogMain, debugLogHref, debugLogImportedUrl);
        }

        /** Validates the options and starts the pool's threads. */
        public KnittingPool build() {
            return Pool.start(settings());
        }
    }
}
