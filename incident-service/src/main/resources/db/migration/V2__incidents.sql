-- Incidents with their full state in one row (what incidents.events carries), the signals attached to them, the
-- alert groups they follow and their timeline.
CREATE TABLE incident (
    id                      UUID        PRIMARY KEY,
    -- Bumped by every change; the event id of a change is id:seq, so consumers can drop a republished one.
    seq                     BIGINT      NOT NULL DEFAULT 0,
    title                   TEXT        NOT NULL,
    kind                    TEXT        NOT NULL,
    status                  TEXT        NOT NULL,
    priority                TEXT        NOT NULL,
    severity_id             INT,
    team                    TEXT,
    assignee                TEXT,
    commander               TEXT,
    asset_keys              TEXT[]      NOT NULL DEFAULT '{}',
    alert_group_ids         UUID[]      NOT NULL DEFAULT '{}',
    change_ids              UUID[]      NOT NULL DEFAULT '{}',
    possibly_change_induced BOOLEAN     NOT NULL DEFAULT FALSE,
    first_signal_at         TIMESTAMPTZ,
    opened_at               TIMESTAMPTZ NOT NULL,
    acknowledged_at         TIMESTAMPTZ,
    mitigated_at            TIMESTAMPTZ,
    resolved_at             TIMESTAMPTZ,
    closed_at               TIMESTAMPTZ,
    acknowledge_by          TIMESTAMPTZ,
    resolve_by              TIMESTAMPTZ,
    sla_breaches            TEXT[]      NOT NULL DEFAULT '{}',
    merged_into             UUID        REFERENCES incident (id),
    escalation_policy_id    UUID,
    alert_count             INT         NOT NULL DEFAULT 0
);

-- The list pages newest first by (opened_at, id); each filter has an index that serves that order directly.
CREATE INDEX incident_opened ON incident (opened_at DESC, id DESC);
CREATE INDEX incident_status_opened ON incident (status, opened_at DESC, id DESC);
CREATE INDEX incident_team_status_opened ON incident (team, status, opened_at DESC, id DESC);
CREATE INDEX incident_priority_status_opened ON incident (priority, status, opened_at DESC, id DESC);
CREATE INDEX incident_assignee_opened ON incident (assignee, opened_at DESC, id DESC);
CREATE INDEX incident_kind_opened ON incident (kind, opened_at DESC, id DESC);
-- The SLA check only looks at incidents still waiting for a person.
CREATE INDEX incident_acknowledge_due ON incident (acknowledge_by) WHERE status = 'triggered';
CREATE INDEX incident_resolve_due ON incident (resolve_by) WHERE status IN ('triggered', 'acknowledged', 'mitigated');

-- Every signal routed to an incident, once (the signal id is the key).
CREATE TABLE incident_alert (
    signal_id      UUID        PRIMARY KEY,
    incident_id    UUID        NOT NULL REFERENCES incident (id),
    alert_group_id UUID        NOT NULL,
    alert_id       UUID,
    fingerprint    TEXT        NOT NULL,
    title          TEXT,
    kind           TEXT        NOT NULL,
    severity_id    INT         NOT NULL,
    asset_key      TEXT,
    observed_at    TIMESTAMPTZ NOT NULL,
    attached_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX incident_alert_incident ON incident_alert (incident_id, attached_at, signal_id);

-- The incident an alert group currently feeds, and whether triage resolved the group.
CREATE TABLE alert_group (
    group_id    UUID        PRIMARY KEY,
    incident_id UUID        REFERENCES incident (id),
    resolved_at TIMESTAMPTZ,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX alert_group_incident ON alert_group (incident_id);

CREATE TABLE timeline_entry (
    id          BIGSERIAL   PRIMARY KEY,
    incident_id UUID        NOT NULL REFERENCES incident (id),
    at          TIMESTAMPTZ NOT NULL,
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    detail      TEXT
);
CREATE INDEX timeline_entry_incident ON timeline_entry (incident_id, id);
