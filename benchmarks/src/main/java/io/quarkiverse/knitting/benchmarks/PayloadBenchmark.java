package io.quarkiverse.knitting.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Payload size: a round trip whose argument is a {@code byte[]} or a {@code String} of {@code bytes} bytes and whose
 * task hands it back unchanged. Lanes share the heap, so nothing is copied, and knitting's payload guard reads
 * lengths only (in both directions): the time must not grow with the size. The thread pool is the comparison, a
 * mechanism with no guard at all. The payload fits the default {@code max-payload-bytes} (8 MiB).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
public class PayloadBenchmark {

    @Param("1")
    int workers;

    @Benchmark
    public Object knitting(Knitting mechanism, Payload payload) {
        return payload.echo(mechanism);
    }

    @Benchmark
    public Object threadPool(ThreadPool mechanism, Payload payload) {
        return payload.echo(mechanism);
    }

    /** The value sent, and the caller's side of its round trips (as {@link Caller#roundTrip}). */
    @State(Scope.Thread)
    public static class Payload {

        @Param({ "bytes", "string" })
        String kind;

        /** 32 B, 1 KiB, 64 KiB, 1 MiB. */
        @Param({ "32", "1024", "65536", "1048576" })
        int bytes;

        Object value;
        final ResultSlot slot = new ResultSlot();
        private Runnable dispatch;

        /** A {@code String} of Latin-1 characters takes one byte per character (compact strings). */
        @Setup(Level.Trial)
        public void fill() {
            byte[] data = new byte[bytes];
            Arrays.fill(data, (byte) 'k');
            value = switch (kind) {
                case "bytes" -> data;
                case "string" -> new String(data, StandardCharsets.ISO_8859_1);
                default -> throw new IllegalArgumentException("Unknown payload kind '" + kind
                        + "': allowed are bytes, string");
            };
        }

        Object echo(Mechanism mechanism) {
            Runnable call = dispatch;
            if (call == null) {
                call = dispatch = mechanism.echo(value, slot);
            }
            slot.clear();
            call.run();
            return slot.awaitSpinning();
        }
    }
}
