package io.tandem.kpi;

import io.restassured.specification.RequestSpecification;
import io.tandem.model.EventTypes;
import io.tandem.model.Priority;
import io.tandem.model.Topics;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetAction;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.asset.AssetType;
import io.tandem.model.asset.Lifecycle;
import io.tandem.model.change.Change;
import io.tandem.model.change.ChangeAction;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.change.ChangeStatus;
import io.tandem.model.change.ChangeType;
import io.tandem.model.change.SecurityImpact;
import io.tandem.model.event.Envelope;
import io.tandem.model.incident.Incident;
import io.tandem.model.incident.IncidentAction;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.json.Json;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.Decider;
import io.tandem.model.triage.DeciderKind;
import io.tandem.model.triage.DecisionOutcome;
import io.tandem.model.triage.Enrichment;
import io.tandem.model.triage.GroupAction;
import io.tandem.model.triage.SignalSummary;
import io.tandem.model.triage.TriageDecision;
import io.tandem.testkit.TestInfra;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Publishes contract events onto the real broker the way their producers do (CloudEvents in Kafka binary mode, keyed
 * like the contract says), built from the shared-model records with only the fields a KPI needs set.
 */
public final class Events {

    public static RequestSpecification as(String role) {
        return given().auth().oauth2(TestInfra.get().token(role, role + "-tester"));
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Sends {@code payload} (null: a tombstone) with a CloudEvent envelope of id {@code id}. */
    public static void send(String topic, String key, String id, String type, String subject, Instant time, Object payload) {
        RecordHeaders headers = new RecordHeaders();
        new Envelope(id, type, Envelope.service("kpi-test"), subject, time).writeTo(headers);
        Map<String, String> text = new HashMap<>();
        for (Header header : headers) {
            text.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }
        TestInfra.get().kafka().send(topic, key, payload == null ? null : Json.write(payload), text);
    }

    public static Signal signal(String source, SignalKind kind, SignalStatus status, String fingerprint, Instant observedAt) {
        Signal signal = new Signal(UUID.randomUUID(), new SignalSource(source, "test"), null, fingerprint, kind, null,
                "signal " + fingerprint, null, Severity.HIGH, status, observedAt, observedAt,
                new AssetRef("host-" + fingerprint, null, null, null, null), Map.of(), List.of(), List.of(), null, null,
                null);
        send(Topics.SIGNALS_NORMALIZED, signal.asset().key(), signal.id().toString(), EventTypes.SIGNAL_NORMALIZED,
                signal.asset().key(), observedAt, signal);
        return signal;
    }

    public static void decision(UUID groupId, DecisionOutcome outcome, SignalKind kind, Priority priority, String team,
                                Instant at) {
        TriageDecision decision = new TriageDecision(UUID.randomUUID(), groupId, UUID.randomUUID(), outcome,
                new Decider(DeciderKind.DEFAULT, null, null), null, priority,
                new Enrichment(null, team, "prod", 2, true, null),
                new SignalSummary("test", "fp", kind, Severity.HIGH, SignalStatus.FIRING, "host", "t", at, Map.of()),
                "scripted", List.of(), at);
        send(Topics.TRIAGE_DECISIONS, groupId.toString(), decision.signalId().toString(), EventTypes.DECISION_MADE,
                groupId.toString(), at, decision);
    }

    public static void alertGroup(UUID groupId, GroupAction action, SignalKind kind, Priority priority, String team,
                                  Instant firstSeen, long signals, Instant at) {
        AlertGroupEvent event = new AlertGroupEvent(groupId, action, "scripted|" + groupId, "default", kind, List.of(),
                1, 1, signals, Severity.HIGH, priority, team, false, firstSeen, at,
                action == GroupAction.RESOLVED ? at : null, at);
        send(Topics.ALERTS_GROUPS, groupId.toString(), UUID.randomUUID().toString(),
                EventTypes.of("alertgroup", action.wire()), groupId.toString(), at, event);
    }

    public static void incident(IncidentAction action, Incident incident, Instant at) {
        incident(UUID.randomUUID().toString(), action, incident, at);
    }

    public static void incident(String eventId, IncidentAction action, Incident incident, Instant at) {
        send(Topics.INCIDENTS_EVENTS, incident.id().toString(), eventId, EventTypes.of("incident", action.wire()),
                incident.id().toString(), at, new IncidentEvent(action, incident, "responder-1", null, at));
    }

    public static void change(ChangeAction action, Change change, Instant at) {
        send(Topics.CHANGES_EVENTS, change.id().toString(), UUID.randomUUID().toString(),
                EventTypes.of("change", action.wire()), change.id().toString(), at,
                new ChangeEvent(action, change, "change-manager-1", null, at));
    }

    public static Change change(UUID id, ChangeType type, ChangeStatus status, SecurityImpact impact, boolean causedIncident) {
        return new Change(id, "change " + id, type, status, null, "requester-1", List.of(), List.of(), null, null, impact,
                false, null, List.of(), causedIncident);
    }

    public static Asset asset(UUID id, String team, boolean managed, Lifecycle lifecycle, Instant updatedAt) {
        Asset asset = new Asset(id, "asset-" + id, AssetType.HOST, List.of(), "prod", team, 2, null, lifecycle, managed,
                null, null, null, Map.of(), List.of("cmdb"), List.of(), updatedAt);
        send(Topics.INVENTORY_ASSETS, id.toString(), UUID.randomUUID().toString(), EventTypes.ASSET_UPDATED,
                id.toString(), updatedAt, asset);
        return asset;
    }

    public static void assetDeleted(UUID id, Instant at) {
        send(Topics.INVENTORY_ASSETS, id.toString(), UUID.randomUUID().toString(), EventTypes.ASSET_DELETED,
                id.toString(), at, null);
    }

    public static void finding(AssetAction action, Asset asset, Instant at) {
        send(Topics.INVENTORY_EVENTS, asset.id().toString(), UUID.randomUUID().toString(),
                EventTypes.of("asset", action.wire()), asset.id().toString(), at,
                new AssetEvent(action, asset, null, "scripted", at));
    }

    private Events() {
    }
}
