package io.tandem.ingest.http;

import io.tandem.ingest.format.ParseException;
import io.tandem.service.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** A payload that does not fit its format is a 400 naming the field (JSON Pointer) or line that is wrong. */
public class ParseProblemMapper {

    @ServerExceptionMapper
    public Response parseError(ParseException e, UriInfo uri) {
        String where = e.field() != null ? e.field() : e.line() != null ? "line " + e.line() : null;
        List<Problem.FieldError> errors = where == null ? List.of() : List.of(new Problem.FieldError(where, e.getMessage()));
        Problem problem = new Problem("about:blank", "Bad Request", 400, e.getMessage(), uri.getPath(), errors);
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
