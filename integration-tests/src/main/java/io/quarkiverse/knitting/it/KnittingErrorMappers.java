package io.quarkiverse.knitting.it;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps this application's own failures to HTTP answers with a JSON {@link ErrorBody}: the caller-side timeouts of
 * Mutiny and Fault Tolerance, and the task bodies' own failures. Knitting's exceptions need no mapper here: the
 * extension maps them (same JSON shape, their stable {@code code()}, 503 with {@code Retry-After} for overload).
 */
public class KnittingErrorMappers {

    /** Code of a Mutiny {@code ifNoItem().after(...).fail()} timeout. */
    static final String CALLER_TIMEOUT = "CALLER_TIMEOUT";
    /** Code of a Fault Tolerance {@code @Timeout}. */
    static final String FT_TIMEOUT = "FT_TIMEOUT";
    /** Code of a task body's own failure. */
    static final String TASK_FAILED = "TASK_FAILED";

    /**
     * A task body's own exception reaches the caller unchanged (same class, same message); this application's bodies
     * signal their failures with {@code IllegalStateException}.
     */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> taskFailure(IllegalStateException e) {
        return answer(Status.INTERNAL_SERVER_ERROR, new ErrorBody(TASK_FAILED, e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> callerTimeout(io.smallrye.mutiny.TimeoutException e) {
        return answer(Status.GATEWAY_TIMEOUT, new ErrorBody(CALLER_TIMEOUT, "The caller stopped waiting"));
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> faultToleranceTimeout(
            org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException e) {
        return answer(Status.GATEWAY_TIMEOUT, new ErrorBody(FT_TIMEOUT, e.getMessage()));
    }

    private static RestResponse<ErrorBody> answer(Status status, ErrorBody body) {
        return RestResponse.ResponseBuilder.create(status, body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
