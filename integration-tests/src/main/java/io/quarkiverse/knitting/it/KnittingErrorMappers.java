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

    /** Every knitting failure says its code; the status depends on its kind (e.g. a blocked {@code System.exit}: 500). */
    @ServerExceptionMapper
    public RestResponse<ErrorBody> knittingFailure(KnittingException e) {
        return answer(statusOf(e), new ErrorBody(e.code(), e.getMessage()));
    }

    private static Status statusOf(KnittingException e) {
        if (e instanceof TaskTimeoutException || e instanceof HardTimeoutException) {
            return Status.GATEWAY_TIMEOUT;
        }
        if (e instanceof PoolClosedException || e instanceof AbortCapacityExceededException) {
            return Status.SERVICE_UNAVAILABLE;
        }
        if (e instanceof PayloadTooLargeException) {
            return Status.REQUEST_ENTITY_TOO_LARGE;
        }
        return Status.INTERNAL_SERVER_ERROR;
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

    private static RestResponse<ErrorBody> answer(Status status, ErrorBody body) {
        return RestResponse.ResponseBuilder.create(status, body).type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
