//! Linked translations: articles that are versions of one story in different languages.
//!
//! Versions share `story_id` (the id of the article the story started from) and a
//! translation names the version it was made from in `translation_of`. The database holds
//! the rule "one version per language per story" (a unique index on `story_id, language`);
//! the checks here only turn it into an error that names the version in the way. Readers
//! see only visible versions (the one visibility rule in `core::visibility`); the newsroom
//! sees them all.

use gazette_core::audit::AuditAction;
use gazette_core::changes::{ChangeAction, ChangeEntity};
use gazette_core::lang;
use gazette_core::model::Status;
use gazette_core::visibility::visible_sql;
use sqlx::{Any, AssertSqlSafe, Transaction};
use time::OffsetDateTime;

use super::workflow::insert_draft;
use crate::audit::Actor;
use crate::run::{execute, row, rows, value, values};
use crate::write::WriteTx;
use crate::{Result, Store, StoreError};

/// One version of a story.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Version {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub language: String,
    #[sqlx(try_from = "String")]
    pub status: Status,
    /// The version the one at hand was translated from, if it names one.
    pub translation_of: Option<i64>,
}

impl Version {
    /// Whether this version names no original: the story's original (or a version linked
    /// without saying what it translates).
    pub fn is_original(&self) -> bool {
        self.translation_of.is_none()
    }
}

const VERSION_COLS: &str = "v.id, v.slug, v.title, v.language, v.status, v.translation_of";

fn invalid(message: impl Into<String>) -> StoreError {
    StoreError::invalid("article", "translation", message)
}

/// Refuses `language` for article `id` when another version of its story has it already,
/// naming that version (the unique index would refuse it anyway, without saying which).
pub(super) async fn check_language_free(
    tx: &mut Transaction<'static, Any>,
    id: i64,
    language: &str,
) -> Result<()> {
    let sql = "SELECT o.slug FROM articles a JOIN articles o ON o.story_id = a.story_id \
               WHERE a.id = $1 AND o.id <> a.id AND o.language = $2";
    let taken: Option<String> = value(&mut **tx, sql, &[id.into(), language.into()]).await?;
    match taken {
        Some(slug) => Err(StoreError::invalid(
            "article",
            "language",
            format!(
                "this story already has a version in {} (/{slug}/); choose another language \
                 or unlink one of the two",
                lang::native_name(language)
            ),
        )),
        None => Ok(()),
    }
}

/// The story article `id` belongs to (its `story_id`), or `None` when it is in none;
/// `Err` when there is no such article.
async fn story_of(tx: &mut Transaction<'static, Any>, id: i64) -> Result<(Option<i64>, String)> {
    let sql = "SELECT story_id, language FROM articles WHERE id = $1";
    let row: Option<(Option<i64>, String)> = row(&mut **tx, sql, &[id.into()]).await?;
    row.ok_or_else(|| StoreError::missing("article", id))
}

/// Logs an update of every article of `story` (their pages list each other).
async fn touch_story(tx: &mut WriteTx, story: i64) -> Result<()> {
    let sql = "SELECT id FROM articles WHERE story_id = $1";
    let ids: Vec<i64> = values(&mut ***tx, sql, &[story.into()]).await?;
    for id in ids {
        tx.changed(ChangeEntity::Article, id, ChangeAction::Update)
            .await?;
    }
    Ok(())
}

