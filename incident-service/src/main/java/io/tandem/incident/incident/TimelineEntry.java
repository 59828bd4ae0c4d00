package io.tandem.incident.incident;

import io.tandem.model.incident.IncidentAction;

import java.time.Instant;

/** One line of an incident's timeline: who did what when, for actions of people and incoming events alike. */
public record TimelineEntry(long id, Instant at, String actor, IncidentAction action, String detail) {
}
