-- The Admin API, finished (issue 17): the article trash, a rate limit every node shares,
-- and audit entries that name the API key which acted.

-- When an article went to the trash (status `trashed`); NULL for every other status. The
-- trash lists by it, and a purge deletes only what is in the trash.
ALTER TABLE articles ADD COLUMN trashed_at BIGINT;

-- The key an action was made with, as it was then: its id, its name and the role it acted
-- as (a key renamed, revoked or deleted later leaves the entry as it was written). NULL for
-- actions made in the newsroom, by the scheduler or from the command line.
ALTER TABLE audit_log ADD COLUMN api_key_id BIGINT;
ALTER TABLE audit_log ADD COLUMN api_key_name TEXT;
ALTER TABLE audit_log ADD COLUMN api_key_role TEXT;

-- Requests counted per key per fixed window (`window_start`, unix seconds), by one atomic
-- upsert, so the limit holds across nodes and under parallel requests. Old windows are
-- deleted as new ones open.
CREATE TABLE api_rate_windows (
    key_id       BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    requests     BIGINT NOT NULL,
    PRIMARY KEY (key_id, window_start)
);
