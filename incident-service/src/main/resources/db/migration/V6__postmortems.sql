-- Blameless postmortems of resolved incidents, kept as one document (read and replaced whole), and the change
-- requests their action items published, so a revised postmortem never asks for the same change twice.
CREATE TABLE postmortem (
    incident_id UUID        PRIMARY KEY REFERENCES incident (id),
    document    JSONB       NOT NULL,
    author      TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE postmortem_change_request (
    action_item_id    UUID        PRIMARY KEY,
    incident_id       UUID        NOT NULL REFERENCES incident (id),
    change_request_id UUID        NOT NULL,
    requested_at      TIMESTAMPTZ NOT NULL
);
