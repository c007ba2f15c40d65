package org.acme.guide;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.acme.guide.GuideTypes.Price;
import org.acme.guide.GuideTypes.Quote;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

import io.quarkiverse.knitting.Task;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class Pricing {

    // tag::fault-tolerance[]
    @Retry(maxRetries = 2)
    @Timeout(value = 1, unit = ChronoUnit.SECONDS)
    @Fallback(fallbackMethod = "roughEstimate")
    @CircuitBreaker(requestVolumeThreshold = 10)
    @Task(pool = "pricing", abortable = true)
    public Uni<Price> price(Quote quote) {
        return Uni.createFrom().item(new Price(quote.quantity() * 250L));
    }

    Uni<Price> roughEstimate(Quote quote) {
        return Uni.createFrom().item(Price.estimate(quote));
    }
    // end::fault-tolerance[]
}
