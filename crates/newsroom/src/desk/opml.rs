//! OPML in and out of the desk's sources, shared by the sources screen and the
//! `gazette desk import-opml` / `export-opml` commands. Parsing and writing the format is
//! gazette-ingest's; this maps its outlines onto stored sources.

use gazette_ingest::ParseError;
use gazette_ingest::opml::{OpmlSource, parse, write};
use gazette_store::{DeskSource, SourceInput};

/// The sources an OPML document lists, with the desk's defaults (15 minutes, 90 days);
/// the kind of feed is learnt on the first fetch.
pub fn sources_from_opml(doc: &str) -> Result<Vec<SourceInput>, ParseError> {
    Ok(parse(doc)?
        .into_iter()
        .map(|o| {
            let mut input = SourceInput::new(&o.name, &o.feed_url, "rss");
            input.home_url = o.home_url.unwrap_or_default();
            input.language = o.language.unwrap_or_default();
            input
        })
        .collect())
}

/// Every source as an OPML document titled `title`.
pub fn opml_of(title: &str, sources: &[DeskSource]) -> String {
    let outlines: Vec<OpmlSource> = sources
        .iter()
        .map(|s| OpmlSource {
            name: s.settings.name.clone(),
            feed_url: s.settings.feed_url.clone(),
            home_url: Some(s.settings.home_url.clone()).filter(|h| !h.is_empty()),
            language: Some(s.settings.language.clone()).filter(|l| !l.is_empty()),
            folder: None,
        })
        .collect();
    write(title, &outlines)
}
