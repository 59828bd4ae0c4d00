package io.tandem.change.request;

import io.tandem.model.change.ChangeAction;
import io.tandem.model.signal.AssetRef;
import io.tandem.model.signal.Severity;
import io.tandem.model.signal.Signal;
import io.tandem.model.signal.SignalKind;
import io.tandem.model.signal.SignalSource;
import io.tandem.model.signal.SignalStatus;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Stable ids of the events change derives (the same cause always gives the same id, so a retried job or a
 * redelivered input is dropped downstream) and the signals that let triage route them like any alert.
 */
public final class ChangeSignals {

    /** The actor of what the service does on its own (jobs, detections, links). */
    public static final String SYSTEM_ACTOR = "change-service";

    /** Source format of the signals change derives; change ignores signals of this format. */
    public static final String SOURCE_FORMAT = "tandem-change";

    /** The event id of {@code action} on a change for a cause (another event's id, or none for once-only events). */
    public static UUID eventId(ChangeAction action, UUID changeId, String cause) {
        return name("event:" + action.wire() + ":" + changeId + (cause == null ? "" : ":" + cause));
    }

    /**
     * The signal for an event about {@code change}: security when it is about an unauthorized change or the change
     * touches security (an expired firewall rule), operational otherwise.
     */
    public static Signal signal(ChangeAction action, ChangeRequest change, UUID eventId, String title, String reason,
                                AssetRef asset, Instant now) {
        boolean security = action == ChangeAction.UNAUTHORIZED_DETECTED || change.securitySensitive();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("changeId", change.id().toString());
        labels.put("changeAction", action.wire());
        labels.put("changeType", change.type().wire());
        labels.put("requester", change.requester());
        if (!change.assetKeys().isEmpty()) {
            labels.put("assetKeys", String.join(",", change.assetKeys()));
        }
        return new Signal(name("signal:" + eventId), new SignalSource(SOURCE_FORMAT, "change-service"),
                eventId.toString(), SOURCE_FORMAT + ":" + action.wire() + ":" + change.id(),
                security ? SignalKind.SECURITY : SignalKind.OPERATIONAL, "change-" + action.wire(), title, reason,
                security ? Severity.HIGH : Severity.MEDIUM, SignalStatus.FIRING, now, now, asset, labels, null, null,
                null, null, null);
    }

    /** The asset a derived signal is about: the change's first asset key. */
    public static AssetRef asset(ChangeRequest change) {
        return change.assetKeys().isEmpty() ? AssetRef.UNKNOWN
                : new AssetRef(change.assetKeys().get(0), null, null, null, null);
    }

    private static UUID name(String text) {
        return UUID.nameUUIDFromBytes(("tandem-change:" + text).getBytes(StandardCharsets.UTF_8));
    }

    private ChangeSignals() {
    }
}
