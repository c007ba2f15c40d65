package org.acme.guide;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guide.GuideTypes.Order;
import org.acme.guide.GuideTypes.Report;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class OrderReports {

    // tag::queue-timeout[]
    @Task(timeoutMs = 2_000, queueTimeoutMs = 200)
    Uni<Report> render(Order order) {
        return Uni.createFrom().item(Report.of(order));
    }
    // end::queue-timeout[]
}
