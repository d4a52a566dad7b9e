//! The desk item an article was made from, shown in its editor: the original's text
//! paragraph by paragraph (a translator works beside it), and, when the outlet changed
//! the item after the article was made, "the original changed since" with a line diff
//! from the text the article was made from to the current one.

use gazette_core::sanitize::html_to_text;
use gazette_store::{DeskItem, DeskItemVersion};
use serde::Serialize;

use super::revisions::{DiffLine, line_diff};
use super::when;
use gazette_web::{AppState, WebError};

#[derive(Serialize)]
pub(super) struct Original {
    item_id: i64,
    title: String,
    outlet: String,
    url: Option<String>,
    language: String,
    paragraphs: Vec<String>,
    /// When the outlet changed it after the article was made, and how.
    changed: Option<Change>,
}

#[derive(Serialize)]
struct Change {
    at: String,
    diff: Vec<DiffLine>,
}

fn paragraphs(html: &str) -> Vec<String> {
    html_to_text(html)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn as_text(title: &str, body_html: &str) -> String {
    format!("{title}\n\n{}\n", paragraphs(body_html).join("\n"))
}

/// What the item said when the article was made: the first version recorded after that
/// moment holds it (versions keep the text a change replaced); none means unchanged.
fn text_when_used(versions: &[DeskItemVersion], used_at: i64) -> Option<&DeskItemVersion> {
    versions.iter().find(|v| v.recorded_at >= used_at)
}

/// The original of article `article_id`, if it was made on the desk.
pub(super) async fn of_article(
    app: &AppState,
    article_id: i64,
) -> Result<Option<Original>, WebError> {
    let Some(item) = app.store.desk_item_of_article(article_id).await? else {
        return Ok(None);
    };
    let versions = app.store.desk_item_versions(item.id).await?;
    Ok(Some(original(item, &versions)))
}

fn original(item: DeskItem, versions: &[DeskItemVersion]) -> Original {
    let changed = item.used_at.and_then(|used_at| {
        let then = text_when_used(versions, used_at)?;
        let before = if then.content_html.trim().is_empty() {
            &then.summary_html
        } else {
            &then.content_html
        };
        Some(Change {
            at: when(item.updated_at),
            diff: line_diff(
                &as_text(&then.title, before),
                &as_text(&item.title, item.body_html()),
            ),
        })
    });
    Original {
        item_id: item.id,
        paragraphs: paragraphs(item.body_html()),
        title: item.title,
        outlet: item.outlet,
        url: item.url,
        language: item.language,
        changed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(at: i64, title: &str, html: &str) -> DeskItemVersion {
        DeskItemVersion {
            id: at,
            title: title.to_owned(),
            summary_html: String::new(),
            content_html: html.to_owned(),
            recorded_at: at,
        }
    }

    #[test]
    fn the_text_an_article_was_made_from_is_the_first_version_after_it() {
        let versions = [
            version(100, "First", "<p>a</p>"),
            version(300, "Second", "<p>b</p>"),
            version(400, "Third", "<p>c</p>"),
        ];
        assert_eq!(text_when_used(&versions, 200).map(|v| v.id), Some(300));
        assert_eq!(text_when_used(&versions, 500).map(|v| v.id), None);
    }

    #[test]
    fn paragraphs_are_the_blocks_of_the_text() {
        assert_eq!(
            paragraphs("<h2>Head</h2><p>One <b>bold</b> word.</p>\n<p>Two &amp; three.</p>"),
            vec!["Head", "One bold word.", "Two & three."]
        );
    }
}
