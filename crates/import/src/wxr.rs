//! A streaming reader of WordPress eXtended RSS (WXR 1.0, 1.1 and 1.2): it yields the
//! export's authors, terms and items one at a time, holding only the record being read,
//! so a multi-gigabyte export is read in bounded memory.
//!
//! Elements are matched by their qualified names (`wp:post_id`, `content:encoded`) because
//! every WordPress version writes these prefixes; comments inside items (`wp:comment`) are
//! skipped. Entity and character references are resolved here, since quick-xml reports
//! them as separate events.

use std::io::BufRead;

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use crate::ImportError;

/// The largest text of one field (a post's content, say) that is accepted.
const MAX_FIELD: usize = 64 * 1024 * 1024;
/// Deeper nesting than this is not an export but an attack on the parser.
const MAX_DEPTH: usize = 64;

/// What the channel header says about the exported site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Site {
    pub title: String,
    pub link: String,
    pub wxr_version: String,
    pub base_site_url: String,
    pub base_blog_url: String,
    /// `<language>`: the locale WordPress was set to (`en-US`, `tr-TR`).
    pub language: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Author {
    pub id: i64,
    pub login: String,
    pub email: String,
    pub display_name: String,
    pub first_name: String,
    pub last_name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Taxonomy {
    Category,
    Tag,
    Other,
}

/// A category, tag or other term. `slug` and `parent` are as WordPress stores them
/// (possibly percent-encoded UTF-8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub taxonomy: Taxonomy,
    pub taxonomy_name: String,
    pub id: i64,
    pub slug: String,
    pub parent: String,
    pub name: String,
    pub description: String,
}

/// A term an item is filed under: `<category domain="post_tag" nicename="x">Name</category>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemTerm {
    pub domain: String,
    pub nicename: String,
    pub name: String,
}

/// One `<item>`: a post, page, attachment or anything else WordPress stores as a post.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Item {
    pub id: i64,
    pub title: String,
    pub link: String,
    pub guid: String,
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub post_date: String,
    pub post_date_gmt: String,
    pub modified: String,
    pub modified_gmt: String,
    pub name: String,
    pub status: String,
    pub parent: i64,
    pub menu_order: i64,
    pub post_type: String,
    pub password: String,
    pub attachment_url: String,
    pub terms: Vec<ItemTerm>,
    pub meta: Vec<(String, String)>,
    /// Byte offset of the `<item>` tag, for messages about it.
    pub offset: u64,
}

impl Item {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    Author(Author),
    Term(Term),
    Item(Box<Item>),
}

/// What is being filled in while reading.
enum Current {
    None,
    Author(Author),
    Term(Term),
    Item(Box<Item>),
}

pub struct WxrReader<R: BufRead> {
    xml: Reader<R>,
    buf: Vec<u8>,
    stack: Vec<String>,
    text: String,
    current: Current,
    /// Attributes of the `<category>` being read inside an item.
    item_term: Option<(String, String)>,
    meta_key: String,
    meta_value: String,
    site: Site,
    seen_root: bool,
    done: bool,
}

fn attr(e: &BytesStart<'_>, name: &str) -> String {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_default()
}

fn int(offset: u64, field: &str, text: &str) -> Result<i64, ImportError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse().map_err(|_| {
        ImportError::syntax(
            offset,
            format!(
                "<{field}> must be a whole number, not `{}`",
                t.chars().take(40).collect::<String>()
            ),
        )
    })
}

fn predefined(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => return None,
    })
}

impl<R: BufRead> WxrReader<R> {
    pub fn new(reader: R) -> WxrReader<R> {
        let mut xml = Reader::from_reader(reader);
        let config = xml.config_mut();
        config.check_end_names = true;
        config.expand_empty_elements = true;
        WxrReader {
            xml,
            buf: Vec::with_capacity(64 * 1024),
            stack: Vec::new(),
            text: String::new(),
            current: Current::None,
            item_term: None,
            meta_key: String::new(),
            meta_value: String::new(),
            site: Site::default(),
            seen_root: false,
            done: false,
        }
    }

    /// The channel header read so far; complete once the first record has been returned.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Bytes of the (decompressed) stream read so far.
    pub fn offset(&self) -> u64 {
        self.xml.buffer_position()
    }

    fn parent(&self) -> &str {
        self.stack.last().map(String::as_str).unwrap_or("")
    }

    fn check_wxr(&self) -> Result<(), ImportError> {
        if self.site.wxr_version.trim().is_empty() {
            return Err(ImportError::syntax(
                self.xml.buffer_position(),
                "no <wp:wxr_version> in the channel header; this is not a WordPress (WXR) export",
            ));
        }
        Ok(())
    }

