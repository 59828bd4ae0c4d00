-- Rule definitions (silences, inhibit rules, routes): the source of truth the REST side publishes to triage.config.
create table rule (
    kind       text        not null,
    id         uuid        not null,
    body       jsonb       not null,
    created_by text,
    updated_at timestamptz not null,
    primary key (kind, id)
);

-- Every decision from triage.decisions, for "why did this (not) page me?"; event_id is the CloudEvent id, so a
-- redelivered batch inserts nothing twice and a signal's follow-up decision sits next to its first one.
create table decision (
    event_id       text primary key,
    signal_id      uuid        not null,
    alert_group_id uuid        not null,
    outcome        text        not null,
    body           jsonb       not null,
    decided_at     timestamptz not null
);
create index decision_by_signal on decision (signal_id, decided_at);

-- The latest state of each alert, by fingerprint, for silence previews (?dryRun=true).
create table alert (
    fingerprint text primary key,
    alert_id    uuid        not null,
    group_id    uuid        not null,
    status      text        not null,
    summary     jsonb       not null,
    enrichment  jsonb,
    decided_at  timestamptz not null
);
create index alert_firing on alert (decided_at) where status = 'firing';

-- The latest state of each alert group from alerts.groups.
create table alert_group (
    group_id    uuid primary key,
    open        boolean     not null,
    last_seen   timestamptz not null,
    body        jsonb       not null,
    occurred_at timestamptz not null
);
create index alert_group_open on alert_group (last_seen desc, group_id) where open;
