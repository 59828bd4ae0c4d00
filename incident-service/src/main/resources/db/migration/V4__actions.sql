-- Response actions of incidents: requested (by a route or a person), approved where required, published on
-- actions.requests, and completed when the executor posts its result.
CREATE TABLE incident_action (
    id           UUID        PRIMARY KEY,
    incident_id  UUID        NOT NULL REFERENCES incident (id),
    type         TEXT        NOT NULL,
    target       TEXT        NOT NULL,
    parameters   JSONB       NOT NULL DEFAULT '{}',
    status       TEXT        NOT NULL,
    requested_by TEXT        NOT NULL,
    approved_by  TEXT,
    requested_at TIMESTAMPTZ NOT NULL,
    result       TEXT,
    completed_at TIMESTAMPTZ
);
CREATE INDEX incident_action_incident ON incident_action (incident_id, requested_at, id);
