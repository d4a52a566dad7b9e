//! Editions and their items: composing one (once per date, language and frequency, however
//! many nodes try), the editors' changes before it goes out (remove, reorder, note, hold),
//! the candidates an edition is composed from, and skipping editions that missed their slot.

use gazette_core::digest::compose::{Candidate, Item};
use gazette_core::digest::prefs::Frequency;
use gazette_core::visibility::VISIBLE_SQL as VISIBLE;
use serde::Serialize;

use gazette_core::audit::AuditAction;
use gazette_core::digest::compose::select;

use crate::args::Arg;
use crate::audit::Actor;
use crate::run::{execute, value, values};
use crate::{Result, Store, StoreError};

/// Where an edition stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EditionStatus {
    /// Composed and not sent yet: editors may change it.
    Draft,
    /// Kept back by an editor: not sent until released.
    Held,
    /// The ledger is written and mail is going out.
    Sending,
    /// Every delivery row is settled.
    Sent,
    /// Not started within the allowed delay after its slot; never sent.
    Skipped,
}

gazette_core::enum_names!(EditionStatus, "edition status", {
    Draft => "draft",
    Held => "held",
    Sending => "sending",
    Sent => "sent",
    Skipped => "skipped",
});

/// An edition with its items in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Edition {
    pub id: i64,
    /// `YYYY-MM-DD` in the site's time zone.
    #[sqlx(rename = "edition_date")]
    pub date: String,
    pub language: String,
    #[sqlx(try_from = "String")]
    pub frequency: Frequency,
    pub slot_at: i64,
    pub since_at: i64,
    #[sqlx(try_from = "String")]
    pub status: EditionStatus,
    pub note: String,
    pub composed_at: i64,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    /// Read apart from the edition's row.
    #[sqlx(skip)]
    pub items: Vec<Item>,
}

/// An edition to store.
#[derive(Debug, Clone)]
pub struct NewEdition {
    pub date: String,
    pub language: String,
    pub frequency: Frequency,
    pub slot_at: i64,
    pub since_at: i64,
    pub items: Vec<Item>,
    pub now: i64,
}

impl NewEdition {
    /// `$1`–`$6` of the edition's insert, whichever status it is stored with.
    fn args(&self) -> [Arg; 6] {
        [
            (&self.date).into(),
            (&self.language).into(),
            self.frequency.as_str().into(),
            self.slot_at.into(),
            self.since_at.into(),
            self.now.into(),
        ]
    }
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    article_id: i64,
    pick: i64,
    section_id: Option<i64>,
    section_name: String,
    title: String,
    path: String,
    excerpt: String,
}

/// id, category, title, slug, excerpt, published_at, views.
type CandidateRow = (i64, Option<i64>, String, String, String, i64, i64);

const EDITION_COLS: &str = "id, edition_date, language, frequency, slot_at, since_at, status, \
    note, composed_at, started_at, finished_at";

impl Store {
    /// `edition` with its items, as they stand (trashed articles left out).
    async fn with_items(&self, mut edition: Edition) -> Result<Edition> {
        let items: Vec<ItemRow> = sqlx::query_as(
            "SELECT article_id, pick, section_id, section_name, title, path, excerpt \
             FROM digest_items WHERE edition_id = $1 AND NOT EXISTS \
             (SELECT 1 FROM articles a WHERE a.id = digest_items.article_id AND a.status = 'trashed') \
             ORDER BY position",
        )
        .bind(edition.id)
        .fetch_all(&self.pool)
        .await?;
        edition.items = items
            .into_iter()
            .map(|i| Item {
                article_id: i.article_id,
                pick: i.pick != 0,
                section_id: i.section_id,
                section_name: i.section_name,
                title: i.title,
                path: i.path,
                excerpt: i.excerpt,
            })
            .collect();
        Ok(edition)
    }

