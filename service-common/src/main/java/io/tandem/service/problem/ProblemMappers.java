package io.tandem.service.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import io.tandem.model.json.EventFormatException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.stream.Collectors;

/** Turns every error a service answers with into {@code application/problem+json}, naming fields where known. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.toProblem(uri.getPath()));
    }

    @ServerExceptionMapper
    public Response eventFormat(EventFormatException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.field() == null ? List.of() : List.of(new Problem.FieldError(e.field(), e.getMessage()));
        return respond(new Problem("about:blank", "Bad Request", 400, e.getMessage(), uri.getPath(), errors));
    }

    /** Malformed JSON or a value of the wrong type in a request body. */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        String field = e instanceof JsonMappingException jme && !jme.getPath().isEmpty()
                ? jme.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[")
                : null;
        String message = e.getOriginalMessage();
        List<Problem.FieldError> errors = field == null ? List.of() : List.of(new Problem.FieldError(field, message));
        return respond(new Problem("about:blank", "Bad Request", 400,
                (field == null ? "malformed JSON: " : field + ": ") + message, uri.getPath(), errors));
    }

    /** 404, 405, 413, 415 and friends raised by the framework, in the same shape. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() == 401 || status.getStatusCode() == 403) {
            return e.getResponse();
        }
        return respond(new Problem("about:blank", status.getReasonPhrase(), status.getStatusCode(), e.getMessage(),
                uri.getPath(), List.of()));
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected error on %s", uri.getPath());
        return respond(new Problem("about:blank", "Internal Server Error", 500,
                "unexpected error; see the service log", uri.getPath(), List.of()));
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
