package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.Task;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * {@code @Task} methods of two pools of one lane each wait for one another: a body of "parse" waits for a task of
 * "score", whose body waits for another task of "parse". The last call comes back to the pool whose only lane the
 * first body holds; it runs on a stand-in of "parse" and every caller is answered. It used to wait for ever (no hard
 * timeout by default), although composing across pools is documented as deadlock-free.
 */
class CrossPoolWaitingTasksTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(Parser.class, Scorer.class))
            .overrideConfigKey("knitting.\"parse\".threads", "1")
            .overrideConfigKey("knitting.\"score\".threads", "1");

    @ApplicationScoped
    static class Parser {
        @Inject
        Scorer scorer;
        private volatile String tokenizedOn;

        String tokenizedOn() { // a field read through the client proxy would not reach the bean
            return tokenizedOn;
        }

        @Task(pool = "parse")
        Uni<Integer> parseAndScore(String text) {
            int score = scorer.score(text).await().atMost(Duration.ofSeconds(8)); // the body waits on its lane
            return Uni.createFrom().item(score + 1);
        }

        @Task(pool = "parse")
        Uni<Integer> tokens(String text) {
            tokenizedOn = Thread.currentThread().getName();
            return Uni.createFrom().item(text.split(" ").length);
        }
    }

    @ApplicationScoped
    static class Scorer {
        @Inject
        Parser parser;

        @Task(pool = "score")
        Uni<Integer> score(String text) {
            return Uni.createFrom().item(parser.tokens(text).await().atMost(Duration.ofSeconds(8)) * 10);
        }
    }

    @Inject
    Parser parser;

    @Test
    void theCallBackIntoTheFirstPoolRunsOnAStandIn() {
        assertThat(parser.parseAndScore("three short words").await().atMost(WAIT)).isEqualTo(31);
        assertThat(parser.tokenizedOn()).startsWith("knitting-parse-standin-");
    }
}
