-- Accounts of the newsroom and of subscribers, their sessions, single-use tokens (setup,
-- password reset, invitation), sign-in failures for rate limits shared by every node, and
-- the audit log of newsroom actions. Emails are stored lowercased, so UNIQUE is
-- case-insensitive. Tokens are kept only as SHA-256 hex digests.
CREATE TABLE users (
    id            {id},
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    password_hash TEXT,
    author_id     BIGINT REFERENCES authors(id) ON DELETE SET NULL,
    created_at    BIGINT NOT NULL,
    disabled      {smallint} NOT NULL DEFAULT 0
);
CREATE INDEX users_role ON users(role);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT '',
    ip           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY,
    kind       TEXT NOT NULL,
    user_id    BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX auth_tokens_user ON auth_tokens(user_id, kind);

CREATE TABLE login_failures (
    id      {id},
    email   TEXT NOT NULL,
    user_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
    ip      TEXT NOT NULL DEFAULT '',
    at      BIGINT NOT NULL
);
CREATE INDEX login_failures_email ON login_failures(email, at);
CREATE INDEX login_failures_user ON login_failures(user_id, at);
CREATE INDEX login_failures_ip ON login_failures(ip, at);

CREATE TABLE audit_log (
    id        {id},
    at        BIGINT NOT NULL,
    user_id   BIGINT REFERENCES users(id) ON DELETE SET NULL,
    action    TEXT NOT NULL,
    entity    TEXT NOT NULL,
    entity_id TEXT,
    detail    TEXT NOT NULL DEFAULT '',
    ip        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
