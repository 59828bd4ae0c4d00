package io.tandem.triage.rules;

import java.util.UUID;

/** A triage rule as stored by the REST side and published on {@code triage.config}. */
public sealed interface Rule permits Silence, InhibitRule, Route, CorrelationRule {

    UUID id();

    /** Who created it, from their token. */
    String createdBy();
}