    /// The next author, term or item, or `None` at the end of the export.
    pub fn next_record(&mut self) -> Result<Option<Record>, ImportError> {
        if self.done {
            return Ok(None);
        }
        // The buffer is taken out so that events borrowing it leave `self` free.
        let mut buf = std::mem::take(&mut self.buf);
        let result = self.read_record(&mut buf);
        self.buf = buf;
        result
    }

    fn read_record(&mut self, buf: &mut Vec<u8>) -> Result<Option<Record>, ImportError> {
        loop {
            buf.clear();
            let event = match self.xml.read_event_into(buf) {
                Ok(e) => e,
                Err(e) => {
                    return Err(ImportError::syntax(
                        self.xml.error_position(),
                        e.to_string(),
                    ));
                }
            };
            let offset = self.xml.buffer_position();
            match event {
                Event::Start(e) => self.start(&e, offset)?,
                Event::Text(t) => self.push_text(offset, &t.xml10_content())?,
                Event::CData(t) => self.push_text(offset, &t.xml10_content())?,
                Event::GeneralRef(r) => self.reference(&r, offset)?,
                Event::End(e) => {
                    let name = e.name().as_ref().to_owned();
                    self.stack.pop();
                    if let Some(record) = self.end(offset, &name)? {
                        return Ok(Some(record));
                    }
                    self.text.clear();
                }
                Event::Eof => return self.eof(offset),
                Event::Empty(_)
                | Event::Comment(_)
                | Event::Decl(_)
                | Event::PI(_)
                | Event::DocType(_) => {}
            }
        }
    }

    /// Handles the start of an element: checks the document and opens a record.
    fn start(&mut self, e: &BytesStart<'_>, offset: u64) -> Result<(), ImportError> {
        let name = e.name().as_ref().to_owned();
        if self.stack.len() >= MAX_DEPTH {
            return Err(ImportError::syntax(
                offset,
                format!("elements nested more than {MAX_DEPTH} deep"),
            ));
        }
        if !self.seen_root {
            if name != "rss" {
                return Err(ImportError::syntax(
                    offset,
                    format!("the document is <{name}>, not an <rss> WordPress export"),
                ));
            }
            self.seen_root = true;
        }
        let parent = self.parent();
        let in_comment = self.stack.iter().any(|n| n == "wp:comment");
        match (parent, name.as_str()) {
            ("channel", "item") => {
                self.check_wxr()?;
                self.current = Current::Item(Box::new(Item {
                    offset: self.xml.buffer_position(),
                    ..Item::default()
                }));
            }
            ("channel", "wp:author") => self.current = Current::Author(Author::default()),
            ("channel", "wp:category" | "wp:tag" | "wp:term") => {
                let taxonomy = match name.as_str() {
                    "wp:category" => Taxonomy::Category,
                    "wp:tag" => Taxonomy::Tag,
                    _ => Taxonomy::Other,
                };
                self.current = Current::Term(Term {
                    taxonomy,
                    taxonomy_name: String::new(),
                    id: 0,
                    slug: String::new(),
                    parent: String::new(),
                    name: String::new(),
                    description: String::new(),
                });
            }
            ("item", "category") if !in_comment => {
                self.item_term = Some((attr(e, "domain"), attr(e, "nicename")));
            }
            ("item", "wp:postmeta") => {
                self.meta_key.clear();
                self.meta_value.clear();
            }
            _ => {}
        }
        self.stack.push(name);
        self.text.clear();
        Ok(())
    }

    /// Resolves a character or entity reference into the text being read.
    fn reference(&mut self, r: &BytesRef<'_>, offset: u64) -> Result<(), ImportError> {
        let c = if r.is_char_ref() {
            r.resolve_char_ref()
                .map_err(|e| ImportError::syntax(offset, e.to_string()))?
        } else {
            predefined(r)
        };
        let Some(c) = c else {
            return Err(ImportError::syntax(
                offset,
                format!("unknown entity `&{};`", &**r),
            ));
        };
        let mut tmp = [0u8; 4];
        self.push_text(offset, c.encode_utf8(&mut tmp))
    }

    /// Checks that the document ended where an export may end.
    fn eof(&mut self, offset: u64) -> Result<Option<Record>, ImportError> {
        if let Some(open) = self.stack.last() {
            return Err(ImportError::syntax(
                offset,
                format!("the file ends inside <{open}>; it is truncated"),
            ));
        }
        if !self.seen_root {
            return Err(ImportError::syntax(offset, "the file has no XML elements"));
        }
        self.check_wxr()?;
        self.done = true;
        Ok(None)
    }

