package io.quarkiverse.knitting.benchmarks.report;

import java.awt.BasicStroke;
import java.awt.Color;

import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYSeries;

/**
 * The charts' colours: knitting's series in strong oranges, every peer in muted blue-greys, so that a reader finds
 * knitting at a glance and the peers still tell apart in the legend.
 */
final class Palette {

    private static final Color[] KNITTING = { new Color(0xE0, 0x5A, 0x00), new Color(0xF2, 0x9E, 0x4C),
            new Color(0x9C, 0x3D, 0x00), new Color(0xF7, 0xC5, 0x8F) };
    private static final Color[] PEERS = { new Color(0x4A, 0x6F, 0x8A), new Color(0x9F, 0xB6, 0xC8),
            new Color(0x2F, 0x3E, 0x4C), new Color(0x7A, 0x8C, 0x99), new Color(0xC9, 0xD3, 0xDB),
            new Color(0x5E, 0x86, 0x7D), new Color(0xA8, 0xA2, 0x9A), new Color(0x36, 0x55, 0x6E) };
    private static final BasicStroke KNITTING_LINE = new BasicStroke(3.5f);
    private static final BasicStroke PEER_LINE = new BasicStroke(1.5f);

    private int knittingSeries;
    private int peerSeries;

    /** Whether a series label names one of knitting's own configurations. */
    static boolean isKnitting(String label) {
        return label.startsWith("knitting") || label.startsWith("task (knitting");
    }

    /** Colours a bar series: the next knitting colour or the next peer colour, in the order series are added. */
    CategorySeries style(CategorySeries series, String label) {
        series.setFillColor(next(label));
        return series;
    }

    /** Colours a line series the same way and draws knitting's lines thicker. */
    XYSeries style(XYSeries series, String label) {
        Color color = next(label);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineStyle(isKnitting(label) ? KNITTING_LINE : PEER_LINE);
        return series;
    }

    private Color next(String label) {
        return isKnitting(label) ? KNITTING[knittingSeries++ % KNITTING.length] : PEERS[peerSeries++ % PEERS.length];
    }
}
