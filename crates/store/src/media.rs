//! The newsroom's media library: recording uploads (the same bytes twice give one entry),
//! listing and searching them, editing their words, finding where each is used, and
//! deleting only what nothing uses.

use gazette_core::audit::AuditAction;
use gazette_core::changes::ChangeEntity;
use gazette_core::model::Media;
use sqlx::{Any, AssertSqlSafe, Transaction};
use time::OffsetDateTime;

use crate::args::{Arg, bind_args};
use crate::audit::Actor;
use crate::like::contains_pattern;
use crate::rows::{MEDIA_COLS, MediaRow, join_widths, one_row};
use crate::run::{execute, execute_on, row, rows};
use crate::write::unique;
use crate::{Result, Store, StoreError};

/// An accepted upload, as written to disk by `gazette_media::upload::accept`.
#[derive(Debug, Clone)]
pub struct NewUpload {
    pub path: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub variant_widths: Vec<u32>,
    pub webp_widths: Vec<u32>,
    pub file_size: u64,
    pub sha256: String,
    /// What the uploader's computer called the file, for search and display only.
    pub original_name: String,
    pub alt: String,
}

/// What recording an upload did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// A new entry with this id.
    Created(i64),
    /// The same bytes were already in the library under this id; nothing was written.
    Existing(i64),
}

impl Recorded {
    pub fn id(self) -> i64 {
        match self {
            Recorded::Created(id) | Recorded::Existing(id) => id,
        }
    }
}

/// One picture of the library with what the newsroom shows about it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MediaEntry {
    #[sqlx(flatten, try_from = "MediaRow")]
    pub media: Media,
    #[sqlx(try_from = "i64")]
    pub file_size: u64,
    pub original_name: String,
    pub uploaded_by: Option<i64>,
    pub uploader_name: Option<String>,
    pub created_at: i64,
}

const ENTRY_SELECT: &str = "SELECT m.id, m.path, m.mime, m.width, m.height, m.alt, m.caption, \
     m.credit, m.variant_widths, m.webp_widths, m.file_size, m.original_name, m.uploaded_by, \
     u.name AS uploader_name, m.created_at \
     FROM media m LEFT JOIN users u ON u.id = m.uploaded_by";

/// Which part of the library to list.
#[derive(Debug, Clone, Default)]
pub struct MediaQuery {
    /// Words looked for in alt text, caption, credit, original name and path.
    pub text: String,
    /// Only what this user uploaded.
    pub uploaded_by: Option<i64>,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

/// A page of the library, newest first, and how many entries match in all.
#[derive(Debug, Clone)]
pub struct MediaListing {
    pub entries: Vec<MediaEntry>,
    pub total: u64,
}

/// Where a picture is used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaUsage {
    /// `article`, `page`, or `site` (the settings).
    pub kind: &'static str,
    pub id: i64,
    pub title: String,
    /// `featured image` or `body`.
    pub how: &'static str,
}

impl std::fmt::Display for MediaUsage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} “{}” ({})", self.kind, self.title, self.how)
    }
}

/// What deleting a picture did.
#[derive(Debug, Clone)]
pub enum Deletion {
    /// The row is gone; the caller removes these files.
    Deleted(Media),
    /// Nothing was deleted because these use it.
    InUse(Vec<MediaUsage>),
}

/// The path without its extension: variants share it (`{stem}-480.jpg`), so a body that
/// links any of them is found.
fn stem(path: &str) -> &str {
    match path.rfind('.') {
        Some(dot) if !path[dot..].contains('/') => &path[..dot],
        _ => path,
    }
}

