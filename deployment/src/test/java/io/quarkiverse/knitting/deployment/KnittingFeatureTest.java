package io.quarkiverse.knitting.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkus.arc.Arc;
import io.quarkus.test.QuarkusUnitTest;

class KnittingFeatureTest {

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withEmptyApplication()
            .setLogRecordPredicate(record -> record.getMessage().startsWith("Installed features"))
            // checked once the application has stopped: the startup banner lists the extension's feature
            .assertLogRecords(records -> assertThat(records).singleElement()
                    .extracting(record -> String.valueOf(record.getParameters()[0]))
                    .asString()
                    .contains("knitting"));

    @Test
    void applicationStartsWithTheExtension() {
        assertThat(Arc.container().isRunning()).isTrue();
    }
}
