package io.quarkiverse.knitting.engine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Whether this machine's processors are contended: in each of the last {@link #PERIODS} sampling periods, some
 * runnable thread waited for a processor during more than {@link #CONTENDED_SHARE} of the time. Linux measures that
 * for us (pressure stall information, the {@code some} line of {@code cpu.pressure}). While it is so, a spinning
 * worker holds a core that a waiting thread needs, and the threads that wait are often the very ones that produce
 * the worker's calls (event loops, callers): such a worker only delays its next call, so workers park without
 * spinning until the pressure is gone (see {@link SpinThenParkIdleStrategy}).
 * <p>
 * No thread of its own: a worker about to park {@linkplain #refresh refreshes} it, at most once per
 * {@link #PERIOD_NANOS} (one read of a few microseconds from a file kept open); a worker about to spin reads the
 * last verdict. Where there is no such file (not Linux, or a kernel without PSI) the processors never count as
 * contended and workers spin as configured.
 */
final class CpuPressure {

    /** How often the pressure is read, at most. */
    static final long PERIOD_NANOS = 10_000_000;
    /**
     * The share of a period during which some thread waited for a processor that counts. Measured on a 2-core VM in
     * 10 ms periods: 0.04 % idle; with a caller and a spinning lane on the two cores under 1 % in 92 % of the periods,
     * with bursts above it while the JIT's or the garbage collector's threads find both cores taken; with four callers
     * and two busy lanes 20-100 %, mostly above 30 %; under HTTP load, with more busy threads than cores, 72-87 %.
     */
    static final double CONTENDED_SHARE = 0.25;
    /** Periods in a row above the share before the processors count as contended: a burst is not load. */
    static final int PERIODS = 5;
    static final long UNAVAILABLE = -1;

    static final CpuPressure JVM = new CpuPressure(new PressureFile(), System::nanoTime);
    /** Never contended: for a strategy that must spin as configured whatever the load. */
    static final CpuPressure UNKNOWN = new CpuPressure(() -> UNAVAILABLE, System::nanoTime);

    private final LongSupplier stallMicros;
    private final LongSupplier clock;
    private final ReentrantLock sampling = new ReentrantLock();
    private volatile long nextSampleAt;
    private volatile boolean contended;
    /** The last sample: cumulative stall (µs) and when it was read; guarded by {@link #sampling}. */
    private long lastStall;
    private long lastSampleAt;
    /** Periods in a row above the share, up to {@link #PERIODS}; guarded by {@link #sampling}. */
    private int periodsAbove;

    /**
     * @param stallMicros the cumulative time some thread waited for a processor, in µs; {@link #UNAVAILABLE} when it
     *        cannot be known
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    CpuPressure(LongSupplier stallMicros, LongSupplier clock) {
        this.stallMicros = stallMicros;
        this.clock = clock;
        this.lastSampleAt = clock.getAsLong();
        this.lastStall = stallMicros.getAsLong();
        this.nextSampleAt = lastStall == UNAVAILABLE ? Long.MAX_VALUE : lastSampleAt + PERIOD_NANOS;
    }

    /** The last verdict: one volatile read, for a worker about to spin. */
    boolean contended() {
        return contended;
    }

    /**
     * Samples when a period has passed since the last sample, unless another worker is sampling. {@code now}: the
     * caller's clock read ({@code System.nanoTime()}), so that asking costs no second one.
     */
    void refresh(long now) {
        if (now - nextSampleAt >= 0 && sampling.tryLock()) {
            try {
                sample();
            } finally {
                sampling.unlock();
            }
        }
    }

    private void sample() {
        long now = clock.getAsLong();
        if (now - nextSampleAt < 0) {
            return; // another worker sampled in the meantime
        }
        long stall = stallMicros.getAsLong();
        if (stall == UNAVAILABLE) {
            contended = false;
            nextSampleAt = Long.MAX_VALUE; // gone (it should not): spin as configured from now on
            return;
        }
        long elapsed = now - lastSampleAt;
        boolean above = elapsed > 0 && (stall - lastStall) * 1_000.0 > CONTENDED_SHARE * elapsed;
        periodsAbove = above ? Math.min(periodsAbove + 1, PERIODS) : 0;
        contended = periodsAbove == PERIODS;
        lastStall = stall;
        lastSampleAt = now;
        nextSampleAt = now + PERIOD_NANOS;
    }

    /**
     * The {@code total=} of the {@code some} line of a pressure file
     * ({@code some avg10=0.00 avg60=0.00 avg300=0.00 total=1234}), or {@link #UNAVAILABLE}.
     */
    static long parseStallMicros(byte[] text, int length) {
        int some = indexOf(text, length, "some ", 0);
        int total = some < 0 ? -1 : indexOf(text, length, "total=", some);
        if (total < 0) {
            return UNAVAILABLE;
        }
        long value = 0;
        int digits = 0;
        for (int i = total + "total=".length(); i < length && text[i] >= '0' && text[i] <= '9'; i++, digits++) {
            value = value * 10 + (text[i] - '0');
        }
        return digits == 0 ? UNAVAILABLE : value;
    }

    private static int indexOf(byte[] text, int length, String word, int from) {
        outer: for (int i = from; i <= length - word.length(); i++) {
            for (int j = 0; j < word.length(); j++) {
                if (text[i + j] != word.charAt(j)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The CPU pressure of this container's cgroup (cgroup v2) when it is visible, else of the machine, read from a
     * file opened once and kept open (a read from its start makes the kernel write it anew). A
     * {@link RandomAccessFile}, not a {@code FileChannel}: the worker that reads may be interrupted (a hard timeout),
     * and an interrupt closes an interruptible channel for good. Used by one sampling worker at a time.
     */
    static final class PressureFile implements LongSupplier {

        private static final String[] CANDIDATES = { "/sys/fs/cgroup/cpu.pressure", "/proc/pressure/cpu" };

        private final byte[] buffer = new byte[256];
        private final RandomAccessFile file = open(buffer);

        private static RandomAccessFile open(byte[] buffer) {
            for (String candidate : CANDIDATES) {
                if (Files.isReadable(Path.of(candidate))) {
                    try {
                        RandomAccessFile file = new RandomAccessFile(candidate, "r");
                        if (readFrom(file, buffer) != UNAVAILABLE) {
                            return file;
                        }
                        file.close();
                    } catch (IOException | RuntimeException unreadable) {
                        // not readable here after all (a kernel with PSI switched off): try the next one
                    }
                }
            }
            return null;
        }

        @Override
        public long getAsLong() {
            if (file == null) {
                return UNAVAILABLE;
            }
            try {
                return readFrom(file, buffer);
            } catch (IOException | RuntimeException unreadable) {
                return UNAVAILABLE;
            }
        }

        private static long readFrom(RandomAccessFile file, byte[] buffer) throws IOException {
            file.seek(0);
            int length = file.read(buffer);
            return length <= 0 ? UNAVAILABLE : parseStallMicros(buffer, length);
        }
    }
}
