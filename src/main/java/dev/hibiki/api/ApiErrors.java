package dev.hibiki.api;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.hibiki.hub.ErrorBody;
import dev.hibiki.hub.ErrorCode;
import dev.hibiki.hub.HubException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

/** Every REST failure as a status and a JSON body {@code {error, message}} using the protocol's codes. */
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    @ServerExceptionMapper
    public RestResponse<ErrorBody> hub(HubException e) {
        return body(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> badJson(JsonParseException e) {
        return body(ErrorCode.BAD_JSON, "request body is not valid JSON");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> badMessage(MismatchedInputException e) {
        // Jackson reports a body cut short, or data after the first value, as a mismatch; for the
        // client both are broken JSON (as they are over /ws).
        String why = e.getOriginalMessage();
        if (why != null && (why.contains("end-of-input") || why.startsWith("Trailing token"))) {
            return badJson(null);
        }
        String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
        return body(ErrorCode.BAD_MESSAGE, field == null ? "request body has the wrong shape"
                : "field " + field + " has the wrong type");
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> web(WebApplicationException e) {
        // Quarkus REST wraps body-reading failures in a 400; answer them like the unwrapped ones.
        // A parse error inside a record's field comes wrapped once more, in a JsonMappingException.
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return badJson(parse);
            }
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return badMessage(mismatch);
        }
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 409 -> ErrorCode.CONFLICT;
            case 412 -> ErrorCode.PRECONDITION_FAILED;
            case 413 -> ErrorCode.TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            default -> status >= 500 ? ErrorCode.INTERNAL : ErrorCode.BAD_MESSAGE;
        };
        return RestResponse.ResponseBuilder.<ErrorBody> create(status)
                .entity(new ErrorBody(code.code(), e.getMessage() == null ? "HTTP " + status : e.getMessage()))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    @ServerExceptionMapper
    public RestResponse<ErrorBody> unexpected(RuntimeException e) {
        LOG.error("REST request failed", e);
        return body(ErrorCode.INTERNAL, "internal error");
    }

    static RestResponse<ErrorBody> body(ErrorCode code, String message) {
        return RestResponse.ResponseBuilder.<ErrorBody> create(code.httpStatus())
                .entity(new ErrorBody(code.code(), message))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
