//! Statements run with their values bound in one call: the `.bind(…)` chains, the
//! `rows_affected` reads and the "no such row" refusals that the aggregates' writes and
//! single-value lookups share, written once. The SQL stays a literal at each call site;
//! only values are bound, never spliced into the text.

use sqlx::any::AnyRow;
use sqlx::{Any, Executor, SqlSafeStr};

use crate::args::{Arg, bind_args};
use crate::{Result, StoreError};

/// A row that sqlx decodes on either backend (a tuple or a row struct): the bound every
/// fetch here and in [`crate::rows`] puts on what it returns.
pub(crate) trait Row: for<'r> sqlx::FromRow<'r, AnyRow> + Send + Unpin {}

impl<R> Row for R where R: for<'r> sqlx::FromRow<'r, AnyRow> + Send + Unpin {}

/// Runs `sql` with `args` bound to `$1, $2, …` in order; how many rows it changed.
pub(crate) async fn execute<'c>(
    db: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    args: &[Arg],
) -> Result<u64> {
    Ok(bind_args!(sqlx::query(sql), args)
        .execute(db)
        .await?
        .rows_affected())
}

/// [`execute`] for a write aimed at one `entity` row, `id`: refused as missing when it
/// changed nothing.
pub(crate) async fn execute_on<'c>(
    db: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    args: &[Arg],
    entity: &'static str,
    id: i64,
) -> Result<()> {
    match execute(db, sql, args).await? {
        0 => Err(StoreError::missing(entity, id)),
        _ => Ok(()),
    }
}

/// The one value that `sql` selects with `args` bound, if it selects a row.
pub(crate) async fn value<'c, T>(
    db: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    args: &[Arg],
) -> Result<Option<T>>
where
    (T,): Row,
{
    Ok(row::<(T,)>(db, sql, args).await?.map(|(v,)| v))
}

/// The one value that `sql` selects for `entity` row `id` (bound as `$1`), refused as
/// missing when there is no such row: the name or status read before a write.
pub(crate) async fn value_of<'c, T>(
    db: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    entity: &'static str,
    id: i64,
) -> Result<T>
where
    (T,): Row,
{
    value(db, sql, &[Arg::Int(id)])
        .await?
        .ok_or_else(|| StoreError::missing(entity, id))
}

/// The row that `sql` selects with `args` bound, if there is one, as `R` (a tuple or a
/// row struct).
pub(crate) async fn row<'c, R: Row>(
    db: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    args: &[Arg],
) -> Result<Option<R>> {
    Ok(bind_args!(sqlx::query_as(sql), args)
        .fetch_optional(db)
        .await?)
}

/// Every row that `sql` selects with `args` bound, as `R`s.
pub(crate) async fn rows<'c, R: Row>(
    db: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    args: &[Arg],
) -> Result<Vec<R>> {
    Ok(bind_args!(sqlx::query_as(sql), args).fetch_all(db).await?)
}

/// The one column that `sql` selects with `args` bound, from every row.
pub(crate) async fn values<'c, T>(
    db: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    args: &[Arg],
) -> Result<Vec<T>>
where
    (T,): Row,
{
    let found = rows::<(T,)>(db, sql, args).await?;
    Ok(found.into_iter().map(|(v,)| v).collect())
}