    async fn editions_where(&self, condition: &str, bind: Option<&str>) -> Result<Vec<Edition>> {
        let q = sqlx::query_as::<_, Edition>(sqlx::AssertSqlSafe(format!(
            "SELECT {EDITION_COLS} FROM digest_editions WHERE {condition} \
             ORDER BY edition_date DESC, language, frequency"
        )));
        let rows = match bind {
            Some(b) => q.bind(b.to_owned()).fetch_all(&self.pool).await?,
            None => q.fetch_all(&self.pool).await?,
        };
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.with_items(row).await?);
        }
        Ok(out)
    }

    /// The edition with this id.
    pub async fn edition(&self, id: i64) -> Result<Option<Edition>> {
        let row: Option<Edition> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {EDITION_COLS} FROM digest_editions WHERE id = $1"
        )))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        match row {
            Some(r) => Ok(Some(self.with_items(r).await?)),
            None => Ok(None),
        }
    }

    /// Every edition of `date` (all languages and frequencies).
    pub async fn editions_of(&self, date: &str) -> Result<Vec<Edition>> {
        self.editions_where("edition_date = $1", Some(date)).await
    }

    /// Editions that went out (sending or sent), newest first: the web archive.
    pub async fn published_editions(&self, limit: i64) -> Result<Vec<Edition>> {
        let mut all = self
            .editions_where("status IN ('sending', 'sent')", None)
            .await?;
        all.truncate(usize::try_from(limit).unwrap_or(0));
        Ok(all)
    }

    /// Drafts whose slot has come (not held, not late): the sender starts them.
    pub async fn due_drafts(&self, now: i64) -> Result<Vec<i64>> {
        let sql = "SELECT id FROM digest_editions WHERE status = 'draft' AND slot_at <= $1 \
                   ORDER BY slot_at, id";
        values(&self.pool, sql, &[now.into()]).await
    }

    /// Editions not sent yet (draft or held), oldest first: what the newsroom previews.
    pub async fn upcoming_editions(&self) -> Result<Vec<Edition>> {
        let mut all = self
            .editions_where("status IN ('draft', 'held')", None)
            .await?;
        all.reverse();
        Ok(all)
    }

    /// The latest editions of any status, newest first, for the newsroom.
    pub async fn recent_editions(&self, limit: usize) -> Result<Vec<Edition>> {
        let mut all = self.editions_where("1 = 1", None).await?;
        all.truncate(limit);
        Ok(all)
    }

    /// When the last edition in `language` and `frequency` that was not skipped was
    /// composed: the next one carries what was published since.
    pub async fn last_edition_cutoff(
        &self,
        language: &str,
        frequency: Frequency,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT MAX(composed_at) FROM digest_editions WHERE language = $1 AND frequency = $2 \
             AND status <> 'skipped'",
        )
        .bind(language)
        .bind(frequency.as_str())
        .fetch_one(&self.pool)
        .await?)
    }

    /// Languages readers may choose for their digest: those of published articles.
    pub async fn article_languages(&self) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT language FROM articles WHERE status = 'published' ORDER BY language",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Languages and frequencies that confirmed subscribers want.
    pub async fn wanted_editions(&self) -> Result<Vec<(String, Frequency)>> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT DISTINCT language, frequency FROM digest_subscribers \
             WHERE status = 'confirmed' ORDER BY language, frequency",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .filter_map(|(l, f)| Some((l, f.parse().ok()?)))
            .collect())
    }

    /// The stories that became visible after `since` and by `until`, each in its version in
    /// `language` if it has a visible one, else as first published, with their top-level
    /// section: what an edition is composed from.
    pub async fn digest_candidates(
        &self,
        language: &str,
        since: i64,
        until: i64,
    ) -> Result<Vec<Candidate>> {
        // Each story once: its version in the subscriber's language where one is visible,
        // else its original (the rule of a site's main language edition).
        let rows: Vec<CandidateRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT a.id, a.category_id, a.title, a.slug, a.excerpt, a.published_at, a.views \
                 FROM articles a WHERE {VISIBLE} AND a.published_at > $2 AND {} \
                 ORDER BY a.published_at DESC LIMIT 2000",
            crate::articles::edition_sql("$3", true)
        )))
        .bind(until)
        .bind(since)
        .bind(language)
        .fetch_all(&self.pool)
        .await?;
        let categories = self.categories().await?;
        let top = |id: i64| {
            let mut c = categories.iter().find(|c| c.id == id)?;
            while let Some(parent) = c
                .parent_id
                .and_then(|p| categories.iter().find(|x| x.id == p))
            {
                c = parent;
            }
            Some(c)
        };
        Ok(rows
            .into_iter()
            .map(
                |(id, category, title, slug, excerpt, published_at, views)| {
                    let section = category.and_then(top);
                    Candidate {
                        article_id: id,
                        section_id: section.map(|c| c.id),
                        section_name: section.map(|c| c.name.clone()).unwrap_or_default(),
                        section_position: section.map_or(i64::MAX, |c| c.position),
                        title,
                        path: gazette_core::urls::article_path(&slug),
                        excerpt,
                        published_at,
                        views,
                    }
                },
            )
            .collect())
    }

    /// Stores an edition with its items, unless one exists for its date, language and
    /// frequency (then `None`: another node or run composed it first).
    pub async fn create_edition(&self, new: &NewEdition) -> Result<Option<Edition>> {
        let mut tx = self.write(new.now).await?;
        let id: Option<i64> = value(
            &mut **tx,
            "INSERT INTO digest_editions (edition_date, language, frequency, slot_at, since_at, \
             status, composed_at) VALUES ($1, $2, $3, $4, $5, 'draft', $6) \
             ON CONFLICT (edition_date, language, frequency) DO NOTHING RETURNING id",
            &new.args(),
        )
        .await?;
        let Some(id) = id else {
            return Ok(None);
        };
        for (position, item) in new.items.iter().enumerate() {
            sqlx::query(
                "INSERT INTO digest_items (edition_id, position, article_id, pick, section_id, \
                 section_name, title, path, excerpt) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .bind(item.article_id)
            .bind(i16::from(item.pick))
            .bind(item.section_id)
            .bind(&item.section_name)
            .bind(&item.title)
            .bind(&item.path)
            .bind(&item.excerpt)
            .execute(&mut **tx)
            .await?;
        }
        tx.commit().await?;
        self.edition(id).await
    }

    /// Marks an edition `skipped` (it had nothing new); kept so the next one starts after it
    /// only if it was sent.
    pub async fn create_skipped_edition(&self, new: &NewEdition) -> Result<()> {
        execute(
            &self.pool,
            "INSERT INTO digest_editions (edition_date, language, frequency, slot_at, since_at, \
             status, composed_at, note) VALUES ($1, $2, $3, $4, $5, 'skipped', $6, 'Nothing new to send.') \
             ON CONFLICT (edition_date, language, frequency) DO NOTHING",
            &new.args(),
        )
        .await?;
        Ok(())
    }

    /// Marks editions still unsent `late_after` seconds after their slot as skipped (they
    /// are never sent late); returns how many.
    pub async fn skip_late_editions(&self, now: i64, late_after: i64) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE digest_editions SET status = 'skipped', \
             note = CASE WHEN note = '' THEN 'Not started in time.' ELSE note END \
             WHERE status IN ('draft', 'held') AND started_at IS NULL AND slot_at < $1",
        )
        .bind(now - late_after)
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    /// Changes an unsent edition: `note`, `held`, the order of its items (article ids in the
    /// new order; ids left out are removed). Refused once sending has started.
    pub async fn edit_edition(
        &self,
        id: i64,
        note: &str,
        held: bool,
        order: &[i64],
        now: i64,
        actor: &Actor,
    ) -> Result<()> {
        let mut tx = self.write(now).await?;
        let changed = sqlx::query(
            "UPDATE digest_editions SET note = $1, status = $2 WHERE id = $3 AND status IN ('draft', 'held')",
        )
        .bind(note)
        .bind(if held { "held" } else { "draft" })
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(StoreError::Invalid {
                entity: "digest edition",
                field: "status",
                message: "it is already being sent or was skipped; it can no longer change".into(),
            });
        }
        let present: Vec<i64> =
            sqlx::query_scalar("SELECT article_id FROM digest_items WHERE edition_id = $1")
                .bind(id)
                .fetch_all(&mut **tx)
                .await?;
        let removed = present.iter().filter(|a| !order.contains(a)).count();
        for article in &present {
            match order.iter().position(|o| o == article) {
                Some(p) => {
                    sqlx::query("UPDATE digest_items SET position = $1 WHERE edition_id = $2 AND article_id = $3")
                        .bind(i64::try_from(p).unwrap_or(i64::MAX))
                        .bind(id)
                        .bind(article)
                        .execute(&mut **tx)
                        .await?;
                }
                None => {
                    let sql = "DELETE FROM digest_items WHERE edition_id = $1 AND article_id = $2";
                    execute(&mut **tx, sql, &[id.into(), (*article).into()]).await?;
                }
            }
        }
        let detail = format!(
            "{}{} item(s) removed",
            if held { "held; " } else { "" },
            removed
        );
        tx.logged(actor, AuditAction::DigestEdit, id, &detail)
            .await?;
        tx.commit().await
    }

    /// The editors' picks for the next editions, in order.
    pub async fn digest_picks(&self) -> Result<Vec<i64>> {
        Ok(
            sqlx::query_scalar("SELECT article_id FROM digest_picks ORDER BY position, added_at")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Adds (`true`) or removes an editors' pick.
    pub async fn set_digest_pick(
        &self,
        article_id: i64,
        pick: bool,
        now: i64,
        actor: &Actor,
    ) -> Result<bool> {
        let mut tx = self.write(now).await?;
        let changed = if pick {
            sqlx::query(
                "INSERT INTO digest_picks (article_id, position, added_at) \
                 SELECT id, $2, $2 FROM articles WHERE id = $1 ON CONFLICT (article_id) DO NOTHING",
            )
            .bind(article_id)
            .bind(now)
            .execute(&mut **tx)
            .await?
            .rows_affected()
        } else {
            sqlx::query("DELETE FROM digest_picks WHERE article_id = $1")
                .bind(article_id)
                .execute(&mut **tx)
                .await?
                .rows_affected()
        };
        if changed > 0 {
            let detail = format!(
                "article {article_id} {}",
                if pick { "added" } else { "removed" }
            );
            tx.logged(actor, AuditAction::DigestPick, article_id, &detail)
                .await?;
        }
        tx.commit().await?;
        Ok(changed > 0)
    }

    /// Releases an unsent edition to go now: its slot becomes `now`, a hold is lifted; the
    /// sender starts it on its next round (within seconds).
    pub async fn send_edition_now(&self, id: i64, now: i64, actor: &Actor) -> Result<bool> {
        let mut tx = self.write(now).await?;
        let sql = "UPDATE digest_editions SET status = 'draft', slot_at = $1 \
                   WHERE id = $2 AND status IN ('draft', 'held')";
        let changed = execute(&mut **tx, sql, &[now.into(), id.into()]).await? == 1;
        if changed {
            tx.logged(actor, AuditAction::DigestSend, id, "").await?;
        }
        tx.commit().await?;
        Ok(changed)
    }

    /// What an edition of `language` and `frequency` would carry if composed at `now`:
    /// the newsroom's preview, and [`Store::compose_digest`]'s selection.
    pub async fn digest_preview(
        &self,
        language: &str,
        frequency: Frequency,
        slot_at: i64,
        now: i64,
    ) -> Result<(i64, Vec<Item>)> {
        let period = if frequency == Frequency::Weekly {
            7 * 86_400
        } else {
            86_400
        };
        let since = self
            .last_edition_cutoff(language, frequency)
            .await?
            .unwrap_or(slot_at.min(now) - period);
        let candidates = self.digest_candidates(language, since, now).await?;
        let picks = self.digest_picks().await?;
        Ok((since, select(candidates, &picks)))
    }

    /// Composes the editions of `date` (slot `slot_at`; weekly ones only when `weekly_day`)
    /// for every language and frequency confirmed subscribers want, from what was published
    /// since the previous edition up to `now`. An edition with nothing new is recorded as
    /// skipped. Composing twice is harmless: the first edition of a date, language and
    /// frequency is kept. Returns the editions made now.
    pub async fn compose_digest(
        &self,
        date: &str,
        slot_at: i64,
        weekly_day: bool,
        now: i64,
    ) -> Result<Vec<Edition>> {
        let mut made = Vec::new();
        let mut used = Vec::new();
        for (language, frequency) in self.wanted_editions().await? {
            if frequency == Frequency::Weekly && !weekly_day {
                continue;
            }
            let (since, items) = self
                .digest_preview(&language, frequency, slot_at, now)
                .await?;
            let new = NewEdition {
                date: date.to_owned(),
                language,
                frequency,
                slot_at,
                since_at: since,
                items,
                now,
            };
            if new.items.is_empty() {
                self.create_skipped_edition(&new).await?;
                continue;
            }
            if let Some(edition) = self.create_edition(&new).await? {
                used.extend(
                    edition
                        .items
                        .iter()
                        .filter(|i| i.pick)
                        .map(|i| i.article_id),
                );
                made.push(edition);
            }
        }
        self.clear_digest_picks(&used).await?;
        Ok(made)
    }

    /// The id of the article with `slug` (any status), for picking it.
    pub async fn article_id_by_slug(&self, slug: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT id FROM articles WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Forgets picks that went out in an edition.
    pub async fn clear_digest_picks(&self, article_ids: &[i64]) -> Result<()> {
        for id in article_ids {
            sqlx::query("DELETE FROM digest_picks WHERE article_id = $1")
                .bind(id)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }
}
