-- A change feed without gaps (issue 20): PostgreSQL orders changes by the transaction that
-- wrote them. SQLite has one writer at a time, so ids already follow commit order; the column
-- exists (always 0) so that both databases answer the same queries.
ALTER TABLE changes ADD COLUMN tx BIGINT NOT NULL DEFAULT 0;
CREATE INDEX changes_order ON changes(tx, id);
