//! OPML, the format every feed reader imports and exports, so a newsroom brings its
//! source list from Feedly or Miniflux and takes it away again. Read with the shared XML
//! walk (nested folders are flattened; the folder name becomes the category hint);
//! written by hand because an OPML file is a dozen lines of escaped attributes.

use crate::error::ParseError;
use crate::xml::{self, XmlEvent};
use gazette_core::text::escape_html as escape;

/// A source as OPML carries it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OpmlSource {
    pub name: String,
    pub feed_url: String,
    pub home_url: Option<String>,
    pub language: Option<String>,
    /// The folder the outline sat in, if any.
    pub folder: Option<String>,
}

/// Sources in one OPML import at most.
pub const MAX_SOURCES: usize = 5000;

fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// The sources in an OPML document, in file order; outlines without an http(s)
/// `xmlUrl` are folders (or junk) and skipped.
pub fn parse(doc: &str) -> Result<Vec<OpmlSource>, ParseError> {
    let (root, line) = xml::root(doc)?;
    if root != "opml" {
        return Err(ParseError::NotAFeed { line, root });
    }
    let mut sources = Vec::new();
    // For each open outline, the folder name it opens (None for a feed outline).
    let mut folders: Vec<Option<String>> = Vec::new();
    xml::walk(doc, &mut |event| match event {
        XmlEvent::Start {
            name: "outline",
            attrs,
            ..
        } => {
            let title = attr(attrs, "title").or_else(|| attr(attrs, "text"));
            match attr(attrs, "xmlUrl") {
                Some(feed) if feed.starts_with("http://") || feed.starts_with("https://") => {
                    if sources.len() < MAX_SOURCES {
                        sources.push(OpmlSource {
                            name: title.unwrap_or(feed).to_owned(),
                            feed_url: feed.to_owned(),
                            home_url: attr(attrs, "htmlUrl").map(str::to_owned),
                            language: attr(attrs, "language").map(str::to_owned),
                            folder: folders
                                .iter()
                                .rev()
                                .flatten()
                                .next()
                                .cloned()
                                .or_else(|| attr(attrs, "category").map(str::to_owned)),
                        });
                    }
                    folders.push(None);
                }
                _ => folders.push(title.map(str::to_owned)),
            }
        }
        XmlEvent::End { name: "outline" } => {
            folders.pop();
        }
        _ => {}
    })?;
    Ok(sources)
}

/// An OPML 2.0 document listing `sources` under the title `title`.
pub fn write(title: &str, sources: &[OpmlSource]) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str(&format!(
        "  <head><title>{}</title></head>\n  <body>\n",
        escape(title)
    ));
    for s in sources {
        out.push_str(&format!(
            "    <outline type=\"rss\" text=\"{0}\" title=\"{0}\" xmlUrl=\"{1}\"",
            escape(&s.name),
            escape(&s.feed_url)
        ));
        if let Some(home) = &s.home_url {
            out.push_str(&format!(" htmlUrl=\"{}\"", escape(home)));
        }
        if let Some(lang) = &s.language {
            out.push_str(&format!(" language=\"{}\"", escape(lang)));
        }
        if let Some(folder) = &s.folder {
            out.push_str(&format!(" category=\"{}\"", escape(folder)));
        }
        out.push_str("/>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_folders_are_flattened_and_a_round_trip_keeps_every_field() {
        let doc = r#"<?xml version="1.0"?><opml version="1.0"><head/><body>
          <outline text="Baku">
            <outline text="Minval &amp; co" xmlUrl="https://minval.az/rss" htmlUrl="https://minval.az/" language="az"/>
            <outline text="broken" xmlUrl="javascript:alert(1)"/>
          </outline>
          <outline title="Reuters" xmlUrl="https://reuters.com/feed"/>
        </body></opml>"#;
        let sources = parse(doc).unwrap();
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[0].name, "Minval & co");
        assert_eq!(sources[0].folder.as_deref(), Some("Baku"));
        assert_eq!(sources[0].language.as_deref(), Some("az"));
        assert_eq!(sources[1].folder, None);
        let again = parse(&write("Desk", &sources)).unwrap();
        assert_eq!(again, sources);
    }

    #[test]
    fn a_file_that_is_not_opml_says_what_it_is() {
        let err = parse("<html><body>hi</body></html>").unwrap_err();
        assert!(err.to_string().contains("root is <html>"), "{err}");
        let err = parse("<opml><body><outline text='x'>").unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
    }
}
