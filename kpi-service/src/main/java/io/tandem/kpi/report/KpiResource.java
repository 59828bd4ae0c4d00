package io.tandem.kpi.report;

import io.smallrye.mutiny.Uni;
import io.tandem.kpi.rebuild.RebuildService;
import io.tandem.model.Priority;
import io.tandem.service.Roles;
import io.tandem.service.problem.Problem.FieldError;
import io.tandem.service.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code /api/v1/kpis}: the shared KPIs of a range, for every person's role; {@code POST /api/v1/kpis/rebuild}
 * (admin) recomputes them from the topics.
 */
@Path("/api/v1/kpis")
@Produces(MediaType.APPLICATION_JSON)
public class KpiResource {

    /** The range when none is given: the 30 days up to now. */
    static final Duration DEFAULT_RANGE = Duration.ofDays(30);

    private final KpiService kpis;
    private final RebuildService rebuild;

    public KpiResource(KpiService kpis, RebuildService rebuild) {
        this.kpis = kpis;
        this.rebuild = rebuild;
    }

    /**
     * KPIs over {@code [from, to)} (RFC 3339; default the last 30 days), optionally for one team, kind (a signal kind
     * or {@code both}) and priority (P1 to P5).
     */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<KpiReport> get(@QueryParam("from") String from, @QueryParam("to") String to,
                              @QueryParam("team") String team, @QueryParam("kind") String kind,
                              @QueryParam("priority") String priority) {
        List<FieldError> errors = new ArrayList<>();
        Instant end = to == null ? Instant.now() : time("to", to, errors);
        Instant start = from == null ? (end == null ? null : end.minus(DEFAULT_RANGE)) : time("from", from, errors);
        if (start != null && end != null && !start.isBefore(end)) {
            errors.add(new FieldError("from", "must be before to (" + end + ")"));
        }
        if (team != null && team.isBlank()) {
            errors.add(new FieldError("team", "must not be blank"));
        }
        String kindValue = kind == null ? null : kind.toLowerCase(Locale.ROOT);
        if (kindValue != null && !KpiFilter.KINDS.contains(kindValue)) {
            errors.add(new FieldError("kind", "unknown kind '" + kind + "', expected one of " + String.join(", ", KpiFilter.KINDS)));
        }
        Priority priorityValue = null;
        if (priority != null) {
            try {
                priorityValue = Priority.valueOf(priority.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("priority", "unknown priority '" + priority + "', expected P1 to P5"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad Request", "invalid KPI query", errors);
        }
        return kpis.report(new KpiFilter(start, end, team, kindValue, priorityValue));
    }

    /** Wipes the KPI facts and replays the topics from the beginning; answers when done. */
    @POST
    @Path("rebuild")
    @RolesAllowed(Roles.ADMIN)
    public Uni<RebuildService.Result> rebuild() {
        return rebuild.rebuild();
    }

    private static Instant time(String field, String value, List<FieldError> errors) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "not an RFC 3339 time: '" + value + "'"));
            return null;
        }
    }
}
