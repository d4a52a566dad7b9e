//! Story clusters: a new item joins the story of its nearest near-duplicate among items
//! of the last 48 hours (by MinHash over its words, see `gazette_core::near_duplicates`),
//! else of an item in another language that shares its names and numbers, else starts its
//! own. Candidates come from the hash index (`desk_item_bands`), so a round's cost does not
//! grow with the size of the inbox; a hash already carried by [`BAND_CAP`] items of the
//! window is not indexed for more (a year, the capital's name, a flood of one template),
//! so no lookup reads more than that many rows per hash. Assigned inside the round's
//! transaction: a crash leaves no item without its story.

use gazette_core::near_duplicates::{
    self, SAME_STORY, Signature, WINDOW_SECONDS, anchor_hashes, same_story_by_anchors,
};
use gazette_core::sanitize::html_to_text;
use sqlx::{Any, AssertSqlSafe, Transaction};

use crate::{Result, Store};

/// Items of the window one hash may index.
const BAND_CAP: i64 = 64;
/// Candidates compared with a new item, those sharing most hashes with it.
const CANDIDATES: i64 = 16;

/// A new item, as the round stores it.
pub(crate) struct NewItem<'a> {
    pub id: i64,
    pub title: &'a str,
    pub lead_html: &'a str,
    pub language: &'a str,
    pub sort_at: i64,
}

/// `$first, $first+1, …` for `n` values.
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Puts `item` into a story and indexes its signature and anchors.
pub(crate) async fn assign(tx: &mut Transaction<'static, Any>, item: NewItem<'_>) -> Result<()> {
    let lead = html_to_text(item.lead_html);
    let signature = near_duplicates::signature(item.title, &lead);
    let anchors = near_duplicates::anchors(item.title, &lead);
    let mut story = match &signature {
        Some(sig) => by_words(tx, &item, sig).await?,
        None => None,
    };
    let anchor_hashes = anchor_hashes(&anchors);
    if story.is_none() && anchors.len() >= near_duplicates::MIN_SHARED_ANCHORS {
        story = by_anchors(tx, &item, &anchor_hashes).await?;
    }
    sqlx::query(
        "UPDATE desk_items SET signature = $1, anchor_count = $2, story_id = COALESCE($3, id) \
         WHERE id = $4",
    )
    .bind(
        signature
            .as_ref()
            .map(Signature::to_hex)
            .unwrap_or_default(),
    )
    .bind(i64::try_from(anchors.len()).unwrap_or(i64::MAX))
    .bind(story)
    .bind(item.id)
    .execute(&mut **tx)
    .await?;
    let bands = signature.as_ref().map(Signature::bands);
    let hashes: Vec<i64> = bands
        .iter()
        .flatten()
        .chain(&anchor_hashes)
        .copied()
        .collect();
    let full = full_hashes(tx, &item, &hashes).await?;
    let indexed: Vec<i64> = hashes.into_iter().filter(|h| !full.contains(h)).collect();
    if indexed.is_empty() {
        return Ok(());
    }
    // One statement for all of them: a round holds the write lock while it runs.
    let rows: Vec<String> = (0..indexed.len())
        .map(|i| format!("(${}, $1, $2)", i + 3))
        .collect();
    let sql = format!(
        "INSERT INTO desk_item_bands (band, item_id, sort_at) VALUES {} ON CONFLICT DO NOTHING",
        rows.join(", ")
    );
    let mut insert = sqlx::query(AssertSqlSafe(sql))
        .bind(item.id)
        .bind(item.sort_at);
    for hash in &indexed {
        insert = insert.bind(hash);
    }
    insert.execute(&mut **tx).await?;
    Ok(())
}

