package io.tandem.inventory.asset;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.inventory.importer.AssetImportService;
import io.tandem.inventory.importer.ImportResult;
import io.tandem.inventory.report.Coverage;
import io.tandem.inventory.report.Reconciliation;
import io.tandem.inventory.report.ReportService;
import io.tandem.model.Wire;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetType;
import io.tandem.model.asset.Identifiers;
import io.tandem.model.asset.Lifecycle;
import io.tandem.service.Roles;
import io.tandem.service.paging.Cursors;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/assets}: CRUD with filters and cursor paging, relations and impact, decommissioning, bulk import
 * and the coverage and reconciliation reports. Anyone with a person's role reads; admins write; change managers
 * may also decommission. Source tokens ({@code ingest}) get nothing here.
 */
@Path("/api/v1/assets")
@Produces(MediaType.APPLICATION_JSON)
public class AssetResource {

    private final AssetService assets;
    private final AssetImportService importer;
    private final ReportService reports;

    public AssetResource(AssetService assets, AssetImportService importer, ReportService reports) {
        this.assets = assets;
        this.importer = importer;
        this.reports = reports;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(JsonNode body, @Context UriInfo uri) {
        return assets.create(parse(body)).map(asset -> Response
                .created(uri.getAbsolutePathBuilder().path(asset.id().toString()).build()).entity(asset).build());
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Asset> get(@PathParam("id") String id) {
        UUID assetId = id(id);
        return assets.get(assetId).map(asset -> found(asset, assetId));
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Asset> replace(@PathParam("id") String id, JsonNode body) {
        UUID assetId = id(id);
        return assets.replace(assetId, parse(body)).map(asset -> found(asset, assetId));
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> delete(@PathParam("id") String id) {
        UUID assetId = id(id);
        return assets.delete(assetId).map(deleted -> {
            if (!deleted) {
                throw ProblemException.notFound("asset " + assetId);
            }
            return Response.noContent().build();
        });
    }

    /**
     * Lists assets in id order. {@code unmanaged=true}, {@code zombie=true} and {@code stale=true} are the inventory
     * reports; {@code identifier} matches any identifier format-insensitively; {@code q} searches names and
     * identifiers.
     */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<Asset>> list(@QueryParam("type") String type, @QueryParam("environment") String environment,
                                 @QueryParam("ownerTeam") String ownerTeam, @QueryParam("lifecycle") String lifecycle,
                                 @QueryParam("managed") String managed, @QueryParam("unmanaged") String unmanaged,
                                 @QueryParam("zombie") String zombie, @QueryParam("stale") String stale,
                                 @QueryParam("q") String q, @QueryParam("identifier") String identifier,
                                 @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        List<FieldError> errors = new ArrayList<>();
        AssetType assetType = enumParam("type", type, AssetType.class, errors);
        Lifecycle assetLifecycle = enumParam("lifecycle", lifecycle, Lifecycle.class, errors);
        Boolean isManaged = boolParam("managed", managed, errors);
        Boolean isUnmanaged = boolParam("unmanaged", unmanaged, errors);
        Boolean isZombie = boolParam("zombie", zombie, errors);
        Boolean isStale = boolParam("stale", stale, errors);
        if (isManaged != null && isUnmanaged != null && isManaged == isUnmanaged) {
            errors.add(new FieldError("unmanaged", "contradicts managed=" + managed));
        }
        UUID after = null;
        String afterKey = Cursors.decode(cursor);
        if (afterKey != null) {
            try {
                after = UUID.fromString(afterKey);
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("cursor", "not a cursor returned by this API"));
            }
        }
        int pageSize = Cursors.limit(limit);
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid query parameters", errors);
        }
        Boolean managedFilter = isManaged != null ? isManaged : isUnmanaged == null ? null : !isUnmanaged;
        List<String> keys = identifier == null || identifier.isBlank() ? null : Identifiers.lookupKeys(identifier);
        return assets.list(new AssetQuery(assetType, blankToNull(environment), blankToNull(ownerTeam), assetLifecycle,
                managedFilter, Boolean.TRUE.equals(isZombie), Boolean.TRUE.equals(isStale), blankToNull(q), keys, after,
                pageSize));
    }

    /** The blast radius: everything that depends on the asset, transitively, with owners. */
    @GET
    @Path("{id}/impact")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Impact> impact(@PathParam("id") String id) {
        UUID assetId = id(id);
        return assets.impact(assetId).map(impact -> found(impact, assetId));
    }

    /** Retires the asset; a change manager may do it as the last step of a decommissioning change. */
    @POST
    @Path("{id}/decommission")
    @RolesAllowed({Roles.ADMIN, Roles.CHANGE_MANAGER})
    public Uni<Asset> decommission(@PathParam("id") String id, @QueryParam("reason") String reason,
                                   @Context SecurityContext security) {
        UUID assetId = id(id);
        return assets.decommission(assetId, security.getUserPrincipal().getName(), reason)
                .map(asset -> found(asset, assetId));
    }

    /**
     * Imports a JSON array or CSV of assets from one source, all or nothing: every row is validated first and one
     * bad row rejects the whole call with each row's errors, so a fixed file can simply be sent again.
     */
    @POST
    @Path("import")
    @Consumes({MediaType.APPLICATION_JSON, "text/csv"})
    @RolesAllowed(Roles.ADMIN)
    public Uni<ImportResult> importAssets(@QueryParam("source") String source, @Context HttpHeaders headers,
                                          byte[] body) {
        return importer.importAssets(source, headers.getMediaType(), body);
    }

    /** Managed share of the active inventory, overall, by environment and by owner team. */
    @GET
    @Path("coverage")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Coverage> coverage() {
        return reports.coverage();
    }

    /** Assets one source knows and the other does not, and the fields on which both disagree. */
    @GET
    @Path("reconciliation")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Reconciliation> reconciliation(@QueryParam("sources") String sources, @QueryParam("limit") Integer limit) {
        List<String> names = sources == null ? List.of()
                : List.of(sources.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).distinct().toList();
        if (names.size() != 2) {
            throw ProblemException.badRequest("sources", "name exactly two sources, e.g. sources=cmdb,vuln-scanner");
        }
        return reports.reconcile(names.get(0), names.get(1), Cursors.limit(limit == null ? Cursors.MAX_LIMIT : limit));
    }

    private static AssetInput parse(JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        AssetInput input = AssetInputParser.parse(body, "", errors);
        if (input == null) {
            throw new ProblemException(400, "Bad Request", "invalid asset: " + errors.size() + " field(s) to fix", errors);
        }
        return input;
    }

    private static <T> T found(T value, UUID id) {
        if (value == null) {
            throw ProblemException.notFound("asset " + id);
        }
        return value;
    }

    private static UUID id(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("asset " + id);
        }
    }

    private static <E extends Enum<E>> E enumParam(String name, String value, Class<E> type, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Wire.parse(type, value.trim());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(name, e.getMessage()));
            return null;
        }
    }

    private static Boolean boolParam(String name, String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        errors.add(new FieldError(name, "must be true or false, was '" + value + "'"));
        return null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
