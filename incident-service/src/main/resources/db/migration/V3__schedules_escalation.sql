-- On-call schedules: layers of rotations kept as one JSON document (always read and written whole), overrides as
-- rows so people can add and remove them one by one.
CREATE TABLE schedule (
    id         UUID        PRIMARY KEY,
    name       TEXT        NOT NULL,
    team       TEXT,
    time_zone  TEXT        NOT NULL,
    layers     JSONB       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX schedule_team ON schedule (team, created_at);

CREATE TABLE schedule_override (
    id          UUID        PRIMARY KEY,
    schedule_id UUID        NOT NULL REFERENCES schedule (id) ON DELETE CASCADE,
    user_name   TEXT        NOT NULL,
    start_at    TIMESTAMPTZ NOT NULL,
    end_at      TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX schedule_override_span ON schedule_override (schedule_id, start_at, end_at);

-- Escalation policies: ordered levels of targets with a timeout each, repeated repeat_count times.
CREATE TABLE escalation_policy (
    id           UUID        PRIMARY KEY,
    name         TEXT        NOT NULL,
    levels       JSONB       NOT NULL,
    repeat_count INT         NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);

-- Durable escalation timers: one pending row per unacknowledged incident, claimed with FOR UPDATE SKIP LOCKED by
-- whichever instance polls first, so a timer fires once across instances and survives restarts.
CREATE TABLE escalation_timer (
    incident_id UUID        PRIMARY KEY REFERENCES incident (id),
    policy_id   UUID        NOT NULL,
    level       INT         NOT NULL,
    round       INT         NOT NULL,
    due_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX escalation_timer_due ON escalation_timer (due_at);