    fn push_text(&mut self, offset: u64, s: &str) -> Result<(), ImportError> {
        // Whitespace between elements of the header is never wanted; only keep text
        // inside elements we read.
        if self.stack.len() < 2 {
            if s.trim().is_empty() {
                return Ok(());
            }
            return Err(ImportError::syntax(offset, "text outside the <channel>"));
        }
        if self.text.len() + s.len() > MAX_FIELD {
            return Err(ImportError::syntax(
                offset,
                format!(
                    "<{}> holds more than {} MB of text",
                    self.parent(),
                    MAX_FIELD >> 20
                ),
            ));
        }
        self.text.push_str(s);
        Ok(())
    }

    /// Handles the end of element `name`, whose parent is now on top of the stack.
    fn end(&mut self, offset: u64, name: &str) -> Result<Option<Record>, ImportError> {
        let text = std::mem::take(&mut self.text);
        let parent = self.stack.last().map(String::as_str).unwrap_or("");
        match (&mut self.current, parent) {
            (_, "channel")
                if matches!(
                    name,
                    "item" | "wp:author" | "wp:category" | "wp:tag" | "wp:term"
                ) =>
            {
                let done = std::mem::replace(&mut self.current, Current::None);
                return Ok(match done {
                    Current::Item(mut item) => {
                        if item.post_type.is_empty() {
                            item.post_type = "post".into();
                        }
                        Some(Record::Item(item))
                    }
                    Current::Author(a) => Some(Record::Author(a)),
                    Current::Term(t) => Some(Record::Term(t)),
                    Current::None => None,
                });
            }
            (_, "channel") => {
                let field = match name {
                    "title" => &mut self.site.title,
                    "link" => &mut self.site.link,
                    "wp:wxr_version" => &mut self.site.wxr_version,
                    "wp:base_site_url" => &mut self.site.base_site_url,
                    "wp:base_blog_url" => &mut self.site.base_blog_url,
                    "language" => &mut self.site.language,
                    _ => return Ok(None),
                };
                *field = text.trim().to_owned();
            }
            (Current::Item(item), "item") => {
                let s = text;
                match name {
                    "title" => item.title = s,
                    "link" => item.link = s.trim().to_owned(),
                    "guid" => item.guid = s.trim().to_owned(),
                    "dc:creator" => item.creator = s.trim().to_owned(),
                    "content:encoded" => item.content = s,
                    "excerpt:encoded" => item.excerpt = s,
                    "wp:post_id" => item.id = int(offset, name, &s)?,
                    "wp:post_date" => item.post_date = s.trim().to_owned(),
                    "wp:post_date_gmt" => item.post_date_gmt = s.trim().to_owned(),
                    "wp:post_modified" => item.modified = s.trim().to_owned(),
                    "wp:post_modified_gmt" => item.modified_gmt = s.trim().to_owned(),
                    "wp:post_name" => item.name = s.trim().to_owned(),
                    "wp:status" => item.status = s.trim().to_owned(),
                    "wp:post_parent" => item.parent = int(offset, name, &s)?,
                    "wp:menu_order" => item.menu_order = int(offset, name, &s)?,
                    "wp:post_type" => item.post_type = s.trim().to_owned(),
                    "wp:post_password" => item.password = s,
                    "wp:attachment_url" => item.attachment_url = s.trim().to_owned(),
                    "category" => {
                        if let Some((domain, nicename)) = self.item_term.take() {
                            item.terms.push(ItemTerm {
                                domain,
                                nicename,
                                name: s.trim().to_owned(),
                            });
                        }
                    }
                    "wp:postmeta" => {
                        item.meta.push((
                            std::mem::take(&mut self.meta_key),
                            std::mem::take(&mut self.meta_value),
                        ));
                    }
                    _ => {}
                }
            }
            (Current::Item(_), "wp:postmeta") => match name {
                "wp:meta_key" => self.meta_key = text.trim().to_owned(),
                "wp:meta_value" => self.meta_value = text,
                _ => {}
            },
            (Current::Author(a), "wp:author") => author_field(a, offset, name, text.trim())?,
            (Current::Term(t), "wp:category" | "wp:tag" | "wp:term") => {
                term_field(t, offset, name, text.trim())?
            }
            _ => {}
        }
        Ok(None)
    }
}

