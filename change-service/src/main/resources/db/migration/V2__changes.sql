-- Change requests, their approvals and audit trail, templates, blackout windows, and change<->incident links.

-- What inventory publishes on the compacted inventory.assets topic, kept locally so that validating asset ids,
-- computing risk, finding keys, maintenance windows and the blast radius need no call to inventory.
CREATE TABLE asset (
    id                 UUID        PRIMARY KEY,
    name               TEXT        NOT NULL,
    criticality        SMALLINT,
    -- The names signals use for the asset (hostnames, FQDNs and their short names, IPs, cloud ids), lower-cased.
    keys               TEXT[]      NOT NULL,
    -- The asset's tag maintenance-window: an RFC 5545 RRULE and a duration, e.g. "FREQ=WEEKLY;BYDAY=SA;BYHOUR=2 PT4H".
    maintenance_window TEXT,
    updated_at         TIMESTAMPTZ NOT NULL
);

-- Directed edges as inventory has them: source runs-on / depends-on / is member-of target.
CREATE TABLE asset_relation (
    source_id  UUID NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    target_id  UUID NOT NULL,
    PRIMARY KEY (source_id, target_id)
);
CREATE INDEX asset_relation_target_idx ON asset_relation (target_id);

CREATE TABLE change_template (
    id                UUID        PRIMARY KEY,
    name              TEXT        NOT NULL,
    description       TEXT,
    rollback_plan     TEXT,
    risk              TEXT        NOT NULL,
    created_by        TEXT        NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL
);

CREATE TABLE blackout_window (
    id          UUID        PRIMARY KEY,
    name        TEXT        NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    reason      TEXT,
    created_by  TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX blackout_window_range_idx ON blackout_window (starts_at, ends_at);

CREATE TABLE change_request (
    id                   UUID        PRIMARY KEY,
    title                TEXT        NOT NULL,
    description          TEXT,
    type                 TEXT        NOT NULL,
    status               TEXT        NOT NULL,
    template_id          UUID        REFERENCES change_template (id),
    risk                 TEXT        NOT NULL,
    computed_risk        TEXT        NOT NULL,
    risk_reason          TEXT,
    requester            TEXT        NOT NULL,
    asset_ids            UUID[]      NOT NULL,
    asset_keys           TEXT[]      NOT NULL,
    planned_start        TIMESTAMPTZ NOT NULL,
    planned_end          TIMESTAMPTZ NOT NULL,
    rollback_plan        TEXT,
    security_impact      JSONB,
    temporary            BOOLEAN     NOT NULL DEFAULT false,
    expires_at           TIMESTAMPTZ,
    required_approvals   SMALLINT    NOT NULL DEFAULT 0,
    conflicts            JSONB       NOT NULL DEFAULT '[]',
    -- Recorded from a configuration-change signal that no approved change covered.
    unauthorized         BOOLEAN     NOT NULL DEFAULT false,
    caused_incident      BOOLEAN     NOT NULL DEFAULT false,
    started_at           TIMESTAMPTZ,
    completed_at         TIMESTAMPTZ,
    rolled_back_at       TIMESTAMPTZ,
    -- Emergency changes: the post-implementation review and its deadline.
    review_due_at        TIMESTAMPTZ,
    reviewed_at          TIMESTAMPTZ,
    reviewed_by          TEXT,
    -- When each job reported the change, so several instances and later runs report it once.
    window_opened_at     TIMESTAMPTZ,
    window_closed_at     TIMESTAMPTZ,
    expired_at           TIMESTAMPTZ,
    review_overdue_at    TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL
);
CREATE INDEX change_request_asset_ids_idx ON change_request USING gin (asset_ids);
CREATE INDEX change_request_asset_keys_idx ON change_request USING gin (asset_keys);
CREATE INDEX change_request_status_idx ON change_request (status);
CREATE INDEX change_request_window_idx ON change_request (planned_start, planned_end);
CREATE INDEX change_request_completed_idx ON change_request (completed_at) WHERE completed_at IS NOT NULL;
CREATE INDEX change_request_expiry_idx ON change_request (expires_at)
    WHERE temporary AND expired_at IS NULL AND started_at IS NOT NULL AND rolled_back_at IS NULL;
CREATE INDEX change_request_review_idx ON change_request (review_due_at)
    WHERE reviewed_at IS NULL AND review_overdue_at IS NULL;

CREATE TABLE change_approval (
    change_id    UUID        NOT NULL REFERENCES change_request (id) ON DELETE CASCADE,
    approver     TEXT        NOT NULL,
    approved_at  TIMESTAMPTZ NOT NULL,
    comment      TEXT,
    PRIMARY KEY (change_id, approver)
);

-- The audit trail: every transition and every event of a change, who did it and when.
CREATE TABLE change_audit (
    seq          BIGSERIAL   PRIMARY KEY,
    change_id    UUID        NOT NULL REFERENCES change_request (id) ON DELETE CASCADE,
    action       TEXT        NOT NULL,
    from_status  TEXT,
    to_status    TEXT        NOT NULL,
    actor        TEXT        NOT NULL,
    detail       TEXT,
    occurred_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX change_audit_change_idx ON change_audit (change_id, seq);

-- Incidents a change caused; the primary key is what keeps a redelivered incident event from linking twice.
CREATE TABLE change_incident (
    change_id    UUID        NOT NULL REFERENCES change_request (id) ON DELETE CASCADE,
    incident_id  UUID        NOT NULL,
    linked_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (change_id, incident_id)
);
