package io.tandem.triage.stream;

import io.tandem.model.triage.Decider;
import io.tandem.model.triage.TriageDecision;

/** Told of every decision the stream makes, e.g. to count the noise each rule removes. */
public interface DecisionListener {

    DecisionListener NONE = (decision, releasedFrom) -> {
    };

    /**
     * @param releasedFrom for a follow-up decision, what had held the alert back (a silence, an inhibit rule or a
     *                     change); null otherwise
     */
    void decided(TriageDecision decision, Decider releasedFrom);
}
