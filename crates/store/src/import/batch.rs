//! Writing one [`ImportBatch`]: one transaction, one function per kind of object, in the
//! order later kinds refer to earlier ones (categories, tags, authors, media, articles,
//! pages, redirects). Objects that already exist in Gazette (same category path, tag
//! slug, media path, or author with the same slug and name) are matched rather than
//! duplicated; every object is recorded in `wp_import_map` so a rerun skips it.
//!
//! Rows that nothing in the batch reads back (article tags and credits, change-log rows of
//! articles and pages, map rows, redirects) are collected and sent as multi-row inserts at
//! the end, which is most of the speed of a large import over a network connection.

use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::derived;
use gazette_core::limits::{self, Field};
use gazette_core::model::{CreditRole, Status};
use gazette_core::{slug, urls};
use sqlx::{Any, Transaction};
use time::OffsetDateTime;

use super::{
    CategoryParent, ImportArticle, ImportAuthor, ImportBatch, ImportCategory, ImportMedia,
    ImportPage, ImportRedirect, ImportTag, ImportedIds,
};
use crate::args::Arg;
use crate::authors::insert_author;
use crate::bulk::BulkInsert;
use crate::changes::append;
use crate::media::insert_media;
use crate::pages::PageValues;
use crate::taxonomy::{child_path, insert_category, insert_tag};
use crate::write::check_slug;
use crate::{Result, Store, StoreError};

impl Store {
    /// Writes one batch of an import in one transaction.
    pub async fn import_batch(&self, batch: &ImportBatch) -> Result<ImportedIds> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let tx = self.begin_write().await?;
        let mut w = BatchWriter::new(tx, &batch.site, now);
        for c in &batch.categories {
            w.category(c).await?;
        }
        for t in &batch.tags {
            w.tag(t).await?;
        }
        for a in &batch.authors {
            w.author(a).await?;
        }
        for m in &batch.media {
            w.media(m).await?;
        }
        for a in &batch.articles {
            w.article(a).await?;
        }
        for p in &batch.pages {
            w.page(p).await?;
        }
        for r in &batch.redirects {
            w.redirect(r);
        }
        let out = w.finish().await?;
        if !batch.categories.is_empty() {
            self.forget_cached();
        }
        Ok(out)
    }
}

/// A batch being written: its transaction, what it has done so far and the rows waiting
/// for a multi-row insert.
struct BatchWriter<'b> {
    tx: Transaction<'static, Any>,
    site: &'b str,
    now: i64,
    out: ImportedIds,
    article_tags: BulkInsert,
    credits: BulkInsert,
    changes: BulkInsert,
    maps: BulkInsert,
    redirects: BulkInsert,
}

