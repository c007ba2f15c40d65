package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.TaskRef;

/** debug.* options and start-up reports, read from the engine's log. */
class DiagnosticsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Logger logger = Logger.getLogger(Pool.class.getName());
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            Object[] parameters = record.getParameters();
            messages.add(parameters == null ? message
                    : java.text.MessageFormat.format(message, parameters));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private KnittingPool pool;

    @BeforeEach
    void capture() {
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        if (pool != null) {
            pool.close();
        }
        logger.removeHandler(capture);
    }

    @Test
    void debugExtrasNotesACallThatRunsInPlaceOnALaneOfTheSamePool() {
        pool = KnittingPool.builder().name("nested").threads(2).debugExtras(true).build();
        TaskRef<Integer, Integer> inner = pool.register("inner", n -> n + 1);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> inner.call(n).await().atMost(WAIT));

        assertThat(outer.call(1).await().atMost(WAIT)).isEqualTo(2);
        assertThat(messages).anyMatch(m -> m.contains("task 'inner'") && m.contains("runs in place"));
    }

    @Test
    void withoutDebugExtrasNothingIsSaid() {
        pool = KnittingPool.builder().name("quiet").threads(2).build();
        TaskRef<Integer, Integer> inner = pool.register("inner", n -> n + 1);
        TaskRef<Integer, Integer> outer = pool.register("outer", n -> inner.call(n).await().atMost(WAIT));

        outer.call(1).await().atMost(WAIT);
        assertThat(messages).isEmpty();
    }

    @Test
    void debugLogMainLogsLaneSignals() {
        pool = KnittingPool.builder().name("signals").debugLogMain(true).build();
        pool.close();

        assertThat(messages).anyMatch(m -> m.contains("lane 0 started on knitting-signals-0"));
        assertThat(messages).anyMatch(m -> m.contains("shutting down now"));
        assertThat(messages).anyMatch(m -> m.contains("lane 0 stopped"));
    }

    @Test
    void debugLogHrefAndImportedUrlLogTaskDiscovery() {
        pool = KnittingPool.builder().name("discovery").debugLogHref(true).build();
        pool.register("found", n -> n);
        KnittingPool other = KnittingPool.builder().name("discovery2").debugLogImportedUrl(true).build();
        other.register("found2", n -> n);
        other.close();

        assertThat(messages).anyMatch(m -> m.contains("registered task 'found' (id 0)"));
        assertThat(messages).anyMatch(m -> m.contains("registered task 'found2' (id 0)"));
    }

    @Test
    void heapLimitsAreReportedAsNotEnforced() {
        pool = KnittingPool.builder().name("limits").maxOldGenerationSizeMb(512).build();

        assertThat(messages).anyMatch(m -> m.contains("'limits'") && m.contains("not enforced"));
    }

    @Test
    void stackSizeMbSetsTheWorkerStack() {
        // a recursion that a 1 MiB default stack cannot hold, but 256 MiB can
        pool = KnittingPool.builder().name("stack").stackSizeMb(256).build();
        TaskRef<Integer, Integer> recurse = pool.register("recurse", DiagnosticsTest::depth);

        assertThat(recurse.call(200_000).await().atMost(WAIT)).isEqualTo(200_000);
    }

    private static int depth(int n) {
        return n == 0 ? 0 : 1 + depth(n - 1);
    }
}
