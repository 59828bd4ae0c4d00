-- Webhook subscriptions and their durable outbox: a delivery row is written in the transaction of the incident
-- change it reports, so a receiver that is down loses nothing; its id is the Idempotency-Key the receiver sees on
-- every attempt.
CREATE TABLE webhook (
    id         UUID        PRIMARY KEY,
    name       TEXT        NOT NULL,
    url        TEXT        NOT NULL,
    secret     TEXT        NOT NULL,
    format     TEXT        NOT NULL,
    teams      TEXT[]      NOT NULL DEFAULT '{}',
    priorities TEXT[]      NOT NULL DEFAULT '{}',
    kinds      TEXT[]      NOT NULL DEFAULT '{}',
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE webhook_delivery (
    id              UUID        PRIMARY KEY,
    webhook_id      UUID        NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_id        TEXT        NOT NULL,
    event_type      TEXT        NOT NULL,
    payload         TEXT        NOT NULL,
    attempts        INT         NOT NULL DEFAULT 0,
    -- When the next attempt is due; a claimed delivery moves it one lease ahead, so a crashed sender's claim expires.
    next_attempt_at TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    failed_at       TIMESTAMPTZ,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_delivery_webhook ON webhook_delivery (webhook_id, created_at);
