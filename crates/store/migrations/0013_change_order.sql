--@postgres -- A change feed without gaps (issue 20). Identity ids are handed out at insert, not at commit,
--@postgres -- so "id > last seen" can step over a change whose transaction commits late. Each change now
--@postgres -- records the transaction that wrote it; followers read in (tx, id) order and only changes of
--@postgres -- transactions older than every transaction still running, which can no longer gain company
--@postgres -- (see crates/store/src/changes.rs). Rows written before this migration keep tx 0 and so
--@postgres -- come first, in id order, as before.
--@sqlite -- A change feed without gaps (issue 20): PostgreSQL orders changes by the transaction that
--@sqlite -- wrote them. SQLite has one writer at a time, so ids already follow commit order; the column
--@sqlite -- exists (always 0) so that both databases answer the same queries.
ALTER TABLE changes ADD COLUMN tx BIGINT NOT NULL DEFAULT 0;
--@postgres ALTER TABLE changes ALTER COLUMN tx SET DEFAULT (pg_current_xact_id()::text::bigint);
CREATE INDEX changes_order ON changes(tx, id);
