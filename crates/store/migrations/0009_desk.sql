-- The feed desk (issue 14): the outlets the newsroom follows and what they published.
-- A source is fetched by a fetch_source job (jobs.job_key = its id) every fetch_interval
-- seconds; etag/last_modified make the next fetch conditional; failures set last_error and
-- push next_fetch_at back (backoff, in seconds, doubles up to a cap; a Retry-After wins).
-- Flags are 0/1 integers, times unix seconds (UTC).
CREATE TABLE desk_sources (
    id              {id},
    name            TEXT NOT NULL,
    outlet          TEXT NOT NULL,
    home_url        TEXT NOT NULL DEFAULT '',
    feed_url        TEXT NOT NULL UNIQUE,
    feed_kind       TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT '',
    category_id     BIGINT REFERENCES categories(id) ON DELETE SET NULL,
    fetch_interval  BIGINT NOT NULL DEFAULT 900,
    full_text       {smallint} NOT NULL DEFAULT 0,
    css_selector    TEXT NOT NULL DEFAULT '',
    active          {smallint} NOT NULL DEFAULT 1,
    retention_days  BIGINT NOT NULL DEFAULT 90,
    etag            TEXT,
    last_modified   TEXT,
    last_fetch_at   BIGINT,
    last_success_at BIGINT,
    last_error      TEXT,
    last_outcome    TEXT NOT NULL DEFAULT '',
    next_fetch_at   BIGINT NOT NULL DEFAULT 0,
    backoff         BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL
);
CREATE INDEX desk_sources_due ON desk_sources(active, next_fetch_at);

-- One row per item per source: item_key is its GUID, else its canonical URL, else a
-- content hash (see gazette-ingest's identity), so a round upserts and never duplicates.
-- raw_html is the fetched page the text was extracted from, kept so a changed extraction
-- rule can re-extract. sort_at orders the inbox (the published time, never in the future).
CREATE TABLE desk_items (
    id                 {id},
    source_id          BIGINT NOT NULL REFERENCES desk_sources(id) ON DELETE CASCADE,
    item_key           TEXT NOT NULL,
    url                TEXT,
    title              TEXT NOT NULL,
    summary_html       TEXT NOT NULL DEFAULT '',
    content_html       TEXT NOT NULL DEFAULT '',
    raw_html           TEXT,
    author             TEXT,
    language           TEXT NOT NULL DEFAULT '',
    content_hash       TEXT NOT NULL,
    published_at       BIGINT,
    fetched_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    sort_at            BIGINT NOT NULL,
    is_read            {smallint} NOT NULL DEFAULT 0,
    starred            {smallint} NOT NULL DEFAULT 0,
    used_by_article_id BIGINT REFERENCES articles(id) ON DELETE SET NULL,
    used_by_user_id    BIGINT REFERENCES users(id) ON DELETE SET NULL,
    used_at            BIGINT,
    UNIQUE (source_id, item_key)
);
CREATE INDEX desk_items_newest ON desk_items(sort_at, id);
CREATE INDEX desk_items_source ON desk_items(source_id, sort_at);
CREATE INDEX desk_items_article ON desk_items(used_by_article_id);

-- An item whose text changed keeps what it said before, newest last.
CREATE TABLE desk_item_versions (
    id           {id},
    item_id      BIGINT NOT NULL REFERENCES desk_items(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    summary_html TEXT NOT NULL,
    content_html TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    recorded_at  BIGINT NOT NULL
);
CREATE INDEX desk_item_versions_item ON desk_item_versions(item_id, id);
