//! What every write shares: the checks and error mappings that the aggregates' inserts use so a
//! duplicate slug or an over-long field is refused the same way everywhere.

use gazette_core::limits::TooLong;
use gazette_core::slug;
use sqlx::{Any, Transaction};

use crate::{Result, StoreError};

pub(crate) fn check_slug(entity: &'static str, value: &str) -> Result<()> {
    slug::validate(value).map_err(|e| StoreError::Invalid {
        entity,
        field: "slug",
        message: e.to_string(),
    })
}

/// Maps a unique-constraint failure to a `Duplicate` error naming the value.
pub(crate) fn unique(
    entity: &'static str,
    field: &'static str,
    value: &str,
) -> impl FnOnce(sqlx::Error) -> StoreError {
    let value = value.to_owned();
    move |e| match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Duplicate {
            entity,
            field,
            value,
        },
        _ => StoreError::Sql(e),
    }
}

pub(crate) async fn insert_returning_id(
    tx: &mut Transaction<'static, Any>,
    query: sqlx::query::QueryScalar<'_, Any, i64, sqlx::any::AnyArguments>,
    on_error: impl FnOnce(sqlx::Error) -> StoreError,
) -> Result<i64> {
    query.fetch_one(&mut **tx).await.map_err(on_error)
}

/// Articles and pages share the `/{slug}/` namespace, so a slug may be used by only one.
pub(crate) async fn slug_free_for(
    tx: &mut Transaction<'static, Any>,
    entity: &'static str,
    slug: &str,
) -> Result<()> {
    let other = if entity == "page" {
        "articles"
    } else {
        "pages"
    };
    let taken: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT COUNT(*) FROM {other} WHERE slug = $1"
    )))
    .bind(slug)
    .fetch_one(&mut **tx)
    .await?;
    if taken > 0 {
        return Err(StoreError::Duplicate {
            entity,
            field: "slug",
            value: slug.to_owned(),
        });
    }
    Ok(())
}

/// A value over core's limit, refused like any other invalid field.
pub(crate) fn too_long(entity: &'static str) -> impl Fn(TooLong) -> StoreError {
    move |e| StoreError::Invalid {
        entity,
        field: e.field.name(),
        message: e.to_string(),
    }
}
