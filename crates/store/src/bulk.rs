//! Multi-row `INSERT`s: rows are collected while a batch is written and sent a few hundred
//! at a time, so a bulk write (an import) costs a handful of round trips per batch instead
//! of several per article. Over a network connection to PostgreSQL this is most of the time.
//! Hand-written because sqlx's `QueryBuilder` is per-database, not for the `Any` driver.

use sqlx::{Any, AssertSqlSafe, Transaction};

use crate::Result;
use crate::args::Arg;
use crate::args::bind_args;
use crate::rows::placeholders;

/// Both backends accept at least this many parameters in one statement (SQLite 32,766,
/// PostgreSQL 65,535); staying well under keeps statements a sensible size.
const MAX_PARAMS: usize = 4_000;

/// Rows for one table, inserted with `INSERT INTO {table} ({columns}) VALUES … {suffix}`.
pub(crate) struct BulkInsert {
    head: String,
    suffix: &'static str,
    width: usize,
    rows: Vec<Vec<Arg>>,
}

impl BulkInsert {
    /// `suffix` follows the VALUES list, e.g. `ON CONFLICT DO NOTHING`.
    pub(crate) fn new(table: &str, columns: &[&str], suffix: &'static str) -> BulkInsert {
        BulkInsert {
            head: format!("INSERT INTO {table} ({}) VALUES ", columns.join(", ")),
            suffix,
            width: columns.len(),
            rows: Vec::new(),
        }
    }

    pub(crate) fn push(&mut self, row: Vec<Arg>) {
        debug_assert_eq!(row.len(), self.width);
        self.rows.push(row);
    }

    /// Inserts every collected row; returns how many rows were inserted (conflicts skipped
    /// by the suffix do not count).
    pub(crate) async fn flush(&mut self, tx: &mut Transaction<'static, Any>) -> Result<u64> {
        let mut inserted = 0;
        let per_statement = (MAX_PARAMS / self.width.max(1)).max(1);
        for chunk in self.rows.chunks(per_statement) {
            let values: Vec<String> = (0..chunk.len())
                .map(|i| format!("({})", placeholders(i * self.width + 1, self.width)))
                .collect();
            let sql = format!("{}{} {}", self.head, values.join(", "), self.suffix);
            let q = bind_args!(sqlx::query(AssertSqlSafe(sql)), chunk.iter().flatten());
            inserted += q.execute(&mut **tx).await?.rows_affected();
        }
        self.rows.clear();
        Ok(inserted)
    }
}
