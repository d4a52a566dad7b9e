//! The RSS `<description>` is HTML to feed readers: an excerpt's text must reach them as
//! text, `<b>` and `&lt;b&gt;` alike.

use crate::common::{app, published};

#[tokio::test]
async fn rss_descriptions_show_the_excerpt_as_text() {
    let app = app().start().await;
    let excerpt = "Write <b> for bold, and &lt;b&gt; to show the tag.";
    let mut article = published("markup-lesson", "A markup lesson", "Body text.");
    article.excerpt = excerpt.to_owned();
    app.store.create_article(&article).await.unwrap();
    app.state().invalidate().await;
    let body = app.get("/feed/").await.body;
    let feed = feed_rs::parser::parse(body.as_bytes()).unwrap();
    let entry = feed
        .entries
        .iter()
        .find(|e| {
            e.title
                .as_ref()
                .is_some_and(|t| t.content == "A markup lesson")
        })
        .unwrap_or_else(|| panic!("the article is not in the feed: {body}"));
    // What the XML parser hands the reader, which it then displays as HTML.
    let description = &entry.summary.as_ref().unwrap().content;
    let shown: String = scraper::Html::parse_fragment(description)
        .root_element()
        .text()
        .collect();
    assert_eq!(shown.trim(), excerpt, "description as sent: {description}");
}
