package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.common.annotation.Identifier;

/** A pool that exists only in configuration is a bean like the others: injectable, selectable by its name. */
class ConfigOnlyPoolTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .overrideConfigKey("knitting.\"reports\".threads", "2");

    @Inject
    @Any
    Instance<KnittingPool> pools;

    @Test
    void aConfiguredPoolIsSelectableByItsName() {
        Instance<KnittingPool> reports = pools.select(Identifier.Literal.of("reports"));

        assertThat(reports.isResolvable()).isTrue();
        assertThat(reports.get().name()).isEqualTo("reports");
        assertThat(reports.get().lanes()).isEqualTo(2);
    }

    @Test
    void everyPoolIsAmongTheBeans() {
        assertThat(pools.stream().map(KnittingPool::name)).containsExactlyInAnyOrder("default", "reports");
    }
}
