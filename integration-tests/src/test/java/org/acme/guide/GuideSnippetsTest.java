package org.acme.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.inject.Inject;

import org.acme.guide.GuideTypes.Batch;
import org.acme.guide.GuideTypes.Data;
import org.acme.guide.GuideTypes.Image;
import org.acme.guide.GuideTypes.Invoice;
import org.acme.guide.GuideTypes.Item;
import org.acme.guide.GuideTypes.Order;
import org.acme.guide.GuideTypes.Quote;
import org.acme.guide.GuideTypes.Template;
import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

/**
 * The guide's Java examples are compiled from {@code org.acme.guide}; this test runs each once, so that an example
 * that compiles but does not do what the guide says fails the build.
 */
@QuarkusTest
class GuideSnippetsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    Rendering rendering;
    @Inject
    PdfReports pdfReports;
    @Inject
    PoolReport poolReport;
    @Inject
    Thumbnails thumbnails;
    @Inject
    OrderReports orderReports;
    @Inject
    Scoring scoring;
    @Inject
    Pricing pricing;

    @Test
    void uniParametersArriveComplete() {
        var report = rendering.render(Uni.createFrom().item(new Template("hello {}")),
                CompletableFuture.completedFuture(new Data("lane"))).await().atMost(WAIT);
        assertThat(report.text()).isEqualTo("hello lane");
    }

    @Test
    void theNamedPoolAndItsReport() {
        assertThat(pdfReports.renderPdf(new Invoice(7, 1_250)).await().atMost(WAIT)).asString()
                .isEqualTo("invoice 7: 1250");
        assertThat(poolReport.describe()).startsWith("reports: 0 in flight, 0 failed, generation ");
    }

    @Test
    void limitedAndDeadlinedTasksAnswer() {
        assertThat(thumbnails.render(new Image(640, 480)).await().atMost(WAIT).width()).isEqualTo(80);
        assertThat(orderReports.render(new Order(3, 10)).await().atMost(WAIT).text()).isEqualTo("order 3");
    }

    @Test
    void anAbortableScoreAddsItsItems() {
        var batch = new Batch(List.of(new Item(2), new Item(3), new Item(5)));
        assertThat(scoring.score(batch).await().atMost(WAIT).total()).isEqualTo(10);
    }

    @Test
    void aPriceBehindFaultTolerance() {
        assertThat(pricing.price(new Quote("tea", 4)).await().atMost(WAIT).cents()).isEqualTo(1_000);
    }

    @Test
    void callAllAnswersInTheOrderOfTheOrders() {
        try (KnittingPool pool = KnittingPool.builder().name("guide-invoices").threads(2).build()) {
            var orders = List.of(new Order(1, 100), new Order(2, 200), new Order(3, 300));
            assertThat(InvoiceBatch.invoiceAll(pool, orders).await().atMost(WAIT))
                    .containsExactly(new Invoice(1, 100), new Invoice(2, 200), new Invoice(3, 300));
        }
    }

    @Test
    void aPoolWithoutCdiDigests() throws Exception {
        byte[] payload = "knitting".getBytes();
        assertThat(HashingWithoutCdi.digest(payload))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(payload));
    }
}
