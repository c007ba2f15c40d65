package org.acme.guide;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The small domain types the guide's examples talk about. They exist so that every Java snippet of the guide is
 * compiled (the snippets are included from this package by tag); none of them is part of the demo app's endpoints.
 */
public final class GuideTypes {

    private GuideTypes() {
    }

    public record Template(String text) {
        public Report fill(Data data) {
            return new Report(text.replace("{}", data.value()));
        }
    }

    public record Data(String value) {
    }

    public record Report(String text) {
        public static Report of(Order order) {
            return new Report("order " + order.id());
        }
    }

    public record Order(long id, long cents) {
    }

    public record Invoice(long order, long cents) {
        public byte[] toPdf() {
            return ("invoice " + order + ": " + cents).getBytes(StandardCharsets.UTF_8);
        }
    }

    public static final class Invoicing {
        private Invoicing() {
        }

        public static Invoice invoice(Order order) {
            return new Invoice(order.id(), order.cents());
        }
    }

    public record Image(int width, int height) {
    }

    public record Thumbnail(int width, int height) {
        public static Thumbnail of(Image image) {
            return new Thumbnail(Math.max(1, image.width() / 8), Math.max(1, image.height() / 8));
        }
    }

    public record Item(int points) {
    }

    public record Batch(List<Item> items) {
    }

    public static final class Score {
        private long total;

        public void add(Item item) {
            total += item.points();
        }

        public long total() {
            return total;
        }
    }

    public record Quote(String product, int quantity) {
    }

    public record Price(long cents) {
        public static Price estimate(Quote quote) {
            return new Price(100L * quote.quantity());
        }
    }
}
