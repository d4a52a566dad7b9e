//! Permanent redirects written by the newsroom when an address changes (an article's or
//! page's slug, a tag's slug or merge, a category's move). One function for all of them so
//! every kind of rename keeps old links working the same way.

use sqlx::{Any, Transaction};

use crate::Result;
use crate::run::execute;

/// What a redirect belongs to: its row goes when the article or page is deleted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    Article(i64),
    Page(i64),
    /// Tags and categories: the row stays (the old address keeps leading somewhere).
    None,
}

/// Records `from` → `to`: older redirects that led to `from` now go straight to `to` (no
/// chains), and a redirect away from `to` is dropped (the address is live again, e.g. a
/// slug changed back).
pub(crate) async fn record(
    tx: &mut Transaction<'static, Any>,
    from: &str,
    to: &str,
    owner: Owner,
    at: i64,
) -> Result<()> {
    let sql = "UPDATE redirects SET target = $1 WHERE target = $2";
    execute(&mut **tx, sql, &[to.into(), from.into()]).await?;
    clear(tx, to).await?;
    let (article_id, page_id) = match owner {
        Owner::Article(id) => (Some(id), None),
        Owner::Page(id) => (None, Some(id)),
        Owner::None => (None, None),
    };
    let sql = "INSERT INTO redirects (old_path, target, article_id, page_id, created_at) \
               VALUES ($1, $2, $3, $4, $5) ON CONFLICT (old_path) DO UPDATE SET \
               target = excluded.target, article_id = excluded.article_id, \
               page_id = excluded.page_id, created_at = excluded.created_at";
    let args = [
        from.into(),
        to.into(),
        article_id.into(),
        page_id.into(),
        at.into(),
    ];
    execute(&mut **tx, sql, &args).await?;
    Ok(())
}

/// Drops a redirect away from `path`, which is (again) a live address.
pub(crate) async fn clear(tx: &mut Transaction<'static, Any>, path: &str) -> Result<()> {
    let sql = "DELETE FROM redirects WHERE old_path = $1";
    execute(&mut **tx, sql, &[path.into()]).await?;
    Ok(())
}