impl Store {
    /// The entry holding exactly these bytes, if any.
    pub async fn media_id_by_sha256(&self, sha256: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar("SELECT id FROM media WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Records an upload for `actor`, or returns the entry that already holds the same bytes.
    pub async fn record_upload(&self, new: &NewUpload, actor: &Actor) -> Result<Recorded> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.write(now).await?;
        let existing: Option<i64> = sqlx::query_scalar("SELECT id FROM media WHERE sha256 = $1")
            .bind(&new.sha256)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(id) = existing {
            return Ok(Recorded::Existing(id));
        }
        let inserted: std::result::Result<i64, sqlx::Error> = sqlx::query_scalar(
            "INSERT INTO media (path, mime, width, height, alt, caption, credit, variant_widths, \
             webp_widths, sha256, uploaded_by, file_size, original_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, '', '', $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(&new.path)
        .bind(&new.mime)
        .bind(i64::from(new.width))
        .bind(i64::from(new.height))
        .bind(&new.alt)
        .bind(join_widths(&new.variant_widths))
        .bind(join_widths(&new.webp_widths))
        .bind(&new.sha256)
        .bind(actor.user_id)
        .bind(i64::try_from(new.file_size).unwrap_or(i64::MAX))
        .bind(&new.original_name)
        .bind(now)
        .fetch_one(&mut **tx)
        .await;
        let id = match inserted {
            Ok(id) => id,
            // Another node recorded the same bytes between our look-up and insert
            // (PostgreSQL; SQLite's write lock serialises them): theirs is the entry.
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                drop(tx);
                return match self.media_id_by_sha256(&new.sha256).await? {
                    Some(id) => Ok(Recorded::Existing(id)),
                    None => Err(StoreError::Duplicate {
                        entity: "media file",
                        field: "path",
                        value: new.path.clone(),
                    }),
                };
            }
            Err(e) => return Err(e.into()),
        };
        tx.logged(actor, AuditAction::MediaUpload, id, &new.path)
            .await?;
        tx.commit().await?;
        Ok(Recorded::Created(id))
    }

    /// One entry of the library.
    pub async fn media_entry(&self, id: i64) -> Result<Option<MediaEntry>> {
        let sql = AssertSqlSafe(format!("{ENTRY_SELECT} WHERE m.id = $1"));
        row(&self.pool, sql, &[Arg::Int(id)]).await
    }

    /// A page of the library, newest first.
    pub async fn media_library(&self, q: &MediaQuery) -> Result<MediaListing> {
        let per_page = i64::from(q.per_page.clamp(1, 200));
        let offset = i64::from(q.page.max(1) - 1) * per_page;
        let text = q.text.trim().to_lowercase();
        let mut filter = String::from(" WHERE 1 = 1");
        if !text.is_empty() {
            filter.push_str(
                " AND (LOWER(m.alt) LIKE $1 ESCAPE '\\' OR LOWER(m.caption) LIKE $1 ESCAPE '\\' \
                 OR LOWER(m.credit) LIKE $1 ESCAPE '\\' OR LOWER(m.original_name) LIKE $1 ESCAPE '\\' \
                 OR LOWER(m.path) LIKE $1 ESCAPE '\\')",
            );
        }
        if q.uploaded_by.is_some() {
            filter.push_str(if text.is_empty() {
                " AND m.uploaded_by = $1"
            } else {
                " AND m.uploaded_by = $2"
            });
        }
        let pattern = contains_pattern(&text);
        let binds = usize::from(!text.is_empty()) + usize::from(q.uploaded_by.is_some());

        let count_sql = format!("SELECT COUNT(*) FROM media m{filter}");
        let mut count = sqlx::query_scalar::<_, i64>(AssertSqlSafe(count_sql));
        if !text.is_empty() {
            count = count.bind(pattern.clone());
        }
        if let Some(user) = q.uploaded_by {
            count = count.bind(user);
        }
        let total = count.fetch_one(&self.pool).await?;

        let list_sql = format!(
            "{ENTRY_SELECT}{filter} ORDER BY m.id DESC LIMIT ${} OFFSET ${}",
            binds + 1,
            binds + 2
        );
        let mut list = sqlx::query_as::<_, MediaEntry>(AssertSqlSafe(list_sql));
        if !text.is_empty() {
            list = list.bind(pattern);
        }
        if let Some(user) = q.uploaded_by {
            list = list.bind(user);
        }
        let entries = list
            .bind(per_page)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?;
        Ok(MediaListing {
            entries,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    /// Changes the words that go with a picture.
    pub async fn update_media_text(
        &self,
        id: i64,
        alt: &str,
        caption: &str,
        credit: &str,
        actor: &Actor,
    ) -> Result<()> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.write(now).await?;
        let sql = "UPDATE media SET alt = $1, caption = $2, credit = $3 WHERE id = $4";
        let args = [alt.into(), caption.into(), credit.into(), id.into()];
        execute_on(&mut **tx, sql, &args, "media file", id).await?;
        tx.logged(actor, AuditAction::MediaUpdate, id, "").await?;
        tx.commit().await
    }

    /// Where the picture `id` is used: articles featuring it or sharing it as their social
    /// image, articles and pages whose Markdown links it or one of its variants, the site's
    /// settings choosing it as the social image.
    pub async fn media_usages(&self, id: i64) -> Result<Vec<MediaUsage>> {
        let mut conn = self.pool.acquire().await?;
        usages(&mut conn, id).await
    }

    /// Deletes the entry `id` unless something uses it. The caller removes the files after
    /// this returns [`Deletion::Deleted`], so a failed delete never leaves a row without its
    /// files.
    pub async fn delete_media(&self, id: i64, actor: &Actor) -> Result<Deletion> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.write(now).await?;
        let media = media_with_id(&mut **tx, id)
            .await?
            .ok_or_else(|| StoreError::missing("media file", id))?;
        let used = usages(&mut tx, id).await?;
        if !used.is_empty() {
            return Ok(Deletion::InUse(used));
        }
        execute(&mut **tx, "DELETE FROM media WHERE id = $1", &[id.into()]).await?;
        tx.logged(actor, AuditAction::MediaDelete, id, &media.path)
            .await?;
        tx.commit().await?;
        Ok(Deletion::Deleted(media))
    }
}

/// The picture `id`, read from the pool or inside a write.
async fn media_with_id<'c>(
    db: impl sqlx::Executor<'c, Database = Any>,
    id: i64,
) -> Result<Option<Media>> {
    let sql = format!("SELECT {MEDIA_COLS} FROM media WHERE id = $1");
    one_row::<MediaRow, _>(db, AssertSqlSafe(sql), Arg::Int(id)).await
}

/// Inserts a picture that comes with its words (the seed's and the import's, not an
/// upload); callers map a taken path to their own error.
pub(crate) async fn insert_media(
    tx: &mut Transaction<'static, Any>,
    new: &NewMedia,
    now: i64,
) -> std::result::Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO media (path, mime, width, height, alt, caption, credit, variant_widths, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&new.path)
    .bind(&new.mime)
    .bind(i64::from(new.width))
    .bind(i64::from(new.height))
    .bind(&new.alt)
    .bind(&new.caption)
    .bind(&new.credit)
    .bind(join_widths(&new.variant_widths))
    .bind(now)
    .fetch_one(&mut **tx)
    .await
}