impl<'b> BatchWriter<'b> {
    fn new(tx: Transaction<'static, Any>, site: &'b str, now: i64) -> BatchWriter<'b> {
        BatchWriter {
            tx,
            site,
            now,
            out: ImportedIds::default(),
            article_tags: BulkInsert::new(
                "article_tags",
                &["article_id", "tag_id"],
                "ON CONFLICT DO NOTHING",
            ),
            credits: BulkInsert::new(
                "article_credits",
                &["article_id", "author_id", "role", "position"],
                "ON CONFLICT DO NOTHING",
            ),
            changes: BulkInsert::new("changes", &["at", "entity", "entity_id", "action"], ""),
            maps: BulkInsert::new(
                "wp_import_map",
                &[
                    "site",
                    "kind",
                    "wp_id",
                    "gazette_id",
                    "wp_slug",
                    "login",
                    "email",
                    "imported_at",
                ],
                "ON CONFLICT DO NOTHING",
            ),
            redirects: BulkInsert::new(
                "redirects",
                &["old_path", "target", "article_id", "page_id", "created_at"],
                "ON CONFLICT (old_path) DO NOTHING",
            ),
        }
    }

    /// Sends the collected rows and commits.
    async fn finish(mut self) -> Result<ImportedIds> {
        let tx = &mut self.tx;
        self.article_tags.flush(tx).await?;
        self.credits.flush(tx).await?;
        self.changes.flush(tx).await?;
        self.maps.flush(tx).await?;
        self.out.redirects += self.redirects.flush(tx).await?;
        if self.out.redirects > 0 {
            append(
                tx,
                self.now,
                ChangeEntity::Redirect,
                0,
                ChangeAction::Create,
            )
            .await?;
        }
        self.tx.commit().await?;
        Ok(self.out)
    }

    /// Records a created row in the change log and counts it as created.
    async fn created(&mut self, kind: &'static str, entity: ChangeEntity, id: i64) -> Result<()> {
        append(&mut self.tx, self.now, entity, id, ChangeAction::Create).await?;
        *self.out.created.entry(kind).or_default() += 1;
        Ok(())
    }

    /// Records in `wp_import_map` that `row.wp_id` became `row.gazette_id`.
    async fn map(&mut self, row: MapRow<'_>) -> Result<()> {
        sqlx::query(
            "INSERT INTO wp_import_map (site, kind, wp_id, gazette_id, wp_slug, login, email, imported_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
        )
        .bind(self.site)
        .bind(row.kind)
        .bind(row.wp_id)
        .bind(row.gazette_id)
        .bind(row.wp_slug)
        .bind(row.login.map(|(l, _)| l.to_owned()))
        .bind(row.login.map(|(_, e)| e.to_owned()))
        .bind(self.now)
        .execute(&mut *self.tx)
        .await?;
        self.out.ids.insert((row.kind, row.wp_id), row.gazette_id);
        Ok(())
    }

    async fn scalar_opt(&mut self, sql: &'static str, value: &str) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(sql)
            .bind(value)
            .fetch_optional(&mut *self.tx)
            .await?)
    }

    /// The Gazette id of a category's parent, if it has one.
    async fn category_parent(&mut self, parent: Option<CategoryParent>) -> Result<Option<i64>> {
        Ok(match parent {
            None => None,
            Some(CategoryParent::Gazette(id)) => Some(id),
            Some(CategoryParent::Imported(wp)) => {
                let found: Option<i64> = sqlx::query_scalar(
                    "SELECT gazette_id FROM wp_import_map WHERE site = $1 AND kind = 'category' AND wp_id = $2",
                )
                .bind(self.site)
                .bind(wp)
                .fetch_optional(&mut *self.tx)
                .await?;
                Some(found.ok_or_else(|| StoreError::Missing {
                    entity: "imported parent category",
                    field: "WordPress id",
                    value: wp.to_string(),
                })?)
            }
        })
    }

    async fn category(&mut self, c: &ImportCategory) -> Result<()> {
        let parent_id = self.category_parent(c.parent).await?;
        let path = child_path(&mut self.tx, parent_id, &c.category.slug).await?;
        check_slug("category", &c.category.slug)?;
        let id = match self
            .scalar_opt("SELECT id FROM categories WHERE path = $1", &path)
            .await?
        {
            Some(existing) => existing,
            None => {
                let id = insert_category(&mut self.tx, parent_id, &c.category, &path).await?;
                self.created("category", ChangeEntity::Category, id).await?;
                id
            }
        };
        self.map(MapRow::plain("category", c.wp_id, id, &c.wp_slug))
            .await
    }

    async fn tag(&mut self, t: &ImportTag) -> Result<()> {
        check_slug("tag", &t.tag.slug)?;
        let id = match self
            .scalar_opt("SELECT id FROM tags WHERE slug = $1", &t.tag.slug)
            .await?
        {
            Some(existing) => existing,
            None => {
                let id = insert_tag(&mut self.tx, &t.tag).await?;
                self.created("tag", ChangeEntity::Tag, id).await?;
                id
            }
        };
        self.map(MapRow::plain("tag", t.wp_id, id, &t.wp_slug))
            .await
    }

    /// `wanted-2`, `wanted-3`…: the first author slug nobody has.
    async fn free_author_slug(&mut self, wanted: &str) -> Result<String> {
        let mut n = 2;
        loop {
            let s = format!("{wanted}-{n}");
            if self
                .scalar_opt("SELECT id FROM authors WHERE slug = $1", &s)
                .await?
                .is_none()
            {
                return Ok(s);
            }
            n += 1;
        }
    }

    async fn author(&mut self, a: &ImportAuthor) -> Result<()> {
        check_slug("author", &a.author.slug)?;
        // Same slug and name: the same person, already on staff.
        let existing: Option<(i64, String)> =
            sqlx::query_as("SELECT id, name FROM authors WHERE slug = $1")
                .bind(&a.author.slug)
                .fetch_optional(&mut *self.tx)
                .await?;
        let id = match existing {
            Some((id, name)) if name == a.author.name => id,
            other => {
                let slug = if other.is_some() {
                    self.free_author_slug(&a.author.slug).await?
                } else {
                    a.author.slug.clone()
                };
                if slug != a.author.slug {
                    self.out
                        .renamed
                        .push(("author", a.author.slug.clone(), slug.clone()));
                }
                let id = insert_author(&mut self.tx, &slug, &a.author, self.now).await?;
                self.created("author", ChangeEntity::Author, id).await?;
                id
            }
        };
        self.map(MapRow {
            kind: "author",
            wp_id: a.wp_id,
            gazette_id: id,
            wp_slug: &a.login,
            login: Some((&a.login, &a.email)),
        })
        .await
    }

    async fn media(&mut self, m: &ImportMedia) -> Result<()> {
        let n = &m.media;
        let id = match self
            .scalar_opt("SELECT id FROM media WHERE path = $1", &n.path)
            .await?
        {
            Some(existing) => existing,
            None => {
                let id = insert_media(&mut self.tx, n, self.now).await?;
                self.created("attachment", ChangeEntity::Media, id).await?;
                id
            }
        };
        self.map(MapRow::plain("attachment", m.wp_id, id, &n.path))
            .await
    }

    async fn article(&mut self, a: &ImportArticle) -> Result<()> {
        if a.title.trim().is_empty() {
            return Err(StoreError::invalid(
                "article",
                "title",
                format!("WordPress post {} has an empty title", a.wp_id),
            ));
        }
        if let Err(e) = limits::check(Field::ArticleTitle, a.title.trim()) {
            return Err(StoreError::invalid(
                "article",
                "title",
                format!("WordPress post {}: {e}", a.wp_id),
            ));
        }
        if a.status == Status::Published && a.published_at.is_none() {
            return Err(StoreError::invalid(
                "article",
                "published_at",
                format!("WordPress post {} is published but has no date", a.wp_id),
            ));
        }
        let slug = self.free_slug("post", &a.slug).await?;
        let excerpt = derived::effective_excerpt(&a.excerpt, || a.body.excerpt.clone());
        let modified = a.modified_at.unix_timestamp();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO articles (slug, title, subtitle, excerpt, body_markdown, body_html, status, \
             kind, language, category_id, featured_media_id, published_at, modified_at, created_at, \
             word_count, reading_minutes, views) \
             VALUES ($1, $2, NULL, $3, $4, $5, $6, 'original', $7, $8, $9, $10, $11, $11, $12, $13, 0) \
             RETURNING id",
        )
        .bind(&slug)
        .bind(a.title.trim())
        .bind(excerpt)
        .bind(&a.body.markdown)
        .bind(&a.body.html)
        .bind(a.status.as_str())
        .bind(&a.language)
        .bind(a.category_id)
        .bind(a.featured_media_id)
        .bind(a.published_at.map(OffsetDateTime::unix_timestamp))
        .bind(modified)
        .bind(i64::from(a.body.words))
        .bind(i64::from(a.body.minutes))
        .fetch_one(&mut *self.tx)
        .await?;
        for tag_id in &a.tag_ids {
            self.article_tags
                .push(vec![Arg::Int(id), Arg::Int(*tag_id)]);
        }
        for (position, author_id) in a.author_ids.iter().enumerate() {
            self.credits.push(vec![
                Arg::Int(id),
                Arg::Int(*author_id),
                Arg::Text(CreditRole::Author.as_str().to_owned()),
                Arg::Int(i64::try_from(position).unwrap_or(i64::MAX)),
            ]);
        }
        self.changes
            .push(change_row(modified, ChangeEntity::Article, id));
        self.created_by_bulk("post", a.wp_id, id, &a.wp_slug);
        let target = urls::article_path(&slug);
        for old in &a.old_paths {
            if let Some(row) = redirect_row(old, &target, Some(id), None, self.now) {
                self.redirects.push(row);
            }
        }
        Ok(())
    }

    async fn page(&mut self, p: &ImportPage) -> Result<()> {
        if p.title.trim().is_empty() {
            return Err(StoreError::invalid(
                "page",
                "title",
                format!("WordPress page {} has an empty title", p.wp_id),
            ));
        }
        let slug = self.free_slug("page", &p.slug).await?;
        let at = p.modified_at.unix_timestamp();
        // Pages carry no language in an export: they are in the site's.
        let language = crate::settings::settings_in(&mut self.tx).await?.language;
        let id = PageValues {
            slug: &slug,
            title: p.title.trim(),
            body_markdown: &p.body.markdown,
            body_html: &p.body.html,
            published: p.published,
            language: &language,
            modified_at: at,
        }
        .write(&mut self.tx, None)
        .await?;
        self.changes.push(change_row(at, ChangeEntity::Page, id));
        self.created_by_bulk("page", p.wp_id, id, &p.wp_slug);
        let target = urls::page_path(&slug);
        for old in &p.old_paths {
            if let Some(row) = redirect_row(old, &target, None, Some(id), self.now) {
                self.redirects.push(row);
            }
        }
        Ok(())
    }

    /// `wanted`, or the first free slug after it (see [`free_slug`]), noted among the renamed
    /// of `kind` when it had to change.
    async fn free_slug(&mut self, kind: &'static str, wanted: &str) -> Result<String> {
        let slug = free_slug(&mut self.tx, wanted).await?;
        if slug != wanted {
            self.out
                .renamed
                .push((kind, wanted.to_owned(), slug.clone()));
        }
        Ok(slug)
    }

    /// Counts a created article or page and queues its map row for the bulk insert.
    fn created_by_bulk(&mut self, kind: &'static str, wp_id: i64, id: i64, wp_slug: &str) {
        self.maps
            .push(map_row(self.site, kind, wp_id, id, wp_slug, self.now));
        *self.out.created.entry(kind).or_default() += 1;
        self.out.ids.insert((kind, wp_id), id);
    }

    fn redirect(&mut self, r: &ImportRedirect) {
        if let Some(row) = redirect_row(&r.old_path, &r.target, r.article_id, None, self.now) {
            self.redirects.push(row);
        }
    }
}