/// Puts article `id` into the story of `original_id` as a translation of it, inside `tx`.
/// An article already in a story brings its other versions along (the two stories become
/// one); a language present on both sides is refused, naming the version in the way.
async fn link_in(tx: &mut WriteTx, id: i64, original_id: i64) -> Result<i64> {
    if id == original_id {
        return Err(invalid("an article cannot be a translation of itself"));
    }
    let (own_story, _) = story_of(tx, id).await?;
    let (their_story, _) = story_of(tx, original_id).await?;
    let story = their_story.unwrap_or(original_id);
    // Every article that joins: this one, or its whole story.
    if own_story.is_some() && own_story == their_story {
        return Err(invalid(
            "the two articles are already versions of the same story",
        ));
    }
    let joining: Vec<(i64, String)> = versions(tx, "id, language", own_story, id).await?;
    let present: Vec<(String, String)> =
        versions(tx, "slug, language", their_story, original_id).await?;
    for (_, language) in &joining {
        if let Some((slug, _)) = present.iter().find(|(_, l)| l == language) {
            return Err(invalid(format!(
                "the story already has a version in {} (/{slug}/); one version per language",
                lang::native_name(language)
            )));
        }
    }
    let sql = "UPDATE articles SET story_id = $1 WHERE id = $2";
    for member in std::iter::once(original_id).chain(joining.iter().map(|(m, _)| *m)) {
        execute(&mut ***tx, sql, &[story.into(), member.into()]).await?;
    }
    let sql = "UPDATE articles SET translation_of = $1 WHERE id = $2";
    execute(&mut ***tx, sql, &[original_id.into(), id.into()]).await?;
    touch_story(tx, story).await?;
    Ok(story)
}

/// `cols` of every version of `story`, or of article `id` alone when it is in none.
async fn versions<R>(tx: &mut WriteTx, cols: &str, story: Option<i64>, id: i64) -> Result<Vec<R>>
where
    R: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let (column, key) = match story {
        Some(story) => ("story_id", story),
        None => ("id", id),
    };
    let sql = format!("SELECT {cols} FROM articles WHERE {column} = $1");
    rows(&mut ***tx, sqlx::AssertSqlSafe(sql), &[key.into()]).await
}

/// A slug for a new translation of the article at `slug`: `{slug}-{language}`, with `-2`,
/// `-3`… when that is taken by an article or a page.
async fn translation_slug(tx: &mut WriteTx, slug: &str, language: &str) -> Result<String> {
    let base = gazette_core::slug::slugify(&format!("{slug}-{language}"));
    let mut candidate = base.clone();
    for n in 2..1000 {
        let taken: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM articles WHERE slug = $1) + \
             (SELECT COUNT(*) FROM pages WHERE slug = $1)",
        )
        .bind(&candidate)
        .fetch_one(&mut ***tx)
        .await?;
        if taken == 0 {
            return Ok(candidate);
        }
        candidate = format!("{base}-{n}");
    }
    Err(invalid(format!(
        "no free address found after /{base}-999/; rename the original first"
    )))
}

impl Store {
    /// Every version of the story article `id` belongs to, itself included, whatever their
    /// status (the editor's list); empty when it is in no story.
    pub async fn story_versions(&self, id: i64) -> Result<Vec<Version>> {
        let sql = format!(
            "SELECT {VERSION_COLS} FROM articles a JOIN articles v ON v.story_id = a.story_id \
             WHERE a.id = $1 ORDER BY v.id"
        );
        rows(&self.pool, AssertSqlSafe(sql), &[id.into()]).await
    }

    /// The versions of article `id`'s story that readers may see at `now`, itself included
    /// when it is visible; empty when it is in no story.
    pub async fn visible_versions(&self, id: i64, now: OffsetDateTime) -> Result<Vec<Version>> {
        let sql = format!(
            "SELECT {VERSION_COLS} FROM articles a JOIN articles v ON v.story_id = a.story_id \
             WHERE a.id = $2 AND {} ORDER BY v.id",
            visible_sql("v", "$1")
        );
        let args = [now.unix_timestamp().into(), id.into()];
        rows(&self.pool, AssertSqlSafe(sql), &args).await
    }

