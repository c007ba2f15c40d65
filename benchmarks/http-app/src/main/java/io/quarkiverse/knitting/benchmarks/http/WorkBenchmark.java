package io.quarkiverse.knitting.benchmarks.http;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/** How long one request's {@link HashWork} takes on the calling thread, with nothing around it. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WorkBenchmark {

    @Benchmark
    public String hash() {
        return HashWork.hash();
    }
}
