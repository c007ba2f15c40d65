package org.acme.guide;

import java.util.List;

import org.acme.guide.GuideTypes.Invoice;
import org.acme.guide.GuideTypes.Invoicing;
import org.acme.guide.GuideTypes.Order;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;
import io.smallrye.mutiny.Uni;

/** The guide's {@code callAll} example, run by {@code GuideSnippetsTest}. */
public final class InvoiceBatch {

    private InvoiceBatch() {
    }

    public static Uni<List<Invoice>> invoiceAll(KnittingPool pool, List<Order> orders) {
        // tag::call-all[]
        TaskRef<Order, Invoice> invoice = pool.register("invoice", Invoicing::invoice);
        Uni<List<Invoice>> invoices = invoice.callAll(orders); // results in the order of the orders
        // end::call-all[]
        return invoices;
    }
}