/// One row of `wp_import_map`.
struct MapRow<'a> {
    kind: &'static str,
    wp_id: i64,
    gazette_id: i64,
    wp_slug: &'a str,
    /// An author's WordPress login and email.
    login: Option<(&'a str, &'a str)>,
}

impl<'a> MapRow<'a> {
    fn plain(kind: &'static str, wp_id: i64, gazette_id: i64, wp_slug: &'a str) -> MapRow<'a> {
        MapRow {
            kind,
            wp_id,
            gazette_id,
            wp_slug,
            login: None,
        }
    }
}

/// `wanted`, or `wanted-2`, `wanted-3`… : the first that is valid and used by no article
/// or page (they share `/{slug}/`).
async fn free_slug(tx: &mut Transaction<'static, Any>, wanted: &str) -> Result<String> {
    for n in 1..10_000u32 {
        let candidate = if n == 1 {
            wanted.to_owned()
        } else {
            let suffix = format!("-{n}");
            let base: String = wanted.chars().take(190).collect();
            format!("{}{suffix}", base.trim_end_matches('-'))
        };
        if slug::validate(&candidate).is_err() {
            continue;
        }
        let taken: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM articles WHERE slug = $1) + (SELECT COUNT(*) FROM pages WHERE slug = $1)",
        )
        .bind(&candidate)
        .fetch_one(&mut **tx)
        .await?;
        if taken == 0 {
            return Ok(candidate);
        }
    }
    Err(StoreError::Duplicate {
        entity: "article",
        field: "slug",
        value: wanted.to_owned(),
    })
}

