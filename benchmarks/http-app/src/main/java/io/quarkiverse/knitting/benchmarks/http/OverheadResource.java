package io.quarkiverse.knitting.benchmarks.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestQuery;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.smallrye.common.annotation.Blocking;

/**
 * {@code POST /overhead?mode=quick|full}: runs {@link OverheadBenchmark} and {@link WorkBenchmark} with JMH inside this
 * JVM ({@code forks = 0}) and answers JMH's JSON results. JMH's progress goes to the app's standard output. The
 * request holds a worker thread until JMH is done (about 15 s quick, 2.5 min full); run no load meanwhile.
 */
@jakarta.ws.rs.Path("/overhead")
public class OverheadResource {

    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public String run(@RestQuery @DefaultValue("quick") String mode) throws IOException, RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(OverheadBenchmark.class.getName())
                .include(WorkBenchmark.class.getName())
                .forks(0)
                .threads(1)
                .shouldFailOnError(true);
        switch (mode) {
            case "quick" -> options.warmupIterations(2).warmupTime(TimeValue.milliseconds(500))
                    .measurementIterations(3).measurementTime(TimeValue.milliseconds(500));
            case "full" -> options.warmupIterations(5).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(10).measurementTime(TimeValue.seconds(2));
            default -> throw new BadRequestException("mode must be quick or full, got " + mode);
        }
        Path result = Files.createTempFile("knitting-overhead-", ".json");
        try {
            new Runner(options.resultFormat(ResultFormatType.JSON).result(result.toString()).build()).run();
            return Files.readString(result);
        } finally {
            Files.deleteIfExists(result);
        }
    }
}
