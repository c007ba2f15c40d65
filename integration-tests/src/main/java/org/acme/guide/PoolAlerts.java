package org.acme.guide;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkiverse.knitting.HardTimeoutEvent;
import io.quarkus.logging.Log;

// tag::events[]
@ApplicationScoped
class PoolAlerts {
    void onHardTimeout(@Observes HardTimeoutEvent event) {
        Log.errorf("%s ran away on pool %s; thread %s left behind", event.task(), event.pool(),
                event.abandonedThread());
    }
}
// end::events[]
