//! Story clusters: a new item joins the story of its nearest near-duplicate among items
//! of the last 48 hours (by MinHash, see `gazette_core::near_duplicates`), else starts
//! its own. Candidates come from the band-hash index, so a round's cost does not grow with
//! the size of the inbox. Assigned inside the round's transaction: a crash leaves no item
//! without its story.

use gazette_core::near_duplicates::{self, BANDS, SAME_STORY, Signature, WINDOW_SECONDS};
use gazette_core::sanitize::html_to_text;
use sqlx::{Any, Transaction};

use crate::{Result, Store};

/// Puts new item `item_id` (sorted at `sort_at`) into a story and indexes its signature.
pub(crate) async fn assign(
    tx: &mut Transaction<'static, Any>,
    item_id: i64,
    title: &str,
    lead_html: &str,
    sort_at: i64,
) -> Result<()> {
    let Some(signature) = near_duplicates::signature(title, &html_to_text(lead_html)) else {
        sqlx::query("UPDATE desk_items SET story_id = id WHERE id = $1")
            .bind(item_id)
            .execute(&mut **tx)
            .await?;
        return Ok(());
    };
    let bands = signature.bands();
    let placeholders: Vec<String> = (0..BANDS).map(|i| format!("${}", i + 4)).collect();
    let sql = format!(
        "SELECT DISTINCT i.id, i.signature, i.story_id FROM desk_item_bands b \
         JOIN desk_items i ON i.id = b.item_id \
         WHERE b.band IN ({}) AND i.id <> $1 AND i.sort_at BETWEEN $2 AND $3",
        placeholders.join(", ")
    );
    let mut query = sqlx::query_as::<_, (i64, String, Option<i64>)>(sqlx::AssertSqlSafe(sql))
        .bind(item_id)
        .bind(sort_at - WINDOW_SECONDS)
        .bind(sort_at + WINDOW_SECONDS);
    for band in bands {
        query = query.bind(band);
    }
    let candidates = query.fetch_all(&mut **tx).await?;
    let best = candidates
        .iter()
        .filter_map(|(id, sig, story)| {
            let score = Signature::from_hex(sig)?.similarity(&signature);
            (score >= SAME_STORY).then_some((score, story.unwrap_or(*id), *id))
        })
        // The most similar; among equals, the oldest story, so a story keeps its id.
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let story = best.map(|(_, story, _)| story);
    sqlx::query("UPDATE desk_items SET signature = $1, story_id = COALESCE($2, id) WHERE id = $3")
        .bind(signature.to_hex())
        .bind(story)
        .bind(item_id)
        .execute(&mut **tx)
        .await?;
    for band in bands {
        sqlx::query(
            "INSERT INTO desk_item_bands (band, item_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(band)
        .bind(item_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Another item of the story an item belongs to.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoryMember {
    pub id: i64,
    pub title: String,
    pub source_name: String,
    pub language: String,
    pub sort_at: i64,
}

impl Store {
    /// The other items of item `id`'s story, newest first.
    pub async fn desk_story_members(&self, id: i64) -> Result<Vec<StoryMember>> {
        Ok(sqlx::query_as(
            "SELECT o.id, o.title, s.name AS source_name, o.language, o.sort_at \
             FROM desk_items i JOIN desk_items o ON o.story_id = i.story_id AND o.id <> i.id \
             JOIN desk_sources s ON s.id = o.source_id WHERE i.id = $1 \
             ORDER BY o.sort_at DESC, o.id DESC",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }
}