/// The `redirects` row for `old_path`, unless it is the target itself or unusable.
fn redirect_row(
    old_path: &str,
    target: &str,
    article_id: Option<i64>,
    page_id: Option<i64>,
    now: i64,
) -> Option<Vec<Arg>> {
    if old_path == target || old_path.is_empty() || old_path.len() > 2000 {
        return None;
    }
    Some(vec![
        Arg::Text(old_path.to_owned()),
        Arg::Text(target.to_owned()),
        Arg::OptInt(article_id),
        Arg::OptInt(page_id),
        Arg::Int(now),
    ])
}

fn change_row(at: i64, entity: ChangeEntity, id: i64) -> Vec<Arg> {
    vec![
        Arg::Int(at),
        Arg::Text(entity.as_str().to_owned()),
        Arg::Int(id),
        Arg::Text(ChangeAction::Create.as_str().to_owned()),
    ]
}

fn map_row(site: &str, kind: &str, wp_id: i64, id: i64, wp_slug: &str, now: i64) -> Vec<Arg> {
    vec![
        Arg::Text(site.to_owned()),
        Arg::Text(kind.to_owned()),
        Arg::Int(wp_id),
        Arg::Int(id),
        Arg::Text(wp_slug.to_owned()),
        Arg::OptText(None),
        Arg::OptText(None),
        Arg::Int(now),
    ]
}
