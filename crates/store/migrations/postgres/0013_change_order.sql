-- A change feed without gaps (issue 20). Identity ids are handed out at insert, not at commit,
-- so "id > last seen" can step over a change whose transaction commits late. Each change now
-- records the transaction that wrote it; followers read in (tx, id) order and only changes of
-- transactions older than every transaction still running, which can no longer gain company
-- (see crates/store/src/changes.rs). Rows written before this migration keep tx 0 and so
-- come first, in id order, as before.
ALTER TABLE changes ADD COLUMN tx BIGINT NOT NULL DEFAULT 0;
ALTER TABLE changes ALTER COLUMN tx SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX changes_order ON changes(tx, id);