/// Sets the field of an author that element `name` holds.
fn author_field(a: &mut Author, offset: u64, name: &str, text: &str) -> Result<(), ImportError> {
    let s = text.to_owned();
    match name {
        "wp:author_id" => a.id = int(offset, name, &s)?,
        "wp:author_login" => a.login = s,
        "wp:author_email" => a.email = s,
        "wp:author_display_name" => a.display_name = s,
        "wp:author_first_name" => a.first_name = s,
        "wp:author_last_name" => a.last_name = s,
        _ => {}
    }
    Ok(())
}

/// Sets the field of a term that element `name` holds.
fn term_field(t: &mut Term, offset: u64, name: &str, text: &str) -> Result<(), ImportError> {
    let s = text.to_owned();
    match name {
        "wp:term_id" => t.id = int(offset, name, &s)?,
        "wp:term_taxonomy" => {
            t.taxonomy = match s.as_str() {
                "category" => Taxonomy::Category,
                "post_tag" => Taxonomy::Tag,
                _ => Taxonomy::Other,
            };
            t.taxonomy_name = s;
        }
        "wp:category_nicename" | "wp:tag_slug" | "wp:term_slug" => t.slug = s,
        "wp:category_parent" | "wp:term_parent" => t.parent = s,
        "wp:cat_name" | "wp:tag_name" | "wp:term_name" => t.name = s,
        "wp:category_description" | "wp:tag_description" | "wp:term_description" => {
            t.description = s
        }
        _ => {}
    }
    Ok(())
}

impl<R: BufRead> Iterator for WxrReader<R> {
    type Item = Result<Record, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.next_record() {
            Ok(Some(r)) => Some(Ok(r)),
            Ok(None) => None,
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small export with one of everything the reader handles; also the seed of the
    /// property tests in `tests/hostile_wxr.rs`.
    const SAMPLE: &str = include_str!("../tests/data/sample.xml");

    fn read_all(xml: &str) -> Result<(Site, Vec<Record>), ImportError> {
        let mut r = WxrReader::new(xml.as_bytes());
        let mut out = Vec::new();
        while let Some(rec) = r.next_record()? {
            out.push(rec);
        }
        Ok((r.site().clone(), out))
    }

    #[test]
    fn reads_header_authors_terms_and_items() {
        let (site, records) = read_all(SAMPLE).unwrap();
        assert_eq!(site.title, "Old & Gold");
        assert_eq!(site.wxr_version, "1.1");
        assert_eq!(site.language, "tr-TR");
        assert_eq!(records.len(), 4);
        let Record::Author(a) = &records[0] else {
            panic!("{records:?}")
        };
        assert_eq!(
            (a.id, a.login.as_str(), a.display_name.as_str()),
            (2, "ann", "Ann Lee")
        );
        let Record::Term(c) = &records[1] else {
            panic!()
        };
        assert_eq!(
            (c.taxonomy, c.parent.as_str()),
            (Taxonomy::Category, "news")
        );
        let Record::Term(t) = &records[2] else {
            panic!()
        };
        assert_eq!(t.name, "T \u{2013} x");
        let Record::Item(item) = &records[3] else {
            panic!()
        };
        assert_eq!(item.title, "A <b> title");
        assert_eq!(item.content, "<p>Hello ]]></p>");
        assert_eq!(item.id, 12);
        assert_eq!(item.terms.len(), 2);
        assert_eq!(item.meta("_thumbnail_id"), Some("5"));
        assert_eq!(
            item.meta("x"),
            None,
            "comment meta must not leak into the post"
        );
    }

    #[test]
    fn malformed_input_is_an_error_with_an_offset() {
        let truncated = &SAMPLE[..SAMPLE.find("<wp:post_type>").unwrap()];
        let err = read_all(truncated).unwrap_err();
        assert!(err.to_string().contains("truncated"), "{err}");
        let broken = SAMPLE.replace("</title>\n  <link>", "</titel>\n  <link>");
        let err = read_all(&broken).unwrap_err();
        let ImportError::Syntax { offset, .. } = err else {
            panic!("{err}")
        };
        assert!(offset > 0);
        for bad in [
            "",
            "<html></html>",
            "<rss><channel></channel></rss>",
            "<rss><channel><item>",
            "<rss>&bogus;</rss>",
            "\u{feff}<rss",
            &"<a>".repeat(100),
        ] {
            assert!(read_all(bad).is_err(), "{bad:?}");
        }
        let bad_id = SAMPLE.replace("<wp:post_id>12", "<wp:post_id>twelve");
        assert!(
            read_all(&bad_id)
                .unwrap_err()
                .to_string()
                .contains("whole number")
        );
    }
}
