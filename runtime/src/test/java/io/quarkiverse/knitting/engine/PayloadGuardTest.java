package io.quarkiverse.knitting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.quarkiverse.knitting.KnittingPool;
import io.quarkiverse.knitting.PayloadTooLargeException;
import io.quarkiverse.knitting.TaskRef;

class PayloadGuardTest extends PoolTestBase {

    private final PayloadGuard guard = new PayloadGuard(1_000, "test");

    record Upload(String name, byte[] content, int count) {
    }

    @Test
    void measuresBinaryAndTextValues() {
        assertThat(guard.sizeOf(new byte[100])).isEqualTo(100);
        assertThat(guard.sizeOf("hello")).isEqualTo(5);
        assertThat(guard.sizeOf(new StringBuilder("abc"))).isEqualTo(3);
        assertThat(guard.sizeOf(ByteBuffer.allocate(64).position(16))).isEqualTo(48);
        assertThat(guard.sizeOf(new int[10])).isEqualTo(40);
        assertThat(guard.sizeOf(new double[3])).isEqualTo(24);
        assertThat(guard.sizeOf(new char[3])).isEqualTo(6);
        assertThat(guard.sizeOf(42)).isZero();
        assertThat(guard.sizeOf(null)).isZero();
    }

    @Test
    void walksIntoArraysCollectionsMapsAndRecords() {
        assertThat(guard.sizeOf(new Object[] { new byte[10], "abc" })).isEqualTo(13);
        assertThat(guard.sizeOf(List.of("ab", "cd"))).isEqualTo(4);
        assertThat(guard.sizeOf(Map.of("key", new byte[7]))).isEqualTo(10);
        assertThat(guard.sizeOf(new Upload("file", new byte[20], 3))).isEqualTo(24);
        assertThat(guard.sizeOf(List.of(new Upload("a", new byte[1], 0), Map.of("b", List.of("cc")))))
                .isEqualTo(5);
    }

    @Test
    void stopsLookingBelowTheDepthLimit() {
        Object nested = "x".repeat(10);
        for (int i = 0; i < PayloadGuard.MAX_DEPTH + 2; i++) {
            nested = List.of(nested);
        }
        assertThat(guard.sizeOf(nested)).isZero();
    }

    @Test
    void readsLengthsAndNeverTheBytes() {
        CharSequence huge = new CharSequence() {
            @Override
            public int length() {
                return Integer.MAX_VALUE;
            }

            @Override
            public char charAt(int index) {
                throw new AssertionError("the guard must not read characters");
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                throw new AssertionError("the guard must not read characters");
            }
        };

        assertThat(guard.sizeOf(huge)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void anOversizedArgumentFailsBeforeItIsQueued() {
        pool = KnittingPool.builder().payloadMaxByteLength(8_192).payloadInitialBytes(1_024).build();
        AtomicInteger runs = new AtomicInteger();
        TaskRef<byte[], Integer> size = pool.register("size", bytes -> {
            runs.incrementAndGet();
            return bytes.length;
        });

        assertThat(size.call(new byte[1_024]).await().atMost(WAIT)).isEqualTo(1_024);
        assertThatThrownBy(() -> size.call(new byte[1_025]).await().atMost(WAIT))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("'size'")
                .hasMessageContaining("payload.max-payload-bytes=1024")
                .satisfies(e -> assertThat(((PayloadTooLargeException) e).code()).isEqualTo("KNT_ERROR_3"));
        assertThat(runs).hasValue(1);
        assertThat(pool.stats().rejected()).isEqualTo(1);
        assertThat(pool.stats().submitted()).as("every call that reached the pool, the refused one included")
                .isEqualTo(2);
    }

    @Test
    void anOversizedResultFailsTheCall() {
        pool = KnittingPool.builder().maxPayloadBytes(100).build();
        TaskRef<Integer, String> repeat = pool.register("repeat", n -> "x".repeat(n));

        assertThat(repeat.call(100).await().atMost(WAIT)).hasSize(100);
        assertThatThrownBy(() -> repeat.call(101).await().atMost(WAIT))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessageContaining("result of task 'repeat'");
        assertThat(pool.stats().failed()).isEqualTo(1);
    }
}
