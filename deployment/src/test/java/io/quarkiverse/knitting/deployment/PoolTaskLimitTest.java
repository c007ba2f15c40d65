package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The per-pool task limit of the build-time validation, checked directly: an application with 65,537 intercepted
 * methods (split over several classes, a class holds at most 65,535 methods) is too heavy to build in a unit test.
 */
class PoolTaskLimitTest {

    @Test
    void aPoolWithMoreThan65536TasksIsAProblemNamingThePoolAndTheLimit() {
        assertThat(KnittingProcessor.poolLimitProblems(Map.of("default", 65_536, "big", 65_537)))
                .containsExactly("Pool 'big' has 65537 @Task methods: a pool holds at most 65536 "
                        + "(its task ids are 16-bit)");
    }
}
