-- Assets, their normalized identifiers, relations and what each source says about them.

CREATE TABLE asset (
    id                 UUID        PRIMARY KEY,
    name               TEXT        NOT NULL,
    type               TEXT        NOT NULL,
    environment        TEXT,
    owner_team         TEXT,
    criticality        SMALLINT    CHECK (criticality BETWEEN 1 AND 4),
    segment            TEXT,
    lifecycle          TEXT        NOT NULL,
    managed            BOOLEAN     NOT NULL DEFAULT false,
    privilege_level    TEXT,
    last_seen_at       TIMESTAMPTZ,
    last_patched_at    TIMESTAMPTZ,
    tags               JSONB       NOT NULL DEFAULT '{}',
    -- Set when a decommissioned asset shows up in a signal again; ?zombie=true lists these.
    zombie_seen_at     TIMESTAMPTZ,
    -- When the stale check last reported the asset; it reports again only after the asset recovered.
    stale_reported_at  TIMESTAMPTZ,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);

CREATE INDEX asset_type_idx ON asset (type);
CREATE INDEX asset_environment_idx ON asset (environment);
CREATE INDEX asset_owner_team_idx ON asset (owner_team);
CREATE INDEX asset_lifecycle_idx ON asset (lifecycle);
CREATE INDEX asset_unmanaged_idx ON asset (id) WHERE NOT managed;
CREATE INDEX asset_zombie_idx ON asset (id) WHERE zombie_seen_at IS NOT NULL;
CREATE INDEX asset_managed_active_idx ON asset (id) WHERE managed AND lifecycle = 'active';

-- One row per normalized identifier ("host:web-01", "ip:2001:db8::15", "mac:aa:bb:cc:dd:ee:ff"). The primary key
-- makes matching an index lookup and lets concurrent discoveries of one host create exactly one asset.
-- A derived row (the short name of an FQDN) matches but is not shown as one of the asset's identifiers.
CREATE TABLE asset_identifier (
    key        TEXT    PRIMARY KEY,
    asset_id   UUID    NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    type       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    derived    BOOLEAN NOT NULL DEFAULT false,
    position   INT     NOT NULL DEFAULT 0
);
CREATE INDEX asset_identifier_asset_idx ON asset_identifier (asset_id);

-- Directed edges: source runs-on / depends-on / is member-of target. Impact walks them backwards.
CREATE TABLE asset_relation (
    source_id  UUID NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    target_id  UUID NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    PRIMARY KEY (source_id, type, target_id)
);
CREATE INDEX asset_relation_target_idx ON asset_relation (target_id);

-- Which sources know an asset and the field values each reported, for reconciliation.
CREATE TABLE asset_source (
    asset_id   UUID        NOT NULL REFERENCES asset (id) ON DELETE CASCADE,
    source     TEXT        NOT NULL,
    fields     JSONB       NOT NULL DEFAULT '{}',
    seen_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (asset_id, source)
);
CREATE INDEX asset_source_source_idx ON asset_source (source, asset_id);
