//! The schema as the database itself reports it: tables, columns with their NOT NULL flag,
//! and the indexes created by name. The migrations are written twice (the DDL of SQLite and
//! PostgreSQL differs), and the queries are written once, so both trees must produce the same
//! shape; this outline lets a test compare them. Indexes that back a primary key or unique
//! constraint are left out: their names are the backend's own.

use std::collections::BTreeMap;

use crate::{Backend, Result, Store};

/// One table: its columns (`true` = NOT NULL) and its named indexes (`true` = unique).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableOutline {
    pub columns: BTreeMap<String, bool>,
    pub indexes: BTreeMap<String, bool>,
}

/// Every table the migrations created, by name (sqlx's own bookkeeping left out).
pub type SchemaOutline = BTreeMap<String, TableOutline>;

const SQLITE_COLUMNS: &str = "SELECT m.name, p.name, CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 1 ELSE 0 END \
     FROM sqlite_master m JOIN pragma_table_info(m.name) p \
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%'";
const SQLITE_INDEXES: &str = "SELECT m.tbl_name, m.name, l.\"unique\" \
     FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name \
     WHERE m.type = 'index' AND m.sql IS NOT NULL";
const POSTGRES_COLUMNS: &str = "SELECT table_name::text, column_name::text, \
     CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END \
     FROM information_schema.columns \
     WHERE table_schema = current_schema() AND table_name NOT LIKE '\\_sqlx%'";
const POSTGRES_INDEXES: &str = "SELECT t.relname::text, i.relname::text, CASE WHEN x.indisunique THEN 1 ELSE 0 END \
     FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
     WHERE t.relnamespace = current_schema()::regnamespace AND t.relname NOT LIKE '\\_sqlx%' \
     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)";

impl Store {
    /// Reads the outline of the schema this store's migrations produced.
    pub async fn schema_outline(&self) -> Result<SchemaOutline> {
        let (columns, indexes) = match self.backend() {
            Backend::Sqlite => (SQLITE_COLUMNS, SQLITE_INDEXES),
            Backend::Postgres => (POSTGRES_COLUMNS, POSTGRES_INDEXES),
        };
        let mut outline = SchemaOutline::new();
        // Each query answers (table, column or index, NOT NULL or unique flag).
        for (sql, is_index) in [(columns, false), (indexes, true)] {
            let rows: Vec<(String, String, i64)> =
                sqlx::query_as(sql).fetch_all(&self.pool).await?;
            for (table, name, flag) in rows {
                let table = outline.entry(table).or_default();
                let names = if is_index {
                    &mut table.indexes
                } else {
                    &mut table.columns
                };
                names.insert(name, flag == 1);
            }
        }
        Ok(outline)
    }
}