async fn usages(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Vec<MediaUsage>> {
    let path: Option<String> = sqlx::query_scalar("SELECT path FROM media WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    let Some(path) = path else {
        return Ok(Vec::new());
    };
    let pattern = Arg::Text(contains_pattern(stem(&path)));
    let by_id = Arg::Int(id);
    let mut out = Vec::new();
    for (table, kind, condition, value, how) in [
        (
            "articles",
            "article",
            "featured_media_id = $1",
            &by_id,
            "featured image",
        ),
        (
            "articles",
            "article",
            "social_media_id = $1",
            &by_id,
            "social image",
        ),
        (
            "articles",
            "article",
            "body_markdown LIKE $1 ESCAPE '\\'",
            &pattern,
            "body",
        ),
        (
            "pages",
            "page",
            "body_markdown LIKE $1 ESCAPE '\\'",
            &pattern,
            "body",
        ),
    ] {
        let sql = format!("SELECT id, title FROM {table} WHERE {condition} ORDER BY id");
        let used: Vec<(i64, String)> = bind_args!(sqlx::query_as(AssertSqlSafe(sql)), [value])
            .fetch_all(&mut *conn)
            .await?;
        out.extend(used.into_iter().map(|(id, title)| MediaUsage {
            kind,
            id,
            title,
            how,
        }));
    }
    // The site's own social image, chosen in the settings.
    let site = crate::settings::settings_in(conn).await?;
    if site.social_media_id == Some(id) {
        out.push(MediaUsage {
            kind: "site",
            id: 0,
            title: site.name,
            how: "social image",
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_match_literally() {
        assert_eq!(stem("uploads/2026/11/ab-x.jpg"), "uploads/2026/11/ab-x");
        assert_eq!(stem("demo.d/07"), "demo.d/07");
    }
}

#[derive(Debug, Clone)]
pub struct NewMedia {
    pub path: String,
    pub mime: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
    pub caption: String,
    pub credit: String,
    pub variant_widths: Vec<u32>,
}

/// A media item for the featured image picker.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MediaChoice {
    pub id: i64,
    pub path: String,
    pub alt: String,
    pub width: i64,
    pub variant_widths: String,
}

impl Store {
    pub async fn create_media(&self, new: &NewMedia) -> Result<i64> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let mut tx = self.write(now).await?;
        let id = insert_media(&mut tx, new, now).await.map_err(unique(
            "media file",
            "path",
            &new.path,
        ))?;
        tx.commit_created(ChangeEntity::Media, id).await
    }

    pub async fn media_by_id(&self, id: i64) -> Result<Option<Media>> {
        media_with_id(&self.pool, id).await
    }

    /// The newest media, for the featured and social image pickers.
    pub async fn media_choices(&self, limit: i64) -> Result<Vec<MediaChoice>> {
        let sql = "SELECT id, path, alt, width, variant_widths FROM media \
                   ORDER BY created_at DESC, id DESC LIMIT $1";
        rows(&self.pool, sql, &[limit.into()]).await
    }
}
