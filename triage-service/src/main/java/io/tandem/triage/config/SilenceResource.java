package io.tandem.triage.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.smallrye.mutiny.Uni;
import io.tandem.service.Roles;
import io.tandem.service.paging.Page;
import io.tandem.service.problem.ProblemException;
import io.tandem.triage.projection.AlertView;
import io.tandem.triage.projection.Projections;
import io.tandem.triage.rules.Matcher;
import io.tandem.triage.rules.Recurrence;
import io.tandem.triage.rules.RuleKind;
import io.tandem.triage.rules.Silence;
import io.tandem.triage.rules.SignalFields;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * {@code /api/v1/silences}: Alertmanager-style silences, plus recurring maintenance windows and silences bound to a
 * change. Responders, change managers and admins create them; everyone with a person's role reads them. A silence
 * must pin at least one label to a value, so a typo cannot mute everything; an admin may force a broad one.
 * {@code ?dryRun=true} answers which firing alerts it would mute, without creating it. Deleting expires it (its
 * {@code endsAt} becomes now), so the record stays for the audit trail, as in Alertmanager.
 */
@Path("/api/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
public class SilenceResource {

    /** How long the alerts of an end-on-resolve silence must stay resolved before it ends, unless it says. */
    static final Duration DEFAULT_HOLD_DOWN = Duration.ofMinutes(5);

    private final RuleStore rules;
    private final Projections projections;
    private final Duration maxDuration;

    public SilenceResource(RuleStore rules, Projections projections,
                           @ConfigProperty(name = "tandem.triage.silence.max-duration") Duration maxDuration) {
        this.rules = rules;
        this.projections = projections;
        this.maxDuration = maxDuration;
    }

    /** A silence with its state now: pending, active or expired. */
    public record SilenceView(Silence silence, String state) {
    }

    /** What a silence would mute now. */
    public record Preview(Silence silence, boolean broad, int count, List<AlertView> wouldMute) {
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Page<SilenceView>> list(@QueryParam("state") String state) {
        if (state != null && !List.of("pending", "active", "expired").contains(state)) {
            throw ProblemException.badRequest("state", "must be pending, active or expired");
        }
        Instant now = Instant.now();
        return rules.<Silence>list(RuleKind.SILENCE).map(all -> new Page<>(all.stream()
                .map(s -> new SilenceView(s, s.state(now)))
                .filter(v -> state == null || v.state().equals(state))
                .toList(), null));
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.VIEWER, Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<SilenceView> get(@PathParam("id") String id) {
        UUID silenceId = Ids.parse(id);
        return rules.<Silence>get(RuleKind.SILENCE, silenceId)
                .map(s -> new SilenceView(Ids.found(s, "silence " + silenceId), s.state(Instant.now())));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Response> create(JsonNode json, @QueryParam("dryRun") boolean dryRun, @QueryParam("force") boolean force,
                                @Context SecurityContext security, @Context UriInfo uri) {
        Silence body = Bodies.read(json, Silence.class);
        Actor actor = Actor.of(security);
        Instant now = Instant.now();
        Silence silence = validate(body, UUID.randomUUID(), actor.name(), now, now);
        boolean broad = silence.matchers().stream().noneMatch(Matcher::pinsValue);
        if (dryRun) {
            return projections.firingAlerts().map(alerts -> {
                List<AlertView> muted = alerts.stream()
                        .filter(a -> silence.matches(new SignalFields(a.signal(), a.asset()))).toList();
                return Response.ok(new Preview(silence, broad, muted.size(), muted)).build();
            });
        }
        refuseBroad(broad, force, actor);
        return rules.save(RuleKind.SILENCE, silence, actor.name()).map(saved -> Response
                .created(uri.getAbsolutePathBuilder().path(saved.id().toString()).build())
                .entity(new SilenceView(saved, saved.state(now))).build());
    }

    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<SilenceView> replace(@PathParam("id") String id, JsonNode json, @QueryParam("force") boolean force,
                                    @Context SecurityContext security) {
        Silence body = Bodies.read(json, Silence.class);
        UUID silenceId = Ids.parse(id);
        Actor actor = Actor.of(security);
        return rules.<Silence>get(RuleKind.SILENCE, silenceId).chain(existing -> {
            Ids.found(existing, "silence " + silenceId);
            Instant now = Instant.now();
            Silence silence = validate(body, silenceId, existing.createdBy(), existing.createdAt(), now);
            refuseBroad(silence.matchers().stream().noneMatch(Matcher::pinsValue), force, actor);
            return rules.save(RuleKind.SILENCE, silence, actor.name()).map(s -> new SilenceView(s, s.state(now)));
        });
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed({Roles.RESPONDER, Roles.CHANGE_MANAGER, Roles.ADMIN})
    public Uni<Response> expire(@PathParam("id") String id, @Context SecurityContext security) {
        UUID silenceId = Ids.parse(id);
        return rules.<Silence>get(RuleKind.SILENCE, silenceId).chain(existing -> {
            Ids.found(existing, "silence " + silenceId);
            Instant now = Instant.now();
            if (existing.state(now).equals("expired")) {
                return Uni.createFrom().item(Response.noContent().build());
            }
            return rules.save(RuleKind.SILENCE, existing.expiredAt(now), Actor.of(security).name())
                    .replaceWith(Response.noContent().build());
        });
    }

    private void refuseBroad(boolean broad, boolean force, Actor actor) {
        if (broad && !force) {
            throw ProblemException.badRequest("matchers", "a silence needs at least one equality matcher on a non-empty "
                    + "value (like alertname=\"DiskFull\"), so that it cannot mute everything; an admin can force a broad "
                    + "silence with ?force=true");
        }
        if (broad && !actor.admin()) {
            throw new ProblemException(403, "Forbidden", "only an admin can force a silence without an equality matcher",
                    List.of());
        }
    }

    private Silence validate(Silence in, UUID id, String createdBy, Instant createdAt, Instant now) {
        Errors errors = new Errors();
        if (in == null) {
            throw ProblemException.badRequest("body", "a silence is required");
        }
        if (in.matchers().isEmpty()) {
            errors.add("matchers", "at least one matcher is required");
        }
        Instant startsAt = in.startsAt() == null ? now : in.startsAt();
        Recurrence recurrence = in.recurrence();
        if (in.endsAt() == null && recurrence == null && in.changeId() == null) {
            errors.add("endsAt", "is required unless the silence recurs or is bound to a change");
        }
        if (in.endsAt() != null && !in.endsAt().isAfter(startsAt)) {
            errors.add("endsAt", "must be after startsAt");
        } else if (in.endsAt() != null && !in.endsAt().isAfter(now)) {
            errors.add("endsAt", "is in the past");
        } else if (in.endsAt() != null && recurrence == null && in.changeId() == null
                && Duration.between(startsAt, in.endsAt()).compareTo(maxDuration) > 0) {
            errors.add("endsAt", "the silence would last longer than the maximum of " + maxDuration);
        }
        if (recurrence != null) {
            try {
                ZoneId.of(recurrence.timeZone() == null ? "" : recurrence.timeZone());
            } catch (DateTimeException e) {
                errors.add("recurrence.timeZone", "must be an IANA time zone such as Europe/Berlin");
            }
            if (recurrence.start() == null) {
                errors.add("recurrence.start", "is required (local time, e.g. 02:00)");
            }
            if (recurrence.duration() == null || recurrence.duration().isNegative() || recurrence.duration().isZero()) {
                errors.add("recurrence.duration", "is required and must be positive (e.g. PT2H)");
            } else if (recurrence.duration().compareTo(maxDuration) > 0) {
                errors.add("recurrence.duration", "longer than the maximum of " + maxDuration);
            }
        }
        Duration holdDown = in.resolveHoldDown() == null ? DEFAULT_HOLD_DOWN : in.resolveHoldDown();
        if (holdDown.isNegative() || holdDown.compareTo(maxDuration) > 0) {
            errors.add("resolveHoldDown", "must be between PT0S and " + maxDuration);
        }
        errors.throwIfAny();
        return new Silence(id, in.matchers(), startsAt, in.endsAt(), recurrence, in.changeId(), in.endOnResolve(),
                in.endOnResolve() ? holdDown : null, createdBy, in.comment(), createdAt, now);
    }
}
