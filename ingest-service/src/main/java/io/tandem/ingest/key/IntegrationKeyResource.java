package io.tandem.ingest.key;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tandem.service.Roles;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /api/v1/integration-keys}: admins issue keys bound to a source, list them, and revoke them. */
@Path("/api/v1/integration-keys")
@RolesAllowed(Roles.ADMIN)
public class IntegrationKeyResource {

    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** Request body of {@code POST}. */
    public record NewKey(String source, String description) {
    }

    /** Answer to {@code POST}: the only time the secret key is shown. */
    public record IssuedKey(String id, String source, String key, IntegrationKey.View record) {
    }


    private final IntegrationKeyStore store;
    private final SecurityIdentity identity;

    public IntegrationKeyResource(IntegrationKeyStore store, SecurityIdentity identity) {
        this.store = store;
        this.identity = identity;
    }

    @POST
    public Uni<Response> issue(NewKey request, UriInfo uri) {
        if (request == null || request.source() == null || !SOURCE.matcher(request.source()).matches()) {
            throw ProblemException.badRequest("source", "required: 1-100 letters, digits, '.', '_' or '-'");
        }
        return store.issue(request.source(), request.description(), identity.getPrincipal().getName())
                .map(issued -> Response.created(uri.getAbsolutePathBuilder().path(issued.record().id()).build())
                        .entity(new IssuedKey(issued.record().id(), issued.record().source(), issued.key(), issued.record().view()))
                        .build());
    }

    @GET
    public Page<IntegrationKey.View> list() {
        return new Page<>(store.all().stream().map(IntegrationKey::view)
                .sorted(Comparator.comparing(IntegrationKey.View::createdAt)).toList(), null);
    }

    @DELETE
    @Path("/{id}")
    public Uni<IntegrationKey.View> revoke(@PathParam("id") String id) {
        return store.revoke(id, identity.getPrincipal().getName()).map(key -> {
            if (key == null) {
                throw ProblemException.notFound("integration key " + id);
            }
            return key.view();
        });
    }
}
