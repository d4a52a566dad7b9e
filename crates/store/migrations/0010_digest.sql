-- The Daily Digest (issue 15).
-- Subscribers: one row per address (stored lowercased, so UNIQUE is case-insensitive).
-- `nonce` is signed into the subscriber's links (core::digest::token): a new subscription
-- after a deletion gets a new one, so old links stop working. Consent is kept with its
-- time, IP and the form it came from. `sections` is a comma-separated list of top-level
-- category ids, empty for all.
CREATE TABLE digest_subscribers (
    id              {id},
    email           TEXT NOT NULL UNIQUE,
    status          TEXT NOT NULL,
    sections        TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL,
    frequency       TEXT NOT NULL DEFAULT 'daily',
    nonce           TEXT NOT NULL,
    consent_at      BIGINT NOT NULL,
    consent_ip      TEXT NOT NULL DEFAULT '',
    consent_form    TEXT NOT NULL DEFAULT '',
    confirm_sent_at BIGINT,
    confirmed_at    BIGINT,
    unsubscribed_at BIGINT,
    hard_bounces    BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX digest_subscribers_status ON digest_subscribers(status, language, frequency);

-- Subscription requests, for the rate limits per IP and per address (kept a day).
CREATE TABLE digest_attempts (
    id    {id},
    email TEXT NOT NULL,
    ip    TEXT NOT NULL,
    at    BIGINT NOT NULL
);
CREATE INDEX digest_attempts_email ON digest_attempts(email, at);
CREATE INDEX digest_attempts_ip ON digest_attempts(ip, at);

-- What happened, without who (the numbers in the newsroom survive a subscriber's deletion):
-- subscribed, confirmed, unsubscribed, deleted, suppressed.
CREATE TABLE digest_events (
    id   {id},
    kind TEXT NOT NULL,
    at   BIGINT NOT NULL
);
CREATE INDEX digest_events_at ON digest_events(at, kind);

-- Articles the editors put first in the next edition.
CREATE TABLE digest_picks (
    article_id BIGINT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    position   BIGINT NOT NULL DEFAULT 0,
    added_at   BIGINT NOT NULL
);

-- One edition per day (or week), language and frequency. status: draft (composed, may be
-- edited), held, sending, sent, skipped. slot_at is the scheduled time in UTC seconds.
CREATE TABLE digest_editions (
    id          {id},
    edition_date TEXT NOT NULL,
    language    TEXT NOT NULL,
    frequency   TEXT NOT NULL,
    slot_at     BIGINT NOT NULL,
    since_at    BIGINT NOT NULL,
    status      TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    composed_at BIGINT NOT NULL,
    started_at  BIGINT,
    finished_at BIGINT,
    UNIQUE (edition_date, language, frequency)
);

CREATE TABLE digest_items (
    edition_id   BIGINT NOT NULL REFERENCES digest_editions(id) ON DELETE CASCADE,
    position     BIGINT NOT NULL,
    article_id   BIGINT NOT NULL,
    pick         {smallint} NOT NULL DEFAULT 0,
    section_id   BIGINT,
    section_name TEXT NOT NULL,
    title        TEXT NOT NULL,
    path         TEXT NOT NULL,
    excerpt      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (edition_id, article_id)
);

-- The delivery ledger: one row per (edition, subscriber), written before anything is sent.
-- status: queued, sending (claimed until lease_until by lease_holder), sent, deferred
-- (a 4xx reply; retried from next_at), failed (permanent), uncertain (its sender died
-- mid-send: never resent by itself, an editor may resend).
CREATE TABLE digest_deliveries (
    edition_id    BIGINT NOT NULL REFERENCES digest_editions(id) ON DELETE CASCADE,
    subscriber_id BIGINT NOT NULL REFERENCES digest_subscribers(id) ON DELETE CASCADE,
    email         TEXT NOT NULL,
    status        TEXT NOT NULL,
    attempts      BIGINT NOT NULL DEFAULT 0,
    lease_holder  TEXT,
    lease_until   BIGINT,
    next_at       BIGINT NOT NULL DEFAULT 0,
    code          BIGINT,
    reply         TEXT NOT NULL DEFAULT '',
    sent_at       BIGINT,
    PRIMARY KEY (edition_id, subscriber_id)
);
CREATE INDEX digest_deliveries_claim ON digest_deliveries(edition_id, status, next_at);
CREATE INDEX digest_deliveries_subscriber ON digest_deliveries(subscriber_id);
CREATE INDEX digest_deliveries_holder ON digest_deliveries(lease_holder, status);
