package org.acme.guide;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guide.GuideTypes.Invoice;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class PdfReports {

    // tag::named-pool[]
    @Task(pool = "reports", timeoutMs = 5_000)
    public Uni<byte[]> renderPdf(Invoice invoice) {
        return Uni.createFrom().item(invoice.toPdf());
    }
    // end::named-pool[]
}
