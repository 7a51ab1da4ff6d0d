package io.leadflow.kernel.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import io.leadflow.kernel.store.DatabaseFailures;
import org.glassfish.jersey.server.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place any failure becomes a response: a {@link ProblemException} as it is, a Jersey or
 * Jackson failure as the precise problem it is, anything else as a 500 whose detail names an
 * error id found in the log, never a stack trace.
 */
@Provider
public final class ProblemExceptionMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemExceptionMapper.class);

    @Override
    public Response toResponse(Throwable error) {
        return Problem.response(toProblem(error));
    }

    /** The problem a failure is answered with (also for handlers outside Jersey). */
    public static ProblemException toProblem(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProblemException problem) {
                return problem;
            }
            if (cause instanceof JsonProcessingException json) {
                return fromJson(json);
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        if (error instanceof WebApplicationException web) {
            return fromJersey(web);
        }
        java.util.Optional<java.sql.SQLException> database = DatabaseFailures.transientCause(error);
        if (database.isPresent()) {
            LOG.warn("Answered 503: the database could not take the request: {}", database.get().getMessage());
            return databaseUnavailable(database.get());
        }
        String errorId = UUID.randomUUID().toString();
        LOG.error("Unhandled error {}", errorId, error);
        return new ProblemException(500, "internal-error", "Internal error",
                "the server failed to handle the request; error id " + errorId).with("errorId", errorId);
    }

    /** 503 with {@code Retry-After}: the database is down, restarting, full, or did not answer in time. */
    public static ProblemException databaseUnavailable(java.sql.SQLException cause) {
        return new ProblemException(503, "database-unavailable", "Database unavailable",
                "the database cannot take this request now (" + DatabaseFailures.describe(cause) + "); retry shortly")
                .withHeader("Retry-After", "1");
    }

    private static ProblemException fromJersey(WebApplicationException web) {
        int status = web.getResponse().getStatus();
        if (web instanceof ParamException param) {
            return ProblemException.invalidParameter(param.getParameterName(),
                    "the " + param.getParameterType().getSimpleName().replace("Param", "").toLowerCase()
                            + " parameter '" + param.getParameterName() + "' has an invalid value");
        }
        if (web instanceof NotFoundException) {
            return new ProblemException(404, "not-found", "Not found", "no resource at this path");
        }
        if (web instanceof NotAllowedException) {
            String allow = web.getResponse().getHeaderString(HttpHeaders.ALLOW);
            ProblemException problem = new ProblemException(405, "method-not-allowed", "Method not allowed",
                    "this resource does not accept the request method" + (allow == null ? "" : "; allowed: " + allow));
            return allow == null ? problem : problem.withHeader(HttpHeaders.ALLOW, allow);
        }
        if (web instanceof NotSupportedException) {
            return new ProblemException(415, "unsupported-media-type", "Unsupported media type",
                    "this resource does not accept the request's Content-Type");
        }
        if (web instanceof NotAcceptableException) {
            return new ProblemException(406, "not-acceptable", "Not acceptable",
                    "this resource cannot answer in a media type the Accept header allows");
        }
        if (web instanceof NotAuthorizedException) {
            return ProblemException.unauthorized("a valid bearer token is required");
        }
        if (status == 403) {
            return ProblemException.forbidden("your role does not allow this action");
        }
        if (status >= 500) {
            String errorId = UUID.randomUUID().toString();
            LOG.error("Server error {}", errorId, web);
            return new ProblemException(status, "internal-error", "Internal error",
                    "the server failed to handle the request; error id " + errorId);
        }
        Response.StatusType info = web.getResponse().getStatusInfo();
        return new ProblemException(status, slug(info.getReasonPhrase()), info.getReasonPhrase(),
                info.getReasonPhrase());
    }

    private static ProblemException fromJson(JsonProcessingException json) {
        if (json instanceof UnrecognizedPropertyException unknown) {
            return new ProblemException(400, "invalid-body", "Invalid request body",
                    "unknown member '" + unknown.getPropertyName() + "'").with("pointer", pointer(unknown));
        }
        if (json instanceof InvalidFormatException || json instanceof MismatchedInputException) {
            JsonMappingException mapping = (JsonMappingException) json;
            String pointer = pointer(mapping);
            String expected = mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? describe(mismatch.getTargetType()) : "another type";
            String detail = pointer.isEmpty()
                    ? "the body does not have the expected shape (" + expected + ")"
                    : "the value at '" + pointer + "' must be " + expected;
            return new ProblemException(400, "invalid-body", "Invalid request body", detail).with("pointer", pointer);
        }
        if (json instanceof JsonMappingException mapping) {
            String pointer = pointer(mapping);
            String detail = mapping.getCause() instanceof IllegalArgumentException invalid
                    ? invalid.getMessage()
                    : "the body does not match the expected structure";
            return new ProblemException(400, "invalid-body", "Invalid request body",
                    pointer.isEmpty() ? detail : detail + " (at '" + pointer + "')").with("pointer", pointer);
        }
        String detail = json.getOriginalMessage();
        if (json.getLocation() != null) {
            detail += " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        }
        return new ProblemException(400, "malformed-json", "Malformed JSON", detail);
    }

    /** A JSON Pointer (RFC 6901) to the member the failure is about. */
    private static String pointer(JsonMappingException error) {
        List<JsonMappingException.Reference> path = error.getPath();
        return path.stream()
                .map(ref -> ref.getFieldName() != null
                        ? ref.getFieldName().replace("~", "~0").replace("/", "~1")
                        : Integer.toString(ref.getIndex()))
                .collect(Collectors.joining("/", path.isEmpty() ? "" : "/", ""));
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return type.isEnum() ? "one of " + List.of(type.getEnumConstants()).toString().toLowerCase() : "a string";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String slug(String reason) {
        return reason.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
