//! Schema migrations, embedded in the binary: one directory per backend because DDL
//! differs (identity columns), while the queries that use the schema are shared.

use std::borrow::Cow;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::{Backend, Result, Store};

const SQLITE: &[(i64, &str, &str)] = &[
    (
        1,
        "content",
        include_str!("../migrations/sqlite/0001_content.sql"),
    ),
    (
        2,
        "import",
        include_str!("../migrations/sqlite/0002_import.sql"),
    ),
    (
        3,
        "views_hourly",
        include_str!("../migrations/sqlite/0003_views_hourly.sql"),
    ),
    (
        4,
        "accounts",
        include_str!("../migrations/sqlite/0004_accounts.sql"),
    ),
    (
        5,
        "jobs",
        include_str!("../migrations/sqlite/0005_jobs.sql"),
    ),
    (
        6,
        "editorial",
        include_str!("../migrations/sqlite/0006_editorial.sql"),
    ),
    (
        7,
        "media_library",
        include_str!("../migrations/sqlite/0007_media_library.sql"),
    ),
    (
        8,
        "leases",
        include_str!("../migrations/sqlite/0008_leases.sql"),
    ),
    (
        9,
        "desk",
        include_str!("../migrations/sqlite/0009_desk.sql"),
    ),
    (
        10,
        "digest",
        include_str!("../migrations/sqlite/0010_digest.sql"),
    ),
    (
        11,
        "translations",
        include_str!("../migrations/sqlite/0011_translations.sql"),
    ),
    (
        12,
        "api keys",
        include_str!("../migrations/sqlite/0012_api_keys.sql"),
    ),
    (
        13,
        "change_order",
        include_str!("../migrations/sqlite/0013_change_order.sql"),
    ),
    (
        14,
        "interface_language",
        include_str!("../migrations/sqlite/0014_interface_language.sql"),
    ),
    (
        15,
        "desk_stories",
        include_str!("../migrations/sqlite/0015_desk_stories.sql"),
    ),
    (
        16,
        "admin_api_trash_rate",
        include_str!("../migrations/sqlite/0016_admin_api_trash_rate.sql"),
    ),
    (
        17,
        "shared_view_readers",
        include_str!("../migrations/sqlite/0017_shared_view_readers.sql"),
    ),
    (
        18,
        "most_read_index",
        include_str!("../migrations/sqlite/0018_most_read_index.sql"),
    ),
];
const POSTGRES: &[(i64, &str, &str)] = &[
    (
        1,
        "content",
        include_str!("../migrations/postgres/0001_content.sql"),
    ),
    (
        2,
        "import",
        include_str!("../migrations/postgres/0002_import.sql"),
    ),
    (
        3,
        "views_hourly",
        include_str!("../migrations/postgres/0003_views_hourly.sql"),
    ),
    (
        4,
        "accounts",
        include_str!("../migrations/postgres/0004_accounts.sql"),
    ),
    (
        5,
        "jobs",
        include_str!("../migrations/postgres/0005_jobs.sql"),
    ),
    (
        6,
        "editorial",
        include_str!("../migrations/postgres/0006_editorial.sql"),
    ),
    (
        7,
        "media_library",
        include_str!("../migrations/postgres/0007_media_library.sql"),
    ),
    (
        8,
        "leases",
        include_str!("../migrations/postgres/0008_leases.sql"),
    ),
    (
        9,
        "desk",
        include_str!("../migrations/postgres/0009_desk.sql"),
    ),
    (
        10,
        "digest",
        include_str!("../migrations/postgres/0010_digest.sql"),
    ),
    (
        11,
        "translations",
        include_str!("../migrations/postgres/0011_translations.sql"),
    ),
    (
        12,
        "api keys",
        include_str!("../migrations/postgres/0012_api_keys.sql"),
    ),
    (
        13,
        "change_order",
        include_str!("../migrations/postgres/0013_change_order.sql"),
    ),
    (
        14,
        "interface_language",
        include_str!("../migrations/postgres/0014_interface_language.sql"),
    ),
    (
        15,
        "desk_stories",
        include_str!("../migrations/postgres/0015_desk_stories.sql"),
    ),
    (
        16,
        "admin_api_trash_rate",
        include_str!("../migrations/postgres/0016_admin_api_trash_rate.sql"),
    ),
    (
        17,
        "shared_view_readers",
        include_str!("../migrations/postgres/0017_shared_view_readers.sql"),
    ),
    (
        18,
        "most_read_index",
        include_str!("../migrations/postgres/0018_most_read_index.sql"),
    ),
];

fn migrator(backend: Backend) -> Migrator {
    let list = match backend {
        Backend::Sqlite => SQLITE,
        Backend::Postgres => POSTGRES,
    };
    Migrator::with_migrations(
        list.iter()
            .map(|(version, name, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*name),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

impl Store {
    /// Applies the migrations that have not run yet; safe to call on every start.
    pub async fn migrate(&self) -> Result<()> {
        migrator(self.backend()).run(&self.pool).await?;
        self.settle_restored_change_log().await
    }
}
