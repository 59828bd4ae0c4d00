-- Idempotent consumers: the id of every applied event is recorded in the same transaction as its effect,
-- so a redelivered event is recognised and skipped (Debezium's MessageLog pattern).
CREATE TABLE processed_event (
    event_id     TEXT        NOT NULL,
    consumer     TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);
