//! Rows as the database returns them, and their conversion into the domain model.

use gazette_core::model::{Author, Category, Media, Tag};
use sqlx::{Any, Executor, SqlSafeStr};
use time::OffsetDateTime;

use crate::args::Arg;
use crate::run::{Row, row, rows};
use crate::{Result, StoreError};

/// The model of the one row of type `R` that `sql` selects with `key` as `$1`, if there is
/// one: the lookup by id, hash or address that each entity makes, written once.
pub(crate) async fn one_row<'c, R, T>(
    db: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    key: Arg,
) -> Result<Option<T>>
where
    R: Row,
    T: TryFrom<R, Error = StoreError>,
{
    let found: Option<R> = row(db, sql, &[key]).await?;
    found.map(T::try_from).transpose()
}

/// The models of every row of type `R` that `sql` selects with `args` bound: the lists
/// that [`one_row`] is the single lookup of.
pub(crate) async fn all_rows<'c, R, T>(
    db: impl Executor<'c, Database = Any>,
    sql: impl SqlSafeStr,
    args: &[Arg],
) -> Result<Vec<T>>
where
    R: Row,
    T: TryFrom<R, Error = StoreError>,
{
    let found: Vec<R> = rows(db, sql, args).await?;
    found.into_iter().map(T::try_from).collect()
}

pub(crate) fn to_time(secs: i64) -> Result<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp(secs)
        .map_err(|_| StoreError::Corrupt(format!("timestamp {secs} is out of range")))
}

pub(crate) fn to_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

/// `$1, $2, …` for an `IN (…)` list starting at placeholder `first`.
pub(crate) fn placeholders(first: usize, count: usize) -> String {
    (first..first + count)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A row with a count next to it (a tag's articles, …), the count read from column `n`.
#[derive(sqlx::FromRow)]
pub(crate) struct Counted<T> {
    #[sqlx(flatten)]
    pub row: T,
    pub n: i64,
}

/// Columns of `authors au` that an [`AuthorRow`] needs.
pub(crate) const AUTHOR_COLS: &str = "au.id, au.slug, au.name, au.bio, au.avatar_url";

#[derive(sqlx::FromRow)]
pub(crate) struct AuthorRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub bio: String,
    pub avatar_url: Option<String>,
}

impl From<AuthorRow> for Author {
    fn from(r: AuthorRow) -> Self {
        Author {
            id: r.id,
            slug: r.slug,
            name: r.name,
            bio: r.bio,
            avatar_url: r.avatar_url,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CategoryRow {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub path: String,
    pub position: i64,
}

impl From<CategoryRow> for Category {
    fn from(r: CategoryRow) -> Self {
        Category {
            id: r.id,
            parent_id: r.parent_id,
            slug: r.slug,
            name: r.name,
            description: r.description,
            path: r.path,
            position: r.position,
        }
    }
}

/// Columns of `tags t` that a [`TagRow`] needs.
pub(crate) const TAG_COLS: &str = "t.id, t.slug, t.name, t.special";

#[derive(sqlx::FromRow)]
pub(crate) struct TagRow {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub special: i64,
}

impl From<TagRow> for Tag {
    fn from(r: TagRow) -> Self {
        Tag {
            id: r.id,
            slug: r.slug,
            name: r.name,
            special: r.special != 0,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct MediaRow {
    pub id: i64,
    pub path: String,
    pub mime: String,
    pub width: i64,
    pub height: i64,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub variant_widths: String,
    pub webp_widths: String,
}

/// Widths stored as `480,960`; a bad entry means the row was written by something else.
pub(crate) fn parse_widths(id: i64, list: &str) -> Result<Vec<u32>> {
    list.split(',')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.parse::<u32>().map_err(|_| {
                StoreError::Corrupt(format!("media {id} has a bad variant width `{w}`"))
            })
        })
        .collect()
}

/// Widths as stored: `480,960` (the inverse of [`parse_widths`]).
pub(crate) fn join_widths(widths: &[u32]) -> String {
    widths
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl TryFrom<MediaRow> for Media {
    type Error = StoreError;
    fn try_from(r: MediaRow) -> Result<Self> {
        let variant_widths = parse_widths(r.id, &r.variant_widths)?;
        let webp_widths = parse_widths(r.id, &r.webp_widths)?;
        Ok(Media {
            id: r.id,
            path: r.path,
            mime: r.mime,
            width: to_u32(r.width),
            height: to_u32(r.height),
            alt: r.alt,
            caption: r.caption,
            credit: r.credit,
            variant_widths,
            webp_widths,
        })
    }
}

pub(crate) const MEDIA_COLS: &str =
    "id, path, mime, width, height, alt, caption, credit, variant_widths, webp_widths";