    /// Articles whose title contains `text` (case-insensitive), to pick the one an article
    /// translates; `except` (the article being edited) is left out. Newest first.
    pub async fn translation_candidates(
        &self,
        text: &str,
        except: i64,
        limit: i64,
    ) -> Result<Vec<Version>> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let pattern = crate::like::contains_pattern(&text.to_lowercase());
        let sql = format!(
            "SELECT {VERSION_COLS} FROM articles v WHERE v.id <> $1 \
             AND (LOWER(v.title) LIKE $2 ESCAPE '\\' OR v.slug = $3) \
             ORDER BY v.modified_at DESC, v.id DESC LIMIT $4"
        );
        let args = [except.into(), pattern.into(), text.into(), limit.into()];
        rows(&self.pool, AssertSqlSafe(sql), &args).await
    }

    /// Links article `id` as a translation of `original_id` (see [`link_in`]); both pages
    /// then list each other. One transaction, logged and audited.
    pub async fn link_translation(
        &self,
        id: i64,
        original_id: i64,
        at: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.write(at).await?;
        link_in(&mut tx, id, original_id).await?;
        tx.logged(
            actor,
            AuditAction::ArticleEdit,
            id,
            &format!("linked as a translation of article {original_id}"),
        )
        .await?;
        tx.commit().await
    }

    /// Takes article `id` out of its story; the other versions stay linked to each other
    /// (those that named it as their original keep their link to the rest of the story).
    pub async fn unlink_translation(&self, id: i64, at: i64, actor: &Actor) -> Result<()> {
        let mut tx = self.write(at).await?;
        let (story, _) = story_of(&mut tx, id).await?;
        let Some(story) = story else {
            return Err(invalid("the article is not linked to any other version"));
        };
        touch_story(&mut tx, story).await?;
        for sql in [
            "UPDATE articles SET story_id = NULL, translation_of = NULL WHERE id = $1",
            "UPDATE articles SET translation_of = NULL WHERE translation_of = $1",
        ] {
            execute(&mut **tx, sql, &[id.into()]).await?;
        }
        tx.logged(
            actor,
            AuditAction::ArticleEdit,
            id,
            "unlinked from its story",
        )
        .await?;
        tx.commit().await
    }

    /// Starts a translation of article `id` into `language`: a draft with its text, category,
    /// tags, byline and pictures, the language set and a slug of its own, linked to `id`.
    /// Refused when the story has that language already. Returns the draft's id.
    pub async fn create_translation(
        &self,
        id: i64,
        language: &str,
        at: i64,
        actor: &Actor,
    ) -> Result<i64> {
        if !lang::is_valid_code(language) {
            return Err(StoreError::invalid(
                "article",
                "language",
                format!("`{language}` is not a language code; use one like az, ru or tr"),
            ));
        }
        let source = self
            .editable_article(id)
            .await?
            .ok_or_else(|| StoreError::missing("article", id))?;
        if source.input.language == language {
            return Err(invalid(format!(
                "the article is in {} already",
                lang::native_name(language)
            )));
        }
        let mut tx = self.write(at).await?;
        let mut input = source.input;
        input.slug = translation_slug(&mut tx, &input.slug, language).await?;
        input.language = language.to_owned();
        input.assigned_to = None;
        input.assignment_note = String::new();
        let new_id = insert_draft(&mut tx, &input, at, actor).await?;
        link_in(&mut tx, new_id, id).await?;
        tx.commit().await?;
        Ok(new_id)
    }
}

/// The SQL condition on `articles a` for a language edition's lists, with `now` bound at
/// `$1` and the language at `lang` (e.g. `$3`). `main`: the site's main edition, which
/// lists its language and every story that has no visible version in it (shown once, by
/// its earliest visible version); otherwise only articles in that language.
pub(crate) fn edition_sql(lang: &str, main: bool) -> String {
    if !main {
        return format!("a.language = {lang}");
    }
    format!(
        "(a.language = {lang} OR a.story_id IS NULL OR NOT EXISTS (SELECT 1 FROM articles v \
         WHERE v.story_id = a.story_id AND v.id <> a.id AND {} \
         AND (v.language = {lang} OR v.id < a.id)))",
        visible_sql("v", "$1")
    )
}
