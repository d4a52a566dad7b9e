//! The store's error type: what went wrong in terms a caller can act on.

use gazette_core::model::UnknownValue;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL `{0}`: use sqlite://PATH or postgres://USER@HOST/DB")]
    UnsupportedUrl(String),
    #[error("cannot open the database: {0}")]
    Connect(#[source] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    #[error("{entity} {field} `{value}` is already taken; choose another")]
    Duplicate {
        entity: &'static str,
        field: &'static str,
        value: String,
    },
    #[error("no {entity} with {field} `{value}`")]
    Missing {
        entity: &'static str,
        field: &'static str,
        value: String,
    },
    #[error("invalid {entity} {field}: {message}")]
    Invalid {
        entity: &'static str,
        field: &'static str,
        message: String,
    },
    /// A change made from a copy older than the current revision (optimistic concurrency).
    #[error(
        "{entity} {id} has changed since revision {expected} (it is at revision {current} now)"
    )]
    Stale {
        entity: &'static str,
        id: i64,
        expected: i64,
        current: i64,
    },
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Unsupported(&'static str),
    #[error(transparent)]
    UnknownValue(#[from] UnknownValue),
}

impl StoreError {
    /// There is no `entity` with the id `id`.
    pub(crate) fn missing(entity: &'static str, id: i64) -> StoreError {
        StoreError::Missing {
            entity,
            field: "id",
            value: id.to_string(),
        }
    }

    /// The value of `entity`'s `field` is refused; `message` says why.
    pub(crate) fn invalid(
        entity: &'static str,
        field: &'static str,
        message: impl Into<String>,
    ) -> StoreError {
        StoreError::Invalid {
            entity,
            field,
            message: message.into(),
        }
    }
}
