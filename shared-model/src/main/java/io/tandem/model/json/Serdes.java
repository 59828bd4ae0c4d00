package io.tandem.model.json;

import io.tandem.model.action.ActionRequest;
import io.tandem.model.asset.Asset;
import io.tandem.model.asset.AssetEvent;
import io.tandem.model.change.ChangeEvent;
import io.tandem.model.incident.IncidentEvent;
import io.tandem.model.signal.Signal;
import io.tandem.model.triage.AlertGroupEvent;
import io.tandem.model.triage.TriageDecision;

/**
 * No-argument (de)serializer classes for Kafka client configuration ({@code value.deserializer=...}), one per
 * event of the contract. Code that builds serdes itself uses {@link JsonSerde#of(Class)}.
 */
public final class Serdes {

    /** Serializes any contract record; the type is only needed to read. */
    public static final class EventSerializer extends JsonSerde<Object> {
        public EventSerializer() {
            super(Object.class);
        }
    }

    public static final class SignalDeserializer extends JsonSerde<Signal> {
        public SignalDeserializer() {
            super(Signal.class);
        }
    }

    public static final class DecisionDeserializer extends JsonSerde<TriageDecision> {
        public DecisionDeserializer() {
            super(TriageDecision.class);
        }
    }

    public static final class AlertGroupDeserializer extends JsonSerde<AlertGroupEvent> {
        public AlertGroupDeserializer() {
            super(AlertGroupEvent.class);
        }
    }

    public static final class IncidentEventDeserializer extends JsonSerde<IncidentEvent> {
        public IncidentEventDeserializer() {
            super(IncidentEvent.class);
        }
    }

    public static final class ChangeEventDeserializer extends JsonSerde<ChangeEvent> {
        public ChangeEventDeserializer() {
            super(ChangeEvent.class);
        }
    }

    public static final class AssetDeserializer extends JsonSerde<Asset> {
        public AssetDeserializer() {
            super(Asset.class);
        }
    }

    public static final class AssetEventDeserializer extends JsonSerde<AssetEvent> {
        public AssetEventDeserializer() {
            super(AssetEvent.class);
        }
    }

    public static final class ActionRequestDeserializer extends JsonSerde<ActionRequest> {
        public ActionRequestDeserializer() {
            super(ActionRequest.class);
        }
    }

    private Serdes() {
    }
}