/// Which of `hashes` already index [`BAND_CAP`] items of the item's window.
async fn full_hashes(
    tx: &mut Transaction<'static, Any>,
    item: &NewItem<'_>,
    hashes: &[i64],
) -> Result<Vec<i64>> {
    if hashes.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT band FROM desk_item_bands WHERE band IN ({}) AND sort_at BETWEEN $1 AND $2          GROUP BY band HAVING COUNT(*) >= $3",
        placeholders(4, hashes.len())
    );
    let mut query = sqlx::query_scalar::<_, i64>(AssertSqlSafe(sql))
        .bind(item.sort_at - WINDOW_SECONDS)
        .bind(item.sort_at + WINDOW_SECONDS)
        .bind(BAND_CAP);
    for hash in hashes {
        query = query.bind(hash);
    }
    Ok(query.fetch_all(&mut **tx).await?)
}

/// The story of the most similar recent item by words, if one is similar enough.
async fn by_words(
    tx: &mut Transaction<'static, Any>,
    item: &NewItem<'_>,
    signature: &Signature,
) -> Result<Option<i64>> {
    let bands = signature.bands();
    // The items sharing most bands first: only those few signatures are read and compared.
    let sql = format!(
        "SELECT i.id, i.signature, i.story_id FROM (SELECT item_id, COUNT(*) AS shared \
         FROM desk_item_bands WHERE band IN ({}) AND item_id <> $1 AND sort_at BETWEEN $2 AND $3 \
         GROUP BY item_id ORDER BY shared DESC, item_id DESC LIMIT {CANDIDATES}) c \
         JOIN desk_items i ON i.id = c.item_id",
        placeholders(4, bands.len())
    );
    let mut query = sqlx::query_as::<_, (i64, String, Option<i64>)>(AssertSqlSafe(sql))
        .bind(item.id)
        .bind(item.sort_at - WINDOW_SECONDS)
        .bind(item.sort_at + WINDOW_SECONDS);
    for band in bands {
        query = query.bind(band);
    }
    let candidates = query.fetch_all(&mut **tx).await?;
    Ok(candidates
        .iter()
        .filter_map(|(id, sig, story)| {
            let score = Signature::from_hex(sig)?.similarity(signature);
            (score >= SAME_STORY).then_some((score, story.unwrap_or(*id)))
        })
        // The most similar; among equals, the oldest story, so a story keeps its id.
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
        .map(|(_, story)| story))
}

/// The story of a recent item in another language sharing most of its names and numbers.
async fn by_anchors(
    tx: &mut Transaction<'static, Any>,
    item: &NewItem<'_>,
    hashes: &[i64],
) -> Result<Option<i64>> {
    let sql = format!(
        "SELECT i.id, i.story_id, i.anchor_count, c.shared FROM (SELECT b.item_id, \
         COUNT(*) AS shared FROM desk_item_bands b JOIN desk_items o ON o.id = b.item_id \
         WHERE b.band IN ({}) AND b.item_id <> $1 AND b.sort_at BETWEEN $2 AND $3 \
         AND LOWER(o.language) <> LOWER($4) GROUP BY b.item_id HAVING COUNT(*) >= $5 \
         ORDER BY shared DESC, b.item_id DESC LIMIT {CANDIDATES}) c \
         JOIN desk_items i ON i.id = c.item_id",
        placeholders(6, hashes.len())
    );
    let mut query = sqlx::query_as::<_, (i64, Option<i64>, i64, i64)>(AssertSqlSafe(sql))
        .bind(item.id)
        .bind(item.sort_at - WINDOW_SECONDS)
        .bind(item.sort_at + WINDOW_SECONDS)
        .bind(item.language)
        .bind(i64::try_from(near_duplicates::MIN_SHARED_ANCHORS).unwrap_or(i64::MAX));
    for hash in hashes {
        query = query.bind(hash);
    }
    let candidates = query.fetch_all(&mut **tx).await?;
    let count = |n: i64| usize::try_from(n).unwrap_or(0);
    Ok(candidates
        .iter()
        .filter(|(_, _, theirs, shared)| {
            same_story_by_anchors(count(*shared), hashes.len(), count(*theirs))
        })
        .max_by(|a, b| a.3.cmp(&b.3).then(b.1.cmp(&a.1)))
        .map(|(id, story, _, _)| story.unwrap_or(*id)))
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
