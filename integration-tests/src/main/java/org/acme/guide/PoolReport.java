// tag::inject-pool[]
package org.acme.guide;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PoolStats;
import io.smallrye.common.annotation.Identifier;

@ApplicationScoped
public class PoolReport {

    @Inject
    KnittingPool defaultPool; // <1>

    @Inject
    @Identifier("reports")
    KnittingPool reports; // <2>

    public String describe() {
        PoolStats stats = reports.stats();
        return reports.name() + ": " + stats.inFlight() + " in flight, " + stats.failed() + " failed, generation "
                + stats.generation();
    }
}
// end::inject-pool[]
