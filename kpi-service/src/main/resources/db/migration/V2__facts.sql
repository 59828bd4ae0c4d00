-- KPI facts: one row per thing measured, keyed by its own id, so applying an event twice changes nothing and a
-- replay from the beginning of the topics rebuilds the same rows. KPIs are computed from these at query time.

-- signals.normalized: signals per source and kind; vulnerability remediation (first firing -> first resolved).
CREATE TABLE signal_fact (
    signal_id    UUID        PRIMARY KEY,
    source       TEXT        NOT NULL,
    kind         TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    fingerprint  TEXT        NOT NULL,
    observed_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX signal_fact_observed_idx ON signal_fact (observed_at);
CREATE INDEX signal_fact_vulnerability_idx ON signal_fact (fingerprint, status, observed_at) WHERE kind = 'vulnerability';

-- triage.decisions: one per signal; noise reduction (deduplicated and suppressed shares).
CREATE TABLE decision_fact (
    signal_id      UUID        PRIMARY KEY,
    alert_group_id UUID        NOT NULL,
    outcome        TEXT        NOT NULL,
    kind           TEXT        NOT NULL,
    priority       TEXT,
    team           TEXT,
    decided_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX decision_fact_decided_idx ON decision_fact (decided_at);

-- alerts.groups: latest state of each alert group (signals : alert groups : incidents).
CREATE TABLE alert_group_fact (
    group_id       UUID        PRIMARY KEY,
    kind           TEXT        NOT NULL,
    priority       TEXT,
    team           TEXT,
    first_seen     TIMESTAMPTZ NOT NULL,
    resolved_at    TIMESTAMPTZ,
    signal_count   BIGINT      NOT NULL,
    last_event_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX alert_group_fact_first_seen_idx ON alert_group_fact (first_seen);

-- incidents.events: latest state of each incident (events carry the full state; an older event never overwrites a
-- newer one).
CREATE TABLE incident_fact (
    incident_id      UUID        PRIMARY KEY,
    kind             TEXT        NOT NULL,
    priority         TEXT        NOT NULL,
    team             TEXT,
    status           TEXT        NOT NULL,
    first_signal_at  TIMESTAMPTZ,
    opened_at        TIMESTAMPTZ NOT NULL,
    acknowledged_at  TIMESTAMPTZ,
    mitigated_at     TIMESTAMPTZ,
    resolved_at      TIMESTAMPTZ,
    sla_breaches     INT         NOT NULL,
    change_induced   BOOLEAN     NOT NULL,
    last_event_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX incident_fact_opened_idx ON incident_fact (opened_at);
CREATE INDEX incident_fact_acknowledged_idx ON incident_fact (acknowledged_at);
CREATE INDEX incident_fact_mitigated_idx ON incident_fact (mitigated_at);
CREATE INDEX incident_fact_resolved_idx ON incident_fact (resolved_at);
CREATE INDEX incident_fact_open_idx ON incident_fact (status) WHERE status IN ('triggered', 'acknowledged', 'mitigated');

-- changes.events: one row per change. Times and outcome only move one way (earliest time, failed beats succeeded,
-- caused-incident stays true) and type and review follow the newest event, so any delivery order gives the same row.
CREATE TABLE change_fact (
    change_id        UUID        PRIMARY KEY,
    type             TEXT        NOT NULL,
    security_review  BOOLEAN     NOT NULL,
    caused_incident  BOOLEAN     NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    outcome          TEXT        CHECK (outcome IN ('succeeded', 'failed')),
    ended_at         TIMESTAMPTZ,
    last_event_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX change_fact_created_idx ON change_fact (created_at);
CREATE INDEX change_fact_ended_idx ON change_fact (ended_at);

-- inventory.assets: every state of every asset, so coverage can be answered as of any instant.
CREATE TABLE asset_version (
    asset_id    UUID        NOT NULL,
    valid_from  TIMESTAMPTZ NOT NULL,
    deleted     BOOLEAN     NOT NULL,
    managed     BOOLEAN,
    lifecycle   TEXT,
    owner_team  TEXT,
    PRIMARY KEY (asset_id, valid_from)
);
CREATE INDEX asset_version_valid_from_idx ON asset_version (valid_from);

-- inventory.events: zombie, stale, discovered, unmanaged and decommissioned findings.
CREATE TABLE asset_finding (
    event_id     TEXT        PRIMARY KEY,
    asset_id     UUID        NOT NULL,
    action       TEXT        NOT NULL,
    owner_team   TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX asset_finding_occurred_idx ON asset_finding (action, occurred_at);
