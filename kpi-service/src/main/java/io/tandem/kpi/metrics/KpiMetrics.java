package io.tandem.kpi.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.tandem.model.Priority;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.change.ChangeType;
import io.tandem.model.incident.IncidentKind;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.triage.DecisionOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Locale;

/**
 * The {@code tandem_kpi_*} meters, fed as events are applied (the gauges are in {@link KpiGauges}). Durations are
 * histograms with fixed buckets so Grafana can draw percentiles with {@code histogram_quantile}; every label is an
 * enum of the contract or goes through a {@link LabelLimiter}, which bounds the series count.
 *
 * <p>A series that first appears with its first event already counted shows no {@code increase()} in Prometheus, so
 * that event is lost to every dashboard. Hence series are registered at zero before their first event: those whose
 * labels are all enums at start-up, and an incident's later stages (acknowledge, contain, resolve, SLA breach,
 * change-induced) for its kind, priority and team when it opens.
 */
@ApplicationScoped
public class KpiMetrics {

    /** Buckets for detect, acknowledge, contain and resolve: minutes to a month. */
    static final Duration[] INCIDENT_BUCKETS = {Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15),
            Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8),
            Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), Duration.ofDays(30)};
    /** Buckets for vulnerability remediation: hours to a year. */
    static final Duration[] REMEDIATION_BUCKETS = {Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3),
            Duration.ofDays(7), Duration.ofDays(14), Duration.ofDays(30), Duration.ofDays(60), Duration.ofDays(90),
            Duration.ofDays(180), Duration.ofDays(365)};

    /** Outcomes of a change in {@code tandem_kpi_change_outcomes_total}. */
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    /** Incident stages with a duration histogram each: {@code tandem_kpi_incident_<stage>_seconds}. */
    public enum Stage { DETECT, ACKNOWLEDGE, CONTAIN, RESOLVE }

    private final MeterRegistry registry;
    private final LabelLimiter teams;
    private final LabelLimiter sources;

    public KpiMetrics(MeterRegistry registry, @ConfigProperty(name = "kpi.metrics.max-teams") int maxTeams,
                      @ConfigProperty(name = "kpi.metrics.max-sources") int maxSources) {
        this.registry = registry;
        this.teams = new LabelLimiter(maxTeams);
        this.sources = new LabelLimiter(maxSources);
    }

    /** The bounded form of a team name, shared with the gauges so both use the same series. */
    public String team(String team) {
        return teams.label(team);
    }

    /** Registers at zero every series whose labels are all enums of the contract (see the class comment). */
    void registerEnumSeries(@Observes StartupEvent start) {
        for (DecisionOutcome outcome : DecisionOutcome.values()) {
            for (SignalKind kind : SignalKind.values()) {
                decisions(outcome, kind);
            }
        }
        for (ChangeType type : ChangeType.values()) {
            changes(type, false);
            changes(type, true);
            changeOutcomes(type, SUCCEEDED);
            changeOutcomes(type, FAILED);
            changesCausedIncident(type);
        }
        for (AssetAction action : AssetAction.values()) {
            assetFindings(action);
        }
        vulnerabilityRemediation();
    }

    /** Every record a consumer handled: applied, duplicate (already applied) or failed (dead-lettered). */
    public void event(String topic, String outcome) {
        Counter.builder("tandem_kpi_events_total").description("Records handled by the KPI projections")
                .tags("topic", topic, "outcome", outcome.toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    public void signal(String source, SignalKind kind) {
        Counter.builder("tandem_kpi_signals_total").description("Normalized signals, by source format and kind")
                .tags("source", sources.label(source), "kind", kind.wire())
                .register(registry).increment();
    }

    public void decision(DecisionOutcome outcome, SignalKind kind) {
        decisions(outcome, kind).increment();
    }

    /** An incident opening; its later stages' series start at zero now, so their first event counts. */
    public void incidentOpened(IncidentKind kind, Priority priority, String team) {
        Tags tags = incident(kind, priority, team);
        Counter.builder("tandem_kpi_incidents_opened_total").description("Incidents opened")
                .tags(tags).register(registry).increment();
        for (Stage stage : Stage.values()) {
            if (stage != Stage.DETECT) {
                incidentStage(stage, tags);
            }
        }
        slaBreaches(tags);
        changeInducedIncidents(tags);
    }

    public void slaBreaches(IncidentKind kind, Priority priority, String team, int count) {
        slaBreaches(incident(kind, priority, team)).increment(count);
    }

    public void changeInducedIncident(IncidentKind kind, Priority priority, String team) {
        changeInducedIncidents(incident(kind, priority, team)).increment();
    }

    /** One incident passing a stage, {@code took} after its start (first signal for detect, opening otherwise). */
    public void incidentStage(Stage stage, IncidentKind kind, Priority priority, String team, Duration took) {
        incidentStage(stage, incident(kind, priority, team)).record(took);
    }

    public void vulnerabilityRemediated(Duration took) {
        vulnerabilityRemediation().record(took);
    }

    public void changeCreated(ChangeType type, boolean securityReview) {
        changes(type, securityReview).increment();
    }

    /** A change reaching an outcome: {@link #SUCCEEDED} (completed or verified) or {@link #FAILED} (failed, rolled back). */
    public void changeEnded(ChangeType type, String outcome) {
        changeOutcomes(type, outcome).increment();
    }

    public void changeCausedIncident(ChangeType type) {
        changesCausedIncident(type).increment();
    }

    public void assetFinding(AssetAction action) {
        assetFindings(action).increment();
    }

    private Counter decisions(DecisionOutcome outcome, SignalKind kind) {
        return Counter.builder("tandem_kpi_decisions_total").description("Triage decisions, one per signal, by outcome")
                .tags("outcome", outcome.wire(), "kind", kind.wire())
                .register(registry);
    }

    private Counter slaBreaches(Tags incident) {
        return Counter.builder("tandem_kpi_sla_breaches_total").description("SLA breaches (acknowledge or resolve missed)")
                .tags(incident).register(registry);
    }

    private Counter changeInducedIncidents(Tags incident) {
        return Counter.builder("tandem_kpi_incidents_change_induced_total").description("Incidents flagged as possibly change-induced")
                .tags(incident).register(registry);
    }

    private Timer incidentStage(Stage stage, Tags incident) {
        return Timer.builder("tandem_kpi_incident_" + stage.name().toLowerCase(Locale.ROOT) + "_seconds")
                .description("Time to " + stage.name().toLowerCase(Locale.ROOT) + " incidents")
                .tags(incident)
                .serviceLevelObjectives(INCIDENT_BUCKETS)
                .register(registry);
    }

    private Timer vulnerabilityRemediation() {
        return Timer.builder("tandem_kpi_vulnerability_remediation_seconds")
                .description("Time from a vulnerability's first firing signal to its first resolved one")
                .serviceLevelObjectives(REMEDIATION_BUCKETS)
                .register(registry);
    }

    private Counter changes(ChangeType type, boolean securityReview) {
        return Counter.builder("tandem_kpi_changes_total").description("Change requests, by type and whether security reviews them")
                .tags("type", type.wire(), "security_review", Boolean.toString(securityReview))
                .register(registry);
    }

    private Counter changeOutcomes(ChangeType type, String outcome) {
        return Counter.builder("tandem_kpi_change_outcomes_total").description("Changes that ended, by outcome")
                .tags("type", type.wire(), "outcome", outcome)
                .register(registry);
    }

    private Counter changesCausedIncident(ChangeType type) {
        return Counter.builder("tandem_kpi_changes_caused_incident_total").description("Changes found to have caused an incident")
                .tags("type", type.wire()).register(registry);
    }

    private Counter assetFindings(AssetAction action) {
        return Counter.builder("tandem_kpi_asset_findings_total").description("Inventory findings: discovered, unmanaged, zombie, stale")
                .tags("action", action.wire()).register(registry);
    }

    private Tags incident(IncidentKind kind, Priority priority, String team) {
        return Tags.of("kind", kind.wire(), "priority", priority.name(), "team", team(team));
    }
}
