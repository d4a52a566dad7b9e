-- Named leases: work that one holder at a time may do, on any node (a WordPress import).
-- A lease ends when released or when `expires_at` passes without a renewal, so a killed
-- holder frees it by itself.
CREATE TABLE leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    taken_at   BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
