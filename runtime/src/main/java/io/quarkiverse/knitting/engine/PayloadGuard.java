package io.quarkiverse.knitting.engine;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;

import io.quarkiverse.knitting.PayloadTooLargeException;

/**
 * Measures the binary and text values of an argument or a result against {@code payload.max-payload-bytes}.
 * <p>
 * Lanes share the heap, so nothing is copied: the guard only reads lengths ({@code byte[]} and other primitive
 * arrays, {@code ByteBuffer} remaining bytes, {@code CharSequence} length) and walks containers (arrays,
 * collections, maps, records) to a bounded depth. Its cost follows the number of elements it visits, never the
 * number of bytes, and it stops as soon as the limit is passed.
 */
final class PayloadGuard {

    /** Containers nested deeper than this are not looked into. */
    static final int MAX_DEPTH = 8;

    private static final Method[] NO_ACCESSORS = new Method[0];

    private static final ClassValue<Method[]> RECORD_ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            try {
                RecordComponent[] components = type.getRecordComponents();
                Method[] accessors = new Method[components.length];
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = components[i].getAccessor();
                    accessors[i].setAccessible(true);
                }
                return accessors;
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error unreadable) {
                // a native image without reflection metadata for this record (an Error there), or a record of a
                // module that is not open: its components stay unmeasured, like the fields of any other object
                return NO_ACCESSORS;
            }
        }
    };

    private final long limit;
    private final String poolName;

    PayloadGuard(long limit, String poolName) {
        this.limit = limit;
        this.poolName = poolName;
    }

    long limit() {
        return limit;
    }

    /** The measured size, or a value above the limit as soon as the walk passes it. */
    long sizeOf(Object value) {
        if (isUnmeasured(value)) {
            return 0; // before the interface check below, which costs a scan of the class's interfaces on Java 17
        }
        if (value instanceof PayloadCarrier carrier) {
            value = carrier.payload();
            if (isUnmeasured(value)) {
                return 0;
            }
        }
        return measure(value, 0, 0);
    }

    private static boolean isUnmeasured(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean || value instanceof Enum;
    }

    PayloadTooLargeException tooLarge(String what, long size) {
        return new PayloadTooLargeException("Payload of " + what + " measures at least " + size
                + " bytes, over payload.max-payload-bytes=" + limit + " of pool '" + poolName + "'");
    }

    private long measure(Object value, int depth, long soFar) {
        long size = soFar + flatSize(value);
        if (size > limit || depth >= MAX_DEPTH) {
            return size;
        }
        if (value instanceof Object[] array) {
            for (Object element : array) {
                size = measureElement(element, depth, size);
                if (size > limit) {
                    return size;
                }
            }
        } else if (value instanceof Collection<?> collection) {
            for (Object element : collection) {
                size = measureElement(element, depth, size);
                if (size > limit) {
                    return size;
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size = measureElement(entry.getKey(), depth, size);
                size = measureElement(entry.getValue(), depth, size);
                if (size > limit) {
                    return size;
                }
            }
        } else if (value instanceof Record) {
            for (Method accessor : RECORD_ACCESSORS.get(value.getClass())) {
                size = measureElement(readComponent(accessor, value), depth, size);
                if (size > limit) {
                    return size;
                }
            }
        }
        return size;
    }

    private long measureElement(Object element, int depth, long soFar) {
        if (isUnmeasured(element)) {
            return soFar;
        }
        return measure(element, depth + 1, soFar);
    }

    private static long flatSize(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof CharSequence text) {
            return text.length();
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        if (value instanceof Buffer buffer) {
            return (long) buffer.remaining() * elementBytes(buffer);
        }
        Class<?> type = value.getClass();
        if (type.isArray() && type.getComponentType().isPrimitive()) {
            return (long) java.lang.reflect.Array.getLength(value) * primitiveBytes(type.getComponentType());
        }
        return 0;
    }

    private static int elementBytes(Buffer buffer) {
        if (buffer instanceof java.nio.CharBuffer || buffer instanceof java.nio.ShortBuffer) {
            return 2;
        }
        if (buffer instanceof java.nio.IntBuffer || buffer instanceof java.nio.FloatBuffer) {
            return 4;
        }
        return 8;
    }

    private static int primitiveBytes(Class<?> primitive) {
        if (primitive == boolean.class) {
            return 1;
        }
        if (primitive == char.class || primitive == short.class) {
            return 2;
        }
        if (primitive == int.class || primitive == float.class) {
            return 4;
        }
        return 8; // long, double
    }

    private static Object readComponent(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }
}
