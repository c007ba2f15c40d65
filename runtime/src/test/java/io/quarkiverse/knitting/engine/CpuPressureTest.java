package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CpuPressureTest {

    private static final long PERIOD = CpuPressure.PERIOD_NANOS;
    /** Stall that puts a period above the contended share, and one that keeps it below, in µs. */
    private static final long HIGH = (long) (CpuPressure.CONTENDED_SHARE * PERIOD / 1_000) + 1_000;
    private static final long LOW = (long) (CpuPressure.CONTENDED_SHARE * PERIOD / 1_000) / 10;

    /** A clock and a stall counter the test moves by hand; counts the reads of the counter. */
    private static final class Machine {
        long now = 1_000_000_000L;
        long stallMicros = 5_000;
        final AtomicInteger reads = new AtomicInteger();

        CpuPressure pressure() {
            return new CpuPressure(() -> {
                reads.incrementAndGet();
                return stallMicros;
            }, () -> now);
        }

        void period(long stalled) {
            now += PERIOD;
            stallMicros += stalled;
        }
    }

    /** What a worker does: refresh on the way to a park, read the verdict before a spin. */
    private static boolean contended(CpuPressure pressure, long now) {
        pressure.refresh(now);
        return pressure.contended();
    }

    @Test
    void readsTheTotalOfTheSomeLine() {
        assertThat(parse("some avg10=1.50 avg60=0.20 avg300=0.05 total=10761814132\n"
                + "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n")).isEqualTo(10_761_814_132L);
        assertThat(parse("full avg10=0.00 total=7\n")).as("no some line").isNegative();
        assertThat(parse("some avg10=0.00\n")).as("no total").isNegative();
        assertThat(parse("some avg10=0.00 total=\n")).as("no digits").isNegative();
        assertThat(parse("")).isNegative();
    }

    private static long parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 16); // a buffer longer than what was read
        return CpuPressure.parseStallMicros(padded, bytes.length);
    }

    @Test
    void contendedOnlyAfterEnoughPeriodsInARowAboveTheShare() {
        Machine machine = new Machine();
        CpuPressure pressure = machine.pressure();
        assertThat(contended(pressure, machine.now)).isFalse();

        for (int period = 1; period < CpuPressure.PERIODS; period++) {
            machine.period(HIGH);
            assertThat(contended(pressure, machine.now)).as("a burst of %d periods is not load", period).isFalse();
        }
        machine.period(HIGH);
        assertThat(contended(pressure, machine.now)).isTrue();
        machine.period(HIGH);
        assertThat(contended(pressure, machine.now)).isTrue();

        machine.period(LOW);
        assertThat(contended(pressure, machine.now)).as("one quiet period ends it").isFalse();
        machine.period(HIGH);
        assertThat(contended(pressure, machine.now)).as("and it takes the periods in a row again").isFalse();
    }

    @Test
    void readsAtMostOncePerPeriod() {
        Machine machine = new Machine();
        CpuPressure pressure = machine.pressure();
        int atStart = machine.reads.get();
        for (int i = 0; i < 1_000; i++) {
            contended(pressure, machine.now);
        }
        machine.now += PERIOD - 1;
        contended(pressure, machine.now);
        assertThat(machine.reads.get()).as("within the first period").isEqualTo(atStart);

        machine.now += 1;
        for (int i = 0; i < 1_000; i++) {
            contended(pressure, machine.now);
        }
        assertThat(machine.reads.get()).isEqualTo(atStart + 1);
    }

    @Test
    void manyWorkersAskingAtOnceReadItOnce() throws InterruptedException {
        Machine machine = new Machine();
        CpuPressure pressure = machine.pressure();
        int atStart = machine.reads.get();
        machine.period(HIGH);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread worker = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int ask = 0; ask < 10_000; ask++) {
                    contended(pressure, machine.now);
                }
            }, "pressure-asker-" + i);
            workers.add(worker);
            worker.start();
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(worker.isAlive()).isFalse();
        }
        assertThat(machine.reads.get()).as("one sample for the period, whoever asked").isEqualTo(atStart + 1);
    }

    @Test
    void withoutPressureInformationNeverContendedAndNeverReadAgain() {
        AtomicInteger reads = new AtomicInteger();
        long[] now = { 0 };
        CpuPressure pressure = new CpuPressure(() -> {
            reads.incrementAndGet();
            return -1;
        }, () -> now[0]);
        for (int period = 0; period < 20; period++) {
            now[0] += PERIOD;
            assertThat(contended(pressure, now[0])).isFalse();
        }
        assertThat(reads.get()).as("the read at construction only").isEqualTo(1);
    }

    /** The file kept open gives fresh figures at each read: a thread kept waiting for a processor shows up. */
    @Test
    void readsThisMachinesPressureAnewEachTimeWhereLinuxHasIt() throws InterruptedException {
        assumeTrue(Files.isReadable(Path.of("/proc/pressure/cpu")), "no pressure stall information here");
        CpuPressure.PressureFile file = new CpuPressure.PressureFile();
        long first = file.getAsLong();
        assertThat(first).isNotNegative();
        int threads = Runtime.getRuntime().availableProcessors() + 2;
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < threads; i++) { // more runnable threads than processors: some wait
            Thread spinner = new Thread(() -> {
                while (System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            }, "pressure-spinner-" + i);
            spinners.add(spinner);
            spinner.start();
        }
        for (Thread spinner : spinners) {
            spinner.join();
        }
        assertThat(file.getAsLong()).as("the stall grew while threads waited for a processor").isGreaterThan(first);
    }
}
