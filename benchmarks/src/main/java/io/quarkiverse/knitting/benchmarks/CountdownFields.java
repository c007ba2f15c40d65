package io.quarkiverse.knitting.benchmarks;

/**
 * The count of a {@link Countdown}, at least 128 bytes (two cache lines, against the adjacent-line prefetcher) away
 * from the object's header and from whatever is allocated after it: superclass fields come first in the object.
 */
abstract class CountdownLeadingPadding {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

abstract class CountdownCount extends CountdownLeadingPadding {
    /** Calls of the current batch not completed yet. */
    volatile int remaining;
}

abstract class CountdownTrailingPadding extends CountdownCount {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}
