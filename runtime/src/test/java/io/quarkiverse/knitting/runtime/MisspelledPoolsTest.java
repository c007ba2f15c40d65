package io.quarkiverse.knitting.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MisspelledPoolsTest {

    @Test
    void namesOneOrTwoEditsApartLookAlike() {
        assertThat(MisspelledPools.alike("hashign", "hashing")).as("two letters swapped").isTrue();
        assertThat(MisspelledPools.alike("Hashing", "hashing")).as("case").isTrue();
        assertThat(MisspelledPools.alike("report", "reports")).as("one letter more").isTrue();
        assertThat(MisspelledPools.alike("hsahign", "hashing")).as("two swaps").isFalse();
        assertThat(MisspelledPools.alike("cpu", "gpu")).as("short names: case only").isFalse();
        assertThat(MisspelledPools.alike("shard-1", "shard-2")).as("a numbered family").isFalse();
        assertThat(MisspelledPools.alike("pool10", "pool1")).as("a numbered family").isFalse();
        assertThat(MisspelledPools.alike("images", "reports")).isFalse();
    }

    @Test
    void onlyAnUnconfiguredTaskPoolWithAnUnusedLookAlikeIsReported() {
        Map<String, String> tasks = Map.of("hashign", "A#a()", "default", "B#b()", "imagse", "C#c()");

        assertThat(MisspelledPools.warnings(Set.of("hashing", "images", "default"), tasks, Set.of("images")))
                .singleElement().asString().contains("'hashign' of A#a()", "did you mean @Task(pool = \"hashing\")?");
        assertThat(MisspelledPools.warnings(Set.of("hashign", "hashing"), tasks, Set.of()))
                .as("the task's pool is configured itself").isEmpty();
    }
}
