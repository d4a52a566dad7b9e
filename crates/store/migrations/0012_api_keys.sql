-- The Admin API (issue 17): keys for scripts and apps, and a revision number on articles
-- for optimistic concurrency.
--
-- A key acts with `role`; a personal key (user_id set) acts as that staff member and owns
-- what they own, an integration key (user_id NULL) owns nothing. Only the SHA-256 of the
-- secret is kept: the secret is 32 random bytes, so a fast hash cannot be reversed by
-- guessing. `prefix` (the first characters of the secret) lets people tell keys apart.
CREATE TABLE api_keys (
    id           {id},
    name         TEXT NOT NULL,
    prefix       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL,
    user_id      BIGINT REFERENCES users(id) ON DELETE CASCADE,
    created_by   BIGINT REFERENCES users(id) ON DELETE SET NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT,
    revoked_at   BIGINT,
    -- Requests a second the key may make on average (NULL: the default); set from the CLI.
    rate_per_second BIGINT
);
CREATE INDEX api_keys_user ON api_keys(user_id);

-- Bumped by every save and status change of an article: a client sends back the number it
-- read (If-Match) and a stale update is refused instead of overwriting someone's work.
ALTER TABLE articles ADD COLUMN revision BIGINT NOT NULL DEFAULT 1;
