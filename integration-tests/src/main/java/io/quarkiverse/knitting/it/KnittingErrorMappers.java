package io.quarkiverse.knitting.it;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response.Status;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.quarkiverse.knitting.AbortCapacityExceededException;
import io.quarkiverse.knitting.HardTimeoutException;
import io.quarkiverse.knitting.KnittingException;
import io.quarkiverse.knitting.PayloadTooLargeException;
import io.quarkiverse.knitting.PoolClosedException;
import io.quarkiverse.knitting.TaskTimeoutException;

/**
 * Maps failures to HTTP answers with a JSON {@link ErrorBody}. Knitting's exceptions carry their stable
 * {@code code()}; the caller-side timeouts of Mutiny and Fault Tolerance, and the task bodies' own failures, get
 * codes of this application's own.
 */
public class KnittingErrorMappers {

    /** Code of a Mutiny {@code ifNoItem().after(...).fail()} timeout. */
    static final String CALLER_TIMEOUT = "CALLER_TIMEOUT";
    /** Code of a Fault Tolerance {@code @Timeout}. */
    static final String FT_TIMEOUT = "FT_TIMEOUT";
    /** Code of a task body's own failure. */
    static final String TASK_FAILED = "TASK_FAILED";

    @ServerExceptionMapper
    public RestResponse<ErrorBody> softTimeout(TaskTimeoutException e) {
        return answer(Status.GATEWAY_TIMEOUT, e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> hardTimeout(HardTimeoutException e) {
        return answer(Status.GATEWAY_TIMEOUT, e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> poolClosed(PoolClosedException e) {
        return answer(Status.SERVICE_UNAVAILABLE, e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> abortCapacity(AbortCapacityExceededException e) {
        return answer(Status.SERVICE_UNAVAILABLE, e);
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> payloadTooLarge(PayloadTooLargeException e) {
        return answer(Status.REQUEST_ENTITY_TOO_LARGE, e);
    }

    /** Any other knitting failure (e.g. a blocked {@code System.exit}) is a server error that still says its code. */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> otherKnittingFailure(KnittingException e) {
        return answer(Status.INTERNAL_SERVER_ERROR, e);
    }

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

    private static RestResponse<ErrorBody> answer(Status status, KnittingException e) {
        return answer(status, new ErrorBody(e.code(), e.getMessage()));
    }

    private static RestResponse<ErrorBody> answer(Status status, ErrorBody body) {
        return RestResponse.ResponseBuilder.create(status, body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
