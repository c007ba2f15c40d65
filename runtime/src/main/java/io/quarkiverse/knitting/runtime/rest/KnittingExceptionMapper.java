package io.quarkiverse.knitting.runtime.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

import io.quarkiverse.knitting.AbortCapacityExceededException;
import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.KnittingException;
import io.quarkiverse.knitting.PayloadTooLargeException;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.TaskRejectedException;
import io.quarkiverse.knitting.TaskTimeoutException;

/**
 * Knitting's failures as HTTP answers, registered by the build when the application has Quarkus REST (and
 * {@code quarkus.knitting.rest-exception-mappers} is not false). Overload answers fast with 503 and {@code Retry-After}, so
 * that clients and load balancers back off instead of piling on; timeouts are 504; the body is a small JSON object
 * with the stable code. It has a lower priority than application mappers of the same type.
 */
public class KnittingExceptionMapper implements ExceptionMapper<KnittingException> {

    /** Seconds a client should wait before it retries a refused call. */
    static final String RETRY_AFTER_SECONDS = "1";

    @Override
    public Response toResponse(KnittingException failure) {
        int status = statusOf(failure);
        Response.ResponseBuilder answer = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json(failure));
        if (status == 503) {
            answer.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return answer.build();
    }

    static int statusOf(KnittingException failure) {
        if (failure instanceof TaskRejectedException || failure instanceof PoolClosedException
                || failure instanceof AbortCapacityExceededException) {
            return 503;
        }
        if (failure instanceof TaskTimeoutException || failure instanceof HardTimeoutException) {
            return 504;
        }
        if (failure instanceof PayloadTooLargeException) {
            return 413;
        }
        return 500;
    }

    /** {@code {"code":"...","message":"..."}}, written by hand: the application may have no JSON library. */
    static String json(KnittingException failure) {
        return "{\"code\":" + quoted(failure.code()) + ",\"message\":" + quoted(failure.getMessage()) + "}";
    }

    private static String quoted(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
